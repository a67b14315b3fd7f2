//! Byte tries over folded surfaces, walked from one position of the text:
//! forward for "what starts here", over reversed surfaces for "what ends
//! here", and word start by word start for phrases of one language.
//!
//! Lexicon lookups next to a number read a handful of bytes and stop where
//! the trie has no edge, so a figure costs a few steps instead of an
//! automaton run over a window (an overlapping Aho-Corasick scan of the 32
//! bytes before every number was a third of the numbers stage). Matching
//! walks the trie once and lists every surface on the path, longest first,
//! through a link from each terminal node to the nearest terminal above it:
//! no buffer, no allocation.

use crate::text::{ends_word, is_word_char};

/// No node, no pattern.
const NONE: u32 = u32::MAX;

#[derive(Clone, Debug)]
struct Node {
    /// This node's edges: `edges[first..first + len]`, sorted by byte.
    first: u32,
    len: u32,
    /// The pattern ending here, or `NONE`.
    pattern: u32,
    /// Bytes from the root.
    depth: u32,
    /// The nearest terminal node above this one, or `NONE`.
    shorter: u32,
}

/// Compiled byte strings; pattern `i` is reported as `i`.
#[derive(Clone, Debug)]
pub(crate) struct Trie {
    /// The root's children by byte (the root is searched on every call).
    root: Box<[u32; 256]>,
    nodes: Vec<Node>,
    edges: Vec<(u8, u32)>,
    /// Bit `b` of `first[b / 64]`: some pattern starts with the ASCII word
    /// byte `b`. Only meaningful when `ascii_starts`.
    first: [u64; 2],
    /// Every pattern starts with an ASCII word byte: the word scan can then
    /// look for word starts 64 bytes at a time.
    ascii_starts: bool,
    /// Bit `256 * a + b`: a pattern can start with bytes `a b` (`b` begins
    /// a longer pattern's second byte, or `a` is a whole pattern and `b` is
    /// not an ASCII word byte). Most word starts fail here, before a walk.
    pairs: Box<[u64; 1024]>,
    /// Hashed bits of three bytes a pattern can start with (or two bytes
    /// that are a whole pattern, and a byte that can follow it): most word
    /// starts that pass `pairs` (`the`, `and`, `in `) fail here.
    triples: Box<[u64; 1024]>,
}

/// The bit of `triples` for bytes `a b c`.
fn triple_key(a: u8, b: u8, c: u8) -> usize {
    (usize::from(a) * 0x3F1 + usize::from(b) * 0x1F + usize::from(c)) & 0xFFFF
}

fn bit(set: &[u64; 1024], k: usize) -> bool {
    (set[k / 64] >> (k % 64)) & 1 == 1
}

