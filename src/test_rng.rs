//! The deterministic generator of the randomized oracle tests: xorshift64,
//! so a failing case repeats from its seed without a dependency.

/// A generator of indices below `n` (`n` > 0) from `seed` (non-zero).
pub(crate) fn xorshift(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    }
}

#[test]
fn indices_stay_below_the_bound_and_vary() {
    let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
    let drawn: Vec<usize> = (0..1000).map(|_| next(7)).collect();
    assert!(drawn.iter().all(|&i| i < 7));
    assert!((0..7).all(|i| drawn.contains(&i)));
}
