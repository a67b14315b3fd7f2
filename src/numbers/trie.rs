//! Byte tries over folded lexicon surfaces, walked from one position of the
//! text: forward for "what starts here", over reversed surfaces for "what
//! ends here" (the currency, scale and unit words around a figure). Finding
//! phrases anywhere in a text is the phrase matcher's job
//! ([`PhraseMatcher`](crate::text::PhraseMatcher)); this answers the
//! anchored question next to one number.
//!
//! Lexicon lookups next to a number read a handful of bytes and stop where
//! the trie has no edge, so a figure costs a few steps instead of an
//! automaton run over a window (an overlapping Aho-Corasick scan of the 32
//! bytes before every number was a third of the numbers stage). A walk
//! returns where it ended ([`End`]); every surface on the path is then listed,
//! longest first, through a link from each terminal node to the nearest
//! terminal above it: no buffer, no allocation, and one walk serves every
//! lexicon built into the same trie.

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

/// Compiled byte strings, each reported by the id it was given.
#[derive(Clone, Debug)]
pub(crate) struct Trie {
    /// The root's children by byte (the root is searched on every call).
    root: Box<[u32; 256]>,
    nodes: Vec<Node>,
    edges: Vec<(u8, u32)>,
}

/// The deepest terminal node a walk reached (or none): where the list of
/// the surfaces it read starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct End(u32);

impl End {
    /// A walk that read no surface.
    pub(crate) const NOTHING: End = End(NONE);
}

impl Trie {
    /// Compiles `(id, bytes)` patterns (non-empty byte strings; a repeated
    /// one keeps its first id), each read backwards when `reversed`.
    pub(crate) fn build<'p>(
        patterns: impl IntoIterator<Item = (u32, &'p [u8])>,
        reversed: bool,
    ) -> Trie {
        // Children lists while building; flattened into `edges` at the end.
        let mut children: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
        let mut pattern = vec![NONE];
        let mut depth = vec![0u32];
        for (id, p) in patterns {
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
                pattern[at] = id;
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

    /// Reads `bytes` as far as the trie goes.
    pub(crate) fn walk(&self, bytes: impl Iterator<Item = u8>) -> End {
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
        End(last)
    }

    /// The patterns the walk that ended at `end` read, longest first, as
    /// `(pattern id, length)`.
    pub(crate) fn prefixes(&self, end: End) -> impl Iterator<Item = (usize, usize)> + '_ {
        let mut t = end.0;
        std::iter::from_fn(move || {
            let node = self.nodes.get(t as usize)?;
            t = node.shorter;
            Some((node.pattern as usize, node.depth as usize))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered<'a>(patterns: &'a [&'a str]) -> impl Iterator<Item = (u32, &'a [u8])> {
        (0u32..).zip(patterns.iter().map(|p| p.as_bytes()))
    }

    #[test]
    fn prefixes_longest_first() {
        let t = Trie::build(numbered(&["m", "mil", "milliard", "milliards", "x"]), false);
        let got: Vec<_> = t.prefixes(t.walk("milliardsx".bytes())).collect();
        assert_eq!(got, [(3, 9), (2, 8), (1, 3), (0, 1)]);
        assert_eq!(t.walk("z".bytes()), End::NOTHING);
        assert_eq!(t.prefixes(End::NOTHING).count(), 0);
        let r = Trie::build(numbered(&["$", "us$", "s$"]), true);
        let got: Vec<_> = r.prefixes(r.walk("a us$".bytes().rev())).collect();
        assert_eq!(got, [(1, 3), (2, 2), (0, 1)]);
    }

    #[test]
    fn ids_as_given_and_first_id_wins() {
        let t = Trie::build([(7, &b"ab"[..]), (3, b"a"), (9, b"ab")], false);
        let got: Vec<_> = t.prefixes(t.walk("abc".bytes())).collect();
        assert_eq!(got, [(7, 2), (3, 1)]);
    }
}
