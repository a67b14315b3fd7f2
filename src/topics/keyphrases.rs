//! Unsupervised key phrases in the manner of YAKE (Campos et al., 2020):
//! statistics of each word within the document, no model, no corpus.
//!
//! - **Words** are runs of word characters of the folded text (joined by
//!   inner hyphens: `États-Unis`); numbers, punctuation and line breaks end a
//!   phrase, an apostrophe or a space does not (`marché de l’IA`).
//! - **Word score** (lower is better), from YAKE: casing (capitalised away
//!   from a sentence start, or an acronym), position (median sentence of its
//!   occurrences), normalised frequency, relatedness to context (how many
//!   distinct neighbours: a word next to everything is a function word) and
//!   spread over sentences.
//! - **Candidates** are 1 to 3 content words, with stop words
//!   (`data/lexicon/stopwords-*.tsv`, both languages since news mixes them)
//!   allowed inside but not at either end, never cutting an entity mention in
//!   two. A candidate's score is the product of its words' scores over its
//!   frequency times one plus their sum, so frequent multiword phrases of
//!   good words rank first. A phrase that is exactly an entity mention
//!   scores [`NAMED`] times better and a lone word that is none
//!   [`LONE_WORD`] times worse: names and phrases say more than a title or
//!   an abbreviation (`PDG`, `CEO`), which the casing feature favours.
//! - **Deduplication**: a phrase equal to, inside, or containing a better one
//!   (comparing words with a final plural `s`/`x` removed) is dropped.
//!
//! The text of each phrase is its first occurrence as written. Scores are the
//! best phrase's YAKE score over this phrase's, square-rooted: 1 for the
//! best, in (0, 1] for the others.
//!
//! **Cap**: only the first [`MAX_WORDS`] words are read, so the work and
//! memory stay bounded on any input (YAKE's position feature favours the
//! start of a document anyway). Everything else is linear in the words read.

mod table;

use crate::data::{self, Lexicon};
use crate::record::{Entity, Keyphrase};
use crate::text::{token_hash, Folded};
use crate::Error;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::sync::LazyLock;
use table::{hash_u128, PairSet, Slots};

/// Words read per document at most (about 600 KB of news text).
pub(crate) const MAX_WORDS: usize = 100_000;
/// Stop words allowed inside a phrase, folded.
const CONNECTORS: &[&str] = &[
    "de", "du", "des", "d", "l", "la", "le", "les", "et", "en", "a", "au", "aux", "sur", "pour",
    "of", "and", "for", "the",
];
/// Phrases returned at most.
const TOP: usize = 10;
/// Content words per phrase at most.
const MAX_CONTENT: usize = 3;
/// How much each content word past the first lowers (improves) a score.
const MULTIWORD_BONUS: f64 = 0.5;
/// A phrase that is exactly an entity mention (`Jensen Huang`, `ministère
/// chinois du Commerce`) names something: its score is multiplied by this.
const NAMED: f64 = 0.5;
/// A lone word that names nothing the gazetteer knows (`PDG`, `GPU`, a
/// bare capitalised word) says less than a phrase: its score is multiplied
/// by this. YAKE's casing feature favours acronyms and capitalised words
/// strongly, and news is full of titles and abbreviations.
const LONE_WORD: f64 = 3.0;
/// Words per phrase at most, stop words included (`part de marché de l’IA`).
const MAX_TOKENS: usize = 5;
/// Bits per word of a packed phrase key: a phrase of up to [`MAX_TOKENS`]
/// term ids fits in a `u128`, each plus one so that phrases of different
/// lengths differ.
const KEY_BITS: usize = 24;
const _: () = assert!(MAX_TOKENS * KEY_BITS <= 128 && MAX_WORDS < (1 << KEY_BITS) - 1);
const _: () = assert!(MAX_TOKENS < 8 && MAX_WORDS < 1 << 29);
/// Ranked phrases sorted at a time: deduplication rarely looks past the
/// first dozen (at most 27 on the bench corpus, 13 on average), so sorting
/// every candidate would be wasted.
const SORT_CHUNK: usize = 16;

/// Buffers kept per thread past this many entries are dropped after use, so
/// one huge document does not pin its tables for the thread's lifetime.
const SCRATCH_KEEP: usize = 1 << 16;

#[derive(Clone, Debug)]
pub(crate) struct KeyphraseFinder {
    /// Stop words and connectors, folded, indexed by their token hash (the
    /// hash [`Folded`] tokens already carry) in `class_index`. Looked up
    /// once per distinct word of a document, which is most words: a probe
    /// of this small table costs less than a general map's.
    classes: Vec<Class>,
    class_index: Slots,
}

