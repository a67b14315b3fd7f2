//! Buffers each thread keeps from one document to the next, so a stage
//! allocates only when a document outgrows what the thread already has.

use std::cell::RefCell;
use std::thread::LocalKey;

/// Runs `f` on this thread's buffers in `key`, or on fresh ones when they
/// are already in use (a stage re-entered on the same thread), so a call
/// never fails or waits.
#[inline]
pub(crate) fn with<S: Default, R>(
    key: &'static LocalKey<RefCell<S>>,
    f: impl FnOnce(&mut S) -> R,
) -> R {
    key.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buffers) => f(&mut buffers),
        Err(_) => f(&mut S::default()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static BUF: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
    }

    #[test]
    fn buffers_are_kept_and_a_nested_call_gets_fresh_ones() {
        with(&BUF, |b| b.push(1));
        let (outer, inner) = with(&BUF, |b| {
            b.push(2);
            let inner = with(&BUF, |fresh| {
                fresh.push(9);
                fresh.clone()
            });
            (b.clone(), inner)
        });
        assert_eq!(outer, [1, 2]);
        assert_eq!(inner, [9]);
        assert_eq!(with(&BUF, |b| b.clone()), [1, 2]);
    }
}
