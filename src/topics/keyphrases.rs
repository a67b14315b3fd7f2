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

mod rank;
mod table;
mod words;

use crate::data::{self, Lexicon};
use crate::record::{Entity, Keyphrase};
use crate::text::{token_hash, Folded};
use crate::Error;
use rank::{Known, LnApprox, Ranked, Ranking, LAMBDA_RANGE};
use std::cell::RefCell;
use std::sync::LazyLock;
use table::{hash_u128, PairSet, Slots};
use words::word_key;

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
    /// A bit per [`CLASS_BITS`] value of a class word's hash: most words
    /// are no stop word, and a clear bit says so without a probe.
    class_bits: Box<[u64; CLASS_BITS / 64]>,
    /// `ln` of [`NAMED`], [`LONE_WORD`] and 1, for the estimates of scores.
    ln_forms: [f64; 3],
    /// `ln` of the multiword bonus of `n` content words, for the estimates.
    ln_bonus: [f64; MAX_CONTENT + 1],
    /// The estimated `ln` of word scores.
    ln: LnApprox,
}

/// Bits of [`KeyphraseFinder::class_bits`]: a few hundred class words set
/// about a tenth of them.
const CLASS_BITS: usize = 4096;

/// A stop word or connector.
#[derive(Clone, Debug)]
struct Class {
    word: Box<str>,
    hash: u64,
    /// [`word_key`] of the word: a document's word is compared by key.
    key: (u64, u64),
    /// [`Tok`] flags: `STOP`, `CONNECTOR` or both.
    flags: u8,
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    term: u32,
    sentence: u32,
    /// Original byte span (`u32`, as the fold's tokens: a smaller record is
    /// faster to fill and scan). The folded span is its [`Name`]'s.
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
    /// First word of a sentence (for its casing, while words are read).
    const INITIAL: u8 = 64;
    /// The word occurs more than once in the document (set with its class):
    /// a phrase with a word that occurs once occurs once too.
    const RECURS: u8 = 128;