/// A stop word or connector.
#[derive(Clone, Debug)]
struct Class {
    word: Box<str>,
    hash: u64,
    /// [`Tok`] flags: `STOP`, `CONNECTOR` or both.
    flags: u8,
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    term: u32,
    sentence: u32,
    /// Original byte span (`u32`, as the fold's tokens: a smaller record is
    /// faster to fill and scan). The folded span is the term's `fspan`.
    start: u32,
    end: u32,
    /// One plus the index of the entity mention holding the word, or 0.
    entity: u32,
    /// [`Tok::BOUNDARY`] and the others: one byte keeps the record at 24.
    flags: u8,
}

impl Tok {
    /// A phrase cannot run from the previous token into this one.
    const BOUNDARY: u8 = 1;
    const STOP: u8 = 2;
    /// A stop word that may link the words of a phrase (`de`, `of`).
    const CONNECTOR: u8 = 4;
    const CONTENT: u8 = 8;
    /// Starts inside an entity mention (not at its first word).
    const IN_ENTITY: u8 = 16;
    /// Ends inside an entity mention (not at its last word).
    const CUTS_ENTITY: u8 = 32;

    #[inline]
    fn is(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// What is known of a distinct word: its lexical class, fixed when it is
/// first seen, and YAKE's statistics, counted as its occurrences are read.
#[derive(Clone, Copy, Debug)]
struct Term {
    /// The word's first and last 8 bytes ([`word_key`]): an index hit is
    /// confirmed without reading the text.
    key: (u64, u64),
    /// Folded span of the first occurrence.
    fspan: (u32, u32),
    /// Its class as [`Tok`] flags (`STOP`, `CONNECTOR`, `CONTENT`).
    class: u8,
    tf: u32,
    upper: u32,
    acronym: u32,
    /// Distinct sentences holding the word. Occurrences come in sentence
    /// order, so a change of sentence is a new one: no list is kept.
    sentences: u32,
    last_sentence: u32,
    left: u32,
    right: u32,
    left_distinct: u32,
    right_distinct: u32,
    /// Sentence of occurrence number `tf / 2`, the median YAKE uses
    /// (counted in a second pass, once `tf` is known).
    median: u32,
    seen: u32,
    /// The one-word candidate of this word, or `u32::MAX`.
    single: u32,
}

impl Term {
    fn new(key: (u64, u64), fspan: (u32, u32), class: u8) -> Term {
        Term {
            key,
            fspan,
            class,
            tf: 0,
            upper: 0,
            acronym: 0,
            left: 0,
            right: 0,
            left_distinct: 0,
            right_distinct: 0,
            sentences: 0,
            last_sentence: u32::MAX,
            median: 0,
            seen: 0,
            single: u32::MAX,
        }
    }

    fn content(&self) -> bool {
        self.class & Tok::CONTENT != 0
    }
}

#[derive(Clone, Copy, Debug)]
struct Cand {
    tf: u32,
    start: usize,
    end: usize,
    first: usize,
    len: usize,
    /// Sum of the logs of its content words' scores, and their number.
    log_sum: f64,
    content: usize,
}

impl KeyphraseFinder {
    pub(crate) fn build() -> Result<KeyphraseFinder, Error> {
        let mut classes: Vec<Class> = Vec::new();
        let mut class_index = Slots::default();
        class_index.reset(512);
        let mut add = |word: &str, flags: u8| {
            let hash = token_hash(word.as_bytes());
            match class_index.find(hash, |c| classes[c as usize].hash == hash) {
                // Two words with one hash would be astronomically rare; the
                // first keeps the slot and the other is then an ordinary word.
                Ok(c) => {
                    let c = &mut classes[c as usize];
                    if &*c.word == word {
                        c.flags |= flags;
                    }
                }
                Err(slot) => {
                    let c = classes.len() as u32;
                    classes.push(Class {
                        word: word.into(),
                        hash,
                        flags,
                    });
                    class_index.insert(slot, hash, c, |c| classes[c as usize].hash);
                }
            }
        };
        for src in [data::STOPWORDS_FR, data::STOPWORDS_EN] {
            for row in Lexicon::parse(src)? {
                add(&crate::text::fold_str(row.field(0)?), Tok::STOP);
            }
        }
        for w in CONNECTORS {
            add(w, Tok::CONNECTOR);
        }
        Ok(KeyphraseFinder {
            classes,
            class_index,
        })
    }

    /// The class of a folded word whose token hash is `h`, as [`Tok`]
    /// flags: `STOP`, `CONNECTOR`, both, or `CONTENT` (a word of more than
    /// one character that is no stop word: `l`, `d` are no content).
    #[inline]
    fn class(&self, word: &str, h: u64) -> u8 {
        let found = self
            .class_index
            .find(h, |c| self.classes[c as usize].hash == h);
        let flags = match found {
            Ok(c) if &*self.classes[c as usize].word == word => self.classes[c as usize].flags,
            _ => 0,
        };
        let long = match word.as_bytes() {
            [b, ..] if b.is_ascii() => word.len() > 1,
            _ => word.chars().nth(1).is_some(),
        };
        if flags & Tok::STOP == 0 && long {
            flags | Tok::CONTENT
        } else {
            flags
        }
    }

    pub(crate) fn find(&self, text: &str, folded: &Folded, entities: &[Entity]) -> Vec<Keyphrase> {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => {
                let out = self.find_with(text, folded, entities, &mut scratch);
                scratch.trim();
                out
            }
            // Re-entrant call on this thread: fresh buffers.
            Err(_) => self.find_with(text, folded, entities, &mut Scratch::default()),
        })
    }

