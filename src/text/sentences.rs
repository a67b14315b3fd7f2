//! Sentence bounds (UAX #29) with a pass that re-joins breaks after
//! abbreviations such as `U.S.`, `M.` or `Inc.` (`data/lexicon/abbreviations.tsv`).

use crate::data::{self, Lexicon};
use crate::span::Span;
use crate::text::fold_str;
use crate::Error;
use std::collections::HashSet;
use unicode_segmentation::UnicodeSegmentation;

#[derive(Clone, Debug)]
pub(crate) struct SentenceSplitter {
    /// Folded abbreviations without their final period (`u.s`, `m`, `inc`).
    abbreviations: HashSet<String>,
}

impl SentenceSplitter {
    pub(crate) fn build() -> Result<SentenceSplitter, Error> {
        let mut abbreviations = HashSet::new();
        for row in Lexicon::parse(data::ABBREVIATIONS)? {
            abbreviations.insert(fold_str(row.field(0)?.trim_end_matches('.')));
        }
        Ok(SentenceSplitter { abbreviations })
    }

    /// Sentence spans of `text`, in order, covering it entirely.
    pub(crate) fn split(&self, text: &str) -> Vec<Span> {
        let mut out: Vec<Span> = Vec::new();
        let mut glue = false;
        for (i, s) in text.split_sentence_bound_indices() {
            let span = Span::new(i, i + s.len());
            match out.last_mut() {
                Some(last) if glue => last.end = span.end,
                _ => out.push(span),
            }
            glue = self.ends_with_abbreviation(s);
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
        initial || self.abbreviations.contains(&fold_str(last))
    }
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
    fn covers_the_whole_text() {
        let s = SentenceSplitter::build().unwrap();
        let text = "Un. Deux ! Trois ? « Quatre. »";
        let spans = s.split(text);
        assert_eq!(spans.first().unwrap().start, 0);
        assert_eq!(spans.last().unwrap().end, text.len());
        assert!(spans.windows(2).all(|w| w[0].end == w[1].start));
    }
}