impl Trie {
    /// Compiles `patterns` (non-empty byte strings; a repeated one keeps its
    /// first index), each read backwards when `reversed`.
    pub(crate) fn build<P: AsRef<[u8]>>(patterns: &[P], reversed: bool) -> Trie {
        // Children lists while building; flattened into `edges` at the end.
        let mut children: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
        let mut pattern = vec![NONE];
        let mut depth = vec![0u32];
        for (i, p) in patterns.iter().enumerate() {
            let p = p.as_ref();
            let mut at = 0usize;
            for k in 0..p.len() {
                let b = if reversed { p[p.len() - 1 - k] } else { p[k] };
                at = match children[at].iter().find(|e| e.0 == b) {
                    Some(&(_, n)) => n as usize,
                    None => {
                        let n = children.len();
                        children.push(Vec::new());
                        pattern.push(NONE);
                        depth.push(k as u32 + 1);
                        children[at].push((b, n as u32));
                        n
                    }
                };
            }
            if at != 0 && pattern[at] == NONE {
                pattern[at] = i as u32;
            }
        }
        let mut nodes: Vec<Node> = Vec::with_capacity(children.len());
        let mut edges = Vec::new();
        for (k, c) in children.iter_mut().enumerate() {
            c.sort_unstable();
            nodes.push(Node {
                first: edges.len() as u32,
                len: c.len() as u32,
                pattern: pattern[k],
                depth: depth[k],
                shorter: NONE,
            });
            edges.extend_from_slice(c);
        }
        // Nodes are numbered in creation order: a parent before its children.
        let mut stack = vec![(0u32, NONE)];
        while let Some((n, above)) = stack.pop() {
            let node = &mut nodes[n as usize];
            node.shorter = above;
            let here = if node.pattern != NONE { n } else { above };
            let (first, len) = (node.first as usize, node.len as usize);
            for &(_, child) in &edges[first..first + len] {
                stack.push((child, here));
            }
        }
        let mut root = Box::new([NONE; 256]);
        let mut first = [0u64; 2];
        let mut ascii_starts = true;
        for &(b, n) in &edges[nodes[0].first as usize..(nodes[0].first + nodes[0].len) as usize] {
            root[b as usize] = n;
            if CLASS[b as usize] == ASCII_WORD {
                first[b as usize / 64] |= 1 << (b % 64);
            } else {
                ascii_starts = false;
            }
        }
        let mut pairs = Box::new([0u64; 1024]);
        let mut set = |a: usize, b: usize| pairs[(a * 256 + b) / 64] |= 1 << ((a * 256 + b) % 64);
        for p in patterns {
            let p = p.as_ref();
            let (a, b) = if reversed {
                (p.last(), p.len().checked_sub(2).map(|k| &p[k]))
            } else {
                (p.first(), p.get(1))
            };
            match (a, b) {
                (Some(&a), Some(&b)) => set(a.into(), b.into()),
                (Some(&a), None) => {
                    for (b, &class) in CLASS.iter().enumerate() {
                        if class != ASCII_WORD {
                            set(a.into(), b);
                        }
                    }
                }
                _ => {}
            }
        }
        let mut triples = Box::new([0u64; 1024]);
        for p in patterns {
            let p = p.as_ref();
            let q: Vec<u8> = if reversed {
                p.iter().rev().copied().collect()
            } else {
                p.to_vec()
            };
            let mut set = |k: usize| triples[k / 64] |= 1 << (k % 64);
            match q[..] {
                [a, b, c, ..] => set(triple_key(a, b, c)),
                [a, b] => {
                    // A word ends after `b`, or `b` is not a word byte.
                    for c in 0..=255u8 {
                        if CLASS[c as usize] != ASCII_WORD || CLASS[b as usize] != ASCII_WORD {
                            set(triple_key(a, b, c));
                        }
                    }
                }
                // One byte: `pairs` says it, with a byte that ends the word.
                _ => {}
            }
        }
        Trie {
            root,
            nodes,
            edges,
            first,
            ascii_starts,
            pairs,
            triples,
        }
    }

    // Inlined into every walk: a call per byte cost as much as the lookup.
    #[inline]
    fn child(&self, n: u32, b: u8) -> u32 {
        if n == 0 {
            return self.root[b as usize];
        }
        let node = &self.nodes[n as usize];
        let edges = &self.edges[node.first as usize..(node.first + node.len) as usize];
        if edges.len() <= 8 {
            edges.iter().find(|e| e.0 == b).map_or(NONE, |e| e.1)
        } else {
            edges
                .binary_search_by_key(&b, |e| e.0)
                .map_or(NONE, |k| edges[k].1)
        }
    }

    /// The deepest terminal node reached by reading `bytes`, or `NONE`.
    fn walk(&self, bytes: impl Iterator<Item = u8>) -> u32 {
        let mut n = 0;
        let mut last = NONE;
        for b in bytes {
            n = self.child(n, b);
            if n == NONE {
                break;
            }
            if self.nodes[n as usize].pattern != NONE {
                last = n;
            }
        }
        last
    }

