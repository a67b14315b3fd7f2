//! Case and accent folding with a map back to original byte offsets.
//!
//! Matching runs on a folded copy of the text: Unicode lower case, accents
//! removed (`é` → `e`, `œ` → `oe`), typographic apostrophes as `'`, no-break
//! and narrow no-break spaces as ` `. The fold changes byte lengths, so the
//! folded copy keeps sparse checkpoints from which any folded offset maps back
//! to the original offset of the character that produced it.

use std::sync::LazyLock;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// A folded copy of a text and the way back to the original offsets.
#[derive(Clone, Debug, Default)]
pub struct Folded {
    text: String,
    /// `(folded offset, original offset)` pairs, increasing; between two
    /// checkpoints the offsets advance together. Empty when the fold kept
    /// every byte in place (ASCII text).
    checkpoints: Vec<(u32, u32)>,
    orig_len: usize,
    /// The folded text's tokens, computed once for every phrase matcher.
    tokens: Vec<super::phrases::Token>,
}

impl Folded {
    /// Folds `orig`.
    pub fn new(orig: &str) -> Folded {
        let mut f = Folded::default();
        f.refold(orig);
        f
    }

    /// Folds `orig` into this value, reusing its buffers.
    pub fn refold(&mut self, orig: &str) {
        self.text.clear();
        self.checkpoints.clear();
        self.orig_len = orig.len();
        self.text.reserve(orig.len());
        let bytes = orig.as_bytes();
        let mut i = 0;
        let mut shifted = false;
        while i < bytes.len() {
            // ASCII runs: lower-case in place, offsets unchanged.
            let run = bytes[i..]
                .iter()
                .position(|b| !b.is_ascii())
                .unwrap_or(bytes.len() - i);
            if run > 0 {
                if shifted {
                    self.mark(i);
                    shifted = false;
                }
                let at = self.text.len();
                self.text.push_str(&orig[i..i + run]);
                self.text[at..].make_ascii_lowercase();
                i += run;
                continue;
            }
            let c = orig[i..].chars().next().unwrap_or('\u{FFFD}');
            let len = c.len_utf8();
            let before = self.text.len();
            push_folded(c, &mut self.text);
            let out = &self.text.as_bytes()[before..];
            if out == &bytes[i..i + len] && !shifted {
                // Copied unchanged with offsets still aligned: nothing to record.
            } else {
                // Every byte of the replacement maps to the start of `c`.
                for k in 0..out.len() {
                    self.checkpoints.push(((before + k) as u32, i as u32));
                }
                shifted = true;
            }
            i += len;
        }
        if shifted {
            self.mark(bytes.len());
        }
        self.tokens.clear();
        super::phrases::tokenize(&self.text, &mut self.tokens);
        if !self.checkpoints.is_empty() {
            // Tokens and checkpoints both increase: one merge walk maps every
            // token back, instead of a binary search per lookup later.
            let mut k = 0;
            let mut orig_of = |pos: u32| {
                if pos as usize >= self.text.len() {
                    return self.orig_len as u32;
                }
                while k < self.checkpoints.len() && self.checkpoints[k].0 <= pos {
                    k += 1;
                }
                match k {
                    0 => pos,
                    _ => {
                        let (f, o) = self.checkpoints[k - 1];
                        o + (pos - f)
                    }
                }
            };
            for t in &mut self.tokens {
                t.ostart = orig_of(t.start);
                t.oend = orig_of(t.end);
            }
        }
    }

    /// The tokens of the folded text (see [`PhraseMatcher`](super::PhraseMatcher)).
    pub(crate) fn tokens(&self) -> &[super::phrases::Token] {
        &self.tokens
    }

    fn mark(&mut self, orig: usize) {
        self.checkpoints.push((self.text.len() as u32, orig as u32));
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The original offset of folded offset `pos` (a char boundary of the
    /// folded text): the start of the original character that produced it, or
    /// the original length at the end.
    pub fn to_orig(&self, pos: usize) -> usize {
        if pos >= self.text.len() {
            return self.orig_len;
        }
        let p = pos as u32;
        let k = self.checkpoints.partition_point(|&(f, _)| f <= p);
        if k == 0 {
            return pos;
        }
        let (f, o) = self.checkpoints[k - 1];
        (o + (p - f)) as usize
    }
}

/// Folds a whole string (for patterns and lexicon entries).
pub fn fold_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_folded(c, &mut out);
    }
    out
}

/// True for characters that make up words: letters, digits, marks, `_`.
/// Ideographs and kana are words of one character each.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    (c.is_alphanumeric() || is_combining_mark(c)) && !is_ideographic(c)
}