    fn find_with(
        &self,
        text: &str,
        folded: &Folded,
        entities: &[Entity],
        scratch: &mut Scratch,
    ) -> Vec<Keyphrase> {
        let f = folded.as_str();
        scratch.clear();
        let Scratch {
            index,
            terms,
            toks,
            pairs,
            log_scores,
            multi,
            keys,
            cands,
            ranked,
        } = scratch;
        self.read_words(text, folded, entities, index, pairs, terms, toks);
        if toks.is_empty() {
            return Vec::new();
        }
        word_scores(toks, terms, log_scores);
        candidates(toks, terms, log_scores, multi, keys, cands);
        let (toks, terms) = (&*toks, &*terms);
        for (i, c) in cands.iter().enumerate() {
            let n = c.content;
            let (head, tail) = (&toks[c.first], &toks[c.first + c.len - 1]);
            let named = head.entity != 0
                && head.entity == tail.entity
                && entities
                    .get(head.entity as usize - 1)
                    .is_some_and(|e| e.start == head.start as usize && e.end == tail.end as usize);
            let form = if named {
                NAMED
            } else if c.len == 1 {
                LONE_WORD
            } else {
                1.0
            };
            // The geometric mean, not YAKE's product: a product favours any
            // three words over two good ones. Multiword phrases get a mild
            // bonus instead.
            let mean = (c.log_sum / n.max(1) as f64).exp();
            let score =
                form * mean / (c.tf as f64 * (1.0 + MULTIWORD_BONUS * (n.max(1) - 1) as f64));
            if score.is_finite() && score > 0.0 {
                ranked.push(Ranked {
                    score,
                    order: Ranked::order(c.first, c.len),
                    cand: i as u32,
                });
            }
        }

        let mut kept: Vec<(f64, Key, Cand)> = Vec::with_capacity(TOP);
        for k in 0..ranked.len() {
            if k % SORT_CHUNK == 0 {
                sort_prefix(&mut ranked[k..], SORT_CHUNK);
            }
            let (s, c) = (ranked[k].score, cands[ranked[k].cand as usize]);
            let mut key = Key::default();
            for t in toks[c.first..c.first + c.len]
                .iter()
                .filter(|t| t.is(Tok::CONTENT))
            {
                let (a, b) = terms[t.term as usize].fspan;
                key.push(stem(&f[a as usize..b as usize]));
            }
            if kept
                .iter()
                .any(|(_, k, _)| 2 * shared(k.words(), key.words()) >= key.len)
            {
                continue;
            }
            kept.push((s, key, c));
            if kept.len() == TOP {
                break;
            }
        }
        let best = kept.first().map_or(1.0, |k| k.0);
        kept.into_iter()
            .map(|(s, _, c)| {
                let score = ((best / s).sqrt() * 1000.0).round() / 1000.0;
                Keyphrase {
                    text: text.get(c.start..c.end).unwrap_or_default().to_string(),
                    score: score.clamp(0.0, 1.0),
                }
            })
            .collect()
    }

