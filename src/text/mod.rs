//! The text views every stage works on: a folded copy for matching with a map
//! back to original offsets, word boundaries, sentences and language.

mod bytes;
mod fold;
mod lang;
mod phrases;
mod sentences;

pub(crate) use bytes::{find_byte, ByteClass};
pub(crate) use fold::fold_into;
pub use fold::{fold_str, is_word_char, Folded};
pub(crate) use lang::LangDetector;
pub(crate) use phrases::hash as token_hash;
pub use phrases::PhraseMatcher;
pub(crate) use sentences::SentenceSplitter;

/// True when a match of `folded[start..end]` stands on word boundaries: the
/// characters just before and just after it (if any) are not word characters.
///
/// This is the UAX #29 rule for the scripts of our news (a word break between
/// a letter or digit and anything else), minus its `MidLetter` exceptions: an
/// apostrophe is a break, so `l'inde` holds the word `inde` (French elision)
/// and `nvidia's` holds `nvidia` (English possessive). Ideographs count as
/// words of their own, as UAX #29 treats them.
pub fn on_word_boundaries(folded: &str, start: usize, end: usize) -> bool {
    starts_word(folded, start) && ends_word(folded, end)
}

/// True when a match starting at `start` does not continue a word: its
/// first character or the one before it is not a word character. False
/// when `start` is not a char boundary.
pub fn starts_word(s: &str, start: usize) -> bool {
    match (s.get(..start), s.get(start..)) {
        (Some(head), Some(tail)) => !joins(head.chars().next_back(), tail.chars().next()),
        _ => false,
    }
}

/// True when a match ending at `end` does not stop inside a word. False
/// when `end` is not a char boundary.
pub fn ends_word(s: &str, end: usize) -> bool {
    starts_word(s, end)
}

fn joins(a: Option<char>, b: Option<char>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => is_word_char(a) && is_word_char(b),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

    #[test]
    fn boundaries() {
        let t = fold_str("Indépendance de l’Inde, IAM et IA.");
        let inde = t.find("inde,").unwrap();
        assert!(on_word_boundaries(&t, inde, inde + 4));
        assert!(!on_word_boundaries(&t, 0, 4), "Inde inside Indépendance");
        let iam = t.find("iam").unwrap();
        assert!(!on_word_boundaries(&t, iam, iam + 2), "IA inside IAM");
        let ia = t.rfind("ia").unwrap();
        assert!(on_word_boundaries(&t, ia, ia + 2));
    }

    /// Our boundary rule agrees with UAX #29 wherever UAX #29 does not glue
    /// words with an apostrophe or a period (which we split on purpose).
    #[test]
    fn agrees_with_uax29_between_letters_and_punctuation() {
        let text = "Jensen Huang, PDG de NVIDIA, a vu 12,5 % en 2024 ; « Samsung » (Corée) – fin";
        for (i, w) in text.split_word_bound_indices() {
            let end = i + w.len();
            let is_word = w.chars().any(is_word_char);
            if is_word {
                assert!(
                    on_word_boundaries(text, i, end) || w.contains([',', '.']),
                    "{w:?}"
                );
            }
        }
    }
}
