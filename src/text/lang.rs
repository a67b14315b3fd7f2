//! French or English: a stop-word vote over the start of the document.

use crate::data::{self, Lexicon};
use crate::record::Lang;
use crate::Error;
use std::collections::HashMap;

/// Votes with the function words of each language (`data/lexicon/stopwords-*.tsv`).
#[derive(Clone, Debug)]
pub(crate) struct LangDetector {
    words: HashMap<String, (u8, u8)>,
}

/// Only the start of a long document is read: a few hundred words decide.
const SAMPLE_BYTES: usize = 4096;

impl LangDetector {
    pub(crate) fn build() -> Result<LangDetector, Error> {
        let mut words: HashMap<String, (u8, u8)> = HashMap::new();
        for (lang, lex) in [
            (Lang::Fr, data::STOPWORDS_FR),
            (Lang::En, data::STOPWORDS_EN),
        ] {
            for row in Lexicon::parse(lex)? {
                let w = words.entry(row.field(0)?.to_string()).or_default();
                match lang {
                    Lang::Fr => w.0 = 1,
                    Lang::En => w.1 = 1,
                }
            }
        }
        Ok(LangDetector { words })
    }

    /// Detects the language of folded text; French wins ties (and empty text).
    pub(crate) fn detect(&self, folded: &str) -> Lang {
        let mut end = folded.len().min(SAMPLE_BYTES);
        while !folded.is_char_boundary(end) {
            end -= 1;
        }
        let (mut fr, mut en) = (0u32, 0u32);
        for w in folded[..end].split(|c: char| !c.is_alphanumeric()) {
            if let Some(&(f, e)) = self.words.get(w) {
                fr += f as u32;
                en += e as u32;
            }
        }
        if en > fr {
            Lang::En
        } else {
            Lang::Fr
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold_str;

    #[test]
    fn detects_french_and_english() {
        let d = LangDetector::build().unwrap();
        let rows = [
            (
                "fr",
                "Le gouvernement a annoncé un plan pour les centres de données.",
                Lang::Fr,
            ),
            (
                "en",
                "The company said it would invest in new data centers this year.",
                Lang::En,
            ),
            (
                "fr elision",
                "L’entreprise n’a pas dit qu’elle investirait.",
                Lang::Fr,
            ),
            ("empty", "", Lang::Fr),
        ];
        for (name, text, want) in rows {
            assert_eq!(d.detect(&fold_str(text)), want, "row {name}");
        }
    }
}