    /// Reads the words of the folded text with their original spans, up to
    /// [`MAX_WORDS`], in one pass: interns each in `index` / `terms` (the
    /// later passes index arrays by term id instead of hashing strings),
    /// counts its statistics (all but the median sentence) and marks where
    /// it stands in the entity mentions.
    #[allow(clippy::too_many_arguments)]
    fn read_words(
        &self,
        text: &str,
        folded: &Folded,
        entities: &[Entity],
        index: &mut Slots,
        pairs: &mut PairSet,
        terms: &mut Vec<Term>,
        toks: &mut Vec<Tok>,
    ) {
        let f = folded.as_str();
        let (fb, tb) = (f.as_bytes(), text.as_bytes());
        // The fold's tokens: word runs and single non-word characters, with
        // their original offsets (computed once for every stage).
        let ft = folded.tokens();
        // Sized for news text, where distinct words and neighbour pairs are
        // about a fifth and a third of the tokens (the tables grow past
        // that): a smaller table is cheaper to clear and stays in cache.
        let expected = (ft.len() / 4).min(MAX_WORDS);
        index.reset(expected);
        pairs.reset(2 * expected);
        let (mut sentence, mut boundary, mut new_sentence, mut read) = (0u32, true, true, 0usize);
        // The term of the previous word, when it may be a neighbour.
        let (mut prev, mut prev_class) = (u32::MAX, 0);
        // The first entity mention that ends after the current word.
        let mut e = 0;
        let mut k = 0;
        while k < ft.len() {
            let t = &ft[k];
            let b = fb[t.start as usize];
            // A space (a third of all tokens) changes nothing.
            if b == b' ' {
                k += 1;
                continue;
            }
            if !t.is_word(f) {
                match b {
                    b'\t' | b'\'' => {}
                    // `12.5`, `u.s`: a period inside a token is no sentence end.
                    b'.' if ft.get(k + 1).is_some_and(|n| n.is_word(f)) => boundary = true,
                    b'.' | b'!' | b'?' | b'\n' | b'\r' => (boundary, new_sentence) = (true, true),
                    0xe2 if &f[t.start as usize..t.end as usize] == "…" => {
                        (boundary, new_sentence) = (true, true)
                    }
                    _ => boundary = true,
                }
                k += 1;
                continue;
            }
            // The word: a word run, and runs joined by inner hyphens (`etats-unis`).
            let first = k;
            k += 1;
            while k + 1 < ft.len()
                && fb[ft[k].start as usize] == b'-'
                && ft[k].end == ft[k].start + 1
                && ft[k + 1].is_word(f)
            {
                k += 2;
            }
            let last = &ft[k - 1];
            let (fstart, fend) = (t.start as usize, last.end as usize);
            read += 1;
            if read > MAX_WORDS {
                break;
            }
            if new_sentence && !toks.is_empty() {
                sentence += 1;
            }
            let initial = new_sentence;
            new_sentence = false;
            // Most words start with a letter, which settles it.
            if !b.is_ascii_alphabetic() {
                let word = &f[fstart..fend];
                let alphabetic = if word.is_ascii() {
                    word.bytes().any(|b| b.is_ascii_alphabetic())
                } else {
                    word.chars().any(char::is_alphabetic)
                };
                if !alphabetic || b.is_ascii_digit() {
                    // Numbers and figures with units (`90mw`) end phrases
                    // and carry no statistics.
                    boundary = true;
                    continue;
                }
            }
            let (start, end) = (t.ostart, last.oend);
            let (acronym, upper) = match tb.get(start as usize) {
                // A lower-case letter first (most words): neither.
                Some(b) if b.is_ascii_lowercase() => (false, false),
                _ => casing(
                    text.get(start as usize..end as usize).unwrap_or(""),
                    initial,
                ),
            };
            // A single word run is interned by the hash its token already has.
            let h = if k - first == 1 {
                t.hash
            } else {
                token_hash(&fb[fstart..fend])
            };
            let key = word_key(fb, fstart, fend);
            let found = index.find(h, |id| {
                let s = &terms[id as usize];
                s.key == key
                    && s.fspan.1 - s.fspan.0 == (fend - fstart) as u32
                    && (fend - fstart <= 16
                        || fb[s.fspan.0 as usize..s.fspan.1 as usize] == fb[fstart..fend])
            });
            let term = match found {
                Ok(id) => id,
                Err(slot) => {
                    let class = self.class(&f[fstart..fend], h);
                    let id = terms.len() as u32;
                    terms.push(Term::new(key, (fstart as u32, fend as u32), class));
                    index.insert(slot, h, id, |v| {
                        let (a, b) = terms[v as usize].fspan;
                        token_hash(&fb[a as usize..b as usize])
                    });
                    id
                }
            };
            let s = &mut terms[term as usize];
            s.tf += 1;
            if upper || acronym {
                s.upper += u32::from(upper && !acronym);
                s.acronym += u32::from(acronym);
            }
            s.sentences += u32::from(s.last_sentence != sentence);
            s.last_sentence = sentence;
            let mut flags = s.class;
            if boundary {
                flags |= Tok::BOUNDARY;
            } else if (flags | prev_class) & Tok::CONTENT != 0 {
                // Relatedness: the neighbours, and how many are distinct
                // (counted for content words only: no other word gets a
                // score).
                let distinct = u32::from(pairs.insert(u64::from(prev) << 32 | u64::from(term)));
                s.left += 1;
                s.left_distinct += distinct;
                let s = &mut terms[prev as usize];
                s.right += 1;
                s.right_distinct += distinct;
            }
            // Entity mentions come sorted and do not overlap.
            while e < entities.len() && entities[e].end <= start as usize {
                e += 1;
            }
            let mut entity = 0;
            // Most words are in none: a mention that starts after the word
            // ends changes nothing.
            if let Some(m) = entities.get(e).filter(|m| m.start < end as usize) {
                let (start, end) = (start as usize, end as usize);
                if m.start < start {
                    flags |= Tok::IN_ENTITY;
                }
                if m.start < end && end < m.end {
                    flags |= Tok::CUTS_ENTITY;
                }
                if m.start <= start {
                    entity = e as u32 + 1;
                }
            }
            toks.push(Tok {
                term,
                sentence,
                start,
                end,
                entity,
                flags,
            });
            (boundary, prev, prev_class) = (false, term, flags);
        }
    }
}

