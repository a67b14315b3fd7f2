//! The candidates of each surface while the gazetteer is built: one pool of
//! linked items rather than a `Vec` per surface (two allocations each, with
//! the final shrink, for 100k surfaces), laid out flat at the end.

/// End of a chain.
const END: u32 = u32::MAX;

/// Lists of `T`, each a chain through `pool`.
#[derive(Clone, Debug)]
pub(crate) struct Lists<T> {
    /// First and last item of each list (`END` when empty).
    ends: Vec<(u32, u32)>,
    /// Items and the next of their list.
    pool: Vec<(T, u32)>,
}

impl<T> Default for Lists<T> {
    fn default() -> Self {
        Lists {
            ends: Vec::new(),
            pool: Vec::new(),
        }
    }
}

impl<T> Lists<T> {
    /// Adds an empty list; returns its number.
    pub(crate) fn new_list(&mut self) -> u32 {
        self.ends.push((END, END));
        (self.ends.len() - 1) as u32
    }

    /// Room for `lists` more lists and `items` more items.
    pub(crate) fn reserve(&mut self, lists: usize, items: usize) {
        self.ends.reserve(lists);
        self.pool.reserve(items);
    }

    /// Empties list `l` (its items stay in the pool, unreachable).
    pub(crate) fn clear(&mut self, l: u32) {
        self.ends[l as usize] = (END, END);
    }

    /// Puts `item` first (`front`) or last in list `l`.
    pub(crate) fn push(&mut self, l: u32, item: T, front: bool) {
        let at = self.pool.len() as u32;
        let (first, last) = &mut self.ends[l as usize];
        if *first == END {
            (*first, *last) = (at, at);
            self.pool.push((item, END));
        } else if front {
            self.pool.push((item, *first));
            *first = at;
        } else {
            let prev = std::mem::replace(last, at);
            self.pool.push((item, END));
            self.pool[prev as usize].1 = at;
        }
    }

    /// The items of list `l`, first to last.
    pub(crate) fn iter(&self, l: u32) -> impl Iterator<Item = &T> + '_ {
        let mut at = self.ends[l as usize].0;
        std::iter::from_fn(move || {
            let (item, next) = self.pool.get(at as usize)?;
            at = *next;
            Some(item)
        })
    }

    /// Calls `f` on each item of list `l`, first to last.
    pub(crate) fn for_each_mut(&mut self, l: u32, mut f: impl FnMut(&mut T)) {
        let mut at = self.ends[l as usize].0;
        while let Some((item, next)) = self.pool.get_mut(at as usize) {
            f(item);
            at = *next;
        }
    }

    /// Whether list `l` is empty.
    pub(crate) fn is_empty(&self, l: u32) -> bool {
        self.ends[l as usize].0 == END
    }

    /// The non-empty lists kept by `keep(list)` laid out one after another:
    /// the items and, per list, where its items start (then the end).
    pub(crate) fn into_flat(self, mut keep: impl FnMut(u32) -> bool) -> (Vec<T>, Vec<u32>) {
        let Lists { ends, pool } = self;
        let mut slots: Vec<Option<(T, u32)>> = pool.into_iter().map(Some).collect();
        let mut items = Vec::with_capacity(slots.len());
        let mut starts = Vec::with_capacity(ends.len() + 1);
        for (l, &(first, _)) in ends.iter().enumerate() {
            if first == END || !keep(l as u32) {
                continue;
            }
            starts.push(items.len() as u32);
            let mut at = first;
            while let Some((item, next)) = slots.get_mut(at as usize).and_then(Option::take) {
                items.push(item);
                at = next;
            }
        }
        starts.push(items.len() as u32);
        (items, starts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_keep_order_and_flatten() {
        let mut ls = Lists::default();
        let (a, b, c) = (ls.new_list(), ls.new_list(), ls.new_list());
        ls.push(a, 1, false);
        ls.push(b, 10, true);
        ls.push(a, 2, false);
        ls.push(a, 0, true);
        ls.push(b, 11, false);
        ls.push(c, 20, false);
        ls.push(b, 9, true);
        assert_eq!(ls.iter(a).copied().collect::<Vec<_>>(), [0, 1, 2]);
        assert_eq!(ls.iter(b).copied().collect::<Vec<_>>(), [9, 10, 11]);
        ls.for_each_mut(b, |x| *x += 100);
        ls.clear(c);
        assert!(ls.is_empty(c) && !ls.is_empty(a));
        ls.push(c, 21, true);
        ls.reserve(10, 10);
        let d = ls.new_list();
        let (items, starts) = ls.into_flat(|l| l != d);
        assert_eq!(items, [0, 1, 2, 109, 110, 111, 21]);
        assert_eq!(starts, [0, 3, 6, 7]);
    }
}
