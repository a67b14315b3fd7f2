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
        for &(b, n) in &edges[nodes[0].first as usize..(nodes[0].first + nodes[0].len) as usize] {
            root[b as usize] = n;
        }
        Trie { root, nodes, edges }
    }

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
        let pm = PhraseMatcher::build(patterns, "test").unwrap();
        let trie = Trie::build(&patterns, false);
        for text in texts {
            let mut want = Vec::new();
            pm.for_each(text, |p, s, e| {
                want.push((p, s, e));
                true
            });
            let mut got = Vec::new();
            trie.for_each_word(text, 0, text.len(), |p, s, e| got.push((p, s, e)));
            assert_eq!(got, want, "{text:?}");
        }
    }
}