    #[inline]
    fn is(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// A distinct word as interned: what a probe of the term index compares.
/// Small, apart from the statistics, so that a new word costs few stores.
#[derive(Clone, Copy, Debug)]
struct Name {
    /// The word's first and last 8 bytes ([`word_key`]): an index hit is
    /// confirmed without reading the text.
    key: (u64, u64),
    /// Its token hash (the index's key).
    hash: u64,
    /// Folded span of the first occurrence.
    start: u32,
    end: u32,
    /// Occurrences, counted as words are read: `count` then knows which
    /// words occur once (their neighbour pairs cannot recur).
    tf: u32,
}

/// What is known of a distinct word ([`Name`] of the same id): its lexical
/// class and YAKE's statistics, counted once all words are read.
#[derive(Clone, Copy, Debug)]
struct Term {
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
    /// (counted with the others: `tf` is known once the words are read).
    median: u32,
    seen: u32,
    /// The one-word candidate of this word, or `u32::MAX`.
    single: u32,
}

impl Term {
    fn new(class: u8, tf: u32) -> Term {
        Term {
            class,
            tf,
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

/// A candidate phrase: its frequency, its first occurrence (original span,
/// first word and number of words) and its content words.
#[derive(Clone, Copy, Debug)]
struct Cand {
    tf: u32,
    start: u32,
    end: u32,
    first: u32,
    len: u32,
    /// Sum of the estimated logs ([`LnApprox`]) of its content words'
    /// scores, and their number.
    log_estimate: f64,
    content: u32,
    /// Its scoring form, an index in [`FORMS`] ([`form`]).
    form: u32,
}

impl Cand {
    /// The words of its first occurrence.
    #[inline]
    fn words<'a>(&self, toks: &'a [Tok]) -> &'a [Tok] {
        &toks[self.first as usize..(self.first + self.len) as usize]
    }
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
                        key: word_key(word.as_bytes(), 0, word.len()),
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
        let mut class_bits = Box::new([0u64; CLASS_BITS / 64]);
        for c in &classes {
            let bit = c.hash as usize % CLASS_BITS;
            class_bits[bit / 64] |= 1 << (bit % 64);
        }
        Ok(KeyphraseFinder {
            classes,
            class_index,
            class_bits,
            ln_forms: [NAMED.ln(), LONE_WORD.ln(), 0.0],
            ln_bonus: std::array::from_fn(|n| bonus(n.max(1)).ln()),
            ln: LnApprox::new(),
        })
    }

    /// The class of a folded word, as [`Tok`] flags: `STOP`, `CONNECTOR`,
    /// both, or `CONTENT` (a word of more than one character that is no
    /// stop word: `l`, `d` are no content).
    #[inline]
    fn class(&self, word: &[u8], name: &Name) -> u8 {
        let bit = name.hash as usize % CLASS_BITS;
        if self.class_bits[bit / 64] & 1 << (bit % 64) == 0 {
            // No class word has this hash.
            return if long(word) { Tok::CONTENT } else { 0 };
        }
        let found = self.class_index.find(name.hash, |c| {
            let c = &self.classes[c as usize];
            // Class words have distinct hashes (see `build`).
            c.hash == name.hash
                && c.key == name.key
                && c.word.len() == word.len()
                && (word.len() <= 16 || c.word.as_bytes() == word)
        });
        let flags = match found {
            Ok(c) => self.classes[c as usize].flags,
            Err(_) => 0,
        };
        if flags & Tok::STOP == 0 && long(word) {
            flags | Tok::CONTENT
        } else {
            flags
        }
    }

    pub(crate) fn find(&self, text: &str, folded: &Folded, entities: &[Entity]) -> Vec<Keyphrase> {
        crate::scratch::with(&SCRATCH, |scratch| {
            let out = self.find_with(text, folded, entities, scratch);
            scratch.trim();
            out
        })
    }

    // Kept out of line: one call per document, and profiles then show the stage.
    #[inline(never)]
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
            names,
            content,
            content_terms,
            terms,
            toks,
            pairs,
            scores,
            multi,
            keys,
            cands,
            ranked,
            known,
        } = scratch;
        self.read_words(
            text, folded, entities, index, pairs, names, terms, toks, content,
        );
        if toks.is_empty() {
            return Vec::new();
        }
        word_scores(toks, terms, &self.ln, content_terms, scores);
        candidates(toks, content, terms, scores, entities, multi, keys, cands);
        let (toks, names) = (&*toks, &*names);
        // Estimates first (see `rank`); exact scores as the ranking asks.
        let ln_small = &*LN_SMALL;
        for (i, c) in cands.iter().enumerate() {
            let n = c.content as usize;
            let form = c.form as usize;
            let mut lambda = self.ln_forms[form] + c.log_estimate / n as f64
                - ln_small.get(c.tf)
                - self.ln_bonus[n];
            if !(LAMBDA_RANGE.0..=LAMBDA_RANGE.1).contains(&lambda) {
                let score = exact_score(c, FORMS[form], toks, scores);
                if !(score.is_finite() && score > 0.0) {
                    continue;
                }
                lambda = score.ln();
            }
            ranked.push(Ranked {
                score: lambda,
                order: Ranked::order(c.first as usize, c.len as usize),
                cand: i as u32,
            });
        }
        let exact = |i: u32| {
            let c = &cands[i as usize];
            exact_score(c, FORMS[c.form as usize], toks, scores)
        };

        let mut kept: Vec<(f64, Key, Cand)> = Vec::with_capacity(TOP);
        for (s, i) in Ranking::new(ranked, known, exact) {
            let c = cands[i as usize];
            let mut key = Key::default();
            for t in c.words(toks).iter().filter(|t| t.is(Tok::CONTENT)) {
                let n = &names[t.term as usize];
                key.push(Stem::new(f, n.start as usize, n.end as usize));
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
                    text: text
                        .get(c.start as usize..c.end as usize)
                        .unwrap_or_default()
                        .to_string(),
                    score: score.clamp(0.0, 1.0),
                }
            })
            .collect()
    }

    /// Reads the words of the folded text with their original spans, up to
    /// [`MAX_WORDS`] (see [`words`]): interns each in `index` / `terms` (the
    /// later passes index arrays by term id instead of hashing strings),
    /// counts their statistics and marks where
    /// they stand in the entity mentions.
    #[allow(clippy::too_many_arguments)]
    fn read_words(
        &self,
        text: &str,
        folded: &Folded,
        entities: &[Entity],
        index: &mut Slots,
        pairs: &mut PairSet,
        names: &mut Vec<Name>,
        terms: &mut Vec<Term>,
        toks: &mut Vec<Tok>,
        content: &mut Vec<u32>,
    ) {
        // Sized so that the tables never grow: a document has fewer words
        // than fold tokens, and fewer distinct words and neighbour pairs
        // than words.
        index.reset(folded.tokens().len().min(MAX_WORDS));
        words::read(folded, index, names, toks);
        self.classify(folded.as_str(), names, terms);
        pairs.reset(toks.len());
        words::count(text, toks, terms, pairs, content);
        if !entities.is_empty() {
            words::mark_entities(toks, entities);
        }
    }
}

