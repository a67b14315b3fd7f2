//! Case and accent folding with a map back to original byte offsets.
//!
//! Matching runs on a folded copy of the text: Unicode lower case, accents
//! removed (`é` → `e`, `œ` → `oe`), typographic apostrophes as `'`, no-break
//! and narrow no-break spaces as ` `. The fold changes byte lengths, so the
//! folded copy keeps sparse checkpoints from which any folded offset maps back
//! to the original offset of the character that produced it. The same pass
//! cuts the folded text into the tokens every phrase matcher walks, each with
//! its hash and both texts' offsets.

use super::bytes::{class_mask, find_byte, ByteClass};
use super::phrases::Token;
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
    tokens: Vec<Token>,
    /// How many of `tokens` are word runs.
    words: usize,
}

impl Folded {
    /// Folds `orig`.
    pub fn new(orig: &str) -> Folded {
        let mut f = Folded::default();
        f.refold(orig);
        f
    }

    /// Folds `orig` into this value, reusing its buffers, and cuts the
    /// folded text into tokens in the same pass.
    ///
    /// One pass instead of three (fold, tokenize, map token offsets back):
    /// the character being folded is the one whose original offset a token
    /// boundary maps to, so tokens get their original spans without a
    /// lookup. A token ends where the next output character starts a new one
    /// (or at the end), and its original end is the offset of the character
    /// producing that output: the same offset [`to_orig`](Self::to_orig)
    /// gives, even across characters that fold to nothing (soft hyphens,
    /// combining marks).
    // Kept out of line: one call per document, and profiles then show the stage.
    #[inline(never)]
    pub fn refold(&mut self, orig: &str) {
        self.text.clear();
        self.checkpoints.clear();
        self.tokens.clear();
        self.orig_len = orig.len();
        self.text.reserve(orig.len());
        // News text has a token every 3 to 4 bytes.
        self.tokens.reserve(orig.len() / 3);
        let bytes = orig.as_bytes();
        let mut cut = Cutter::default();
        let mut i = 0;
        let mut shifted = false;
        while i < bytes.len() {
            if bytes[i] < 0x80 {
                // ASCII runs: lower-cased byte by byte, offsets unchanged.
                if shifted {
                    self.mark(i);
                    shifted = false;
                }
                let end = find_byte(bytes, i, ByteClass::NonAscii).unwrap_or(bytes.len());
                let at = self.text.len();
                self.text.push_str(&orig[i..end]);
                self.text[at..].make_ascii_lowercase();
                // Token starts 64 bytes at a time: every non-word byte, and
                // every word byte after a non-word one.
                for block in (i..end).step_by(64) {
                    let len = (end - block).min(64);
                    let word = class_mask(bytes, block, len, ByteClass::AsciiWord);
                    let after_word = word << 1 | u64::from(cut.word);
                    let mut starts = (!word | !after_word) & (u64::MAX >> (64 - len));
                    while starts != 0 {
                        let k = starts.trailing_zeros() as usize;
                        starts &= starts - 1;
                        let w = word >> k & 1 == 1;
                        let off = block - i + k;
                        cut.open_at(&self.text, &mut self.tokens, at + off, block + k, w);
                    }
                }
                i = end;
                continue;
            }
            let c = orig[i..].chars().next().unwrap_or('\u{FFFD}');
            let len = c.len_utf8();
            let before = self.text.len();
            let entry = table_entry(c);
            let slow;
            let out: &str = match entry {
                Some(e) => e.as_str(),
                None => {
                    slow = fold_char_slow(c);
                    &slow
                }
            };
            self.text.push_str(out);
            if out.as_bytes() == &bytes[i..i + len] && !shifted {
                // Copied unchanged with offsets still aligned: nothing to record.
            } else {
                // Every byte of the replacement maps to the start of `c`.
                for k in 0..out.len() {
                    self.checkpoints.push(((before + k) as u32, i as u32));
                }
                shifted = true;
            }
            match entry.map(|e| e.class) {
                Some(Class::Empty) => {}
                Some(Class::Word) => {
                    if !cut.word {
                        cut.open_at(&self.text, &mut self.tokens, before, i, true);
                    }
                }
                Some(Class::Single) => cut.open_at(&self.text, &mut self.tokens, before, i, false),
                Some(Class::Mixed) | None => {
                    for (q, ch) in out.char_indices() {
                        let word = is_word_char(ch);
                        if !(word && cut.word) {
                            cut.open_at(&self.text, &mut self.tokens, before + q, i, word);
                        }
                    }
                }
            }
            i += len;
        }
        if shifted {
            self.mark(bytes.len());
        }
        self.words = cut.words;
        cut.finish(&self.text, &mut self.tokens, bytes.len());
    }

