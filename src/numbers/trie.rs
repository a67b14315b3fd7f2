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
/// Set in [`Slot::check`] on nodes where a pattern ends.
const TERMINAL: u32 = 1 << 31;

/// A double-array cell: the child of node `n` by byte `b` is the slot at
/// `slots[n].base + b` whose `check` names `n`. A step is one load, and the
/// terminal flag comes with it.
#[derive(Clone, Copy, Debug)]
struct Slot {
    /// Where this node's children are placed.
    base: u32,
    /// The parent's slot, `TERMINAL` set when a pattern ends here; `NONE`
    /// for a free slot and the root.
    check: u32,
}

/// What the listing of matches needs of a terminal node, read only after
/// the walk.
#[derive(Clone, Copy, Debug)]
struct Info {
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
    /// Slot 0 is the root. Padded so that `base + byte` is always in bounds.
    slots: Vec<Slot>,
    /// Per slot.
    info: Vec<Info>,
}

/// The slots still open to a first child while the double array is laid
/// out: a "next open slot" forest with path halving, so that placing a node
/// skips used runs at once. A free slot that many nodes could not use is
/// closed and stays a hole: without that, every node would retry the same
/// holes and building the currency trie took 20 times longer.
#[derive(Default)]
struct Open {
    /// `next[i] == i` when slot `i` is open, else a slot to look from.
    next: Vec<u32>,
    misses: Vec<u8>,
}

impl Open {
    /// Misses after which a free slot is no longer tried.
    const GIVE_UP: u8 = 16;

    /// The first open slot at or after `i`.
    fn first(&mut self, mut i: usize) -> usize {
        loop {
            while self.next.len() <= i {
                self.next.push(self.next.len() as u32);
                self.misses.push(0);
            }
            let j = self.next[i] as usize;
            if j == i {
                return i;
            }
            if let Some(&k) = self.next.get(j) {
                self.next[i] = k;
            }
            i = j;
        }
    }

    fn close(&mut self, i: usize) {
        self.first(i);
        self.next[i] = i as u32 + 1;
    }

    fn missed(&mut self, i: usize) {
        self.misses[i] += 1;
        if self.misses[i] >= Self::GIVE_UP {
            self.close(i);
        }
    }
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
        // A pointer trie first (children per node, in creation order: a
        // parent before its children), then laid out as a double array.
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
        let free = Slot {
            base: 0,
            check: NONE,
        };
        let mut slots = vec![free; 256];
        let mut slot_of = vec![0u32; children.len()];
        // Breadth first: the upper levels, read by every walk, end up
        // packed together at the front.
        let mut queue = std::collections::VecDeque::from([0usize]);
        let mut open = Open::default();
        while let Some(n) = queue.pop_front() {
            let kids = &mut children[n];
            if kids.is_empty() {
                continue;
            }
            kids.sort_unstable();
            let fits = |base: usize, slots: &[Slot]| {
                kids.iter()
                    .all(|&(b, _)| slots.get(base + b as usize).is_none_or(|s| s.check == NONE))
            };
            // The first child goes to an open slot, the base follows (>= 1:
            // slot 0 is the root).
            let b0 = kids[0].0 as usize;
            let mut at = open.first(b0 + 1);
            while !fits(at - b0, &slots) {
                open.missed(at);
                at = open.first(at + 1);
            }
            let base = at - b0;
            if slots.len() < base + 256 {
                slots.resize(base + 256, free);
            }
            let parent = slot_of[n];
            slots[parent as usize].base = base as u32;
            for &(b, child) in kids.iter() {
                let at = base + b as usize;
                let terminal = if pattern[child as usize] != NONE {
                    TERMINAL
                } else {
                    0
                };
                slots[at].check = parent | terminal;
                slot_of[child as usize] = at as u32;
                open.close(at);
                queue.push_back(child as usize);
            }
        }
        assert!(slots.len() < TERMINAL as usize, "trie too large");
        let mut info = vec![
            Info {
                pattern: NONE,
                depth: 0,
                shorter: NONE,
            };
            slots.len()
        ];
        // Creation order: a parent's nearest terminal is known before its
        // children are reached.
        let mut above = vec![NONE; children.len()];
        for n in 0..children.len() {
            let here = if pattern[n] != NONE {
                slot_of[n]
            } else {
                above[n]
            };
            for &(_, child) in &children[n] {
                above[child as usize] = here;
            }
            info[slot_of[n] as usize] = Info {
                pattern: pattern[n],
                depth: depth[n],
                shorter: above[n],
            };
        }
        Trie { slots, info }
    }

    /// Reads `bytes` as far as the trie goes.
    pub(crate) fn walk(&self, bytes: impl Iterator<Item = u8>) -> End {
        let mut n = 0u32;
        let mut last = NONE;
        for b in bytes {
            // In bounds by the padding; `get` keeps it safe all the same.
            let c = self.slots[n as usize].base + u32::from(b);
            match self.slots.get(c as usize) {
                Some(s) if s.check & !TERMINAL == n => {
                    n = c;
                    if s.check & TERMINAL != 0 {
                        last = c;
                    }
                }
                _ => break,
            }
        }
        End(last)
    }

    /// The patterns the walk that ended at `end` read, longest first, as
    /// `(pattern id, length)`.
    pub(crate) fn prefixes(&self, end: End) -> impl Iterator<Item = (usize, usize)> + '_ {
        let mut t = end.0;
        std::iter::from_fn(move || {
            let node = self.info.get(t as usize)?;
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

    /// The double array answers as a plain search over the patterns would,
    /// on many patterns over a wide alphabet (placement collisions) and on
    /// texts that leave the trie at every depth.
    #[test]
    fn agrees_with_a_plain_search() {
        let mut next = crate::test_rng::xorshift(0x2545_f491_4f6c_dd1d);
        let alphabet = b"ab$\xe2\x82\xac ml%'\x00\xff";
        let mut word = |max: usize| -> Vec<u8> {
            (0..1 + next(max))
                .map(|_| alphabet[next(alphabet.len())])
                .collect()
        };
        let patterns: Vec<Vec<u8>> = (0..400).map(|_| word(6)).collect();
        let texts: Vec<Vec<u8>> = (0..400).map(|_| word(9)).collect();
        for reversed in [false, true] {
            let t = Trie::build((0u32..).zip(patterns.iter().map(|p| &p[..])), reversed);
            for text in &texts {
                let read: Vec<u8> = if reversed {
                    text.iter().rev().copied().collect()
                } else {
                    text.clone()
                };
                let got: Vec<_> = t.prefixes(t.walk(read.iter().copied())).collect();
                let mut want: Vec<(usize, usize)> = Vec::new();
                for len in (1..=text.len()).rev() {
                    let piece = if reversed {
                        &text[text.len() - len..]
                    } else {
                        &text[..len]
                    };
                    if let Some(id) = patterns.iter().position(|p| p == piece) {
                        want.push((id, len));
                    }
                }
                assert_eq!(got, want, "{text:?} reversed {reversed}");
            }
        }
    }

    #[test]
    fn ids_as_given_and_first_id_wins() {
        let t = Trie::build([(7, &b"ab"[..]), (3, b"a"), (9, b"ab")], false);
        let got: Vec<_> = t.prefixes(t.walk("abc".bytes())).collect();
        assert_eq!(got, [(7, 2), (3, 1)]);
    }
}
