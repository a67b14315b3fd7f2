//! Reading the words of a document for [`KeyphraseFinder`], in a few
//! small passes rather than one loop doing everything per word: a smaller
//! loop keeps more of its values in registers, and mixes fewer
//! unpredictable branches (a word seen before or not, a neighbour pair seen
//! before or not, a capitalised word or not). Counting the statistics in
//! the reading loop took 15% more time on the bench corpus, for about as
//! many instructions.
//!
//! 1. [`read`]: the fold's tokens to words, each interned to a term id by
//!    the hash its token carries (and counted), with its sentence and
//!    boundary;
//! 2. [`KeyphraseFinder::classify`]: each distinct word's class;
//! 3. [`count`]: YAKE's statistics of each term, casing as written;
//! 4. [`mark_entities`]: where words stand in the entity mentions.

use super::table::{PairSet, Slots};
use super::{KeyphraseFinder, Name, Term, Tok, MAX_WORDS};
use crate::record::Entity;
use crate::text::{token_hash, Folded};

/// What the first byte of a fold token says of it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lead {
    /// A space: changes nothing.
    Space,
    /// An ASCII letter: a word, not a number.
    Letter,
    /// An ASCII digit: a number (or a figure with a unit, `90mw`).
    Digit,
    /// `_`: a word, a number unless a letter follows.
    Underscore,
    /// A tab or an apostrophe: no boundary.
    Link,
    /// `.`: a sentence end, unless a word follows (`12.5`, `u.s`).
    Period,
    /// `!`, `?`, a line break: a sentence end.
    End,
    /// Other ASCII punctuation: a boundary.
    Punct,
    /// A byte of a multibyte character: decoded to tell.
    Other,
}

impl Lead {
    /// Tokens that change nothing (bits `1 << lead`).
    const SKIP: u16 = 1 << Lead::Space as u16 | 1 << Lead::Link as u16;
    /// ASCII word tokens other than letters.
    const WORD: u16 = 1 << Lead::Digit as u16 | 1 << Lead::Underscore as u16;
}

static LEAD: [Lead; 256] = {
    let mut t = [Lead::Other; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = match c {
            b' ' => Lead::Space,
            b'\t' | b'\'' => Lead::Link,
            b'.' => Lead::Period,
            b'!' | b'?' | b'\n' | b'\r' => Lead::End,
            b'_' => Lead::Underscore,
            _ if c.is_ascii_alphabetic() => Lead::Letter,
            _ if c.is_ascii_digit() => Lead::Digit,
            _ => Lead::Punct,
        };
        b += 1;
    }
    t
};