/// The first and last 8 bytes of the word `s[a..b]` (little-endian, the
/// first byte lowest): `(first, 0)` for a word of at most 8 bytes, zero
/// above its end. Two words of one length up to 16 bytes are equal exactly
/// when their keys are, so an index hit is confirmed with two compares (a
/// call to `memcmp` cost more than the probe it confirmed).
#[inline]
fn word_key(s: &[u8], a: usize, b: usize) -> (u64, u64) {
    let load = |i: usize| match s.get(i..i + 8) {
        Some(x) => u64::from_le_bytes([x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]]),
        None => 0,
    };
    let n = b - a;
    if n > 8 {
        return (load(a), load(b - 8));
    }
    if n > 0 && a + 8 <= s.len() {
        // Keep the word's `n` bytes (1 to 8) of the 8 read.
        let shift = 64 - 8 * n as u32;
        return ((load(a) << shift) >> shift, 0);
    }
    // Near the end of the text: byte by byte.
    let first = s[a..b]
        .iter()
        .rev()
        .fold(0u64, |k, &x| k << 8 | u64::from(x));
    (first, 0)
}

/// `(acronym, capitalised)` for a word as written: an acronym has two or
/// more letters, all upper case; a capitalised word starts with an upper
/// case letter away from a sentence start.
fn casing(written: &str, initial: bool) -> (bool, bool) {
    if written
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_lowercase)
    {
        // A lower-case letter first (most words): neither.
        return (false, false);
    }
    if let [0xc3, b, ..] = written.as_bytes() {
        // `é`, `à`, `ç`…: U+00DF to U+00FF but `÷` are lower-case letters,
        // so neither, as above.
        if (0x9f..=0xbf).contains(b) && *b != 0xb7 {
            return (false, false);
        }
    }
    if written.is_ascii() {
        let b = written.as_bytes();
        let (mut letters, mut all_upper) = (0usize, true);
        for &x in b {
            if x.is_ascii_alphabetic() {
                letters += 1;
                all_upper &= x.is_ascii_uppercase();
            }
        }
        let upper = !initial && b.first().is_some_and(u8::is_ascii_uppercase);
        return (letters > 1 && all_upper, upper);
    }
    let mut letters = written.chars().filter(|c| c.is_alphabetic());
    let acronym = written.chars().filter(|c| c.is_alphabetic()).count() > 1
        && letters.all(char::is_uppercase);
    let upper = !initial && written.chars().next().is_some_and(char::is_uppercase);
    (acronym, upper)
}

/// Counts the median sentence of each term and writes to `log_scores`, per
/// term, the log of YAKE's word score (lower is better); only content words
/// get one (the others are never multiplied into a phrase score) and the
/// rest hold 0.
fn word_scores(toks: &[Tok], terms: &mut [Term], log_scores: &mut Vec<f64>) {
    let n_sentences = toks.last().map_or(1, |t| t.sentence + 1) as f64;
    // Only content words get a score.
    for t in toks.iter().filter(|t| t.is(Tok::CONTENT)) {
        let s = &mut terms[t.term as usize];
        if s.seen == s.tf / 2 {
            s.median = t.sentence;
        }
        s.seen += 1;
    }
    // Over distinct content words, in order of first occurrence (a fixed
    // order: the float sum of squares depends on it).
    let (mut n, mut sum, mut max_tf) = (0usize, 0.0f64, 1.0f64);
    for s in terms.iter().filter(|s| s.content()) {
        n += 1;
        sum += s.tf as f64;
        max_tf = max_tf.max(s.tf as f64);
    }
    let n = n.max(1) as f64;
    let mean = sum / n;
    let std = (terms
        .iter()
        .filter(|s| s.content())
        .map(|s| (s.tf as f64 - mean).powi(2))
        .sum::<f64>()
        / n)
        .sqrt();
    log_scores.extend(terms.iter().map(|s| {
        if !s.content() {
            return 0.0;
        }
        let tf = s.tf.max(1) as f64;
        let casing = s.upper.max(s.acronym) as f64 / (1.0 + LN_SMALL.get(s.tf.max(1)));
        let position = LN_LN_3_PLUS.get(s.median);
        let freq = tf / (mean + std).max(1.0);
        let ratio = |d: u32, total: u32| {
            if total == 0 {
                0.0
            } else {
                d as f64 / total as f64
            }
        };
        let rel =
            1.0 + (ratio(s.left_distinct, s.left) + ratio(s.right_distinct, s.right)) * tf / max_tf;
        let spread = s.sentences as f64 / n_sentences;
        let score = rel * position / (casing + freq / rel + spread / rel);
        score.max(f64::MIN_POSITIVE).ln()
    }));
}