/// Writes to `scores`, per term, YAKE's word score (lower is better) and its estimated log; only
/// content words get one (the others are never multiplied into a phrase
/// score).
fn word_scores(
    toks: &[Tok],
    terms: &[Term],
    ln: &LnApprox,
    ids: &mut Vec<u32>,
    scores: &mut Vec<WordScore>,
) {
    let n_sentences = toks.last().map_or(1, |t| t.sentence + 1) as f64;
    // The content terms, in order of first occurrence (a fixed order: the
    // float sum of squares depends on it), listed without a branch per
    // term (a class is a coin flip). Their frequencies are summed as
    // integers on the way: a sum of integers in `f64` is exact, in any order.
    ids.clear();
    ids.resize(terms.len(), 0);
    let (mut n, mut sum, mut max_tf) = (0, 0u64, 1u32);
    for (i, s) in terms.iter().enumerate() {
        let content = u32::from(s.content());
        ids[n] = i as u32;
        n += content as usize;
        sum += u64::from(s.tf * content);
        max_tf = max_tf.max(s.tf * content);
    }
    ids.truncate(n);
    let (sum, max_tf) = (sum as f64, f64::from(max_tf));
    let n = n.max(1) as f64;
    let mean = sum / n;
    let std = (ids
        .iter()
        .map(|&i| (terms[i as usize].tf as f64 - mean).powi(2))
        .sum::<f64>()
        / n)
        .sqrt();
    // Out of the loop: each use of a `LazyLock` checks it is initialised.
    let (ln_small, ln_ln_3_plus) = (&*LN_SMALL, &*LN_LN_3_PLUS);
    scores.resize(terms.len(), WordScore::default());
    for &i in ids.iter() {
        let s = &terms[i as usize];
        let tf = s.tf.max(1) as f64;
        let casing = s.upper.max(s.acronym) as f64 / (1.0 + ln_small.get(s.tf.max(1)));
        let position = ln_ln_3_plus.get(s.median);
        let freq = tf / (mean + std).max(1.0);
        // No neighbour on a side: no distinct one either (`d <= total`),
        // so 0 / 1 gives its 0 without a branch.
        let ratio = |d: u32, total: u32| f64::from(d) / f64::from(total.max(1));
        let rel =
            1.0 + (ratio(s.left_distinct, s.left) + ratio(s.right_distinct, s.right)) * tf / max_tf;
        let spread = s.sentences as f64 / n_sentences;
        let score = (rel * position / (casing + freq / rel + spread / rel)).max(f64::MIN_POSITIVE);
        scores[i as usize] = WordScore {
            score,
            estimate: ln.ln(score),
            log: f64::NAN,
        };
    }
}

/// A word's score, YAKE's (lower is better, at least `f64::MIN_POSITIVE`).
/// Its log is estimated for every word ([`LnApprox`]) and taken exactly
/// only for the phrases that come up in the ranking (see `rank`).
#[derive(Clone, Copy, Debug, Default)]
struct WordScore {
    score: f64,
    estimate: f64,
    /// `ln score`, or NaN until a phrase of the word is scored exactly.
    log: f64,
}

/// Whether a word (UTF-8) has more than one character: more bytes than its
/// first character takes, which its first byte tells.
#[inline]
fn long(word: &[u8]) -> bool {
    let first = match word.first() {
        None => return false,
        Some(b) if *b < 0xe0 => 1 + usize::from(*b >= 0xc0),
        Some(b) if *b < 0xf0 => 3,
        Some(_) => 4,
    };
    word.len() > first
}

/// The scoring form of a phrase from `head` to `tail` (its first
/// occurrence), an index in [`FORMS`]: exactly an entity mention
/// ([`NAMED`]), else a lone word ([`LONE_WORD`]), else plain. Found as the
/// phrase is (most words are in no mention, which settles it).
#[inline]
fn form(head: &Tok, tail: &Tok, len: u32, entities: &[Entity]) -> u32 {
    let named = head.entity != 0
        && head.entity == tail.entity
        && entities
            .get(head.entity as usize - 1)
            .is_some_and(|e| e.start == head.start as usize && e.end == tail.end as usize);
    if named {
        0
    } else if len == 1 {
        1
    } else {
        2
    }
}