fn is_ideographic(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// Folds of U+0080..U+2FFF computed once; other characters fold on the fly.
const TABLE_END: u32 = 0x3000;
static TABLE: LazyLock<Vec<Box<str>>> = LazyLock::new(|| {
    (0x80..TABLE_END)
        .map(|u| {
            char::from_u32(u)
                .map(fold_char_slow)
                .unwrap_or_default()
                .into_boxed_str()
        })
        .collect()
});

fn push_folded(c: char, out: &mut String) {
    let u = c as u32;
    if u < 0x80 {
        out.push(c.to_ascii_lowercase());
    } else if u < TABLE_END {
        out.push_str(&TABLE[(u - 0x80) as usize]);
    } else {
        out.push_str(&fold_char_slow(c));
    }
}

fn fold_char_slow(c: char) -> String {
    match c {
        '\u{00A0}' | '\u{202F}' | '\u{2000}'..='\u{200A}' | '\u{3000}' | '\u{205F}' => {
            return " ".into()
        }
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' | '\u{00B4}' => {
            return "'".into()
        }
        '\u{2010}' | '\u{2011}' => return "-".into(),
        // Soft hyphen and zero-width characters vanish.
        '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => return String::new(),
        _ => {}
    }
    if is_combining_mark(c) {
        return String::new();
    }
    let mut out = String::new();
    for l in c.to_lowercase() {
        match l {
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ß' => out.push_str("ss"),
            'ø' => out.push('o'),
            'đ' | 'ð' => out.push('d'),
            'ł' => out.push('l'),
            'ı' => out.push('i'),
            'þ' => out.push_str("th"),
            _ => decompose_canonical(l, |d| {
                if !is_combining_mark(d) {
                    out.push(d)
                }
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_character_folds_to_more_than_three_times_its_bytes() {
        // `MAX_TEXT_BYTES` (1 GiB) relies on it: folded offsets stay 32-bit.
        // Hangul syllables are the worst case: one decomposes into three jamo.
        let mut worst = (1.0f64, 'a');
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut out = String::new();
            push_folded(c, &mut out);
            let ratio = out.len() as f64 / c.len_utf8() as f64;
            if ratio > worst.0 {
                worst = (ratio, c);
            }
        }
        assert!(
            worst.0 <= 3.0,
            "{:?} folds to {} times its bytes",
            worst.1,
            worst.0
        );
    }

    #[test]
    fn folds_case_accents_apostrophes_spaces() {
        let rows = [
            ("accents", "États-Unis", "etats-unis"),
            ("elision", "l’Inde", "l'inde"),
            ("nbsp", "1\u{a0}000\u{202f}000", "1 000 000"),
            ("ligature", "Œuvre cœur", "oeuvre coeur"),
            ("german", "Straße München", "strasse munchen"),
            ("decomposed", "Ce\u{301}sar", "cesar"),
            ("greek", "ΑΘΗΝΑ", "αθηνα"),
            ("turkish", "İstanbul", "istanbul"),
            ("cjk", "华为 Huawei", "华为 huawei"),
        ];
        for (name, input, want) in rows {
            assert_eq!(Folded::new(input).as_str(), want, "row {name}: {input:?}");
        }
    }

    #[test]
    fn tokens_map_back_like_to_orig() {
        for orig in [
            "Électricité d’État : 2,5 Md€ — Œuvre, São Paulo.",
            "plain ascii text",
            "",
            "é",
        ] {
            let f = Folded::new(orig);
            for t in f.tokens() {
                assert_eq!(t.ostart as usize, f.to_orig(t.start as usize), "{orig:?}");
                assert_eq!(t.oend as usize, f.to_orig(t.end as usize), "{orig:?}");
            }
            let joined: String = f
                .tokens()
                .iter()
                .map(|t| &f.as_str()[t.start as usize..t.end as usize])
                .collect();
            assert_eq!(joined, f.as_str(), "tokens cover the folded text");
        }
    }

    #[test]
    fn maps_back_to_original_offsets() {
        let orig = "À l’Élysée, Œ ß Chine\u{301} fin";
        let f = Folded::new(orig);
        let t = f.as_str();
        for word in ["elysee", "chine", "fin", "oe", "ss"] {
            let s = t.find(word).unwrap();
            let (os, oe) = (f.to_orig(s), f.to_orig(s + word.len()));
            assert!(
                orig.is_char_boundary(os) && orig.is_char_boundary(oe),
                "{word}"
            );
            assert_eq!(
                fold_str(&orig[os..oe]).trim_end(),
                word,
                "{word}: {:?}",
                &orig[os..oe]
            );
        }
        assert_eq!(f.to_orig(t.len()), orig.len());
    }

    #[test]
    fn ascii_text_needs_no_checkpoints() {
        let f = Folded::new("NVIDIA and AMD");
        assert_eq!(f.as_str(), "nvidia and amd");
        assert!(f.checkpoints.is_empty());
        assert_eq!(f.to_orig(7), 7);
    }

    #[test]
    fn every_folded_boundary_maps_to_an_original_boundary() {
        let orig = "Ça coûte 2,5 Md€ à l’État — ½ ﬁn 𝔸 ǅ";
        let f = Folded::new(orig);
        for (i, _) in f.as_str().char_indices() {
            assert!(orig.is_char_boundary(f.to_orig(i)), "folded offset {i}");
        }
    }
}
