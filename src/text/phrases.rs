//! The one phrase-matching engine: folded phrases compiled into a token
//! trie, walked only from word starts, leftmost-longest, non-overlapping.
//!
//! Gazetteers, topic keywords and predicate triggers go through it (number
//! words, a few dozen per language, have a leaner scan in `numbers/words.rs`
//! that is tested to give this engine's answers). The caller keeps what a pattern means (a list of entries, a
//! keyword weight); the engine only finds where patterns stand and asks the
//! caller whether to take each one.
//!
//! Why a token trie and not an Aho-Corasick automaton: a match must start and
//! end on word boundaries, so it can only begin where a word (or a lone
//! non-word character) begins and only end after a whole token. Walking a trie
//! whose edges are whole tokens from those positions needs one hash probe per
//! word of text, and most words stop at the root; a byte automaton pays a
//! transition (and failure links) for every byte. On the 50 MB bench corpus
//! with its 100k-entry gazetteer, tokenizing on the fly, the walk took 0.33 s
//! where daachorse's double-array automaton took 0.70 s, and it built in
//! 24 ms instead of 229 ms. The tokens (with their hashes) are computed once
//! per text in [`Folded`](super::Folded) and shared by all matchers.

use super::is_word_char;
use crate::Error;
use std::cell::RefCell;

/// No pattern ends at this node.
const NONE: u32 = u32::MAX;

/// Compiled folded phrases.
#[derive(Clone, Default)]
pub struct PhraseMatcher {
    /// The trie's edges, open addressing with linear probing: a slot holds
    /// the edge's key and everything the walk needs of the child it leads to,
    /// so a probe (hit or miss) reads one cache line where a hash map's
    /// control bytes, bucket and node array took three. A power of two long
    /// (or empty when there is no pattern), at most two thirds full. Node 0 is the
    /// root; every other node has exactly one edge, into it.
    slots: Vec<Slot>,
    /// `slots.len() - 1`.
    mask: usize,
    /// Bytes of the tokens longer than 8, so a hit is confirmed byte for byte.
    tokens: Vec<u8>,
    /// Bloom filter of the root's tokens. Most tokens of a text begin no
    /// pattern; this small bit set (it stays in cache) rejects them without
    /// probing `slots`, which for a 100k gazetteer is far larger than cache.
    /// It is sized to the root's tokens: a few hundred keywords or
    /// triggers get a filter that stays in L1 beside the gazetteer's.
    root_bloom: Bloom,
    /// Bloom filter of the edge keys of the nodes with more than
    /// [`DENSE_CHILDREN`] children (`la `, `san `), whose [`Slot::next`]
    /// would let almost every token through: after a common word, most
    /// next words continue no pattern, and each probe for one would miss
    /// the cache.
    dense_bloom: Bloom,
    len: usize,
}

/// One trie edge and the node it leads to. 32 bytes, aligned: one slot never
/// straddles two cache lines.
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(32))]
struct Slot {
    /// [`edge_key`] of the parent and the token's hash.
    key: u64,
    /// The token's bytes ([`short_word`]) when it has at most 8 (most
    /// tokens), else its offset in `tokens`.
    short: u64,
    /// Token length in bytes; 0 marks an empty slot (tokens are never empty).
    len: u32,
    /// The pattern that ends at the child, or `NONE`.
    pattern: u32,
    /// The child's node number, which keys its own edges.
    child: u32,
    /// [`next_bits`] of the tokens of the child's own edges: a walk whose
    /// next token has a bit outside them stops without a probe (a leaf has
    /// none; `new` followed by anything but a space is rejected). [`DENSE`]
    /// when the child has more than [`DENSE_CHILDREN`]: `dense_bloom` holds
    /// its edges instead.
    next: u32,
}

/// Children beyond which a node's edges go to `dense_bloom`: 8 children set
/// at most 16 of the 32 bits of [`Slot::next`], so it can never be [`DENSE`].
const DENSE_CHILDREN: u32 = 8;

/// [`Slot::next`] of a node with more than [`DENSE_CHILDREN`] children.
const DENSE: u32 = u32::MAX;

/// A Bloom filter of 64-bit hashes whose two probe bits are in one word
/// (one load), sized to about 16 bits per hash up to 64 KiB.
#[derive(Clone, Default)]
struct Bloom {
    words: Vec<u64>,
    /// `words.len() - 1` (a power of two minus one).
    mask: usize,
}