/// `f(n)` of small integers `n` read from a table: term frequencies and
/// sentence numbers are small, and a read is cheaper than `ln` once per
/// term. The table holds the very values `f` computes, so scores are the same.
struct IntTable {
    values: Vec<f64>,
    f: fn(f64) -> f64,
}

impl IntTable {
    const SIZE: u32 = 1024;

    fn new(f: fn(f64) -> f64) -> IntTable {
        IntTable {
            values: (0..Self::SIZE).map(|n| f(n as f64)).collect(),
            f,
        }
    }

    #[inline]
    fn get(&self, n: u32) -> f64 {
        match self.values.get(n as usize) {
            Some(&v) => v,
            None => (self.f)(n as f64),
        }
    }
}

/// `ln n`.
static LN_SMALL: LazyLock<IntTable> = LazyLock::new(|| IntTable::new(f64::ln));
/// `ln ln (3 + n)`: YAKE's position feature of a median sentence `n`.
static LN_LN_3_PLUS: LazyLock<IntTable> = LazyLock::new(|| IntTable::new(|n| (3.0 + n).ln().ln()));

/// Candidate phrases with their frequency and first occurrence, in order of
/// first occurrence. One-word phrases (names and acronyms only) are found by
/// term id; longer ones by their term ids packed in a `u128` (kept in
/// `keys`, beside `out`).
fn candidates(
    toks: &[Tok],
    terms: &mut [Term],
    log_scores: &[f64],
    multi: &mut Slots,
    keys: &mut Vec<u128>,
    out: &mut Vec<Cand>,
) {
    // Distinct multiword phrases are about a sixth of the words in news
    // text (the table grows past that).
    multi.reset(toks.len() / 4);
    for i in 0..toks.len() {
        if toks[i].flags & (Tok::CONTENT | Tok::IN_ENTITY) != Tok::CONTENT {
            continue;
        }
        let mut key = 0u128;
        let (mut content, mut gaps, mut log_sum) = (0, 0, 0.0f64);
        // A lone common word (`restrictions`) is no key phrase; a lone name
        // or acronym (`Nvidia`, `GPU`) is.
        let lone = {
            let t = &terms[toks[i].term as usize];
            t.upper > 0 || t.acronym > 0
        };
        let (head, mut prev_stop) = (&toks[i], false);
        for (d, t) in toks[i..toks.len().min(i + MAX_TOKENS)].iter().enumerate() {
            if d > 0 && t.is(Tok::BOUNDARY) {
                break;
            }
            key = key << KEY_BITS | u128::from(t.term + 1);
            let stop = t.is(Tok::STOP);
            gaps += u32::from(stop && !prev_stop);
            prev_stop = stop;
            if t.is(Tok::CONTENT) {
                content += 1;
                if content > MAX_CONTENT {
                    break;
                }
                log_sum += log_scores[t.term as usize];
                let len = d + 1;
                if t.is(Tok::CUTS_ENTITY) || len == 1 && !lone {
                    continue;
                }
                let found = if len == 1 {
                    match terms[t.term as usize].single {
                        u32::MAX => Err(0),
                        c => Ok(c),
                    }
                } else {
                    multi.find(hash_u128(key), |c| keys[c as usize] == key)
                };
                match found {
                    Ok(c) => out[c as usize].tf += 1,
                    Err(slot) => {
                        let c = out.len() as u32;
                        if len == 1 {
                            terms[t.term as usize].single = c;
                        } else {
                            multi.insert(slot, hash_u128(key), c, |c| hash_u128(keys[c as usize]));
                        }
                        keys.push(key);
                        out.push(Cand {
                            tf: 1,
                            start: head.start as usize,
                            end: t.end as usize,
                            first: i,
                            len,
                            log_sum,
                            content,
                        });
                    }
                }
            } else if !t.is(Tok::CONNECTOR) || gaps > 1 {
                // One run of linking words at most: `centres de données`,
                // `part de marché`, not `semiconductors to China in October`.
                break;
            }
        }
    }
}