    /// The patterns that `bytes` starts with, longest first, as
    /// `(pattern, length)`.
    pub(crate) fn prefixes(
        &self,
        bytes: impl Iterator<Item = u8>,
    ) -> impl Iterator<Item = (usize, usize)> + '_ {
        let mut t = self.walk(bytes);
        std::iter::from_fn(move || {
            let node = self.nodes.get(t as usize)?;
            t = node.shorter;
            Some((node.pattern as usize, node.depth as usize))
        })
    }

    /// Calls `take(pattern, start, end)` for the longest pattern that starts
    /// at each word start of `s` in `from..to` and ends on a word boundary,
    /// left to right, resuming after each match.
    ///
    /// This is what [`PhraseMatcher::for_each`](crate::text::PhraseMatcher::for_each)
    /// reports for patterns that begin with a word character and a caller
    /// that takes every match: a match can only begin where a word does, and
    /// a rejected word start gives way to the next one.
    pub(crate) fn for_each_word(
        &self,
        s: &str,
        from: usize,
        to: usize,
        take: impl FnMut(usize, usize, usize),
    ) {
        if self.ascii_starts && s.is_char_boundary(from.min(s.len())) {
            self.for_each_word_blocks(s, from, to, take);
        } else {
            self.for_each_word_bytes(s, from, to, take);
        }
    }

    /// The longest pattern at word start `i` that ends on a word boundary.
    fn longest_word_at(&self, s: &str, i: usize) -> Option<(usize, usize)> {
        let b = s.as_bytes();
        self.prefixes(b[i..].iter().copied())
            .map(|(p, n)| (p, i + n))
            .find(|&(_, end)| match b.get(end) {
                None => true,
                Some(&c) if c < 0x80 && b[end - 1] < 0x80 => {
                    CLASS[c as usize] != ASCII_WORD || CLASS[b[end - 1] as usize] != ASCII_WORD
                }
                Some(_) => ends_word(s, end),
            })
    }

    /// [`Trie::for_each_word`] when every pattern starts with an ASCII word
    /// byte: word starts are found as bit masks over 64-byte blocks (a byte
    /// that can begin a pattern, after one that is not an ASCII word byte),
    /// without a branch per byte. A start after a longer character asks
    /// that character.
    fn for_each_word_blocks(
        &self,
        s: &str,
        from: usize,
        to: usize,
        mut take: impl FnMut(usize, usize, usize),
    ) {
        let b = s.as_bytes();
        let to = to.min(b.len());
        // No match starts before this (the end of the last one).
        let mut resume = from;
        let mut base = from;
        while base < to {
            let n = (to - base).min(64);
            let (word, high) = block_masks(&b[base..base + n]);
            let start = word & self.first_mask(&b[base..base + n], word);
            // The byte before each byte of the block.
            let (prev_word, prev_high) = match base.checked_sub(1).map(|k| b[k]) {
                None => (0, 0),
                Some(c) => (
                    u64::from(CLASS[c as usize] == ASCII_WORD),
                    u64::from(CLASS[c as usize] == NON_ASCII),
                ),
            };
            let prev_word = (word << 1) | prev_word;
            let prev_high = (high << 1) | prev_high;
            let mut cands = start & !prev_word;
            while cands != 0 {
                let j = cands.trailing_zeros() as usize;
                cands &= cands - 1;
                let i = base + j;
                if i < resume {
                    continue;
                }
                if (prev_high >> j) & 1 == 1 && s[..i].chars().next_back().is_some_and(is_word_char)
                {
                    continue;
                }
                if !self.may_start(b, i) {
                    continue;
                }
                if let Some((p, end)) = self.longest_word_at(s, i) {
                    take(p, i, end);
                    resume = end;
                }
            }
            base += n;
        }
    }

    /// False when no pattern can match at `i` on a word boundary, by its
    /// first three bytes (a one-byte pattern needs a byte after it that is
    /// not an ASCII word byte).
    fn may_start(&self, b: &[u8], i: usize) -> bool {
        let Some(&x) = b.get(i + 1) else {
            return true;
        };
        let pair = bit(&self.pairs, usize::from(b[i]) * 256 + usize::from(x));
        match b.get(i + 2) {
            None => pair,
            Some(&y) => {
                (pair && CLASS[x as usize] != ASCII_WORD)
                    || bit(&self.triples, triple_key(b[i], x, y))
            }
        }
    }

    /// Bit `j` set when byte `j` of `block` can begin a pattern, among the
    /// bits of `word` that begin a word.
    fn first_mask(&self, block: &[u8], word: u64) -> u64 {
        let mut starts = word & !(word << 1);
        let mut out = 0;
        while starts != 0 {
            let j = starts.trailing_zeros() as usize;
            starts &= starts - 1;
            let c = block[j];
            out |= ((self.first[usize::from(c >> 6) & 1] >> (c & 63)) & 1) << j;
        }
        out
    }

    /// [`Trie::for_each_word`], one byte at a time.
    fn for_each_word_bytes(
        &self,
        s: &str,
        from: usize,
        to: usize,
        mut take: impl FnMut(usize, usize, usize),
    ) {
        let b = s.as_bytes();
        let to = to.min(b.len());
        let mut i = from;
        // Whether the character before `i` is a word character.
        let mut prev_word = s
            .get(..from)
            .and_then(|h| h.chars().next_back())
            .is_some_and(is_word_char);
        while i < to {
            let c = b[i];
            let (word, len) = match CLASS[c as usize] {
                ASCII_WORD => (true, 1),
                ASCII_OTHER => (false, 1),
                _ => match s.get(i..).and_then(|t| t.chars().next()) {
                    Some(ch) => (is_word_char(ch), ch.len_utf8()),
                    // Not a char boundary (only when `from` is not one).
                    None => (true, 1),
                },
            };
            if word && !prev_word && self.root[c as usize] != NONE {
                let found = self
                    .prefixes(b[i..].iter().copied())
                    .map(|(p, n)| (p, i + n))
                    .find(|&(_, end)| ends_word(s, end));
                if let Some((p, end)) = found {
                    take(p, i, end);
                    i = end;
                    prev_word = s[..end].chars().next_back().is_some_and(is_word_char);
                    continue;
                }
            }
            i += len;
            // The rest of an ASCII run of the same class holds no word start:
            // skip it in a tight loop.
            let class = CLASS[c as usize];
            if class != NON_ASCII {
                while i < to && CLASS[b[i] as usize] == class {
                    i += 1;
                }
            }
            prev_word = word;
        }
    }
}