    /// The number of word runs among the [`tokens`](Self::tokens).
    pub(crate) fn word_count(&self) -> usize {
        self.words
    }

    /// The tokens of the folded text (see [`PhraseMatcher`](super::PhraseMatcher)).
    pub(crate) fn tokens(&self) -> &[Token] {
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
    if s.is_ascii() {
        // Most gazetteer surfaces and lexicon words: lower case is the fold.
        return s.to_ascii_lowercase();
    }
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
static TABLE: LazyLock<Vec<Entry>> = LazyLock::new(|| {
    (0x80..TABLE_END)
        .map(|u| Entry::new(&char::from_u32(u).map(fold_char_slow).unwrap_or_default()))
        .collect()
});

/// A character's fold, inline (no pointer to follow), with what its output
/// means for tokens.
#[derive(Clone, Copy)]
struct Entry {
    bytes: [u8; ENTRY_BYTES],
    len: u8,
    class: Class,
}

/// Longest fold kept in the table; longer ones (none in the table's range
/// today) fold on the fly.
const ENTRY_BYTES: usize = 8;

/// The output's token classes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    /// Folds to nothing.
    Empty,
    /// Only word characters: continues or opens a word run.
    Word,
    /// One non-word character: a token of its own.
    Single,
    /// Anything else, cut character by character.
    Mixed,
}

impl Entry {
    fn new(out: &str) -> Entry {
        let mut bytes = [0; ENTRY_BYTES];
        let len = out.len().min(ENTRY_BYTES);
        bytes[..len].copy_from_slice(&out.as_bytes()[..len]);
        let class = if out.is_empty() {
            Class::Empty
        } else if out.chars().all(is_word_char) {
            Class::Word
        } else if out.chars().count() == 1 {
            Class::Single
        } else {
            Class::Mixed
        };
        Entry {
            bytes,
            len: len as u8,
            class,
        }
    }

    fn as_str(&self) -> &str {
        // Built from a whole `&str` of at most ENTRY_BYTES bytes (see
        // `table_entry`), so this never fails.
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or_default()
    }
}

/// The table entry of a non-ASCII character, or `None` when it folds on the
/// fly (beyond the table, or a fold too long to keep inline).
#[inline]
fn table_entry(c: char) -> Option<&'static Entry> {
    let e = TABLE.get((c as u32).checked_sub(0x80)? as usize)?;
    // A fold cut at ENTRY_BYTES is not kept: `len` is then the full
    // ENTRY_BYTES and the character folds on the fly instead.
    (usize::from(e.len) < ENTRY_BYTES).then_some(e)
}

/// [`fold_str`] of `s` written into `buf`, or `None` when it does not fit:
/// short spans fold on the stack, with no allocation but for characters
/// beyond the fold table (rare).
pub(crate) fn fold_into<'b>(s: &str, buf: &'b mut [u8]) -> Option<&'b str> {
    let mut n = 0;
    for c in s.chars() {
        with_folded(c, |out| {
            let dst = buf.get_mut(n..n + out.len())?;
            dst.copy_from_slice(out.as_bytes());
            n += out.len();
            Some(())
        })?;
    }
    // Whole characters' folds were copied in: UTF-8.
    std::str::from_utf8(&buf[..n]).ok()
}

fn push_folded(c: char, out: &mut String) {
    with_folded(c, |f| out.push_str(f));
}

/// Calls `f` with the fold of `c`: its ASCII lower case, its table entry,
/// or (beyond the table, rare) its fold computed on the fly.
#[inline]
fn with_folded<R>(c: char, f: impl FnOnce(&str) -> R) -> R {
    if c.is_ascii() {
        f(c.to_ascii_lowercase().encode_utf8(&mut [0; 4]))
    } else if let Some(e) = table_entry(c) {
        f(e.as_str())
    } else {
        f(&fold_char_slow(c))
    }
}