/// Pass 1: the words of the folded text, up to [`MAX_WORDS`], as [`Tok`]s
/// with their term ids, original spans and flags `BOUNDARY`, `INITIAL`; a
/// word not seen before gets a new [`Name`], and each occurrence counts in
/// its `tf`. `index` must be empty, with room for a word per fold token.
///
/// Words are runs of word characters, joined by inner hyphens. Numbers,
/// punctuation and line breaks end a phrase (a boundary before the next
/// word), an apostrophe or a space does not; `.`, `!`, `?`, `…` and line
/// breaks end a sentence.
pub(super) fn read(folded: &Folded, index: &mut Slots, names: &mut Vec<Name>, toks: &mut Vec<Tok>) {
    let f = folded.as_str();
    let fb = f.as_bytes();
    // The fold's tokens: word runs and single non-word characters (computed
    // once for every stage). Tokens are contiguous: a token's end is the
    // next one's start.
    let ft = folded.tokens();
    let (mut sentence, mut read) = (0u32, 0usize);
    // `Tok::BOUNDARY` and `Tok::INITIAL` for the next word.
    let mut next = Tok::BOUNDARY | Tok::INITIAL;
    let mut k = 0;
    while k < ft.len() {
        let t = &ft[k];
        let lead = LEAD[fb[t.start as usize] as usize];
        k += 1;
        // Conditional branches on bit masks in order of frequency, not a
        // `match`: its jump table mispredicted most of the time.
        if lead != Lead::Letter {
            let bit = 1u16 << lead as u16;
            if bit & Lead::SKIP != 0 {
                // A third of all tokens.
                continue;
            }
            if bit & Lead::WORD == 0 && !(lead == Lead::Other && t.is_word(f)) {
                next |= punctuation(folded, k - 1, lead);
                continue;
            }
        }
        // The word: a word run, and runs joined by inner hyphens (`etats-unis`).
        let (a, mut b, mut hash, mut oend) = (t.start, t.end, t.hash, t.oend);
        if fb.get(b as usize) == Some(&b'-') && ft.get(k + 1).is_some_and(|n| n.is_word(f)) {
            (b, hash, oend, k) = joined(folded, k);
        }
        read += 1;
        if read > MAX_WORDS {
            break;
        }
        if next & Tok::INITIAL != 0 && !toks.is_empty() {
            sentence += 1;
        }
        // Numbers and figures with units (`90mw`) end phrases and carry no
        // statistics. Most words start with a letter, which settles it.
        if lead != Lead::Letter && (lead == Lead::Digit || !alphabetic(&f[a as usize..b as usize]))
        {
            // The number took the sentence start, if it was one.
            next = Tok::BOUNDARY;
            continue;
        }
        let key = word_key(fb, a as usize, b as usize);
        let len = b - a;
        let found = index.find(hash, |id| {
            let n = &names[id as usize];
            n.key == key && n.end - n.start == len && (len <= 16 || same_long(fb, n, a))
        });
        let term = match found {
            Ok(id) => {
                names[id as usize].tf += 1;
                id
            }
            Err(slot) => {
                let id = names.len() as u32;
                names.push(Name {
                    key,
                    hash,
                    start: a,
                    end: b,
                    tf: 1,
                });
                index.insert(slot, hash, id, |v| names[v as usize].hash);
                id
            }
        };
        toks.push(Tok {
            term,
            sentence,
            start: t.ostart,
            end: oend,
            entity: 0,
            flags: next,
        });
        next = 0;
        // Most words are followed by a space (the next token, tokens being
        // contiguous), which changes nothing: skipped without a dispatch.
        if fb.get(b as usize) == Some(&b' ') {
            k += 1;
        }
    }
}

/// What the non-word fold token `k` (not a space) says of the next word:
/// [`Tok::BOUNDARY`], and [`Tok::INITIAL`] if it ends a sentence.
fn punctuation(folded: &Folded, k: usize, lead: Lead) -> u8 {
    let (f, ft) = (folded.as_str(), folded.tokens());
    match lead {
        // `12.5`, `u.s`: a period inside a token is no sentence end.
        Lead::Period if ft.get(k + 1).is_some_and(|n| n.is_word(f)) => Tok::BOUNDARY,
        Lead::Period | Lead::End => Tok::BOUNDARY | Tok::INITIAL,
        Lead::Other if &f[ft[k].start as usize..ft[k].end as usize] == "…" => {
            Tok::BOUNDARY | Tok::INITIAL
        }
        _ => Tok::BOUNDARY,
    }
}

/// The folded end, hash and original end of the word runs joined by
/// hyphens from the fold token before `k` on, and the token after them.
#[cold]
fn joined(folded: &Folded, mut k: usize) -> (u32, u64, u32, usize) {
    let (f, ft) = (folded.as_str(), folded.tokens());
    let start = ft[k - 1].start as usize;
    let mut last = &ft[k - 1];
    while f.as_bytes().get(last.end as usize) == Some(&b'-')
        && ft.get(k + 1).is_some_and(|n| n.is_word(f))
    {
        last = &ft[k + 1];
        k += 2;
    }
    let hash = token_hash(&f.as_bytes()[start..last.end as usize]);
    (last.end, hash, last.oend, k)
}

/// Whether a word has a letter.
#[cold]
fn alphabetic(word: &str) -> bool {
    if word.is_ascii() {
        word.bytes().any(|b| b.is_ascii_alphabetic())
    } else {
        word.chars().any(char::is_alphabetic)
    }
}

/// Whether the word of more than 16 bytes at `a` is `n` (of its length).
#[cold]
fn same_long(fb: &[u8], n: &Name, a: u32) -> bool {
    let len = (n.end - n.start) as usize;
    fb[n.start as usize..n.end as usize] == fb[a as usize..a as usize + len]
}

