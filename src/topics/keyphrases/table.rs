//! Open-addressing hash tables for the per-document key phrase statistics.
//!
//! A document holds a few hundred distinct words, neighbour pairs and
//! phrases; general maps (`FxHashMap`) spent more time hashing keys and
//! probing control bytes than the statistics took. These tables are plain
//! arrays probed linearly from the high bits of a hash the caller has
//! already mixed, kept at most half full, and reused from document to
//! document.

/// A set of `u64` keys (neighbour pairs).
#[derive(Default)]
pub(super) struct PairSet {
    /// `EMPTY` or a key.
    slots: Vec<u64>,
    /// `64 - log2(slots.len())`: a hash's slot is its high bits.
    shift: u32,
    len: usize,
}

/// No key: [`PairSet`] keys are two 24-bit ids, so never all ones.
const EMPTY: u64 = u64::MAX;

/// Multiplier of Fibonacci hashing (2^64 over the golden ratio).
const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

impl PairSet {
    /// Empties the set, with room for `n` keys before it grows.
    pub(super) fn reset(&mut self, n: usize) {
        let cap = (2 * n).next_power_of_two().max(16);
        self.slots.clear();
        self.slots.resize(cap, EMPTY);
        self.shift = 64 - cap.trailing_zeros();
        self.len = 0;
    }

    /// Adds `key` (not [`EMPTY`]); whether it was new.
    #[inline]
    pub(super) fn insert(&mut self, key: u64) -> bool {
        debug_assert_ne!(key, EMPTY);
        if 2 * (self.len + 1) > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = (key.wrapping_mul(GOLDEN) >> self.shift) as usize;
        loop {
            match self.slots[i] {
                EMPTY => {
                    self.slots[i] = key;
                    self.len += 1;
                    return true;
                }
                k if k == key => return false,
                _ => i = (i + 1) & mask,
            }
        }
    }

    #[cold]
    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        self.reset(old.len());
        for key in old.into_iter().filter(|&k| k != EMPTY) {
            self.insert(key);
        }
    }

    pub(super) fn capacity(&self) -> usize {
        self.slots.capacity()
    }
}

/// An index from hashes to `u32` values (term ids, candidate indexes) whose
/// keys the caller keeps: a probe asks the caller whether the entry it meets
/// is the one sought, so keys are compared exactly and not by hash alone.
#[derive(Clone, Debug, Default)]
pub(super) struct Slots {
    /// 0 or one plus a value.
    slots: Vec<u32>,
    shift: u32,
    len: usize,
}

impl Slots {
    /// Empties the index, with room for `n` values before it grows.
    pub(super) fn reset(&mut self, n: usize) {
        let cap = (2 * n).next_power_of_two().max(16);
        self.slots.clear();
        self.slots.resize(cap, 0);
        self.shift = 64 - cap.trailing_zeros();
        self.len = 0;
    }

    /// The value stored under `hash` for which `is` holds, or the slot where
    /// it belongs, to pass to [`Slots::insert`].
    #[inline]
    pub(super) fn find(&self, hash: u64, mut is: impl FnMut(u32) -> bool) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let mut i = (hash >> self.shift) as usize;
        loop {
            match self.slots[i] {
                0 => return Err(i),
                v if is(v - 1) => return Ok(v - 1),
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// Stores `value` (below `u32::MAX`) in `slot`, which [`Slots::find`]
    /// returned for `hash` with no change since. `hash_of` gives the hash of
    /// any stored value, should the index grow.
    #[inline]
    pub(super) fn insert(
        &mut self,
        slot: usize,
        hash: u64,
        value: u32,
        hash_of: impl Fn(u32) -> u64,
    ) {
        debug_assert_eq!(self.slots[slot], 0);
        if 2 * (self.len + 1) > self.slots.len() {
            self.grow(&hash_of);
            let slot = self.find(hash, |_| false).unwrap_err();
            self.slots[slot] = value + 1;
        } else {
            self.slots[slot] = value + 1;
        }
        self.len += 1;
    }

    #[cold]
    fn grow(&mut self, hash_of: &dyn Fn(u32) -> u64) {
        let old = std::mem::take(&mut self.slots);
        let len = self.len;
        self.reset(old.len());
        for v in old.into_iter().filter(|&v| v != 0) {
            let slot = self.find(hash_of(v - 1), |_| false).unwrap_err();
            self.slots[slot] = v;
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

    /// Keys that crowd few slots: small ids and ones that differ only high.
    fn keys() -> Vec<u64> {
        let mut v = Vec::new();
        for l in 0..40u64 {
            for r in [0, 1, 2, 7, 1 << 20, (1 << 24) - 2] {
                v.push(l << 32 | r);
                v.push(r << 32 | l);
            }
        }
        v
    }

    #[test]
    fn pair_set_counts_distinct_keys_across_growth_and_reuse() {
        let mut set = PairSet::default();
        for start in [0, 3, 1000] {
            set.reset(start);
            let mut seen = HashSet::new();
            for (i, &k) in keys().iter().chain(keys().iter().rev()).enumerate() {
                assert_eq!(set.insert(k), seen.insert(k), "key {k:#x} at {i}");
            }
            assert_eq!(set.len, seen.len());
        }
    }

    #[test]
    fn slots_find_what_was_inserted_across_growth_and_reuse() {
        // Hashes with many equal high bits, so probes run into each other,
        // and some values sharing one hash (told apart by `is` alone).
        let hash_of = |v: u32| u64::from(v / 3) << 50;
        let mut slots = Slots::default();
        for start in [0, 5, 500] {
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