impl Bloom {
    fn new(mut hashes: Vec<u64>) -> Bloom {
        // Sized by the distinct hashes, but past four per word of the
        // largest filter a sort to count them (a fifth of building a 100k
        // gazetteer) could only make the filter smaller: it stays at most.
        if hashes.len() <= 4 * BLOOM_MAX_WORDS {
            hashes.sort_unstable();
            hashes.dedup();
        }
        let len = (hashes.len() / 4 + 1)
            .next_power_of_two()
            .min(BLOOM_MAX_WORDS);
        let mut b = Bloom {
            words: vec![0; len],
            mask: len - 1,
        };
        for h in hashes {
            let (w, bits) = bloom_probe(h);
            b.words[w & b.mask] |= bits;
        }
        b
    }

    /// False when `h` is certainly not in the filter (always for an empty one).
    #[inline]
    fn may_contain(&self, h: u64) -> bool {
        let (w, bits) = bloom_probe(h);
        match self.words.get(w & self.mask) {
            Some(&word) => word & bits == bits,
            None => false,
        }
    }
}

thread_local! {
    /// [`PhraseMatcher::walk`]'s list of pattern ends, kept per thread.
    static ENDS: RefCell<Vec<(usize, u32)>> = const { RefCell::new(Vec::new()) };
}

/// Bloom filter words at most: 64 KiB. About 16 bits per hash below that.
const BLOOM_MAX_WORDS: usize = 1 << 13;

/// A token of a folded text: a maximal run of word characters, or one
/// non-word character, with the hash the trie is keyed by. Computed once per
/// text ([`Folded`](super::Folded) keeps them) and shared by every matcher.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    /// Folded byte span.
    pub(crate) start: u32,
    pub(crate) end: u32,
    pub(crate) hash: u64,
    /// Original byte span (filled by [`Folded`](super::Folded)).
    pub(crate) ostart: u32,
    pub(crate) oend: u32,
}

impl Token {
    /// Whether this token is a run of word characters of `folded` (the text
    /// it was cut from), not a single non-word character.
    #[inline]
    pub(crate) fn is_word(&self, folded: &str) -> bool {
        let b = folded.as_bytes()[self.start as usize];
        if b < 0x80 {
            WORD_ASCII[b as usize]
        } else {
            is_word_char(char_at(folded, self.start as usize).0)
        }
    }
}

/// Appends the tokens of `s` to `out`.
pub(crate) fn tokenize(s: &str, out: &mut Vec<Token>) {
    let bytes = s.as_bytes();
    // News text has a token every 3 to 4 bytes.
    out.reserve(bytes.len() / 3);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Most tokens are a space or punctuation: one ASCII byte.
        let end = if b < 0x80 && !WORD_ASCII[b as usize] {
            i + 1
        } else {
            token_end(s, i).0
        };
        out.push(Token {
            start: i as u32,
            end: end as u32,
            hash: hash(&bytes[i..end]),
            ostart: i as u32,
            oend: end as u32,
        });
        i = end;
    }
}

/// `a == b` for the short tokens of text without a call to `memcmp`, which
/// cost as much as the hash probe it confirms.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if a.len() <= 8 {
        return short_word(a) == short_word(b);
    }
    a == b
}

/// Up to 8 bytes in a `u64` without a call to `memcpy` (which a copy into a
/// stack buffer compiles to): two overlapping 4-byte loads for 4 to 8
/// bytes, three single bytes below. Two strings of the same length (at most
/// 8) are equal exactly when their words are.
#[inline]
fn short_word(s: &[u8]) -> u64 {
    let n = s.len();
    if n >= 4 {
        let lo = u32::from_le_bytes([s[0], s[1], s[2], s[3]]);
        let hi = u32::from_le_bytes([s[n - 4], s[n - 3], s[n - 2], s[n - 1]]);
        u64::from(lo) | u64::from(hi) << 32
    } else if n > 0 {
        u64::from(s[0]) | u64::from(s[n / 2]) << 8 | u64::from(s[n - 1]) << 16
    } else {
        0
    }
}

impl std::fmt::Debug for PhraseMatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhraseMatcher")
            .field("patterns", &self.len)
            .field("slots", &self.slots.len())
            .finish()
    }
}

/// The end of the token that starts at `i` (not at the end of `s`): a maximal
/// run of word characters, or one non-word character. Also whether it is a
/// word run.
#[inline]
fn token_end(s: &str, i: usize) -> (usize, bool) {
    let b = s.as_bytes();
    let (c, len) = char_at(s, i);
    if !is_word_char(c) {
        return (i + len, false);
    }
    let mut j = i + len;
    while j < b.len() {
        if b[j] < 0x80 {
            if !WORD_ASCII[b[j] as usize] {
                break;
            }
            j += 1;
        } else {
            let (c, len) = char_at(s, j);
            if !is_word_char(c) {
                break;
            }
            j += len;
        }
    }
    (j, true)
}

