//! Open-addressing hash tables for the per-document key phrase statistics.
//!
//! A document holds a few hundred distinct words, neighbour pairs and
//! phrases; general maps (`FxHashMap`) spent more time hashing keys and
//! probing control bytes than the statistics took. These tables are plain
//! arrays probed linearly from the high bits of a hash the caller has
//! already mixed, kept at most half full, and reused from document to
//! document.
//!
//! Each entry carries the generation of the table it was stored in, and an
//! entry of another generation reads as empty: emptying a table for the
//! next document is a counter increment, not a `memset` of its slots (which
//! cost more than all the probes of a short document). The slots are zeroed
//! only when the table grows or the counter wraps.

/// Multiplier of Fibonacci hashing (2^64 over the golden ratio).
const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// Bits of a [`PairSet`] term id and of a [`Slots`] value.
const ID_BITS: u32 = 24;

/// The slots and generation of a table emptied with room for `n` entries
/// at most half full: the table is the first `cap` (a power of two) of
/// `slots`, which grows to that size. Generations run from 1 to `max`;
/// the slots are zeroed (generation 0: empty) when they grow or the
/// generation wraps, so an entry of an old generation is never taken for
/// a current one.
fn next_generation<T: Copy + Default>(
    slots: &mut Vec<T>,
    n: usize,
    generation: u64,
    max: u64,
) -> (usize, u64) {
    let cap = (2 * n).next_power_of_two().max(16);
    if generation >= max || slots.len() < cap {
        let len = slots.len().max(cap);
        slots.clear();
        slots.resize(len, T::default());
        return (cap, 1);
    }
    (cap, generation + 1)
}

/// A set of neighbour pairs `(left, right)` of term ids below 2^24.
#[derive(Default)]
pub(super) struct PairSet {
    /// The pair in the low 48 bits, its generation in the high 16.
    slots: Vec<u64>,
    /// The table in use is `slots[..=mask]`, sized per document.
    mask: usize,
    /// `64 - log2(mask + 1)`: a hash's slot is its high bits.
    shift: u32,
    /// The current generation, in the high 16 bits (never 0).
    tag: u64,
    len: usize,
}

impl PairSet {
    const TAG_SHIFT: u32 = 2 * ID_BITS;
    const KEY_MASK: u64 = (1 << Self::TAG_SHIFT) - 1;

    /// Empties the set, with room for `n` pairs before it grows.
    pub(super) fn reset(&mut self, n: usize) {
        let max = u64::MAX >> Self::TAG_SHIFT;
        let (cap, generation) =
            next_generation(&mut self.slots, n, self.tag >> Self::TAG_SHIFT, max);
        self.mask = cap - 1;
        self.shift = 64 - cap.trailing_zeros();
        self.tag = generation << Self::TAG_SHIFT;
        self.len = 0;
    }

    /// Adds the pair `(left, right)`; whether it was new.
    #[inline]
    pub(super) fn insert(&mut self, left: u32, right: u32) -> bool {
        debug_assert!(left < 1 << ID_BITS && right < 1 << ID_BITS);
        if 2 * (self.len + 1) > self.mask + 1 {
            self.grow();
        }
        let key = u64::from(left) << ID_BITS | u64::from(right);
        let tagged = key | self.tag;
        let mut i = (key.wrapping_mul(GOLDEN) >> self.shift) as usize;
        loop {
            let s = self.slots[i];
            if s == tagged {
                return false;
            }
            if s & !Self::KEY_MASK != self.tag {
                self.slots[i] = tagged;
                self.len += 1;
                return true;
            }
            i = (i + 1) & self.mask;
        }
    }

    #[cold]
    fn grow(&mut self) {
        let old: Vec<u64> = self.slots[..=self.mask]
            .iter()
            .filter(|&&s| s & !Self::KEY_MASK == self.tag)
            .map(|&s| s & Self::KEY_MASK)
            .collect();
        // Twice the slots, in a new generation.
        self.reset(self.mask + 1);
        for key in old {
            let right = (key & ((1 << ID_BITS) - 1)) as u32;
            self.insert((key >> ID_BITS) as u32, right);
        }
    }

    pub(super) fn capacity(&self) -> usize {
        self.slots.capacity()
    }
}

/// An index from hashes to values below [`Slots::LIMIT`] (term ids,
/// candidate indexes) whose keys the caller keeps: a probe asks the caller
/// whether the entry it meets is the one sought, so keys are compared
/// exactly and not by hash alone.
#[derive(Clone, Debug, Default)]
pub(super) struct Slots {
    /// A value in the low 24 bits, its generation in the high 8.
    slots: Vec<u32>,
    /// The table in use is `slots[..=mask]`, as in [`PairSet`].
    mask: usize,
    shift: u32,
    /// The current generation, in the high 8 bits (never 0).
    tag: u32,
    len: usize,
}

impl Slots {
    /// Values are below this.
    pub(super) const LIMIT: u32 = 1 << ID_BITS;

    /// Empties the index, with room for `n` values before it grows.
    pub(super) fn reset(&mut self, n: usize) {
        let max = u64::from(u32::MAX >> ID_BITS);
        let (cap, generation) =
            next_generation(&mut self.slots, n, u64::from(self.tag >> ID_BITS), max);
        self.mask = cap - 1;
        self.shift = 64 - cap.trailing_zeros();
        self.tag = (generation as u32) << ID_BITS;
        self.len = 0;
    }

