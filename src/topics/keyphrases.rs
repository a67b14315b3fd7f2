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
//!   good words rank first.
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

use crate::data::{self, Lexicon};
use crate::record::{Entity, Keyphrase};
use crate::text::{is_word_char, Folded};
use crate::Error;
use std::collections::{HashMap, HashSet};

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
/// Words per phrase at most, stop words included (`part de marché de l’IA`).
const MAX_TOKENS: usize = 5;

#[derive(Clone, Debug)]
pub(crate) struct KeyphraseFinder {
    stop: HashSet<String>,
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    term: u32,
    /// Original byte span.
    start: usize,
    end: usize,
    /// Folded byte span.
    fstart: usize,
    fend: usize,
    sentence: u32,
    /// A phrase cannot run from the previous token into this one.
    boundary: bool,
    stop: bool,
    /// A stop word that may link the words of a phrase (`de`, `of`).
    connector: bool,
    content: bool,
    upper: bool,
    acronym: bool,
    /// Starts inside an entity mention (not at its first word).
    in_entity: bool,
    /// Ends inside an entity mention (not at its last word).
    cuts_entity: bool,
}

#[derive(Clone, Debug, Default)]
struct Term {
    tf: u32,
    upper: u32,
    acronym: u32,
    sentences: Vec<u32>,
    left: u32,
    right: u32,
    left_distinct: u32,
    right_distinct: u32,
}

#[derive(Clone, Copy, Debug)]
struct Cand {
    tf: u32,
    start: usize,
    end: usize,
    first: usize,
    len: usize,
}

impl KeyphraseFinder {
    pub(crate) fn build() -> Result<KeyphraseFinder, Error> {
        let mut stop = HashSet::new();
        for src in [data::STOPWORDS_FR, data::STOPWORDS_EN] {
            for row in Lexicon::parse(src)? {
                stop.insert(crate::text::fold_str(row.field(0)?));
            }
        }
        Ok(KeyphraseFinder { stop })
    }

    pub(crate) fn find(&self, text: &str, folded: &Folded, entities: &[Entity]) -> Vec<Keyphrase> {
        let f = folded.as_str();
        let mut terms: HashMap<&str, u32> = HashMap::new();
        let mut toks = self.tokenize(text, folded, &mut terms);
        if toks.is_empty() {
            return Vec::new();
        }
        mark_entities(&mut toks, entities);
        let word_scores = word_scores(&toks, terms.len());
        // Terms written capitalised away from a sentence start, or as acronyms.
        let mut named = vec![false; terms.len()];
        for t in &toks {
            named[t.term as usize] |= t.upper || t.acronym;
        }
        let cands = candidates(&toks);
        let mut ranked: Vec<(f64, Cand)> = cands
            .into_values()
            .map(|c| {
                let words = &toks[c.first..c.first + c.len];
                let (mut log_sum, mut n) = (0.0f64, 0usize);
                for t in words.iter().filter(|t| t.content) {
                    log_sum += word_scores[t.term as usize].max(f64::MIN_POSITIVE).ln();
                    n += 1;
                }
                // The geometric mean, not YAKE's product: a product favours
                // any three words over two good ones. Multiword phrases get a
                // mild bonus instead.
                let mean = (log_sum / n.max(1) as f64).exp();
                (
                    mean / (c.tf as f64 * (1.0 + MULTIWORD_BONUS * (n.max(1) - 1) as f64)),
                    c,
                )
            })
            .filter(|(s, _)| s.is_finite() && *s > 0.0)
            // A lone common word (`restrictions`) is no key phrase; a lone
            // name or acronym (`Nvidia`, `GPU`) is.
            .filter(|(_, c)| c.len > 1 || named[toks[c.first].term as usize])
            .collect();
        ranked.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.start.cmp(&b.1.start)));

        let mut kept: Vec<(f64, Vec<String>, Cand)> = Vec::new();
        for (s, c) in ranked {
            let key: Vec<String> = toks[c.first..c.first + c.len]
                .iter()
                .filter(|t| t.content)
                .map(|t| stem(&f[t.fstart..t.fend]))
                .collect();
            if kept
                .iter()
                .any(|(_, k, _)| 2 * shared(k, &key) >= key.len())
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
                    text: text[c.start..c.end].to_string(),
                    score: score.clamp(0.0, 1.0),
                }
            })
            .collect()
    }

    /// Words of the folded text with their original spans, up to [`MAX_WORDS`].
    fn tokenize<'f>(
        &self,
        text: &str,
        folded: &'f Folded,
        terms: &mut HashMap<&'f str, u32>,
    ) -> Vec<Tok> {
        let f = folded.as_str();
        let mut toks = Vec::new();
        let (mut sentence, mut boundary, mut new_sentence, mut read) = (0u32, true, true, 0usize);
        let mut chars = f.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if !is_word_char(c) {
                let next_is_word = chars.peek().is_some_and(|&(_, d)| is_word_char(d));
                match c {
                    ' ' | '\t' | '\'' => {}
                    // `12.5`, `u.s`: a period inside a token is no sentence end.
                    '.' if next_is_word => boundary = true,
                    '.' | '!' | '?' | '…' | '\n' | '\r' => {
                        (boundary, new_sentence) = (true, true)
                    }
                    _ => boundary = true,
                }
                continue;
            }
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                let joins = d == '-' && f[j + 1..].chars().next().is_some_and(is_word_char);
                if !(is_word_char(d) || joins) {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            read += 1;
            if read > MAX_WORDS {
                break;
            }
            let word = &f[i..end];
            if new_sentence && !toks.is_empty() {
                sentence += 1;
            }
            let initial = new_sentence;
            new_sentence = false;
            if !word.chars().any(char::is_alphabetic)
                || word.starts_with(|c: char| c.is_ascii_digit())
            {
                // Numbers and figures with units (`90mw`) end phrases and
                // carry no statistics.
                boundary = true;
                continue;
            }
            let (start, stop_at) = (folded.to_orig(i), folded.to_orig(end));
            let written = text.get(start..stop_at).unwrap_or("");
            let mut letters = written.chars().filter(|c| c.is_alphabetic());
            let acronym = written.chars().filter(|c| c.is_alphabetic()).count() > 1
                && letters.all(char::is_uppercase);
            let upper = !initial && written.chars().next().is_some_and(char::is_uppercase);
            let stop = self.stop.contains(word);
            let connector = CONNECTORS.contains(&word);
            let next = terms.len() as u32;
            let term = *terms.entry(word).or_insert(next);
            toks.push(Tok {
                term,
                start,
                end: stop_at,
                fstart: i,
                fend: end,
                sentence,
                boundary,
                stop,
                connector,
                content: !stop && word.chars().count() > 1,
                upper,
                acronym,
                in_entity: false,
                cuts_entity: false,
            });
            boundary = false;
        }
        toks
    }
}

