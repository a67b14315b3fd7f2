//! Sentence bounds: a break after `.`, `!`, `?` or `…` (and any closing
//! quotes or brackets) followed by white space and a character that is not a
//! lower-case letter, and after every line break; no break after an
//! abbreviation such as `U.S.`, `M.` or `Inc.` (`data/lexicon/abbreviations.tsv`)
//! or a single capital initial (`J. Huang`).
//!
//! These are the UAX #29 sentence rules that matter for news prose, in one
//! byte scan: the `unicode-segmentation` iterator looked up a property table
//! for every character and cost as much as the whole gazetteer search.

use crate::data::{self, Lexicon};
use crate::span::Span;
use crate::text::fold_str;
use crate::Error;
use rustc_hash::FxHashSet;

#[derive(Clone, Debug)]
pub(crate) struct SentenceSplitter {
    /// Folded abbreviations without their final period (`u.s`, `m`, `inc`).
    abbreviations: FxHashSet<String>,
    /// Bytes of the longest abbreviation.
    longest: usize,
}

impl SentenceSplitter {
    pub(crate) fn build() -> Result<SentenceSplitter, Error> {
        let mut abbreviations = FxHashSet::default();
        for row in Lexicon::parse(data::ABBREVIATIONS)? {
            abbreviations.insert(fold_str(row.field(0)?.trim_end_matches('.')));
        }
        let longest = abbreviations.iter().map(String::len).max().unwrap_or(0);
        Ok(SentenceSplitter {
            abbreviations,
            longest,
        })
    }

    /// Sentence spans of `text`, in order, covering it entirely (trailing
    /// white space belongs to the sentence before it).
    pub(crate) fn split(&self, text: &str) -> Vec<Span> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut start = 0;
        let mut i = 0;
        while i < b.len() {
            let Some(p) = next_candidate(b, i) else {
                break;
            };
            i = p + 1;
            let newline = b[p] == b'\n';
            if b[p] == 0xE2 && !text[p..].starts_with('…') {
                continue;
            }
            // The terminator run and its closing punctuation.
            let mut q = p;
            while let Some(c) = text[q..]
                .chars()
                .next()
                .filter(|&c| is_terminator(c) || is_closer(c))
            {
                q += c.len_utf8();
            }
            // French closing guillemets stand after a (no-break) space: `oui. »`.
            loop {
                let rest = &text[q..];
                let spaces =
                    rest.len() - rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']).len();
                match rest[spaces..].chars().next() {
                    Some(c) if spaces > 0 && matches!(c, '»' | '”') => {
                        q += spaces + c.len_utf8()
                    }
                    _ => break,
                }
            }
            let mut r = q;
            while let Some(c) = text[r..].chars().next().filter(|c| c.is_whitespace()) {
                r += c.len_utf8();
            }
            i = r.max(p + 1);
            if !newline {
                let next = text[r..].chars().next();
                let spaced = r > q || next.is_none();
                if !spaced || next.is_some_and(char::is_lowercase) {
                    continue;
                }
                if b[p] == b'.' && self.ends_with_abbreviation(&text[start..q]) {
                    continue;
                }
            }
            out.push(Span::new(start, r));
            start = r;
        }
        if start < b.len() {
            out.push(Span::new(start, b.len()));
        }
        out
    }

    fn ends_with_abbreviation(&self, sentence: &str) -> bool {
        let t = sentence.trim_end();
        let Some(stem) = t.strip_suffix('.') else {
            return false;
        };
        let last = stem
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("");
        // A single capital initial (`J. Huang`) is an abbreviation too.
        let initial = last.chars().count() == 1 && last.chars().all(char::is_uppercase);
        if initial {
            return true;
        }
        if last.is_ascii() {
            // ASCII folds to its lower case, byte for byte: fold on the
            // stack rather than into a new string at every sentence end.
            let mut buf = [0; ABBREVIATION_BUF];
            let Some(dst) = buf.get_mut(..last.len()) else {
                return last.len() <= self.longest && self.abbreviations.contains(&fold_str(last));
            };
            dst.copy_from_slice(last.as_bytes());
            dst.make_ascii_lowercase();
            return std::str::from_utf8(dst).is_ok_and(|w| self.abbreviations.contains(w));
        }
        self.abbreviations.contains(&fold_str(last))
    }
}

/// Room for a folded ASCII word on the stack.
const ABBREVIATION_BUF: usize = 32;

/// The first byte at or after `i` that may end a sentence: `.`, `!`, `?`, a
/// line break or the first byte of `…` (0xE2, checked by the caller).
fn next_candidate(b: &[u8], i: usize) -> Option<usize> {
    super::find_byte(b, i, super::ByteClass::SentenceEnd)
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, ')' | ']' | '"' | '\'' | '»' | '”' | '’')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejoins_after_abbreviations() {
        let s = SentenceSplitter::build().unwrap();
        let text = "The U.S. Commerce Department said so. M. Macron a parlé. Fin.";
        let parts: Vec<&str> = s
            .split(text)
            .into_iter()
            .map(|sp| text[sp].trim())
            .collect();
        assert_eq!(
            parts,
            [
                "The U.S. Commerce Department said so.",
                "M. Macron a parlé.",
                "Fin."
            ]
        );
    }

    #[test]
    fn table() {
        let s = SentenceSplitter::build().unwrap();
        let rows: &[(&str, &str, &[&str])] = &[
            (
                "decimal point",
                "Il vaut 3.5 milliards. Fin.",
                &["Il vaut 3.5 milliards.", "Fin."],
            ),
            (
                "lower case goes on",
                "Des puces, etc. et des GPU. Fin.",
                &["Des puces, etc. et des GPU.", "Fin."],
            ),
            (
                "company suffix",
                "Intel Corp. said it. Then.",
                &["Intel Corp. said it.", "Then."],
            ),
            (
                "initial",
                "Selon J. Huang, oui. Non.",
                &["Selon J. Huang, oui.", "Non."],
            ),
            (
                "french question",
                "Pourquoi ? Parce que.",
                &["Pourquoi ?", "Parce que."],
            ),
            (
                "line break",
                "Titre\nLe texte suit",
                &["Titre", "Le texte suit"],
            ),
            (
                "closing quote",
                "Il a dit « oui. » Puis rien.",
                &["Il a dit « oui. »", "Puis rien."],
            ),
            ("ellipsis", "Et puis… Rien.", &["Et puis…", "Rien."]),
            ("no terminator", "pas de fin", &["pas de fin"]),
        ];
        for (name, text, want) in rows {
            let got: Vec<&str> = s
                .split(text)
                .into_iter()
                .map(|sp| text[sp].trim())
                .collect();
            assert_eq!(got, *want, "row {name}: {text:?}");
        }
        assert!(s.split("").is_empty());
    }

    #[test]
    fn covers_the_whole_text() {
        let s = SentenceSplitter::build().unwrap();
        let text = "Un. Deux ! Trois ? « Quatre. »";
        let spans = s.split(text);
        assert_eq!(spans.first().unwrap().start, 0);
        assert_eq!(spans.last().unwrap().end, text.len());
        assert!(spans.windows(2).all(|w| w[0].end == w[1].start));
    }
}
