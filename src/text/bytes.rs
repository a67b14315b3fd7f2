//! Finding the next byte of a class, 16 bytes at a time: most of a text
//! holds no digit and no sentence end, and the stages that look for them
//! skip it block by block (SSE2, part of the x86_64 baseline; a plain scan
//! elsewhere and on the tail).

/// The byte classes searched for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ByteClass {
    /// `0`–`9`.
    AsciiDigit,
    /// A byte that may end a sentence: `.`, `!`, `?`, a line feed, or 0xE2
    /// (the first byte of `…`, checked by the caller).
    SentenceEnd,
    /// An ASCII word byte: `0`–`9`, `A`–`Z`, `a`–`z`, `_`.
    AsciiWord,
    /// A byte of 0x80 or more (part of a non-ASCII character).
    NonAscii,
}

impl ByteClass {
    fn has(self, c: u8) -> bool {
        match self {
            ByteClass::AsciiDigit => c.is_ascii_digit(),
            ByteClass::SentenceEnd => matches!(c, b'.' | b'!' | b'?' | b'\n' | 0xE2),
            ByteClass::AsciiWord => c.is_ascii_alphanumeric() || c == b'_',
            ByteClass::NonAscii => !c.is_ascii(),
        }
    }
}

/// The first offset at or after `i` whose byte is in `class`.
pub(crate) fn find_byte(b: &[u8], mut i: usize, class: ByteClass) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    while i + 16 <= b.len() {
        // SAFETY: SSE2 is part of the x86_64 baseline; the 16 bytes from `i`
        // are in bounds.
        let mask = unsafe { sse2::mask16(b.as_ptr().add(i), class) };
        if mask != 0 {
            return Some(i + mask.trailing_zeros() as usize);
        }
        i += 16;
    }
    b.get(i..)?
        .iter()
        .position(|&c| class.has(c))
        .map(|k| i + k)
}

/// Bit `j` set when `b[at + j]` is in `class`, for `j < len` (at most 64;
/// higher bits are clear). Blocks of 16 are read past `at + len` while
/// they stay within `b`, so a short block costs no byte-by-byte tail.
#[inline]
pub(crate) fn class_mask(b: &[u8], at: usize, len: usize, class: ByteClass) -> u64 {
    let len = len.min(64).min(b.len().saturating_sub(at));
    let mut mask = 0u64;
    let mut j = 0;
    #[cfg(target_arch = "x86_64")]
    while j < len && at + j + 16 <= b.len() {
        // SAFETY: SSE2 is part of the x86_64 baseline; the 16 bytes from
        // `at + j` are in bounds.
        mask |= u64::from(unsafe { sse2::mask16(b.as_ptr().add(at + j), class) }) << j;
        j += 16;
    }
    for k in j..len {
        mask |= u64::from(class.has(b[at + k])) << k;
    }
    match len {
        64 => mask,
        _ => mask & ((1 << len) - 1),
    }
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use super::ByteClass;
    use std::arch::x86_64::*;

    /// Bit `j` set when byte `j` of the 16 at `p` is in `class`.
    ///
    /// # Safety
    /// `p` must point to 16 readable bytes.
    pub(super) unsafe fn mask16(p: *const u8, class: ByteClass) -> u32 {
        let v = _mm_loadu_si128(p as *const __m128i);
        let m = match class {
            // Bytes of 0x80 and more are negative as `i8`: below `0`.
            ByteClass::AsciiDigit => _mm_and_si128(
                _mm_cmpgt_epi8(v, _mm_set1_epi8(b'0' as i8 - 1)),
                _mm_cmplt_epi8(v, _mm_set1_epi8(b'9' as i8 + 1)),
            ),
            ByteClass::SentenceEnd => {
                let eq = |c: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8));
                _mm_or_si128(
                    _mm_or_si128(eq(b'.'), eq(b'!')),
                    _mm_or_si128(_mm_or_si128(eq(b'?'), eq(b'\n')), eq(0xE2)),
                )
            }
            ByteClass::AsciiWord => {
                // Signed compares: bytes of 0x80 and more are negative, so
                // below every bound. `| 0x20` maps upper to lower case.
                let within = |v: __m128i, lo: u8, hi: u8| {
                    _mm_and_si128(
                        _mm_cmpgt_epi8(v, _mm_set1_epi8(lo as i8 - 1)),
                        _mm_cmplt_epi8(v, _mm_set1_epi8(hi as i8 + 1)),
                    )
                };
                let lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
                _mm_or_si128(
                    _mm_or_si128(within(v, b'0', b'9'), within(lower, b'a', b'z')),
                    _mm_cmpeq_epi8(v, _mm_set1_epi8(b'_' as i8)),
                )
            }
            // The high bit is the sign bit `movemask` reads.
            ByteClass::NonAscii => v,
        };
        _mm_movemask_epi8(m) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [ByteClass; 4] = [
        ByteClass::AsciiDigit,
        ByteClass::SentenceEnd,
        ByteClass::AsciiWord,
        ByteClass::NonAscii,
    ];

    /// Every byte value, in blocks of every length up to 64, at every
    /// alignment and up to the end of the slice: the mask agrees with the
    /// plain test.
    #[test]
    fn class_masks_agree_with_a_plain_test() {
        let all: Vec<u8> = (0..=255u8).chain(0..=255u8).collect();
        for class in ALL {
            for slice_end in [all.len(), 300, 100] {
                let b = &all[..slice_end];
                for at in (0..80).chain(slice_end - 70..slice_end) {
                    for len in 0..=70 {
                        let want = b[at..]
                            .iter()
                            .take(len.min(64))
                            .enumerate()
                            .fold(0u64, |m, (k, &c)| m | u64::from(class.has(c)) << k);
                        assert_eq!(class_mask(b, at, len, class), want, "{class:?} {at} {len}");
                    }
                }
            }
        }
    }

    /// Blocks and the plain tail agree with a byte-by-byte scan, from every
    /// offset, on text long enough for several blocks.
    #[test]
    fn agrees_with_a_plain_scan() {
        let text = "Le 3 mars… il a dit « non ». Puis\nrien ! 2024 ? é€0 fin sans chiffre ni point du tout ici 7";
        let b = text.as_bytes();
        for class in ALL {
            for i in 0..=b.len() + 1 {
                let want = b
                    .get(i..)
                    .and_then(|r| r.iter().position(|&c| class.has(c)).map(|k| i + k));
                assert_eq!(find_byte(b, i, class), want, "{class:?} from {i}");
            }
        }
    }
}
