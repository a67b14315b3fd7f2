//! The one phrase-matching engine: folded phrases compiled into a single
//! leftmost-longest Aho-Corasick automaton, reported only on word boundaries.
//!
//! Gazetteers and topic keywords both go through it. The caller keeps what a
//! pattern means (a list of entries, a keyword weight); the engine only finds
//! where patterns stand and asks the caller whether to take each one.

use super::on_word_boundaries;
use crate::Error;
use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};

/// Compiled folded phrases.
#[derive(Clone, Debug)]
pub struct PhraseMatcher {
    ac: AhoCorasick,
}

impl PhraseMatcher {
    /// Compiles `patterns`, which must already be folded
    /// ([`fold_str`](super::fold_str)) and distinct. Pattern `i` is reported as `i`.
    pub fn build<I, P>(patterns: I, what: &'static str) -> Result<PhraseMatcher, Error>
    where
        I: IntoIterator<Item = P>,
        P: AsRef<[u8]>,
    {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            // Anchored searches find a shorter pattern at the same start when
            // the longest one is rejected.
            .start_kind(StartKind::Both)
            .build(patterns)
            .map_err(|e| Error::Automaton { what, message: e.to_string() })?;
        Ok(PhraseMatcher { ac })
    }

    /// Number of patterns.
    pub fn len(&self) -> usize {
        self.ac.patterns_len()
    }

    /// True when there is no pattern.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Calls `take(pattern, start, end)` for each leftmost-longest match of
    /// `folded` that stands on word boundaries, left to right, without
    /// overlaps. When `take` returns false (or the boundary check fails), the
    /// next shorter pattern starting at the same offset is tried, then the
    /// search resumes at the next character: a rejected long candidate never
    /// hides a valid shorter one.
    pub fn for_each(&self, folded: &str, mut take: impl FnMut(usize, usize, usize) -> bool) {
        if self.is_empty() {
            return;
        }
        let hay = folded.as_bytes();
        let mut pos = 0;
        while pos < hay.len() {
            let Some(m) = self.ac.find(Input::new(hay).span(pos..hay.len())) else { break };
            let start = m.start();
            let (mut end, mut pat) = (m.end(), m.pattern().as_usize());
            let taken = loop {
                if on_word_boundaries(folded, start, end) && take(pat, start, end) {
                    break true;
                }
                let shorter = Input::new(hay).span(start..end - 1).anchored(Anchored::Yes);
                match self.ac.find(shorter) {
                    Some(m) if m.end() > start => (end, pat) = (m.end(), m.pattern().as_usize()),
                    _ => break false,
                }
            };
            pos = if taken { end } else { next_char(folded, start) };
        }
    }
}

fn next_char(s: &str, i: usize) -> usize {
    i + s[i..].chars().next().map_or(1, char::len_utf8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold_str;

    fn matches(patterns: &[&str], text: &str, reject: &[&str]) -> Vec<String> {
        let folded: Vec<String> = patterns.iter().map(|p| fold_str(p)).collect();
        let m = PhraseMatcher::build(&folded, "test").unwrap();
        let t = fold_str(text);
        let mut out = Vec::new();
        m.for_each(&t, |p, s, e| {
            if reject.contains(&patterns[p]) {
                return false;
            }
            out.push(t[s..e].to_string());
            true
        });
        out
    }

    #[test]
    fn table() {
        let rows: &[(&str, &[&str], &str, &[&str], &[&str])] = &[
            ("longest wins", &["New York", "New York Times"], "the New York Times said", &[], &["new york times"]),
            ("boundary rejects longest", &["New York", "New York Times"], "New York Timesx", &[], &["new york"]),
            ("caller rejects longest", &["New York", "New York Times"], "New York Times", &["New York Times"], &["new york"]),
            ("inside word", &["Inde"], "Indépendance et Inde", &[], &["inde"]),
            ("acronym inside word", &["IA"], "IAM et IA", &[], &["ia"]),
            ("elision", &["Inde", "Nvidia"], "l’Inde et d’Nvidia", &[], &["inde", "nvidia"]),
            ("possessive", &["NVIDIA"], "NVIDIA’s chips", &[], &["nvidia"]),
            ("nbsp", &["Jensen Huang"], "Jensen\u{a0}Huang", &[], &["jensen huang"]),
            ("overlap after rejection", &["New York Times", "Times Square"], "New York Times Square", &["New York Times"], &["times square"]),
        ];
        for (name, pats, text, reject, want) in rows {
            assert_eq!(matches(pats, text, reject), *want, "row {name}: {text:?}");
        }
    }

    #[test]
    fn empty_matcher_finds_nothing() {
        let m = PhraseMatcher::build(Vec::<String>::new(), "test").unwrap();
        m.for_each("anything", |_, _, _| panic!("no pattern"));
    }
}