/// Per-thread buffers of [`KeyphraseFinder::find`], reused from document to
/// document: allocating and growing the tables per document cost more than
/// filling them.
#[derive(Default)]
struct Scratch {
    index: Slots,
    terms: Vec<Term>,
    toks: Vec<Tok>,
    pairs: PairSet,
    log_scores: Vec<f64>,
    multi: Slots,
    keys: Vec<u128>,
    cands: Vec<Cand>,
    ranked: Vec<Ranked>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Scratch {
    /// Empties the lists; the tables are emptied (and sized) where they
    /// are filled.
    fn clear(&mut self) {
        self.terms.clear();
        self.toks.clear();
        self.log_scores.clear();
        self.keys.clear();
        self.cands.clear();
        self.ranked.clear();
    }

    /// Drops what a huge document grew (see [`SCRATCH_KEEP`]).
    fn trim(&mut self) {
        let big = [
            self.index.capacity(),
            self.terms.capacity(),
            self.toks.capacity(),
            self.pairs.capacity(),
            self.log_scores.capacity(),
            self.multi.capacity(),
            self.keys.capacity(),
            self.cands.capacity(),
            self.ranked.capacity(),
        ];
        if big.iter().any(|&n| n > SCRATCH_KEEP) {
            *self = Scratch::default();
        }
    }
}

/// A candidate being ranked: 16 bytes, so selecting the best moves little.
#[derive(Clone, Copy, Debug)]
struct Ranked {
    score: f64,
    /// First token and length packed: earliest, then shortest.
    order: u32,
    /// Index in the candidate list.
    cand: u32,
}

impl Ranked {
    fn order(first: usize, len: usize) -> u32 {
        // `first` < MAX_WORDS < 2^24 and `len` <= MAX_TOKENS < 8.
        (first as u32) << 3 | len as u32
    }
}

/// Best first: lowest score, then earliest, then shortest (a total order,
/// so the result does not depend on how the candidates were stored).
fn rank_order(a: &Ranked, b: &Ranked) -> Ordering {
    a.score.total_cmp(&b.score).then(a.order.cmp(&b.order))
}

/// The content words of a phrase, stemmed, for deduplication.
#[derive(Default)]
struct Key<'a> {
    words: [&'a str; MAX_CONTENT],
    len: usize,
}

impl<'a> Key<'a> {
    fn push(&mut self, w: &'a str) {
        if let Some(slot) = self.words.get_mut(self.len) {
            *slot = w;
            self.len += 1;
        }
    }