    /// The value stored under `hash` for which `is` holds, or the slot where
    /// it belongs, to pass to [`Slots::insert`].
    #[inline]
    pub(super) fn find(&self, hash: u64, mut is: impl FnMut(u32) -> bool) -> Result<u32, usize> {
        let mut i = (hash >> self.shift) as usize;
        loop {
            // The value, or `LIMIT` or more for a slot of another generation.
            let v = self.slots[i] ^ self.tag;
            if v >= Self::LIMIT {
                return Err(i);
            }
            if is(v) {
                return Ok(v);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Stores `value` (below [`Slots::LIMIT`]) in `slot`, which
    /// [`Slots::find`] returned for `hash` with no change since. `hash_of`
    /// gives the hash of any stored value, should the index grow.
    #[inline]
    pub(super) fn insert(
        &mut self,
        slot: usize,
        hash: u64,
        value: u32,
        hash_of: impl Fn(u32) -> u64,
    ) {
        debug_assert!(value < Self::LIMIT && self.slots[slot] ^ self.tag >= Self::LIMIT);
        if 2 * (self.len + 1) > self.mask + 1 {
            self.grow(&hash_of);
            let slot = self.find(hash, |_| false).unwrap_err();
            self.slots[slot] = value | self.tag;
        } else {
            self.slots[slot] = value | self.tag;
        }
        self.len += 1;
    }

    #[cold]
    fn grow(&mut self, hash_of: &dyn Fn(u32) -> u64) {
        let old: Vec<u32> = self.slots[..=self.mask]
            .iter()
            .map(|&s| s ^ self.tag)
            .filter(|&v| v < Self::LIMIT)
            .collect();
        let len = self.len;
        // Twice the slots, in a new generation.
        self.reset(self.mask + 1);
        for v in old {
            let slot = self.find(hash_of(v), |_| false).unwrap_err();
            self.slots[slot] = v | self.tag;
        }
        self.len = len;
    }

    pub(super) fn capacity(&self) -> usize {
        self.slots.capacity()
    }
}

/// The slot hash of a `u128` key (packed term ids).
#[inline]
pub(super) fn hash_u128(key: u128) -> u64 {
    let (lo, hi) = (key as u64, (key >> 64) as u64);
    (lo ^ hi.wrapping_mul(GOLDEN).rotate_left(32)).wrapping_mul(GOLDEN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Pairs that crowd few slots: small ids and ones that differ only high.
    fn pairs() -> Vec<(u32, u32)> {
        let mut v = Vec::new();
        for l in 0..40u32 {
            for r in [0, 1, 2, 7, 1 << 20, (1 << 24) - 1] {
                v.push((l, r));
                v.push((r, l));
            }
        }
        v
    }

    #[test]
    fn pair_set_counts_distinct_keys_across_growth_and_reuse() {
        let mut set = PairSet::default();
        // Small and large tables in turn, so a large table's old entries
        // lie in a small one's slots.
        for start in [0, 3, 1000, 0, 5, 0] {
            set.reset(start);
            let mut seen = HashSet::new();
            for (i, &(l, r)) in pairs().iter().chain(pairs().iter().rev()).enumerate() {
                assert_eq!(set.insert(l, r), seen.insert((l, r)), "({l}, {r}) at {i}");
            }
            assert_eq!(set.len, seen.len());
        }
    }

    #[test]
    fn pair_set_forgets_everything_at_each_reset_across_wrapping() {
        // More resets than generations, with the same pairs each time: a
        // stale entry taken for current would report a pair as seen.
        let mut set = PairSet::default();
        let mut slots = Slots::default();
        let hash_of = |v: u32| u64::from(v) << 56;
        for round in 0..70_000u32 {
            set.reset(2);
            assert!(set.insert(1, 2), "round {round}");
            assert!(!set.insert(1, 2), "round {round}");
            slots.reset(2);
            let v = round % 3;
            let slot = slots.find(hash_of(v), |w| w == v);
            assert!(slot.is_err(), "round {round}: {slot:?}");
            slots.insert(slot.unwrap_err(), hash_of(v), v, hash_of);
            assert_eq!(slots.find(hash_of(v), |w| w == v), Ok(v), "round {round}");
        }
    }

    #[test]
    fn slots_find_what_was_inserted_across_growth_and_reuse() {
        // Hashes with many equal high bits, so probes run into each other,
        // and some values sharing one hash (told apart by `is` alone).
        let hash_of = |v: u32| u64::from(v / 3) << 50;
        let mut slots = Slots::default();
        for start in [0, 5, 500, 0, 7] {
            slots.reset(start);
            let mut stored: Vec<u32> = Vec::new();
            for v in (0..300u32).chain(0..300) {
                match slots.find(hash_of(v), |w| w == v) {
                    Ok(w) => assert!(w == v && stored.contains(&v), "{v} found as {w}"),
                    Err(slot) => {
                        assert!(!stored.contains(&v), "{v} stored but not found");
                        slots.insert(slot, hash_of(v), v, hash_of);
                        stored.push(v);
                    }
                }
            }
            assert_eq!(stored.len(), 300);
            for &v in &stored {
                assert_eq!(slots.find(hash_of(v), |w| w == v), Ok(v), "value {v}");
            }
            assert!(slots.find(hash_of(301), |w| w == 301).is_err());
        }
    }
}
