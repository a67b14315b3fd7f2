//! A hash index of strings the caller keeps (surfaces, ids), looked up by a
//! hash computed beforehand: keys need no copy of their own (a `HashMap`
//! with `String` keys allocated one per entity), and the hash can be taken
//! on the thread that parses the file.

/// String hash for [`HashIndex`]: the token hash, well mixed in its low bits.
#[inline]
pub(crate) fn key_hash(s: &str) -> u64 {
    crate::text::token_hash(s.as_bytes())
}

/// Open addressing, linear probing: each slot holds the low 32 bits of its
/// key's hash and `value + 1` (0 when empty), 8 bytes.
#[derive(Clone, Debug, Default)]
pub(crate) struct HashIndex {
    slots: Vec<(u32, u32)>,
    len: usize,
}

impl HashIndex {
    /// The value of the key of hash `h` for which `is_key(value)` holds, or
    /// where to [`insert`](Self::insert) it.
    #[inline]
    pub(crate) fn find(&self, h: u64, mut is_key: impl FnMut(u32) -> bool) -> Result<u32, Vacant> {
        let h = h as u32;
        let mask = self.slots.len().wrapping_sub(1);
        if self.slots.is_empty() {
            return Err(Vacant(usize::MAX));
        }
        let mut i = h as usize & mask;
        loop {
            let (sh, v) = self.slots[i];
            if v == 0 {
                return Err(Vacant(i));
            }
            if sh == h && is_key(v - 1) {
                return Ok(v - 1);
            }
            i = (i + 1) & mask;
        }
    }

    /// Room for `n` more keys without growing.
    pub(crate) fn reserve(&mut self, n: usize) {
        let want = ((self.len + n) * 2).next_power_of_two();
        if want > self.slots.len() {
            self.grow_to(want);
        }
    }

    /// Adds `value` for the key of hash `h`, at the place `find` gave.
    pub(crate) fn insert(&mut self, at: Vacant, h: u64, value: u32) {
        let h = h as u32;
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow_to((self.slots.len() * 2).max(16));
            self.put(h, value);
        } else {
            self.slots[at.0] = (h, value + 1);
        }
        self.len += 1;
    }

    fn put(&mut self, h: u32, value: u32) {
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        while self.slots[i].1 != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = (h, value + 1);
    }

    /// Moves every key into a table of `size` slots (a power of two).
    fn grow_to(&mut self, size: usize) {
        let old = std::mem::replace(&mut self.slots, vec![(0, 0); size]);
        for (h, v) in old.into_iter().filter(|s| s.1 != 0) {
            self.put(h, v - 1);
        }
    }
}

/// An empty slot found by [`HashIndex::find`] (stale once the index changes).
#[derive(Debug)]
pub(crate) struct Vacant(usize);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_inserted_through_growth_and_collisions() {
        let keys: Vec<String> = (0..5000).map(|i| format!("k{i}")).collect();
        let mut ix = HashIndex::default();
        for (i, k) in keys.iter().enumerate() {
            // Low bits cleared: many keys start probing at one slot.
            let h = key_hash(k) & !3;
            match ix.find(h, |v| keys[v as usize] == *k) {
                Ok(_) => panic!("{k} found before insertion"),
                Err(at) => ix.insert(at, h, i as u32),
            }
        }
        for (i, k) in keys.iter().enumerate() {
            let h = key_hash(k) & !3;
            assert_eq!(ix.find(h, |v| keys[v as usize] == *k).ok(), Some(i as u32));
        }
        assert!(ix.find(key_hash("absent"), |_| false).is_err());
        assert!(HashIndex::default().find(1, |_| true).is_err());
    }
}
