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
}

impl ByteClass {
    fn has(self, c: u8) -> bool {
        match self {
            ByteClass::AsciiDigit => c.is_ascii_digit(),
            ByteClass::SentenceEnd => matches!(c, b'.' | b'!' | b'?' | b'\n' | 0xE2),
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
        };
        _mm_movemask_epi8(m) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks and the plain tail agree with a byte-by-byte scan, from every
    /// offset, on text long enough for several blocks.
    #[test]
    fn agrees_with_a_plain_scan() {
        let text = "Le 3 mars… il a dit « non ». Puis\nrien ! 2024 ? é€0 fin sans chiffre ni point du tout ici 7";
        let b = text.as_bytes();
        for class in [ByteClass::AsciiDigit, ByteClass::SentenceEnd] {
            for i in 0..=b.len() + 1 {
                let want = b
                    .get(i..)
                    .and_then(|r| r.iter().position(|&c| class.has(c)).map(|k| i + k));
                assert_eq!(find_byte(b, i, class), want, "{class:?} from {i}");
            }
        }
    }
}
