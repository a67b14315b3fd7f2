//! Original offsets of folded offsets, for offsets that mostly increase.
//!
//! [`Folded::to_orig`](crate::text::Folded::to_orig) binary-searches the
//! fold's checkpoints on every call; on French text (a checkpoint per byte of
//! every accented letter) that was a fifth of key phrase time. The stages
//! here ask for the offsets of words in text order, so a cursor that walks
//! the original text in step with the folded one does the same work once.
//! It relies on each character folding on its own (what `Folded` does), and
//! the unit tests check it against `to_orig`.

use std::sync::LazyLock;

/// Folded lengths of U+0080..U+3000, computed once like the fold's own table;
/// other characters are folded on the fly.
const FOLD_TABLE_END: u32 = 0x3000;
static FOLD_LEN: LazyLock<Box<[u8]>> = LazyLock::new(|| {
    (0x80..FOLD_TABLE_END)
        .map(|u| {
            let mut buf = [0u8; 4];
            char::from_u32(u).map_or(0, |c| {
                let n = crate::text::fold_str(c.encode_utf8(&mut buf)).len();
                u8::try_from(n).unwrap_or(u8::MAX)
            })
        })
        .collect()
});

/// Bytes the fold makes of `c`.
fn fold_len(c: char) -> usize {
    let u = c as u32;
    if u < 0x80 {
        1
    } else if u < FOLD_TABLE_END {
        FOLD_LEN[(u - 0x80) as usize] as usize
    } else {
        let mut buf = [0u8; 4];
        crate::text::fold_str(c.encode_utf8(&mut buf)).len()
    }
}

/// `Folded::to_orig` for offsets asked in increasing order.
pub(super) struct OrigCursor<'a> {
    orig: &'a str,
    folded_len: usize,
    /// A character boundary of the original and the offset where its fold
    /// starts: at or before every offset asked so far.
    o: usize,
    f: usize,
}

impl<'a> OrigCursor<'a> {
    /// A cursor at the start of `orig`, whose fold is `folded_len` bytes.
    pub(super) fn new(orig: &'a str, folded_len: usize) -> OrigCursor<'a> {
        OrigCursor {
            orig,
            folded_len,
            o: 0,
            f: 0,
        }
    }

    /// The start of the original character whose fold holds folded offset
    /// `pos` (the original length at the end), moving the cursor there.
    /// `pos` must not be less than an earlier `advance` argument: an earlier
    /// one is answered by the start of the text walked so far, wrong.
    pub(super) fn advance(&mut self, pos: usize) -> usize {
        (self.o, self.f) = self.walk(pos);
        self.o
    }

    fn walk(&self, pos: usize) -> (usize, usize) {
        if pos >= self.folded_len {
            return (self.orig.len(), self.folded_len);
        }
        let b = self.orig.as_bytes();
        let (mut o, mut f) = (self.o, self.f);
        // ASCII folds byte for byte: skip a whole run at once.
        let ahead = pos.saturating_sub(f);
        if b.get(o..o + ahead).is_some_and(<[u8]>::is_ascii) {
            o += ahead;
            f += ahead;
        }
        while let Some(&x) = b.get(o) {
            let (olen, flen) = if x < 0x80 {
                (1, 1)
            } else {
                match self.orig.get(o..).and_then(|r| r.chars().next()) {
                    Some(c) => (c.len_utf8(), fold_len(c)),
                    // Not a boundary (cannot happen): step on.
                    None => (1, 0),
                }
            };
            if f + flen > pos {
                break;
            }
            o += olen;
            f += flen;
        }
        (o, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Folded;
    use proptest::prelude::*;

    /// Every folded char boundary, in order, through `advance`.
    fn check(orig: &str) {
        let folded = Folded::new(orig);
        let f = folded.as_str();
        let mut cursor = OrigCursor::new(orig, f.len());
        let offsets = f.char_indices().map(|(i, _)| i).chain([f.len()]);
        for pos in offsets {
            let want = folded.to_orig(pos);
            assert_eq!(cursor.advance(pos), want, "advance {pos} in {orig:?}");
        }
    }

    #[test]
    fn agrees_with_folded() {
        let rows = [
            "",
            "NVIDIA and AMD",
            "À l’Élysée, Œ ß Chine\u{301} fin",
            "Ça coûte 2,5 Md€ à l’État — ½ ﬁn 𝔸 ǅ",
            "ana\u{ad}lyse\u{ad}",
            "\u{ad}\u{200b}début",
            "ΑΘΗΝΑ İstanbul Straße",
            "华为 Huawei 芯片",
            "e\u{301}\u{301}\u{301}",
            "ŒUVRE œuvre ﬁnance",
        ];
        for orig in rows {
            check(orig);
        }
    }

    proptest! {
        #[test]
        fn agrees_with_folded_on_any_text(orig in "\\PC{0,40}") {
            check(&orig);
        }

        #[test]
        fn agrees_with_folded_on_latin_text(orig in "[a-zA-Z0-9 .,'’\u{ad}\u{301}éÉœŒßﬁ½İ-]{0,60}") {
            check(&orig);
        }
    }
}
