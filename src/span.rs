//! Byte spans into the original text.

use std::ops::{Index, Range};

/// A half-open range of UTF-8 byte offsets into the original text.
///
/// Every span the crate reports starts and ends on a `char` boundary of the
/// text it was found in, so `&text[span]` never panics for that text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// First byte of the span.
    pub start: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

impl Span {
    /// Creates a span; `start` must not exceed `end`.
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

impl From<Span> for Range<usize> {
    fn from(s: Span) -> Range<usize> {
        s.start..s.end
    }
}

impl Index<Span> for str {
    type Output = str;
    fn index(&self, span: Span) -> &str {
        &self[span.start..span.end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_and_overlap() {
        let text = "l’Inde";
        let s = Span::from(4..8);
        assert_eq!(&text[s], "Inde");
        assert_eq!(s.len(), 4);
        assert!(s.overlaps(Span::new(7, 12)));
        assert!(!s.overlaps(Span::new(8, 12)));
        assert!(Span::new(3, 3).is_empty());
    }
}