/// The token being cut: tokens are closed when the next one opens (or at
/// the end), since only then is their original end known.
#[derive(Default)]
struct Cutter {
    open: bool,
    /// The open token is a word run (a following word character extends it).
    word: bool,
    start: u32,
    ostart: u32,
    /// Word runs opened so far.
    words: usize,
}

impl Cutter {
    /// Opens a token at folded offset `at`, produced by the original
    /// character at `orig`, and closes the open one there.
    #[inline]
    fn open_at(&mut self, text: &str, tokens: &mut Vec<Token>, at: usize, orig: usize, word: bool) {
        self.close(text, tokens, at, orig);
        *self = Cutter {
            open: true,
            word,
            start: at as u32,
            ostart: orig as u32,
            words: self.words + usize::from(word),
        };
    }

    #[inline]
    fn close(&self, text: &str, tokens: &mut Vec<Token>, end: usize, oend: usize) {
        if self.open {
            let span = &text.as_bytes()[self.start as usize..end];
            tokens.push(Token {
                start: self.start,
                end: end as u32,
                hash: super::phrases::hash(span),
                ostart: self.ostart,
                oend: oend as u32,
            });
        }
    }

    fn finish(self, text: &str, tokens: &mut Vec<Token>, orig_len: usize) {
        self.close(text, tokens, text.len(), orig_len);
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
    fn folding_into_a_buffer_is_fold_str_or_nothing() {
        for s in [
            "",
            "Société Générale",
            "l’Inde, d’NVIDIA",
            "Œuvre ÆSIR straße ﬁn e\u{301}",
            "x\u{A0}1\u{202F}000 €",
            "日本 ＡＢＣ",
        ] {
            let mut big = [0u8; 256];
            assert_eq!(fold_into(s, &mut big), Some(fold_str(s).as_str()), "{s:?}");
            let want = fold_str(s);
            if !want.is_empty() {
                let mut small = vec![0u8; want.len() - 1];
                assert_eq!(fold_into(s, &mut small), None, "{s:?}");
                let mut exact = vec![0u8; want.len()];
                assert_eq!(fold_into(s, &mut exact), Some(want.as_str()), "{s:?}");
            }
        }
    }

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

    /// The one-pass fold and cut agrees with folding character by
    /// character, cutting the folded text afterwards and mapping each token
    /// boundary back with `to_orig`.
    fn agrees_with_separate_passes(orig: &str) {
        let f = Folded::new(orig);
        let text = fold_str(orig);
        assert_eq!(f.as_str(), text, "{orig:?}");
        let mut want = Vec::new();
        super::super::phrases::tokenize(&text, &mut want);
        assert_eq!(f.tokens().len(), want.len(), "{orig:?}");
        let words = want.iter().filter(|t| t.is_word(&text)).count();
        assert_eq!(f.word_count(), words, "{orig:?}");
        for (t, w) in f.tokens().iter().zip(&want) {
            assert_eq!(
                (t.start, t.end, t.hash),
                (w.start, w.end, w.hash),
                "{orig:?}"
            );
            assert_eq!(t.ostart as usize, f.to_orig(t.start as usize), "{orig:?}");
            assert_eq!(t.oend as usize, f.to_orig(t.end as usize), "{orig:?}");
        }
    }

    #[test]
    fn one_pass_agrees_with_separate_passes() {
        for orig in [
            "",
            "a",
            "é",
            "Ce\u{301}sar",
            "-\u{AD}a",
            "ab\u{AD}",
            "x-\u{AD}",
            "\u{AD}ab",
            "Œuvre d’État : 2,5\u{202f}Md€ — ½ ﬁn 𝔸 ǅ 华为 İstanbul Straße …",
            "l'Inde,l’Inde;\u{a0}\u{200b}x\u{feff}",
        ] {
            agrees_with_separate_passes(orig);
        }
    }

    proptest::proptest! {
        #[test]
        fn one_pass_agrees_with_separate_passes_on_any_text(
            orig in "[aZ9 .,'’\u{a0}\u{202f}\u{ad}\u{301}\u{200b}éÉæŒßİǅ½ﬁ…€华한\u{1d538}-]{0,40}"
        ) {
            agrees_with_separate_passes(&orig);
        }

        #[test]
        fn one_pass_agrees_on_any_unicode(orig in "\\PC{0,30}") {
            agrees_with_separate_passes(&orig);
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
