//! Number words (`deux`, `dix-sept`, `hundred`) among the tokens of a
//! folded text.
//!
//! The answer is the phrase matcher's ([`PhraseMatcher`](crate::text::PhraseMatcher)):
//! leftmost-longest, non-overlapping, on token boundaries. But a language
//! has a few dozen number words against the hundreds of thousands of tokens
//! of a corpus, so the walk is reduced to one load per token: a small
//! direct-mapped table, indexed by the token's hash (computed once per text
//! by [`Folded`]), says whether any word starts with that token. It stays in
//! L1, and almost every token of a text misses it. The generic matcher
//! filtered the same tokens through a Bloom filter and a trie probe, which
//! was a quarter of the numbers stage.

use crate::text::{is_word_char, token_hash, Folded};

/// No entry.
const NONE: u32 = u32::MAX;

/// Slots of the table of first tokens: a fixed power of two, so that the
/// masked index needs no bounds check. 4 KiB; a language's few dozen first
/// tokens leave almost every slot empty, and more only make chains longer.
const SLOTS: usize = 1024;

/// Compiled number words of one language, reported by their index in the
/// list they were built from.
#[derive(Clone, Debug)]
pub(crate) struct WordFinder {
    /// Per `hash % SLOTS`: the first [`Start`] whose token hashes there, or
    /// `NONE`.
    slots: Box<[u32; SLOTS]>,
    starts: Vec<Start>,
    /// Each word's tokens, as `(hash, bytes)`.
    words: Vec<Vec<(u64, Box<[u8]>)>>,
}

/// A token some words start with.
#[derive(Clone, Debug)]
struct Start {
    hash: u64,
    bytes: Box<[u8]>,
    /// The next start in the same slot, or `NONE`.
    next: u32,
    /// The words starting with this token, most tokens first.
    words: Vec<u32>,
}

impl WordFinder {
    /// Compiles `words`, folded and distinct; empty ones are never reported.
    pub(crate) fn build<S: AsRef<str>>(words: &[S]) -> WordFinder {
        let mut f = WordFinder {
            slots: Box::new([NONE; SLOTS]),
            starts: Vec::new(),
            words: Vec::new(),
        };
        for (id, w) in words.iter().enumerate() {
            let toks: Vec<(u64, Box<[u8]>)> = tokens(w.as_ref())
                .map(|t| (token_hash(t.as_bytes()), t.as_bytes().into()))
                .collect();
            let Some((hash, bytes)) = toks.first().cloned() else {
                f.words.push(toks);
                continue;
            };
            let at = match f.starts.iter().position(|s| s.bytes == bytes) {
                Some(at) => at,
                None => {
                    f.starts.push(Start {
                        hash,
                        bytes,
                        next: NONE,
                        words: Vec::new(),
                    });
                    f.starts.len() - 1
                }
            };
            f.starts[at].words.push(id as u32);
            f.words.push(toks);
        }
        for s in &mut f.starts {
            // Longest first; a stable sort keeps the list order otherwise.
            let words = &f.words;
            s.words
                .sort_by_key(|&w| std::cmp::Reverse(words[w as usize].len()));
        }
        // Chained in reverse so each chain lists starts in creation order.
        for i in (0..f.starts.len()).rev() {
            let slot = &mut f.slots[f.starts[i].hash as usize % SLOTS];
            f.starts[i].next = *slot;
            *slot = i as u32;
        }
        f
    }

    /// Calls `take(word, start, end)` with folded byte offsets for each
    /// leftmost-longest number word of `folded`, left to right.
    pub(crate) fn for_each(&self, folded: &Folded, mut take: impl FnMut(usize, usize, usize)) {
        let toks = folded.tokens();
        let hay = folded.as_str().as_bytes();
        let bytes = |k: usize| {
            let t = &toks[k];
            hay.get(t.start as usize..t.end as usize)
                .unwrap_or_default()
        };
        let mut k = 0;
        loop {
            let Some(skip) = self.next_start(toks.get(k..).unwrap_or_default(), |t| t.hash) else {
                return;
            };
            k += skip;
            let h = toks[k].hash;
            let mut s = self.slots[h as usize % SLOTS];
            let mut found = None;
            while let Some(start) = self.starts.get(s as usize) {
                if start.hash == h && *start.bytes == *bytes(k) {
                    found = Some(start);
                    break;
                }
                s = start.next;
            }
            let matched = found.and_then(|start| {
                start.words.iter().find_map(|&w| {
                    let word = &self.words[w as usize];
                    let end = k + word.len();
                    let rest = toks.get(k + 1..end)?;
                    let same = rest
                        .iter()
                        .zip(&word[1..])
                        .enumerate()
                        .all(|(m, (t, (wh, wb)))| t.hash == *wh && *bytes(k + 1 + m) == **wb);
                    same.then_some((w as usize, end))
                })
            });
            match matched {
                Some((w, end)) => {
                    take(w, toks[k].start as usize, toks[end - 1].end as usize);
                    k = end;
                }
                None => k += 1,
            }
        }
    }
}

