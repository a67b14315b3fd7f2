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
    /// Folded abbreviations without their final period (`u.s`, `m`, `inc`),
    /// as bytes: a word lower-cased on the stack is looked up without a
    /// UTF-8 check.
    abbreviations: FxHashSet<Box<[u8]>>,
    /// Bytes of the longest abbreviation.
    longest: usize,
}

impl SentenceSplitter {
    pub(crate) fn build() -> Result<SentenceSplitter, Error> {
        let mut abbreviations = FxHashSet::default();
        for row in Lexicon::parse(data::ABBREVIATIONS)? {
            let folded = fold_str(row.field(0)?.trim_end_matches('.'));
            abbreviations.insert(folded.into_bytes().into_boxed_slice());
        }
        let longest = abbreviations.iter().map(|a| a.len()).max().unwrap_or(0);
        Ok(SentenceSplitter {
            abbreviations,
            longest,
        })
    }

    /// Sentence spans of `text`, in order, covering it entirely (trailing
    /// white space belongs to the sentence before it).
    pub(crate) fn split(&self, text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let b = text.as_bytes();
        let mut start = 0;
        let mut i = 0;
        while i < b.len() {
            let Some(p) = next_candidate(b, i) else {
                break;
            };
            i = p + 1;
            let newline = b[p] == b'\n';
            if b[p] == 0xE2 && !b[p..].starts_with(ELLIPSIS) {
                continue;
            }
            // The terminator run and its closing punctuation.
            let mut q = p;
            loop {
                let n = terminator_or_closer(&b[q..]);
                if n == 0 {
                    break;
                }
                q += n;
            }
            // French closing guillemets stand after a (no-break) space: `oui. »`.
            loop {
                let mut r = q;
                loop {
                    let n = inline_space(&b[r..]);
                    if n == 0 {
                        break;
                    }
                    r += n;
                }
                let after = &b[r..];
                let n = if after.starts_with(GUILLEMET) {
                    GUILLEMET.len()
                } else if after.starts_with(RIGHT_QUOTE) {
                    RIGHT_QUOTE.len()
                } else {
                    0
                };
                if r == q || n == 0 {
                    break;
                }
                q = r + n;
            }
            let mut r = q;
            while let Some(n) = whitespace_len(text, r) {
                r += n;
            }
            i = r.max(p + 1);
            if !newline {
                let spaced = r > q || r == b.len();
                if !spaced || starts_lowercase(text, r) {
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
        // Each ASCII byte folds to one byte: a word with more of them than
        // the longest abbreviation cannot fold to one, nor be one initial.
        let Some(last) = last_word(stem, self.longest.max(1)) else {
            return false;
        };
        // A single capital initial (`J. Huang`) is an abbreviation too.
        let mut chars = last.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            if c.is_uppercase() {
                return true;
            }
        }
        if last.is_ascii() {
            // ASCII folds to its lower case, byte for byte: fold on the
            // stack rather than into a new string at every sentence end.
            let mut buf = [0; ABBREVIATION_BUF];
            let Some(dst) = buf.get_mut(..last.len()) else {
                return self.abbreviations.contains(fold_str(last).as_bytes());
            };
            dst.copy_from_slice(last.as_bytes());
            dst.make_ascii_lowercase();
            return self.abbreviations.contains(&*dst);
        }
        self.abbreviations.contains(fold_str(last).as_bytes())
    }
}

/// Room for a folded ASCII word on the stack (more than the longest
/// abbreviation).
const ABBREVIATION_BUF: usize = 32;

const ELLIPSIS: &[u8] = "…".as_bytes();
const GUILLEMET: &[u8] = "»".as_bytes();
const RIGHT_QUOTE: &[u8] = "”".as_bytes();

/// The first byte at or after `i` that may end a sentence: `.`, `!`, `?`, a
/// line break or the first byte of `…` (0xE2, checked by the caller).
fn next_candidate(b: &[u8], i: usize) -> Option<usize> {
    super::find_byte(b, i, super::ByteClass::SentenceEnd)
}

/// The length of the terminator (`.`, `!`, `?`, `…`) or closing mark (`)`,
/// `]`, `"`, `'`, `»`, `”`, `’`) that `b` starts with, or 0. Bytes, not
/// chars: this runs at every sentence end.
fn terminator_or_closer(b: &[u8]) -> usize {
    match b {
        [b'.' | b'!' | b'?' | b')' | b']' | b'"' | b'\'', ..] => 1,
        // `»`
        [0xC2, 0xBB, ..] => 2,
        // `…`, `”`, `’`
        [0xE2, 0x80, 0xA6 | 0x9D | 0x99, ..] => 3,
        _ => 0,
    }
}

/// The length of the space, no-break space or narrow no-break space that `b`
/// starts with, or 0.
fn inline_space(b: &[u8]) -> usize {
    match b {
        [b' ', ..] => 1,
        [0xC2, 0xA0, ..] => 2,
        [0xE2, 0x80, 0xAF, ..] => 3,
        _ => 0,
    }
}

/// The length of the white space character at `at`, if one is there.
fn whitespace_len(text: &str, at: usize) -> Option<usize> {
    match *text.as_bytes().get(at)? {
        b' ' | b'\t'..=b'\r' => Some(1),
        c if c < 0x80 => None,
        _ => text[at..]
            .chars()
            .next()
            .filter(|c| c.is_whitespace())
            .map(char::len_utf8),
    }
}

/// Whether the character at `at` is a lower-case letter.
fn starts_lowercase(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        None => false,
        Some(c) if c.is_ascii() => c.is_ascii_lowercase(),
        Some(_) => text[at..].chars().next().is_some_and(char::is_lowercase),
    }
}

/// What follows the last white space or `(` of `s`, or `None` when that
/// holds more than `max_ascii` ASCII bytes (the scan stops there).
fn last_word(s: &str, max_ascii: usize) -> Option<&str> {
    let b = s.as_bytes();
    let mut i = b.len();
    let mut ascii = 0;
    while i > 0 {
        let c = b[i - 1];
        if c.is_ascii() {
            if c == b'(' || c == b' ' || (b'\t'..=b'\r').contains(&c) {
                break;
            }
            ascii += 1;
            if ascii > max_ascii {
                return None;
            }
            i -= 1;
        } else {
            let mut k = i - 1;
            while !s.is_char_boundary(k) {
                k -= 1;
            }
            if s[k..i].chars().next().is_some_and(char::is_whitespace) {
                break;
            }
            i = k;
        }
    }
    Some(&s[i..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_terminator(c: char) -> bool {
        matches!(c, '.' | '!' | '?' | '…')
    }

    fn is_closer(c: char) -> bool {
        matches!(c, ')' | ']' | '"' | '\'' | '»' | '”' | '’')
    }

    /// The char-by-char splitter the byte scan replaced: the reference it
    /// must agree with.
    fn reference_split(sp: &SentenceSplitter, text: &str) -> Vec<Span> {
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
            let mut q = p;
            while let Some(c) = text[q..]
                .chars()
                .next()
                .filter(|&c| is_terminator(c) || is_closer(c))
            {
                q += c.len_utf8();
            }
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
                if b[p] == b'.' && reference_abbreviation(sp, &text[start..q]) {
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

    fn reference_abbreviation(sp: &SentenceSplitter, sentence: &str) -> bool {
        let Some(stem) = sentence.trim_end().strip_suffix('.') else {
            return false;
        };
        let last = stem
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("");
        (last.chars().count() == 1 && last.chars().all(char::is_uppercase))
            || sp.abbreviations.contains(fold_str(last).as_bytes())
    }

    /// Texts assembled from the pieces every rule looks at agree with the
    /// reference, sentence for sentence.
    #[test]
    fn agrees_with_the_char_by_char_splitter() {
        let s = SentenceSplitter::build().unwrap();
        let pieces = [
            ".", "!", "?", "…", "…", "\n", " ", "\u{a0}", "\u{202f}", "\u{2003}", "\u{85}", "\t",
            "»", "”", "’", ")", "]", "\"", "'", "(", "«", "€", "–", "U.S", "Inc", "inc", "J", "é",
            "É", "Éric", "année", "etc", "n°", "Mme", "mme", "word", "Word", "3", "3.5", "approx",
            "APPROX", "ÉTAT", "x\u{301}", "ß", "İ",
        ];
        let mut next = crate::test_rng::xorshift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20_000 {
            let text: String = (0..next(14)).map(|_| pieces[next(pieces.len())]).collect();
            assert_eq!(s.split(&text), reference_split(&s, &text), "{text:?}");
        }
    }

    #[test]
    fn byte_classes_agree_with_chars() {
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            let mut buf = [0; 8];
            let enc = c.encode_utf8(&mut buf).len();
            let bytes = &buf[..enc + 1]; // followed by a NUL
            let want = if is_terminator(c) || is_closer(c) {
                enc
            } else {
                0
            };
            assert_eq!(terminator_or_closer(bytes), want, "{c:?}");
            let want = if matches!(c, ' ' | '\u{a0}' | '\u{202f}') {
                enc
            } else {
                0
            };
            assert_eq!(inline_space(bytes), want, "{c:?}");
            let s = c.to_string();
            assert_eq!(
                whitespace_len(&s, 0),
                c.is_whitespace().then_some(enc),
                "{c:?}"
            );
            assert_eq!(starts_lowercase(&s, 0), c.is_lowercase(), "{c:?}");
            let word = format!("a{c}b");
            let want = word.rsplit(|x: char| x.is_whitespace() || x == '(').next();
            assert_eq!(last_word(&word, 8), want, "{c:?}");
            let ascii = want.unwrap_or("").bytes().filter(u8::is_ascii).count();
            let short = last_word(&word, 1);
            assert_eq!(short, want.filter(|_| ascii <= 1), "{c:?} bounded");
        }
    }

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