impl KeyphraseFinder {
    /// Pass 2: a [`Term`] per [`Name`], with its class
    /// ([`KeyphraseFinder::class`]).
    pub(super) fn classify(&self, f: &str, names: &[Name], terms: &mut Vec<Term>) {
        let fb = f.as_bytes();
        terms.extend(
            names
                .iter()
                .map(|n| Term::new(self.class(&fb[n.start as usize..n.end as usize], n), n.tf)),
        );
    }
}

/// Pass 3: YAKE's statistics of each content term (all but its frequency,
/// which [`read`] counted; no other term gets a score, and half the words
/// are stop words), and the class of each word in its flags, with
/// `RECURS` if the word occurs more than once.
///
/// Casing is read from the original text: a capitalised word away from a
/// sentence start, or an acronym. Relatedness counts the neighbours of a
/// word, and how many are distinct (pairs with a content word only).
/// `pairs` must be empty.
///
/// Writes to `content` the positions of the content words, without a
/// branch on each word's class (a coin flip): each position is written,
/// and the count advances by one for a content word.
pub(super) fn count(
    text: &str,
    toks: &mut [Tok],
    terms: &mut [Term],
    pairs: &mut PairSet,
    content: &mut Vec<u32>,
) {
    let tb = text.as_bytes();
    let (mut prev, mut prev_class, mut prev_recurs) = (0u32, 0u8, 0u32);
    content.clear();
    content.resize(toks.len(), 0);
    let mut n = 0;
    for (i, t) in toks.iter_mut().enumerate() {
        let s = &mut terms[t.term as usize];
        // Whether the word occurs more than once, as 0 or 1 (a flag, not a
        // condition: one branch below, not one per word of the pair).
        let recurs = s.tf.min(2) >> 1;
        let class = s.class;
        // A pair recurs only if both its words do: a pair with a word that
        // occurs once (most pairs) is new, and never looked up.
        let pair = t.flags & Tok::BOUNDARY == 0 && (class | prev_class) & Tok::CONTENT != 0;
        let mut distinct = 1;
        if pair && recurs & prev_recurs != 0 {
            distinct = u32::from(pairs.insert(prev, t.term));
        }
        if class & Tok::CONTENT != 0 {
            // A lower-case letter first (most words): neither capitalised
            // nor an acronym.
            if !tb.get(t.start as usize).is_some_and(u8::is_ascii_lowercase) {
                match casing_at(
                    text,
                    t.start as usize,
                    t.end as usize,
                    t.flags & Tok::INITIAL != 0,
                ) {
                    (true, _) => s.acronym += 1,
                    (false, true) => s.upper += 1,
                    (false, false) => {}
                }
            }
            // Occurrences come in sentence order, so a change of sentence
            // is a new one: no list is kept.
            s.sentences += u32::from(s.last_sentence != t.sentence);
            s.last_sentence = t.sentence;
            // The median sentence (YAKE's position): that of occurrence
            // `tf / 2`, `tf` being known since `read`.
            s.median = if s.seen == s.tf / 2 {
                t.sentence
            } else {
                s.median
            };
            s.seen += 1;
            if pair {
                s.left += 1;
                s.left_distinct += distinct;
            }
        }
        if pair {
            let p = &mut terms[prev as usize];
            p.right += 1;
            p.right_distinct += distinct;
        }
        t.flags = t.flags & Tok::BOUNDARY | class | (recurs as u8) << 7;
        (prev, prev_class, prev_recurs) = (t.term, class, recurs);
        content[n] = i as u32;
        n += usize::from(class & Tok::CONTENT != 0);
    }
    content.truncate(n);
}

/// Pass 4: where each word stands in the entity mentions (sorted, not
/// overlapping): `IN_ENTITY` if one starts before the word, `CUTS_ENTITY`
/// if one ends after it, and the mention's index plus one in `entity` if
/// the word is inside it from its first byte on.
///
/// A word is judged by the first mention that ends after the word starts;
/// words between mentions are skipped.
pub(super) fn mark_entities(toks: &mut [Tok], entities: &[Entity]) {
    let mut i = 0;
    for (e, m) in entities.iter().enumerate() {
        // Words before `i` started before an earlier mention ended. Of the
        // others, those ending by the mention's start are clear of it (a
        // few words: a linear skip costs less than a binary search).
        while toks.get(i).is_some_and(|t| t.end as usize <= m.start) {
            i += 1;
        }
        while let Some(t) = toks.get_mut(i).filter(|t| (t.start as usize) < m.end) {
            mark(t, m, e);
            i += 1;
        }
    }
}