/// The character at byte `i` (a char boundary before `s.len()`) and its length.
#[inline]
fn char_at(s: &str, i: usize) -> (char, usize) {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        return (b as char, 1);
    }
    let c = s[i..].chars().next().unwrap_or('\0');
    (c, c.len_utf8())
}

static WORD_ASCII: [bool; 128] = {
    let mut t = [false; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = (i as u8).is_ascii_alphanumeric() || i as u8 == b'_';
        i += 1;
    }
    t
};

/// A fast hash of a short byte string (8 bytes per step), well mixed in all
/// bits for the table and the Bloom probes.
#[inline]
pub(crate) fn hash(token: &[u8]) -> u64 {
    if let [b] = token {
        if *b < 0x80 {
            return ASCII_HASH[*b as usize];
        }
    }
    let mut h = len_seed(token.len());
    let mut chunks = token.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = step(h, w);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = step(h, short_word(rest));
    }
    finish(h)
}

/// The hash state before the first word: the length, spread over all bits.
/// (The length XORed in as it is would make `c` and `acc` collide, whose
/// words differ only where the lengths do.)
#[inline]
const fn len_seed(len: usize) -> u64 {
    (len as u64 ^ 0x5bd1_e995).wrapping_mul(0xd6e8_feb8_6659_fd93)
}

#[inline]
const fn step(h: u64, word: u64) -> u64 {
    (h ^ word)
        .wrapping_mul(0x9e37_79b9_7f4a_7c15)
        .rotate_left(29)
}

#[inline]
const fn finish(mut h: u64) -> u64 {
    h ^= h >> 32;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^ (h >> 29)
}

/// `hash` of each one-byte ASCII token (spaces and punctuation are most tokens).
static ASCII_HASH: [u64; 128] = {
    let mut t = [0; 128];
    let mut b = 0;
    while b < 128 {
        // `short_word` of the one byte.
        t[b] = finish(step(len_seed(1), (b as u64) * 0x01_01_01));
        b += 1;
    }
    t
};