/// The scoring forms of a phrase ([`form`]).
const FORMS: [f64; 3] = [NAMED, LONE_WORD, 1.0];

/// The multiword bonus of a phrase of `n` content words (`n` >= 1).
fn bonus(n: usize) -> f64 {
    1.0 + MULTIWORD_BONUS * (n - 1) as f64
}

/// The exact score of a phrase whose form is `form` ([`FORMS`]): the
/// logs of its words' scores are taken here, once per term, and summed in
/// the phrase's order.
fn exact_score(c: &Cand, form: f64, toks: &[Tok], scores: &mut [WordScore]) -> f64 {
    let mut log_sum = 0.0f64;
    for t in c.words(toks).iter().filter(|t| t.is(Tok::CONTENT)) {
        let s = &mut scores[t.term as usize];
        if s.log.is_nan() {
            s.log = s.score.ln();
        }
        log_sum += s.log;
    }
    // The geometric mean, not YAKE's product: a product favours any three
    // words over two good ones. Multiword phrases get a mild bonus instead.
    let mean = (log_sum / c.content as f64).exp();
    form * mean / (c.tf as f64 * bonus(c.content as usize))
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
#[allow(clippy::too_many_arguments)]
fn candidates(
    toks: &[Tok],
    content: &[u32],
    terms: &mut [Term],
    scores: &[WordScore],
    entities: &[Entity],
    multi: &mut Slots,
    keys: &mut Vec<u128>,
    out: &mut Vec<Cand>,
) {
    // At most two multiword phrases start at a word (of two and of three
    // content words), so the table never grows.
    multi.reset(2 * toks.len());
    // Phrases start at a content word, not inside an entity mention.
    for &i in content {
        let (i, head) = (i as usize, &toks[i as usize]);
        if head.is(Tok::IN_ENTITY) {
            continue;
        }
        let mut key = u128::from(head.term + 1);
        // Whether a word so far occurs once: the phrase then does too, and
        // needs no table (most phrases: no hash, no probe).
        let mut once = !head.is(Tok::RECURS);
        let mut log_estimate = scores[head.term as usize].estimate;
        let cand = |tail: &Tok, len: u32, log_estimate: f64, content: u32| Cand {
            tf: 1,
            start: head.start,
            end: tail.end,
            first: i as u32,
            len,
            log_estimate,
            content,
            form: form(head, tail, len, entities),
        };
        if !head.is(Tok::CUTS_ENTITY) {
            // A lone common word (`restrictions`) is no key phrase; a lone
            // name or acronym (`Nvidia`, `GPU`) is.
            let term = &mut terms[head.term as usize];
            if term.upper > 0 || term.acronym > 0 {
                match term.single {
                    u32::MAX => {
                        term.single = out.len() as u32;
                        keys.push(key);
                        out.push(cand(head, 1, log_estimate, 1));
                    }
                    c => out[c as usize].tf += 1,
                }
            }
        }
        let (mut content, mut gaps, mut prev_stop) = (1u32, 0u32, false);
        let next = &toks[i + 1..toks.len().min(i + MAX_TOKENS)];
        for (len, t) in (2..).zip(next) {
            if t.is(Tok::BOUNDARY) {
                break;
            }
            key = key << KEY_BITS | u128::from(t.term + 1);
            once |= !t.is(Tok::RECURS);
            if !t.is(Tok::CONTENT) {
                let stop = t.is(Tok::STOP);
                gaps += u32::from(stop && !prev_stop);
                prev_stop = stop;
                if !t.is(Tok::CONNECTOR) || gaps > 1 {
                    // One run of linking words at most: `centres de
                    // données`, `part de marché`, not `semiconductors to
                    // China in October`.
                    break;
                }
                continue;
            }
            content += 1;
            if content as usize > MAX_CONTENT {
                break;
            }
            log_estimate += scores[t.term as usize].estimate;
            prev_stop = false;
            if t.is(Tok::CUTS_ENTITY) {
                continue;
            }
            if once {
                keys.push(key);
                out.push(cand(t, len, log_estimate, content));
                continue;
            }
            let h = hash_u128(key);
            match multi.find(h, |c| keys[c as usize] == key) {
                Ok(c) => out[c as usize].tf += 1,
                Err(slot) => {
                    let c = out.len() as u32;
                    multi.insert(slot, h, c, |c| hash_u128(keys[c as usize]));
                    keys.push(key);
                    out.push(cand(t, len, log_estimate, content));
                }
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
    names: Vec<Name>,
    /// Positions in `toks` of the content words.
    content: Vec<u32>,
    /// Ids of the content terms.
    content_terms: Vec<u32>,
    terms: Vec<Term>,
    toks: Vec<Tok>,
    pairs: PairSet,
    scores: Vec<WordScore>,
    multi: Slots,
    keys: Vec<u128>,
    cands: Vec<Cand>,
    ranked: Vec<Ranked>,
    known: Vec<Known>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Scratch {
    /// Empties the lists; the tables are emptied (and sized) where they
    /// are filled.
    fn clear(&mut self) {
        self.names.clear();
        self.content.clear();
        self.content_terms.clear();
        self.terms.clear();
        self.toks.clear();
        self.scores.clear();
        self.keys.clear();
        self.cands.clear();
        self.ranked.clear();
    }

    /// Drops what a huge document grew (see [`SCRATCH_KEEP`]).
    fn trim(&mut self) {
        let big = [
            self.index.capacity(),
            self.names.capacity(),
            self.content.capacity(),
            self.content_terms.capacity(),
            self.terms.capacity(),
            self.toks.capacity(),
            self.pairs.capacity(),
            self.scores.capacity(),
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

/// The content words of a phrase, stemmed, for deduplication.
#[derive(Default)]
struct Key<'a> {
    words: [Stem<'a>; MAX_CONTENT],
    len: usize,
}

impl<'a> Key<'a> {
    fn push(&mut self, w: Stem<'a>) {
        if let Some(slot) = self.words.get_mut(self.len) {
            *slot = w;
            self.len += 1;
        }
    }

    fn words(&self) -> &[Stem<'a>] {
        &self.words[..self.len]
    }
}

/// A word of the folded text without its final plural mark ([`stem`]),
/// compared by its length and [`word_key`] (a call to `memcmp` per pair of
/// words cost more than the rest of the deduplication).
#[derive(Clone, Copy, Debug, Default)]
struct Stem<'a> {
    bytes: &'a [u8],
    key: (u64, u64),
}

impl<'a> Stem<'a> {
    /// The stem of the word `f[start..end]`.
    fn new(f: &'a str, start: usize, end: usize) -> Stem<'a> {
        let len = stem(&f[start..end]).len();
        Stem {
            bytes: &f.as_bytes()[start..start + len],
            key: word_key(f.as_bytes(), start, start + len),
        }
    }
}

impl PartialEq for Stem<'_> {
    fn eq(&self, other: &Self) -> bool {
        // Keys tell words of one length up to 16 bytes apart exactly.
        self.key == other.key
            && self.bytes.len() == other.bytes.len()
            && (self.bytes.len() <= 16 || self.bytes == other.bytes)
    }
}

/// A word without a final plural mark, for deduplication.
fn stem(word: &str) -> &str {
    word.strip_suffix(['s', 'x'])
        .filter(|w| w.chars().count() > 2)
        .unwrap_or(word)
}

/// How many words of `b` are also in `a`.
fn shared(a: &[Stem], b: &[Stem]) -> usize {
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
    fn every_class_word_is_found_and_other_words_are_content() {
        // Through the bit filter and the key compare: a clear bit or a wrong
        // key would make a stop word content.
        let k = KeyphraseFinder::build().unwrap();
        let name = |w: &str| Name {
            key: word_key(w.as_bytes(), 0, w.len()),
            hash: token_hash(w.as_bytes()),
            start: 0,
            end: w.len() as u32,
            tf: 1,
        };
        assert!(k.classes.len() > 100, "{} class words", k.classes.len());
        for c in &k.classes {
            let got = k.class(c.word.as_bytes(), &name(&c.word));
            assert_eq!(got & !Tok::CONTENT, c.flags, "{:?}", c.word);
        }
        for (w, want) in [
            ("de", Tok::STOP | Tok::CONNECTOR),
            ("the", Tok::STOP | Tok::CONNECTOR),
            ("puces", Tok::CONTENT),
            ("nvidia", Tok::CONTENT),
            ("x", 0),
            ("anticonstitutionnellement", Tok::CONTENT),
        ] {
            assert_eq!(k.class(w.as_bytes(), &name(w)), want, "{w:?}");
        }
    }

    #[test]
    fn long_counts_characters_as_chars_does() {
        for w in [
            "", "a", "ab", "é", "éa", "aé", "€", "€a", "𝔸", "𝔸b", "ß", "华为", "l'",
        ] {
            assert_eq!(long(w.as_bytes()), w.chars().count() > 1, "{w:?}");
        }
    }

    #[test]
    fn stems_compare_as_their_text() {
        // Words around 16 bytes, plural marks, accents: stems are equal
        // exactly when their text is.
        let words = [
            "centre",
            "centres",
            "centrex",
            "puce",
            "puces",
            "pucex",
            "gaz",
            "ga",
            "réseaux",
            "réseau",
            "anticonstitutionnel",
            "anticonstitutionnels",
            "anticonstitutionnem",
            "abcdefghijklmnop",
            "abcdefghijklmnops",
            "abcdefghijklmnopq",
        ];
        let text = words.join(" ");
        let mut spans = Vec::new();
        let mut at = 0;
        for w in words {
            spans.push((at, at + w.len()));
            at += w.len() + 1;
        }
        for &(a, b) in &spans {
            for &(c, d) in &spans {
                let (x, y) = (Stem::new(&text, a, b), Stem::new(&text, c, d));
                let want = stem(&text[a..b]) == stem(&text[c..d]);
                assert_eq!(x == y, want, "{:?} {:?}", &text[a..b], &text[c..d]);
            }
        }
    }

    /// The scratch of `text` after words are read and scored (no entities).
    fn scored(k: &KeyphraseFinder, text: &str) -> Scratch {
        let folded = Folded::new(text);
        let mut s = Scratch::default();
        k.read_words(
            text,
            &folded,
            &[],
            &mut s.index,
            &mut s.pairs,
            &mut s.names,
            &mut s.terms,
            &mut s.toks,
            &mut s.content,
        );
        word_scores(
            &s.toks,
            &s.terms,
            &k.ln,
            &mut s.content_terms,
            &mut s.scores,
        );
        s
    }

    #[test]
    fn word_scores_go_to_content_terms_only() {
        let k = KeyphraseFinder::build().unwrap();
        let text = "Les puces de Nvidia et les puces d'AMD. Nvidia vend des puces à la Chine.";
        let s = scored(&k, text);
        assert_eq!(s.scores.len(), s.terms.len());
        let want: Vec<u32> = (0..s.terms.len() as u32)
            .filter(|&i| s.terms[i as usize].content())
            .collect();
        assert_eq!(s.content_terms, want);
        for (term, w) in s.terms.iter().zip(&s.scores) {
            if term.content() {
                assert!(w.score > 0.0 && w.score.is_finite(), "{w:?}");
                assert!((w.estimate - w.score.ln()).abs() < 2e-5, "{w:?}");
                assert!(w.log.is_nan(), "{w:?}");
            } else {
                assert_eq!(w.score, 0.0, "{w:?}");
            }
        }
    }

    #[test]
    fn candidate_frequencies_count_every_occurrence() {
        // Phrases with a word seen once skip the table: each candidate's
        // frequency must still be the number of places its words occur in
        // that order, and no phrase be listed twice.
        let k = KeyphraseFinder::build().unwrap();
        let text = "Les centres de données de Nvidia. Les centres de données \
                    d'Europe, les centres de calcul de Nvidia et les puces de \
                    Nvidia. Nvidia vend des puces graphiques; AMD vend des puces \
                    graphiques rares.";
        let mut s = scored(&k, text);
        candidates(
            &s.toks,
            &s.content,
            &mut s.terms,
            &s.scores,
            &[],
            &mut s.multi,
            &mut s.keys,
            &mut s.cands,
        );
        let terms_of = |t: &[Tok]| t.iter().map(|t| t.term).collect::<Vec<u32>>();
        let mut seen = std::collections::HashSet::new();
        assert!(
            s.cands.iter().any(|c| c.tf > 1 && c.len > 1),
            "no recurring phrase"
        );
        assert!(
            s.cands.iter().any(|c| c.tf == 1 && c.len > 1),
            "no phrase seen once"
        );
        for c in &s.cands {
            let words = terms_of(c.words(&s.toks));
            assert!(seen.insert(words.clone()), "listed twice: {words:?}");
            let at: Vec<usize> = s
                .toks
                .windows(words.len())
                .enumerate()
                .filter(|(_, w)| {
                    terms_of(w) == words && !w[1..].iter().any(|t| t.is(Tok::BOUNDARY))
                })
                .map(|(i, _)| i)
                .collect();
            assert_eq!(at.first(), Some(&(c.first as usize)), "{words:?}");
            assert_eq!(c.tf as usize, at.len(), "{words:?}");
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