    fn words(&self) -> &[&'a str] {
        &self.words[..self.len]
    }
}

/// Moves the `n` best of `v` to its front, in order.
fn sort_prefix(v: &mut [Ranked], n: usize) {
    if v.len() > n {
        v.select_nth_unstable_by(n - 1, rank_order);
        v[..n].sort_unstable_by(rank_order);
    } else {
        v.sort_unstable_by(rank_order);
    }
}

/// A word without a final plural mark, for deduplication.
fn stem(word: &str) -> &str {
    word.strip_suffix(['s', 'x'])
        .filter(|w| w.chars().count() > 2)
        .unwrap_or(word)
}

/// How many words of `b` are also in `a`.
fn shared(a: &[&str], b: &[&str]) -> usize {
    b.iter().filter(|w| a.contains(w)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_tables_hold_what_the_function_computes() {
        for n in [0, 1, 2, 3, 57, IntTable::SIZE - 1, IntTable::SIZE, 100_000] {
            assert_eq!(
                LN_SMALL.get(n).to_bits(),
                (n as f64).ln().to_bits(),
                "ln {n}"
            );
            let lnln = (3.0 + n as f64).ln().ln();
            assert_eq!(LN_LN_3_PLUS.get(n).to_bits(), lnln.to_bits(), "ln ln {n}");
        }
    }

    fn phrases(text: &str) -> Vec<String> {
        let k = KeyphraseFinder::build().unwrap();
        k.find(text, &Folded::new(text), &[])
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    #[test]
    fn table() {
        let rows: &[(&str, &str, &[&str])] = &[
            ("empty", "", &[]),
            ("only stop words", "le la les the of and", &[]),
            ("only numbers", "12 345, 6.7 %", &[]),
        ];
        for (name, text, want) in rows {
            assert_eq!(phrases(text), *want, "row {name}: {text:?}");
        }
    }

    #[test]
    fn phrases_are_written_multiword_and_deduplicated() {
        let text = "Les centres de données consomment beaucoup. Un centre de données \
                    moderne utilise des puces graphiques. Les puces graphiques des centres \
                    de données chauffent. L’Europe veut des centres de données souverains.";
        let got = phrases(text);
        assert!(got.len() <= TOP && !got.is_empty(), "{got:?}");
        assert!(got.iter().any(|p| p == "centres de données"), "{got:?}");
        assert!(got.iter().any(|p| p == "puces graphiques"), "{got:?}");
        assert!(
            !got.iter().any(|p| p == "centre de données"),
            "plural variant kept: {got:?}"
        );
        for p in &got {
            assert!(
                text.contains(p.as_str()),
                "{p:?} is not written in the text"
            );
            let first = p.split_whitespace().next().unwrap();
            assert!(
                !["de", "des", "les"].contains(&first),
                "{p:?} starts with a stop word"
            );
        }
    }

    #[test]
    fn never_cuts_an_entity() {
        let text = "Jensen Huang said Jensen Huang likes chips. Huang Street is far.";
        let folded = Folded::new(text);
        let e = Entity {
            start: 0,
            end: 12,
            text: "Jensen Huang".into(),
            kind: crate::EntityKind::Person,
            name: "Jensen Huang".into(),
            id: "person:jensen-huang".into(),
        };
        let k = KeyphraseFinder::build().unwrap();
        let got: Vec<String> = k
            .find(text, &folded, &[e])
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert!(
            !got.iter()
                .any(|p| p == "Jensen" || p.starts_with("Huang said")),
            "{got:?}"
        );
    }

    #[test]
    fn scores_in_range_and_best_first() {
        let k = KeyphraseFinder::build().unwrap();
        let text = "Export controls on advanced chips. The export controls hit Nvidia. \
                    Nvidia sells advanced chips to China despite export controls.";
        let got = k.find(text, &Folded::new(text), &[]);
        assert!(!got.is_empty());
        assert_eq!(got[0].score, 1.0, "{got:?}");
        assert!(got.windows(2).all(|w| w[0].score >= w[1].score), "{got:?}");
        assert!(
            got.iter().all(|p| p.score > 0.0 && p.score <= 1.0),
            "{got:?}"
        );
    }

    #[test]
    fn weird_input_does_not_panic() {
        let rows = [
            ("combining marks", "Ce\u{301}sar Ce\u{301}sar e\u{301}crit"),
            ("soft hyphens", "ana\u{ad}lyse ana\u{ad}lyse des\u{ad}sous"),
            ("only marks", "\u{301}\u{301}\u{301}"),
            ("cjk", "华为 芯片 华为 芯片"),
            ("dashes", "--- - -a- b- -c"),
            ("ligatures", "ŒUVRE œuvre ﬁnance ﬁnance"),
        ];
        let k = KeyphraseFinder::build().unwrap();
        for (name, text) in rows {
            for p in k.find(text, &Folded::new(text), &[]) {
                assert!(text.contains(p.text.as_str()), "row {name}: {p:?}");
            }
        }
    }

    #[test]
    fn reads_at_most_max_words() {
        let k = KeyphraseFinder::build().unwrap();
        let text = "alpha beta. ".repeat(MAX_WORDS) + "gamma delta gamma delta";
        let got = k.find(&text, &Folded::new(&text), &[]);
        assert!(got.iter().all(|p| !p.text.contains("gamma")), "{got:?}");
    }

    #[test]
    fn ranking_by_chunks_equals_a_full_sort() {
        // Many ties, so the tie-breaks are exercised too.
        let mut all: Vec<Ranked> = (0..500)
            .map(|i| Ranked {
                score: ((i * 7919) % 37) as f64 / 4.0,
                order: Ranked::order(i % 150, 1 + i % 3),
                cand: i as u32,
            })
            .collect();
        let mut want = all.clone();
        want.sort_by(|a, b| {
            // The order spelled out: score, first token, length.
            a.score
                .total_cmp(&b.score)
                .then((a.order >> 3).cmp(&(b.order >> 3)))
                .then((a.order & 7).cmp(&(b.order & 7)))
        });
        for k in 0..all.len() {
            if k % SORT_CHUNK == 0 {
                sort_prefix(&mut all[k..], SORT_CHUNK);
            }
        }
        let key = |v: &[Ranked]| -> Vec<(u64, u32)> {
            v.iter().map(|r| (r.score.to_bits(), r.order)).collect()
        };
        assert_eq!(key(&all), key(&want));
    }

    #[test]
    fn word_keys_tell_words_apart_exactly() {
        // Words of every length around 8 and 16 bytes, differing in one
        // byte anywhere, placed anywhere (also within 8 bytes of the end).
        let mut words: Vec<Vec<u8>> = Vec::new();
        for n in 1..=18 {
            let w: Vec<u8> = (0..n).map(|i| b'a' + i as u8).collect();
            for i in 0..n {
                let mut v = w.clone();
                v[i] = b'z';
                words.push(v);
            }
            words.push(w);
        }
        let text: Vec<u8> = words.iter().flat_map(|w| w.iter().copied()).collect();
        let mut spans = Vec::new();
        let mut at = 0;
        for w in &words {
            spans.push((at, at + w.len()));
            at += w.len();
        }
        for &(a, b) in &spans {
            for &(c, d) in &spans {
                let same = text[a..b] == text[c..d];
                let keys = word_key(&text, a, b) == word_key(&text, c, d);
                if b - a == d - c && b - a <= 16 {
                    assert_eq!(keys, same, "{:?} {:?}", &text[a..b], &text[c..d]);
                } else if same {
                    assert!(keys, "{:?}", &text[a..b]);
                }
            }
        }
    }

    #[test]
    fn same_output_on_reused_buffers() {
        // The per-thread buffers must not carry anything from one document
        // to the next, whatever their sizes.
        let k = KeyphraseFinder::build().unwrap();
        let short = "Export controls on advanced chips hit Nvidia. Nvidia sells chips.";
        let long = "Les centres de données consomment beaucoup d’électricité. ".repeat(300);
        let fresh = k.find(short, &Folded::new(short), &[]);
        let _ = k.find(&long, &Folded::new(&long), &[]);
        assert_eq!(k.find(short, &Folded::new(short), &[]), fresh);
    }
}