impl WordFinder {
    /// The first of `toks` that some word may start with (its slot holds a
    /// start), if any. The hot loop: four tokens per test, since a slot
    /// holds `NONE` (all ones) exactly when the AND of four does.
    #[inline]
    // Generic over the token type, which the text module keeps to itself.
    fn next_start<T>(&self, toks: &[T], hash: impl Fn(&T) -> u64) -> Option<usize> {
        let slot = |t: &T| self.slots[hash(t) as usize % SLOTS];
        let mut chunks = toks.chunks_exact(4);
        let mut at = 0;
        for c in &mut chunks {
            if slot(&c[0]) & slot(&c[1]) & slot(&c[2]) & slot(&c[3]) != NONE {
                break;
            }
            at += 4;
        }
        toks.get(at..)?
            .iter()
            .position(|t| slot(t) != NONE)
            .map(|k| at + k)
    }
}

/// The tokens of a folded word, cut as a [`Folded`] text is: maximal runs
/// of word characters, and every other character alone.
fn tokens(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        let c = rest.chars().next()?;
        let len = if is_word_char(c) {
            rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len())
        } else {
            c.len_utf8()
        };
        let (t, r) = rest.split_at(len);
        rest = r;
        Some(t)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{fold_str, PhraseMatcher};

    fn found(f: &WordFinder, text: &str) -> Vec<(usize, usize, usize)> {
        let folded = Folded::new(text);
        let mut out = Vec::new();
        f.for_each(&folded, |w, s, e| out.push((w, s, e)));
        out
    }

    /// The oracle: the phrase matcher, taking every match.
    fn matcher(m: &PhraseMatcher, text: &str) -> Vec<(usize, usize, usize)> {
        let folded = Folded::new(text);
        let mut out = Vec::new();
        m.for_each_in(&folded, |w, s, e| {
            out.push((w, s, e));
            true
        });
        out
    }

    #[test]
    fn tokens_as_folded_cuts_them() {
        let got: Vec<&str> = tokens("quatre-vingt-dix l'an").collect();
        assert_eq!(
            got,
            ["quatre", "-", "vingt", "-", "dix", " ", "l", "'", "an"]
        );
        assert_eq!(tokens("").count(), 0);
    }

    #[test]
    fn longest_word_first_then_on() {
        let words = [
            "dix",
            "dix-sept",
            "sept",
            "quatre-vingt",
            "quatre-vingt-dix",
            "vingt",
        ];
        let f = WordFinder::build(&words);
        // (name, text, expected words as text)
        let rows: &[(&str, &str, &[&str])] = &[
            ("longest", "dix-sept ans", &["dix-sept"]),
            ("shorter when cut", "dix-septième", &["dix"]),
            ("three tokens", "quatre-vingt-dix", &["quatre-vingt-dix"]),
            ("two of three", "quatre-vingt-onze", &["quatre-vingt"]),
            ("prefix only", "quatre-", &[]),
            ("inside a word", "dixième sept", &["sept"]),
            ("case and accents", "DIX-Sept", &["dix-sept"]),
            ("end of text", "vingt", &["vingt"]),
        ];
        for (name, text, want) in rows {
            let folded = fold_str(text);
            let got: Vec<&str> = found(&f, text)
                .iter()
                .map(|&(_, s, e)| &folded[s..e])
                .collect();
            assert_eq!(got, *want, "row {name}: {text:?}");
        }
        assert!(found(&WordFinder::build::<&str>(&[]), "dix").is_empty());
    }

    /// The same matches as the phrase matcher over the real lexicon, on real
    /// sentences and on random texts made of its words and separators.
    #[test]
    fn agrees_with_the_phrase_matcher() {
        let mut lists: [Vec<String>; 2] = Default::default();
        for row in
            crate::data::Lexicon::parse_with_header(crate::data::NUMBER_WORDS, Some("surface"))
                .expect("number words parse")
        {
            let key = fold_str(row.field(0).expect("surface"));
            let l = usize::from(row.field(2).expect("lang") == "en");
            if !lists[l].contains(&key) {
                lists[l].push(key);
            }
        }
        let mut next = crate::test_rng::xorshift(0x9e37_79b9_7f4a_7c15);
        let seps = [" ", "-", " et ", "-et-", "", ", ", "'", "\u{a0}", "é", "2"];
        for list in &lists {
            let f = WordFinder::build(list);
            let m = PhraseMatcher::build(list, "number word").expect("builds");
            let mut texts: Vec<String> = vec![
                "Il a payé vingt et un millions, soit quatre-vingt-dix-neuf euros.".into(),
                "A hundred and twenty-five, one thousand and a half, an ace".into(),
                "dix-sept dix-huit soixante-dix quatre-vingts cents".into(),
            ];
            for _ in 0..2000 {
                let mut t = String::new();
                for _ in 0..1 + next(8) {
                    let w = &list[next(list.len())];
                    // Sometimes a piece of a word only.
                    let w = if next(4) == 0 {
                        w.get(..w.len() / 2).unwrap_or(w)
                    } else {
                        w
                    };
                    t.push_str(w);
                    t.push_str(seps[next(seps.len())]);
                }
                texts.push(t);
            }
            for t in &texts {
                assert_eq!(found(&f, t), matcher(&m, t), "{t:?}");
            }
        }
    }
}