/// Masks of the bytes of `block` (at most 64) that are ASCII word bytes and
/// that are not ASCII.
fn block_masks(block: &[u8]) -> (u64, u64) {
    #[cfg(target_arch = "x86_64")]
    {
        if block.len() == 64 {
            // SAFETY: SSE2 is part of the x86_64 baseline, and the block holds
            // the 64 bytes read.
            return unsafe { sse2::masks64(block) };
        }
    }
    let (mut word, mut high) = (0u64, 0u64);
    for (j, &c) in block.iter().enumerate() {
        let class = CLASS[c as usize];
        word |= u64::from(class == ASCII_WORD) << j;
        high |= u64::from(class == NON_ASCII) << j;
    }
    (word, high)
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::*;

    /// [`super::block_masks`] of 64 bytes, 16 at a time. Bytes of 0x80 and
    /// more are negative as `i8`, so the signed range tests leave them out.
    ///
    /// # Safety
    /// `block` must hold at least 64 bytes.
    pub(super) unsafe fn masks64(block: &[u8]) -> (u64, u64) {
        let (mut word, mut high) = (0u64, 0u64);
        for k in 0..4 {
            let v = _mm_loadu_si128(block.as_ptr().add(16 * k) as *const __m128i);
            let between = |v: __m128i, lo: u8, hi: u8| {
                _mm_and_si128(
                    _mm_cmpgt_epi8(v, _mm_set1_epi8(lo as i8 - 1)),
                    _mm_cmplt_epi8(v, _mm_set1_epi8(hi as i8 + 1)),
                )
            };
            let letters = between(_mm_or_si128(v, _mm_set1_epi8(0x20)), b'a', b'z');
            let digits = between(v, b'0', b'9');
            let under = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'_' as i8));
            let w = _mm_or_si128(_mm_or_si128(letters, digits), under);
            word |= u64::from(_mm_movemask_epi8(w) as u16) << (16 * k);
            high |= u64::from(_mm_movemask_epi8(v) as u16) << (16 * k);
        }
        (word, high)
    }
}