fn mark_entities(toks: &mut [Tok], entities: &[Entity]) {
    let mut k = 0;
    for t in toks.iter_mut() {
        while k < entities.len() && entities[k].end <= t.start {
            k += 1;
        }
        if let Some(e) = entities.get(k) {
            t.in_entity = e.start < t.start;
            t.cuts_entity = e.start < t.end && t.end < e.end;
        }
    }
}

/// YAKE's word score per term (lower is better); stop words get infinity-free
/// but irrelevant values since only content words are multiplied.
fn word_scores(toks: &[Tok], n_terms: usize) -> Vec<f64> {
    let mut terms = vec![Term::default(); n_terms];
    let mut pairs: HashSet<(u32, u32)> = HashSet::new();
    let n_sentences = toks.last().map_or(1, |t| t.sentence + 1) as f64;
    for (i, t) in toks.iter().enumerate() {
        let s = &mut terms[t.term as usize];
        s.tf += 1;
        s.upper += u32::from(t.upper && !t.acronym);
        s.acronym += u32::from(t.acronym);
        s.sentences.push(t.sentence);
        if i > 0 && !t.boundary {
            let l = toks[i - 1].term;
            terms[t.term as usize].left += 1;
            terms[l as usize].right += 1;
            if pairs.insert((l, t.term)) {
                terms[t.term as usize].left_distinct += 1;
                terms[l as usize].right_distinct += 1;
            }
        }
    }
    let content: Vec<f64> = toks
        .iter()
        .filter(|t| t.content)
        .map(|t| t.term)
        .collect::<HashSet<u32>>()
        .into_iter()
        .map(|t| terms[t as usize].tf as f64)
        .collect();
    let n = content.len().max(1) as f64;
    let mean = content.iter().sum::<f64>() / n;
    let std = (content.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
    let max_tf = content.iter().copied().fold(1.0, f64::max);
    terms
        .iter()
        .map(|s| {
            let tf = s.tf.max(1) as f64;
            let casing = s.upper.max(s.acronym) as f64 / (1.0 + tf.ln());
            let median = s.sentences.get(s.sentences.len() / 2).copied().unwrap_or(0) as f64;
            let position = (3.0 + median).ln().ln();
            let freq = tf / (mean + std).max(1.0);
            let ratio = |d: u32, total: u32| {
                if total == 0 {
                    0.0
                } else {
                    d as f64 / total as f64
                }
            };
            let rel = 1.0
                + (ratio(s.left_distinct, s.left) + ratio(s.right_distinct, s.right)) * tf / max_tf;
            let mut distinct = s.sentences.clone();
            distinct.dedup();
            let spread = distinct.len() as f64 / n_sentences;
            rel * position / (casing + freq / rel + spread / rel)
        })
        .collect()
}

/// Candidate phrases keyed by their term ids, with their frequency and first
/// occurrence.
fn candidates(toks: &[Tok]) -> HashMap<([u32; MAX_TOKENS], usize), Cand> {
    let mut out: HashMap<([u32; MAX_TOKENS], usize), Cand> = HashMap::new();
    for i in 0..toks.len() {
        if !toks[i].content || toks[i].in_entity {
            continue;
        }
        let mut key = [u32::MAX; MAX_TOKENS];
        let (mut content, mut gaps) = (0, 0);
        for j in i..toks.len().min(i + MAX_TOKENS) {
            let t = &toks[j];
            if j > i && t.boundary {
                break;
            }
            key[j - i] = t.term;
            if t.stop && !toks[j - 1].stop {
                gaps += 1;
            }
            if t.content {
                content += 1;
                if content > MAX_CONTENT {
                    break;
                }
                if !t.cuts_entity {
                    let len = j - i + 1;
                    out.entry((key, len))
                        .and_modify(|c| c.tf += 1)
                        .or_insert(Cand {
                            tf: 1,
                            start: toks[i].start,
                            end: t.end,
                            first: i,
                            len,
                        });
                }
            } else if !t.connector || gaps > 1 {
                // One run of linking words at most: `centres de données`,
                // `part de marché`, not `semiconductors to China in October`.
                break;
            }
        }
    }
    out
}

/// A word without a final plural mark, for deduplication.
fn stem(word: &str) -> String {
    let w = word
        .strip_suffix(['s', 'x'])
        .filter(|w| w.chars().count() > 2)
        .unwrap_or(word);
    w.to_string()
}

/// How many words of `b` are also in `a`.
fn shared(a: &[String], b: &[String]) -> usize {
    b.iter().filter(|w| a.contains(w)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