/// The key of the edge from `node` by a token of hash `h`. Two edges could
/// share a key only by a 64-bit coincidence (as two tokens could share a
/// hash); a hit is confirmed against the child's token in any case.
#[inline]
fn edge_key(node: u32, h: u64) -> u64 {
    h ^ u64::from(node).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// The filter word of hash `h` (masked by the caller) and its two bits.
#[inline]
fn bloom_probe(h: u64) -> (usize, u64) {
    ((h >> 40) as usize, (1 << (h & 63)) | (1 << ((h >> 6) & 63)))
}

/// The two bits of [`Slot::next`] for a token of hash `h`: high bits, which
/// neither the root filter nor (for most nodes) the slot index uses.
#[inline]
fn next_bits(h: u64) -> u32 {
    (1 << (h >> 59)) | (1 << ((h >> 54) & 31))
}

/// Whether `edges` edges (one per node but the root; one more counted, the
/// insertion's) would fill `slots` slots more than two thirds. At two thirds
/// a hit reads two slots on average (1.5 at half full), and the filters
/// before a probe keep misses rare; the 100k gazetteer's table is 8 MiB
/// instead of the 16 MiB a half-full limit took, so the build writes half
/// the memory and peak RSS drops by as much, for no slower walk (measured
/// on the bench corpus, issue 7).
#[inline]
fn fuller_than_max(edges: usize, slots: usize) -> bool {
    edges.saturating_mul(3) > slots.saturating_mul(2)
}

/// What the build keeps of each node (the root included) beside its slot.
struct BuildNodes {
    /// The slot of the node's edge (none for the root).
    slot: Vec<u32>,
    parent: Vec<u32>,
    children: Vec<u32>,
    /// The key of the node's edge (read here, in node order, rather than
    /// from the slots, all over the table).
    key: Vec<u64>,
    /// Per slot, 0 when empty, else [`tag`] of its key: most lookups of a
    /// build are for new edges, and these bytes (1/32 of the table, in
    /// cache) answer them without reading a slot (each a cache miss).
    tags: Vec<u8>,
}

impl Default for BuildNodes {
    fn default() -> BuildNodes {
        BuildNodes {
            slot: vec![u32::MAX],
            parent: vec![0],
            children: vec![0],
            key: vec![0],
            tags: Vec::new(),
        }
    }
}

/// Seven bits of `key` other than those of its slot, never 0.
#[inline]
fn tag(key: u64) -> u8 {
    (key >> 57) as u8 | 0x80
}

/// Slots at first; the table doubles when it would be more than two thirds
/// full ([`fuller_than_max`]).
const MIN_SLOTS: usize = 16;

impl PhraseMatcher {
    /// Compiles `patterns`, which must already be folded
    /// ([`fold_str`](super::fold_str)), distinct and non-empty. Pattern `i`
    /// is reported as `i`; an empty pattern is never reported.
    pub fn build<I, P>(patterns: I, what: &'static str) -> Result<PhraseMatcher, Error>
    where
        I: IntoIterator<Item = P>,
        P: AsRef<[u8]>,
    {
        fn utf8<P: AsRef<[u8]>>(p: &P) -> Option<&str> {
            std::str::from_utf8(p.as_ref()).ok()
        }
        Self::build_with(patterns, what, utf8)
    }

    /// [`build`](Self::build) from patterns known to be text, which are not
    /// checked again (the check was a tenth of compiling a 100k gazetteer).
    pub(crate) fn build_strs<I, P>(patterns: I, what: &'static str) -> Result<PhraseMatcher, Error>
    where
        I: IntoIterator<Item = P>,
        P: AsRef<str>,
    {
        fn text<P: AsRef<str>>(p: &P) -> Option<&str> {
            Some(p.as_ref())
        }
        Self::build_with(patterns, what, text)
    }

    /// [`build`](Self::build), each pattern read as text by `as_str`
    /// (`None`: not UTF-8).
    fn build_with<I, P>(
        patterns: I,
        what: &'static str,
        as_str: fn(&P) -> Option<&str>,
    ) -> Result<PhraseMatcher, Error>
    where
        I: IntoIterator<Item = P>,
    {
        let mut m = PhraseMatcher::default();
        let mut nodes = BuildNodes::default();
        let mut root_hashes = Vec::new();
        let patterns = patterns.into_iter();
        // Sized once for about 1.5 nodes per pattern (a 100k gazetteer has
        // 1.4): doubling from a small table moved every slot again and
        // touched twice the memory.
        let expected = patterns.size_hint().0.saturating_mul(3) / 2;
        m.grow_to(expected.saturating_mul(3) / 2, &mut nodes);
        // The per-node arrays too: grown by doubling, each was copied over
        // and over.
        let nodes_hint = expected.min(1 << 24);
        nodes.slot.reserve(nodes_hint);
        nodes.parent.reserve(nodes_hint);
        nodes.children.reserve(nodes_hint);
        nodes.key.reserve(nodes_hint);
        for (id, p) in patterns.enumerate() {
            m.len += 1;
            let Some(p) = as_str(&p) else {
                return Err(Error::Automaton {
                    what,
                    message: format!("pattern {id} is not UTF-8"),
                });
            };
            let Ok(id) = u32::try_from(id) else {
                return Err(Error::Automaton {
                    what,
                    message: "more than 4 billion patterns".into(),
                });
            };
            let mut node = 0u32;
            let mut i = 0;
            while i < p.len() {
                // Spaces and punctuation as in `tokenize`: one ASCII byte.
                let b = p.as_bytes()[i];
                let end = if b < 0x80 && !WORD_ASCII[b as usize] {
                    i + 1
                } else {
                    token_end(p, i).0
                };
                let token = &p.as_bytes()[i..end];
                let h = hash(token);
                if node == 0 {
                    root_hashes.push(h);
                }
                node = m.child_or_insert(node, token, h, &mut nodes, what)?;
                i = end;
            }
            if node != 0 {
                let slot = &mut m.slots[nodes.slot[node as usize] as usize].pattern;
                if *slot == NONE {
                    *slot = id;
                }
            }
        }
        m.root_bloom = Bloom::new(root_hashes);
        let dense = |n: u32| n != 0 && nodes.children[n as usize] > DENSE_CHILDREN;
        let dense_keys = (1..nodes.key.len())
            .filter(|&n| dense(nodes.parent[n]))
            .map(|n| nodes.key[n])
            .collect();
        m.dense_bloom = Bloom::new(dense_keys);
        for n in 1..nodes.slot.len() as u32 {
            if dense(n) {
                m.slots[nodes.slot[n as usize] as usize].next = DENSE;
            }
        }
        m.tokens.shrink_to_fit();
        Ok(m)
    }

    /// The child of `node` by `token` (of hash `h`), added if missing.
    fn child_or_insert(
        &mut self,
        node: u32,
        token: &[u8],
        h: u64,
        nodes: &mut BuildNodes,
        what: &'static str,
    ) -> Result<u32, Error> {
        if fuller_than_max(nodes.slot.len(), self.slots.len()) {
            self.grow_to(self.slots.len() * 2, nodes);
        }
        let key = edge_key(node, h);
        let i = match self.probe_tags(key, token, &nodes.tags) {
            Ok(i) => return Ok(self.slots[i].child),
            Err(i) => i,
        };
        let n = u32::try_from(nodes.slot.len())
            .ok()
            .filter(|&n| n != u32::MAX)
            .ok_or_else(|| Error::Automaton {
                what,
                message: "too many trie nodes".into(),
            })?;
        let short = if token.len() <= 8 {
            short_word(token)
        } else {
            let at = self.tokens.len() as u64;
            self.tokens.extend_from_slice(token);
            at
        };
        self.slots[i] = Slot {
            key,
            short,
            len: u32::try_from(token.len()).map_err(|_| Error::Automaton {
                what,
                message: "a token of more than 4 GiB".into(),
            })?,
            pattern: NONE,
            child: n,
            next: 0,
        };
        nodes.tags[i] = tag(key);
        nodes.slot.push(i as u32);
        nodes.parent.push(node);
        nodes.key.push(key);
        nodes.children.push(0);
        nodes.children[node as usize] += 1;
        if node != 0 {
            self.slots[nodes.slot[node as usize] as usize].next |= next_bits(h);
        }
        Ok(n)
    }

    /// Makes the table at least `size` slots long (a power of two) and moves
    /// every slot.
    fn grow_to(&mut self, size: usize, nodes: &mut BuildNodes) {
        let size = size.max(MIN_SLOTS).next_power_of_two();
        if size <= self.slots.len() {
            return;
        }
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        nodes.tags = vec![0; size];
        self.mask = size - 1;
        for s in old.into_iter().filter(|s| s.len != 0) {
            let mut i = s.key as usize & self.mask;
            while nodes.tags[i] != 0 {
                i = (i + 1) & self.mask;
            }
            self.slots[i] = s;
            nodes.tags[i] = tag(s.key);
            nodes.slot[s.child as usize] = i as u32;
        }
    }

    /// [`probe`](Self::probe) at build time, reading only the slots whose
    /// tag is the key's.
    fn probe_tags(&self, key: u64, token: &[u8], tags: &[u8]) -> Result<usize, usize> {
        let t = tag(key);
        let mut i = key as usize & self.mask;
        loop {
            match tags[i] {
                0 => return Err(i),
                x if x == t => {
                    let s = &self.slots[i];
                    if s.key == key && self.holds(s, token) {
                        return Ok(i);
                    }
                }
                _ => {}
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The slot of the edge of key `key` whose token is `token`, or the empty
    /// slot where it would go. A key shared with another edge (a 64-bit
    /// coincidence) does not hide it: probing goes on until the token matches.
    #[inline]
    fn probe(&self, key: u64, token: &[u8]) -> Result<usize, usize> {
        let mut i = key as usize & self.mask;
        loop {
            let s = &self.slots[i];
            if s.len == 0 {
                return Err(i);
            }
            if s.key == key && self.holds(s, token) {
                return Ok(i);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Whether slot `s` is for `token`, byte for byte.
    #[inline]
    fn holds(&self, s: &Slot, token: &[u8]) -> bool {
        if s.len as usize != token.len() {
            return false;
        }
        if token.len() <= 8 {
            return s.short == short_word(token);
        }
        let start = s.short as usize;
        self.tokens
            .get(start..start + token.len())
            .is_some_and(|stored| same_bytes(stored, token))
    }

    /// Whether some pattern may begin with the token of hash `h`.
    #[inline]
    fn may_start(&self, h: u64) -> bool {
        self.root_bloom.may_contain(h)
    }

    /// The edge from `node` by `token` (of hash `h`).
    #[cfg(test)]
    fn child(&self, node: u32, token: &[u8], h: u64) -> Option<&Slot> {
        self.probe(edge_key(node, h), token)
            .ok()
            .map(|i| &self.slots[i])
    }

    /// Number of patterns.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there is no pattern.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Calls `take(pattern, start, end)` for each leftmost-longest match of
    /// `folded` that stands on word boundaries, left to right, without
    /// overlaps. When `take` returns false, the next shorter pattern starting
    /// at the same offset is tried, then the search resumes after the first
    /// token: a rejected long candidate never hides a valid shorter one.
    pub fn for_each(&self, folded: &str, mut take: impl FnMut(usize, usize, usize) -> bool) {
        let mut tokens = Vec::new();
        if !self.slots.is_empty() {
            tokenize(folded, &mut tokens);
        }
        self.for_each_token(folded, &tokens, |p, k, e| {
            take(p, tokens[k].start as usize, tokens[e - 1].end as usize)
        });
    }

    /// [`for_each`](Self::for_each) on a [`Folded`](super::Folded) text,
    /// reusing the tokens it computed once for every matcher.
    pub fn for_each_in(
        &self,
        folded: &super::Folded,
        mut take: impl FnMut(usize, usize, usize) -> bool,
    ) {
        let tokens = folded.tokens();
        self.for_each_token(folded.as_str(), tokens, |p, k, e| {
            take(p, tokens[k].start as usize, tokens[e - 1].end as usize)
        });
    }

    /// [`for_each_in`](Self::for_each_in) with the match given as the range
    /// of its tokens in `folded.tokens()`, which carry both texts' offsets.
    pub(crate) fn for_each_tokens_in(
        &self,
        folded: &super::Folded,
        take: impl FnMut(usize, usize, usize) -> bool,
    ) {
        self.for_each_token(folded.as_str(), folded.tokens(), take);
    }

    /// [`for_each_tokens_in`](Self::for_each_tokens_in) over the tokens
    /// `within` only: matches start and end inside that range, as if the
    /// text were cut around it.
    pub(crate) fn for_each_tokens_within(
        &self,
        folded: &super::Folded,
        within: std::ops::Range<usize>,
        mut take: impl FnMut(usize, usize, usize) -> bool,
    ) {
        let Some(tokens) = folded.tokens().get(within.clone()) else {
            return;
        };
        let at = within.start;
        self.for_each_token(folded.as_str(), tokens, |p, k, e| take(p, at + k, at + e));
    }

    /// The walk: `take(pattern, first token, end token)`.
    fn for_each_token(
        &self,
        folded: &str,
        tokens: &[Token],
        take: impl FnMut(usize, usize, usize) -> bool,
    ) {
        if self.slots.is_empty() {
            return;
        }
        // Pattern ends met along one walk, longest last: this thread's list,
        // reused across walks and calls (relations walk once per sentence).
        crate::scratch::with(&ENDS, |ends| self.walk(folded, tokens, ends, take));
    }

    fn walk(
        &self,
        folded: &str,
        tokens: &[Token],
        ends: &mut Vec<(usize, u32)>,
        mut take: impl FnMut(usize, usize, usize) -> bool,
    ) {
        let hay = folded.as_bytes();
        let mut k = 0;
        // Every token starts on a word boundary: a word token is a maximal
        // run, so the token before it is not a word; a non-word token starts
        // wherever it is. So a walk may start at any token.
        while k < tokens.len() {
            if !self.may_start(tokens[k].hash) {
                k += 1;
                continue;
            }
            ends.clear();
            let mut node = 0u32;
            // The root's filter is `root_bloom`, passed above.
            let mut next = 0;
            for (m, t) in tokens[k..].iter().enumerate() {
                let key = edge_key(node, t.hash);
                if m > 0 {
                    let bits = next_bits(t.hash);
                    if next & bits != bits || next == DENSE && !self.dense_bloom.may_contain(key) {
                        break;
                    }
                }
                let Ok(i) = self.probe(key, &hay[t.start as usize..t.end as usize]) else {
                    break;
                };
                let s = &self.slots[i];
                node = s.child;
                next = s.next;
                if s.pattern != NONE {
                    ends.push((k + m + 1, s.pattern));
                }
            }
            match ends.iter().rev().find(|&&(e, p)| take(p as usize, k, e)) {
                Some(&(e, _)) => k = e,
                None => k += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold_str;

    #[test]
    fn short_words_and_hashes() {
        // Equal words exactly when equal strings, for every length up to 8.
        let words: Vec<Vec<u8>> = (0..=8usize)
            .flat_map(|n| {
                (0..n.max(1)).map(move |k| (0..n).map(|i| b'a' + u8::from(i == k)).collect())
            })
            .collect();
        for a in &words {
            for b in words.iter().filter(|b| b.len() == a.len()) {
                assert_eq!(same_bytes(a, b), a == b, "{a:?} {b:?}");
            }
        }
        // The one-byte shortcut is the general hash.
        for b in 0u8..128 {
            assert_eq!(
                ASCII_HASH[b as usize],
                finish(step(len_seed(1), short_word(&[b])))
            );
        }
        // Tokens whose words differ only where their lengths would.
        assert_ne!(hash(b"c"), hash(b"acc"));
        assert_ne!(hash(b"ab"), hash(b"bab"));
    }

    fn matches(patterns: &[&str], text: &str, reject: &[&str]) -> Vec<String> {
        let folded: Vec<String> = patterns.iter().map(|p| fold_str(p)).collect();
        let m = PhraseMatcher::build(&folded, "test").unwrap();
        let t = fold_str(text);
        let mut out = Vec::new();
        m.for_each(&t, |p, s, e| {
            if reject.contains(&patterns[p]) {
                return false;
            }
            out.push(t[s..e].to_string());
            true
        });
        out
    }

    /// name, patterns, text, patterns the caller rejects, expected matches
    type Row<'a> = (
        &'a str,
        &'a [&'a str],
        &'a str,
        &'a [&'a str],
        &'a [&'a str],
    );

    #[test]
    fn table() {
        let rows: &[Row] = &[
            (
                "longest wins",
                &["New York", "New York Times"],
                "the New York Times said",
                &[],
                &["new york times"],
            ),
            (
                "boundary rejects longest",
                &["New York", "New York Times"],
                "New York Timesx",
                &[],
                &["new york"],
            ),
            (
                "caller rejects longest",
                &["New York", "New York Times"],
                "New York Times",
                &["New York Times"],
                &["new york"],
            ),
            (
                "inside word",
                &["Inde"],
                "Indépendance et Inde",
                &[],
                &["inde"],
            ),
            ("acronym inside word", &["IA"], "IAM et IA", &[], &["ia"]),
            (
                "elision",
                &["Inde", "Nvidia"],
                "l’Inde et d’Nvidia",
                &[],
                &["inde", "nvidia"],
            ),
            (
                "possessive",
                &["NVIDIA"],
                "NVIDIA’s chips",
                &[],
                &["nvidia"],
            ),
            (
                "nbsp",
                &["Jensen Huang"],
                "Jensen\u{a0}Huang",
                &[],
                &["jensen huang"],
            ),
            (
                "overlap after rejection",
                &["New York Times", "Times Square"],
                "New York Times Square",
                &["New York Times"],
                &["times square"],
            ),
        ];
        for (name, pats, text, reject, want) in rows {
            assert_eq!(matches(pats, text, reject), *want, "row {name}: {text:?}");
        }
    }

    /// The reference: at every offset where a match may start (the
    /// character before or at it is not a word character), the longest
    /// accepted pattern that ends on a word boundary, left to right.
    fn brute_force(
        patterns: &[String],
        text: &str,
        reject: &[usize],
    ) -> Vec<(usize, usize, usize)> {
        use crate::text::{ends_word, starts_word};
        let mut out = Vec::new();
        let mut i = 0;
        while i < text.len() {
            if text.is_char_boundary(i) && starts_word(text, i) {
                let best = patterns
                    .iter()
                    .enumerate()
                    .filter(|(k, p)| {
                        !p.is_empty()
                            && text[i..].starts_with(p.as_str())
                            && ends_word(text, i + p.len())
                            && !reject.contains(k)
                    })
                    .max_by_key(|(k, p)| (p.len(), std::cmp::Reverse(*k)));
                if let Some((k, p)) = best {
                    out.push((k, i, i + p.len()));
                    i += p.len();
                    continue;
                }
            }
            i += 1;
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_brute_force(
            pats in proptest::collection::vec("[ab' é.-]{1,6}", 1..12),
            text in "[ab' é.-]{0,60}",
            reject in proptest::collection::vec(0usize..12, 0..3),
        ) {
            let mut pats: Vec<String> = pats.into_iter().map(|p| fold_str(&p)).collect();
            pats.sort();
            pats.dedup();
            let text = fold_str(&text);
            let m = PhraseMatcher::build(&pats, "test").unwrap();
            let mut got = Vec::new();
            m.for_each(&text, |p, s, e| {
                if reject.contains(&p) {
                    return false;
                }
                got.push((p, s, e));
                true
            });
            proptest::prop_assert_eq!(got, brute_force(&pats, &text, &reject));
        }
    }

    #[test]
    fn same_bytes_is_equality() {
        let words: [&[u8]; 7] = [
            b"",
            b"a",
            b"ab",
            b"abcdefgh",
            b"abcdefgi",
            b"abcdefghij",
            b"abcdefghik",
        ];
        for a in words {
            for b in words {
                assert_eq!(same_bytes(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn distinct_short_tokens_hash_apart() {
        // Every token of up to 3 letters from a small alphabet: no two share
        // a hash (a collision would make one unreachable in a trie level).
        let alphabet = b"abc.' ";
        let mut all = vec![Vec::new()];
        for _ in 0..3 {
            let longer: Vec<Vec<u8>> = all
                .iter()
                .filter(|w| w.len() == all.last().map_or(0, Vec::len))
                .flat_map(|w| alphabet.iter().map(move |&c| [w.clone(), vec![c]].concat()))
                .collect();
            all.extend(longer);
        }
        let mut hashes: Vec<u64> = all.iter().map(|w| hash(w)).collect();
        hashes.sort_unstable();
        hashes.dedup();
        assert_eq!(hashes.len(), all.len());
    }

    #[test]
    fn edges_sharing_a_key_stay_apart() {
        // Two tokens forced onto one hash (so one key) under the same
        // parent: both are kept and each is found only as itself.
        let mut m = PhraseMatcher::default();
        let mut nodes = BuildNodes::default();
        let a = m
            .child_or_insert(0, b"alpha", 42, &mut nodes, "test")
            .unwrap();
        let b = m
            .child_or_insert(0, b"beta", 42, &mut nodes, "test")
            .unwrap();
        let long = b"a-token-longer-than-eight";
        let c = m.child_or_insert(0, long, 42, &mut nodes, "test").unwrap();
        assert_eq!(
            m.child_or_insert(0, b"beta", 42, &mut nodes, "test")
                .unwrap(),
            b
        );
        assert_eq!([a, b, c], [1, 2, 3]);
        assert_eq!(m.child(0, b"alpha", 42).map(|s| s.child), Some(a));
        assert_eq!(m.child(0, b"beta", 42).map(|s| s.child), Some(b));
        assert_eq!(m.child(0, long, 42).map(|s| s.child), Some(c));
        assert_eq!(m.child(0, b"gamma", 42).map(|s| s.child), None);
        assert_eq!(m.child(a, b"alpha", 42).map(|s| s.child), None);
    }

    #[test]
    fn every_pattern_of_a_large_table_is_found() {
        // Enough patterns for the table to double many times, with shared
        // prefixes, long tokens and nodes of many children.
        let patterns: Vec<String> = (0..5000)
            .map(|i| match i % 4 {
                0 => format!("w{i}"),
                1 => format!("la w{}", i / 7),
                2 => format!("saint-{}-internationale{i}", i % 13),
                _ => format!("la w{} de l'x{i}", i / 7),
            })
            .collect();
        let mut distinct = patterns.clone();
        distinct.sort();
        distinct.dedup();
        let m = PhraseMatcher::build(&distinct, "test").unwrap();
        assert!(m.slots.len().is_power_of_two());
        assert!(m.slots.iter().filter(|s| s.len != 0).count() * 2 <= m.slots.len());
        // `la ` has hundreds of children: its edges are in `dense_bloom`.
        assert!(m.slots.iter().any(|s| s.next == DENSE));
        for (id, p) in distinct.iter().enumerate() {
            let mut got = Vec::new();
            m.for_each(p, |k, s, e| {
                got.push((k, s, e));
                true
            });
            assert_eq!(got, [(id, 0, p.len())], "{p:?}");
        }
        m.for_each(
            "w5000 la w999 de l'x du saint-0-internationale",
            |k, _, _| panic!("no pattern, found {:?}", distinct[k]),
        );
    }

    #[test]
    fn patterns_as_text_build_the_same_matcher() {
        let patterns = [
            "new york",
            "la w1 de l'x",
            "saint-0-internationale",
            "é.",
            " ",
        ];
        let a = PhraseMatcher::build(patterns, "test").unwrap();
        let b = PhraseMatcher::build_strs(patterns, "test").unwrap();
        let text = "à new york, la w1 de l'x et saint-0-internationale é. ";
        let mut found = [Vec::new(), Vec::new()];
        for (m, out) in [&a, &b].into_iter().zip(&mut found) {
            m.for_each(text, |p, s, e| {
                out.push((p, s, e));
                true
            });
        }
        assert_eq!(found[0], found[1]);
        // Each phrase, and the spaces between them.
        assert_eq!(found[0].len(), 10, "{:?}", found[0]);
        let bad: [&[u8]; 2] = [b"ok", b"\xff"];
        assert!(PhraseMatcher::build(bad, "test").is_err());
    }

    #[test]
    fn table_grows_past_two_thirds_full() {
        assert!(!fuller_than_max(10, 15));
        assert!(fuller_than_max(11, 16));
        assert!(!fuller_than_max(174_762, 262_144));
        assert!(fuller_than_max(174_763, 262_144));
        // Any number of patterns: every edge has a slot, with room to spare.
        for n in [1usize, 7, 100, 1000] {
            let patterns: Vec<String> = (0..n).map(|i| format!("w{i} x{}", i % 7)).collect();
            let m = PhraseMatcher::build_strs(&patterns, "test").unwrap();
            let used = m.slots.iter().filter(|s| s.len != 0).count();
            assert!(
                used * 3 <= m.slots.len() * 2,
                "{n}: {used} of {}",
                m.slots.len()
            );
        }
    }

    #[test]
    fn empty_matcher_finds_nothing() {
        let m = PhraseMatcher::build(Vec::<String>::new(), "test").unwrap();
        m.for_each("anything", |_, _, _| panic!("no pattern"));
    }
}