const ASCII_OTHER: u8 = 0;
const ASCII_WORD: u8 = 1;
const NON_ASCII: u8 = 2;

/// Byte classes for the word scan: ASCII word characters (letters, digits,
/// `_`, as [`is_word_char`] says), other ASCII, and bytes of longer
/// characters (decoded and asked).
static CLASS: [u8; 256] = {
    let mut t = [NON_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() || c == b'_' {
            ASCII_WORD
        } else {
            ASCII_OTHER
        };
        b += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::PhraseMatcher;

    #[test]
    fn prefixes_longest_first() {
        let t = Trie::build(&["m", "mil", "milliard", "milliards", "x"], false);
        let got: Vec<_> = t.prefixes("milliardsx".bytes()).collect();
        assert_eq!(got, [(3, 9), (2, 8), (1, 3), (0, 1)]);
        assert_eq!(t.prefixes("z".bytes()).count(), 0);
        let r = Trie::build(&["$", "us$", "s$"], true);
        let got: Vec<_> = r.prefixes("a us$".bytes().rev()).collect();
        assert_eq!(got, [(1, 3), (2, 2), (0, 1)]);
    }

    /// The word scan reports what the phrase matcher does, on texts that
    /// hide shorter and longer candidates inside words.
    #[test]
    fn word_scan_agrees_with_the_phrase_matcher() {
        let patterns = [
            "un",
            "une",
            "dix",
            "dix-sept",
            "a",
            "an",
            "one",
            "chiffre d'affaires",
            "chiffre",
            "cent",
            "cents",
        ];
        let texts = [
            "un une dix-sept dix-septieme une-fois aune a an one ones",
            "le chiffre d'affaires, chiffre d'affairesx chiffres, cent cents centimes",
            "écran 华为a a1 _a a_ x-un-y un'une l'an 10a a.",
            "",
            "un",
            "dix-",
        ];
        let long = "un ".repeat(40) + "x-un " + &"a".repeat(70) + " «un» «a»a €un";
        // ASCII starts (the 64-byte block scan) and one that is not (the
        // byte scan).
        let mut with_c = patterns.to_vec();
        with_c.push("ça");
        for patterns in [&patterns[..], &with_c[..]] {
            let pm = PhraseMatcher::build(patterns, "test").unwrap();
            let trie = Trie::build(patterns, false);
            assert_eq!(trie.ascii_starts, patterns.len() == 11);
            for text in texts
                .iter()
                .copied()
                .chain([long.as_str(), "ça va, aça un"])
            {
                let mut want = Vec::new();
                pm.for_each(text, |p, s, e| {
                    want.push((p, s, e));
                    true
                });
                let mut got = Vec::new();
                trie.for_each_word(text, 0, text.len(), |p, s, e| got.push((p, s, e)));
                assert_eq!(got, want, "{text:?}");
                // From a word start inside the text, the same tail.
                if let Some(k) = text.find(" un") {
                    let mut tail = Vec::new();
                    trie.for_each_word(text, k + 1, text.len(), |p, s, e| tail.push((p, s, e)));
                    let want_tail: Vec<_> = want.iter().copied().filter(|m| m.1 > k).collect();
                    assert_eq!(tail, want_tail, "{text:?} from {k}");
                }
            }
        }
    }
}