/// Marks word `t` against mention `m` (index `e`), which ends after it starts.
fn mark(t: &mut Tok, m: &Entity, e: usize) {
    let (start, end) = (t.start as usize, t.end as usize);
    if m.start < start {
        t.flags |= Tok::IN_ENTITY;
    }
    if end < m.end {
        t.flags |= Tok::CUTS_ENTITY;
    }
    if m.start <= start {
        t.entity = e as u32 + 1;
    }
}

/// The first and last 8 bytes of the word `s[a..b]` (little-endian, the
/// first byte lowest): `(first, 0)` for a word of at most 8 bytes, zero
/// above its end. Two words of one length up to 16 bytes are equal exactly
/// when their keys are, so an index hit is confirmed with two compares (a
/// call to `memcmp` cost more than the probe it confirmed).
#[inline]
pub(super) fn word_key(s: &[u8], a: usize, b: usize) -> (u64, u64) {
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

/// [`casing`] of the word `text[start..end]` (none if that is no word of
/// `text`), most capitalised words (`Dell`: an ASCII letter, then a
/// lower-case one) settled from two bytes, without a call or a check of
/// the whole span.
#[inline]
fn casing_at(text: &str, start: usize, end: usize, initial: bool) -> (bool, bool) {
    let tb = text.as_bytes();
    if let (Some(&a), Some(&b)) = (tb.get(start), tb.get(start + 1)) {
        if end >= start + 2 && a.is_ascii() && b.is_ascii_lowercase() && text.is_char_boundary(end)
        {
            return (false, !initial && a.is_ascii_uppercase());
        }
    }
    casing(text.get(start..end).unwrap_or(""), initial)
}

/// `(acronym, capitalised)` for a word as written: an acronym has two or
/// more letters, all upper case; a capitalised word starts with an upper
/// case letter away from a sentence start.
#[inline(never)]
fn casing(written: &str, initial: bool) -> (bool, bool) {
    if written
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_lowercase)
    {
        // A lower-case letter first (most words): neither.
        return (false, false);
    }
    if let [a, b, ..] = written.as_bytes() {
        // `Dell`, `Le`: an ASCII first letter and a lower-case one after,
        // so no acronym (most capitalised words).
        if a.is_ascii() && b.is_ascii_lowercase() {
            return (false, !initial && a.is_ascii_uppercase());
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A word as `read` found it: as written, its sentence, a boundary
    /// before it, first of its sentence.
    type Found = (String, u32, bool, bool);

    /// The words `read` finds in `text`, and their term ids.
    fn read_text(text: &str) -> (Vec<Found>, Vec<u32>) {
        let folded = Folded::new(text);
        let (mut index, mut names, mut toks) = (Slots::default(), Vec::new(), Vec::new());
        index.reset(folded.tokens().len());
        read(&folded, &mut index, &mut names, &mut toks);
        let words = toks
            .iter()
            .map(|t| {
                (
                    text[t.start as usize..t.end as usize].to_string(),
                    t.sentence,
                    t.flags & Tok::BOUNDARY != 0,
                    t.flags & Tok::INITIAL != 0,
                )
            })
            .collect();
        (words, toks.iter().map(|t| t.term).collect())
    }

    #[test]
    fn read_finds_words_sentences_and_boundaries() {
        let text = "Les États-Unis, 12.5 % du marché. 3 puces d'IA; u.s chips… Le marché!";
        let (words, terms) = read_text(text);
        let w = |s: &str, sentence, boundary, initial| (s.to_string(), sentence, boundary, initial);
        let want = vec![
            w("Les", 0, true, true),
            w("États-Unis", 0, false, false),
            // After a comma and a number: a boundary.
            w("du", 0, true, false),
            w("marché", 0, false, false),
            // The number took the sentence start.
            w("puces", 1, true, false),
            w("d", 1, false, false),
            // An apostrophe is no boundary.
            w("IA", 1, false, false),
            // A period inside a token ends no sentence.
            w("u", 1, true, false),
            w("s", 1, true, false),
            w("chips", 1, false, false),
            w("Le", 2, true, true),
            w("marché", 2, false, false),
        ];
        assert_eq!(words, want, "{text:?}");
        // `marché` twice, one term; the others distinct, in order.
        assert_eq!(terms, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 3]);
    }

    #[test]
    fn read_interns_words_of_any_length_exactly() {
        // Words around 8 and 16 bytes and longer, equal or differing in one
        // byte, so that keys and long compares are both exercised.
        let long = "anticonstitutionnellement";
        let text = format!(
            "{long} abcdefgh abcdefgi {long} abcdefghijklmnop abcdefghijklmnoq \
             abcdefgh anticonstitutionnellemenz abcdefghijklmnop"
        );
        let (_, terms) = read_text(&text);
        assert_eq!(terms, [0, 1, 2, 0, 3, 4, 1, 5, 3], "{text:?}");
    }

    /// Reads, classifies and counts the words of `text`, `content` being
    /// the list `count` fills: its tokens, terms and content list.
    fn counted(
        k: &KeyphraseFinder,
        text: &str,
        mut content: Vec<u32>,
    ) -> (Vec<Tok>, Vec<Term>, Vec<u32>) {
        let folded = Folded::new(text);
        let (mut index, mut names, mut toks) = (Slots::default(), Vec::new(), Vec::new());
        index.reset(folded.tokens().len());
        read(&folded, &mut index, &mut names, &mut toks);
        let mut terms = Vec::new();
        k.classify(folded.as_str(), &names, &mut terms);
        let mut pairs = PairSet::default();
        pairs.reset(toks.len());
        count(text, &mut toks, &mut terms, &mut pairs, &mut content);
        (toks, terms, content)
    }

    #[test]
    fn count_lists_the_content_words_and_counts_pairs() {
        let k = KeyphraseFinder::build().unwrap();
        let text = "Les puces de Nvidia et les puces d'AMD. Nvidia vend des puces.";
        // Content left over from a previous document is replaced.
        let (toks, terms, content) = counted(&k, text, vec![7; 3]);
        let want: Vec<u32> = (0..toks.len() as u32)
            .filter(|&i| toks[i as usize].is(Tok::CONTENT))
            .collect();
        assert_eq!(content, want);
        let word = |t: &Tok| &text[t.start as usize..t.end as usize];
        let got: Vec<&str> = content.iter().map(|&i| word(&toks[i as usize])).collect();
        assert_eq!(
            got,
            ["puces", "Nvidia", "puces", "AMD", "Nvidia", "vend", "puces"]
        );
        // `puces`: after `Les` and `les` (one term once folded: one distinct
        // pair) and `des`; before `de` and `d`, and last in the text.
        let puces = &terms[toks[content[0] as usize].term as usize];
        assert_eq!((puces.tf, puces.sentences), (3, 2));
        assert_eq!((puces.left, puces.left_distinct), (3, 2));
        assert_eq!((puces.right, puces.right_distinct), (2, 2));
    }

    #[test]
    fn distinct_neighbours_are_those_of_a_set_of_every_pair() {
        // Words occurring once, twice and more, repeated pairs, pairs of
        // one word, boundaries: pairs with a word seen once are not stored.
        let k = KeyphraseFinder::build().unwrap();
        let text = "Les puces puces de Nvidia et les puces d'AMD, puces de Nvidia. \
                    Nvidia vend des puces; AMD vend des puces graphiques de Nvidia, \
                    puces puces rares.";
        let (toks, terms, _) = counted(&k, text, Vec::new());
        let mut seen = std::collections::HashSet::new();
        let mut want = vec![(0u32, 0u32, 0u32, 0u32); terms.len()];
        for w in toks.windows(2) {
            let (p, t) = (&w[0], &w[1]);
            if t.is(Tok::BOUNDARY) || !(p.is(Tok::CONTENT) || t.is(Tok::CONTENT)) {
                continue;
            }
            let new = u32::from(seen.insert((p.term, t.term)));
            want[t.term as usize].0 += 1;
            want[t.term as usize].1 += new;
            want[p.term as usize].2 += 1;
            want[p.term as usize].3 += new;
        }
        assert!(seen.len() > 5 && seen.len() < toks.len() - 3, "{seen:?}");
        assert!(terms.iter().filter(|s| s.content()).count() > 5);
        for (i, s) in terms.iter().enumerate() {
            // Only content terms get a score, and their statistics.
            if s.content() {
                let got = (s.left, s.left_distinct, s.right, s.right_distinct);
                assert_eq!(got, want[i], "term {i}");
            }
            assert_eq!(
                s.tf,
                toks.iter().filter(|t| t.term == i as u32).count() as u32
            );
        }
    }

    #[test]
    fn casing_at_equals_casing_of_the_span() {
        let text = "Dell dELL IA iPhone Le la É État ÉTAT x X Xy 12 N°1 A. Ab\u{301} Ab";
        for start in 0..=text.len() {
            for end in start..=text.len() + 1 {
                for initial in [false, true] {
                    let want = casing(text.get(start..end).unwrap_or(""), initial);
                    let got = casing_at(text, start, end, initial);
                    assert_eq!(got, want, "{start}..{end} {initial}");
                }
            }
        }
    }

    /// The walk `mark_entities` makes, done word by word (each word marked
    /// by [`mark`] against the first mention that ends after it starts).
    fn marks_by_word(toks: &mut [Tok], entities: &[Entity]) {
        let mut e = 0;
        for t in toks {
            let (start, end) = (t.start as usize, t.end as usize);
            while e < entities.len() && entities[e].end <= start {
                e += 1;
            }
            if let Some(m) = entities.get(e).filter(|m| m.start < end) {
                mark(t, m, e);
            }
        }
    }

    #[test]
    fn a_word_is_marked_by_where_it_stands_in_a_mention() {
        let tok = |start, end| Tok {
            term: 0,
            sentence: 0,
            start,
            end,
            entity: 0,
            flags: 0,
        };
        let m = Entity {
            start: 10,
            end: 20,
            text: String::new(),
            kind: crate::EntityKind::Person,
            name: String::new(),
            id: String::new(),
        };
        // (word, flags, entity) for a mention [10, 20), index 2: IN_ENTITY
        // when it starts before the word, CUTS_ENTITY when it ends after it.
        let cases = [
            ((10, 20), 0, 3),                // the whole mention
            ((10, 14), Tok::CUTS_ENTITY, 3), // its first word
            ((15, 20), Tok::IN_ENTITY, 3),   // its last word
            ((12, 22), Tok::IN_ENTITY, 3),   // a word running past its end
            ((8, 12), Tok::CUTS_ENTITY, 0),  // a word starting before it
            ((8, 25), 0, 0),                 // a word holding it
        ];
        for ((s, e), flags, entity) in cases {
            let mut t = tok(s, e);
            mark(&mut t, &m, 2);
            assert_eq!((t.flags, t.entity), (flags, entity), "word {s}..{e}");
        }
    }

    #[test]
    fn entity_marks_follow_the_word_by_word_rule() {
        // Words of 1 to 4 bytes with gaps; mentions sorted, not overlapping,
        // starting and ending inside words, between words or on their
        // bounds, several in one word.
        let mut state = 1u64;
        let mut rand = |n: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) % n
        };
        for round in 0..500 {
            let mut toks = Vec::new();
            let mut at = 0u32;
            for _ in 0..rand(30) {
                at += rand(3) as u32;
                let len = 1 + rand(4) as u32;
                toks.push(Tok {
                    term: 0,
                    sentence: 0,
                    start: at,
                    end: at + len,
                    entity: 0,
                    flags: 0,
                });
                at += len;
            }
            let mut entities = Vec::new();
            let mut e = rand(3) as usize;
            while e < at as usize + 2 {
                let len = 1 + rand(9) as usize;
                entities.push(Entity {
                    start: e,
                    end: e + len,
                    text: String::new(),
                    kind: crate::EntityKind::Person,
                    name: String::new(),
                    id: String::new(),
                });
                e += len + rand(6) as usize;
            }
            let mut want = toks.clone();
            marks_by_word(&mut want, &entities);
            mark_entities(&mut toks, &entities);
            let key =
                |v: &[Tok]| -> Vec<(u32, u8)> { v.iter().map(|t| (t.entity, t.flags)).collect() };
            assert_eq!(key(&toks), key(&want), "round {round}");
        }
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
}
