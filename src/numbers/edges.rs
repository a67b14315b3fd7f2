//! Byte-level reads around a figure: word edges, signs and the spaces a
//! figure may run across. They run for every surface found next to a
//! number, so ASCII is read byte by byte.

use crate::text::is_word_char;

/// [`crate::text::ends_word`], read byte by byte where the text is ASCII:
/// it runs for every surface found next to a number.
#[inline]
pub(super) fn ends_word(s: &str, end: usize) -> bool {
    // Also false past the end, as the general one.
    s.is_char_boundary(end) && !(word_at(s, end) && word_before(s, end))
}

/// Whether the character starting at `i` (a char boundary) is a word
/// character; false at the end.
#[inline]
pub(super) fn word_at(s: &str, i: usize) -> bool {
    match s.as_bytes().get(i) {
        Some(&b) if b < 0x80 => b.is_ascii_alphanumeric() || b == b'_',
        Some(_) => s
            .get(i..)
            .and_then(|t| t.chars().next())
            .is_some_and(is_word_char),
        None => false,
    }
}

/// Whether the character ending at `i` (a char boundary) is a word
/// character; false at the start.
#[inline]
pub(super) fn word_before(s: &str, i: usize) -> bool {
    match i.checked_sub(1).and_then(|k| s.as_bytes().get(k)) {
        Some(&b) if b < 0x80 => b.is_ascii_alphanumeric() || b == b'_',
        Some(_) => s
            .get(..i)
            .and_then(|t| t.chars().next_back())
            .is_some_and(is_word_char),
        None => false,
    }
}

/// True when `s` ends with the word `w`.
pub(super) fn ends_with_word(s: &str, w: &str) -> bool {
    s.strip_suffix(w)
        .is_some_and(|head| !head.chars().next_back().is_some_and(is_word_char))
}

/// The start of a numeral with its sign: `-3,2`, `+3,5 %`, but not the dash
/// of `$30-50bn` or `COVID-19`.
pub(super) fn sign_start(s: &str, start: usize) -> usize {
    let head = &s[..start];
    for sign in ["-", "+", "\u{2212}"] {
        if let Some(h) = head.strip_suffix(sign) {
            let prev = h.chars().next_back();
            if !prev.is_some_and(|c| is_word_char(c) || c == '.' || c == ',' || c == '-') {
                return h.len();
            }
        }
    }
    start
}

/// Skips at most two spaces: figures do not run across lines or gaps.
#[inline]
pub(super) fn skip_ws(s: &str, p: usize) -> usize {
    let b = s.as_bytes();
    match (b.get(p), b.get(p + 1)) {
        (Some(b' '), Some(b' ')) => p + 2,
        (Some(b' '), _) => p + 1,
        _ => p,
    }
}

#[inline]
pub(super) fn skip_ws_back(s: &str, p: usize) -> usize {
    let b = s.as_bytes();
    let at = |k: Option<usize>| k.and_then(|k| b.get(k)) == Some(&b' ');
    match (at(p.checked_sub(1)), at(p.checked_sub(2))) {
        (true, true) => p - 2,
        (true, false) => p - 1,
        _ => p,
    }
}
