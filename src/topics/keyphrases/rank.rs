//! Candidates in order of their exact scores, computing an exact score
//! (a logarithm per word, an exponential per phrase) only for the few
//! candidates that can still come next.
//!
//! A document has about a hundred candidates and the ranking rarely looks
//! past the first dozen and a half, but the exact score of each took
//! `ln` and `exp` calls that cost more than finding the candidates. Each
//! candidate is first placed by `λ`, an estimate of the logarithm of its
//! score within [`SLACK`] of it (from [`LnApprox`] of its words' scores).
//! A candidate whose exact score is known comes next once no candidate
//! still estimated can beat it: its `λ` is more than `2 SLACK` below theirs.
//! The order is then that of a full sort by exact score (ties by first
//! token and length), whatever the estimates.

use std::cmp::Ordering;

/// Ranked candidates sorted at a time: the ranking rarely looks past the
/// first dozen (at most 27 on the bench corpus, 13 on average), so sorting
/// every candidate would be wasted.
pub(super) const SORT_CHUNK: usize = 16;

/// A bound on `|λ − ln s|` for a candidate's estimate `λ` and exact score
/// `s`: [`LnApprox`] is within 1e-8 of `ln`, and the rounding of a few
/// sums and of `exp` within 1e-12 (for `λ` in [`LAMBDA_RANGE`]).
pub(super) const SLACK: f64 = 1e-4;

/// Estimates outside this range are replaced by the logarithm of the exact
/// score: near the ends of the `f64` range a score may round to a
/// subnormal, zero or infinity, which the estimate would not bound.
pub(super) const LAMBDA_RANGE: (f64, f64) = (-650.0, 650.0);

/// `ln x` within 1e-8 for a positive normal `x`, in a few multiplies and
/// no division (a division per word was the longest wait of the word
/// scores): `x = m 2^e` with `m` in [1, 2) falling in one of
/// [`LnApprox::CELLS`] cells of centre `c`, and `ln m = ln c + ln(1 + r)`
/// with `r = m / c − 1` (`|r| < 1/128`), whose series is cut after `r^3`:
/// the rest is below `r^4 / 4 / (1 − r)`. `ln c` and `1 / c` are read
/// from a table made once. Other `x` (zero, subnormal, infinite, NaN) get
/// `ln` itself.
#[derive(Clone, Debug)]
pub(super) struct LnApprox {
    /// `(1 / c, ln c)` per cell.
    cells: Box<[(f64, f64); LnApprox::CELLS]>,
}

impl LnApprox {
    /// Cells of [1, 2): indexed by the top 6 bits of the mantissa.
    const CELLS: usize = 64;

    pub(super) fn new() -> LnApprox {
        LnApprox {
            cells: Box::new(std::array::from_fn(|i| {
                let c = 1.0 + (i as f64 + 0.5) / Self::CELLS as f64;
                (1.0 / c, c.ln())
            })),
        }
    }

    #[inline]
    pub(super) fn ln(&self, x: f64) -> f64 {
        if !(f64::MIN_POSITIVE..f64::INFINITY).contains(&x) {
            return x.ln();
        }
        let bits = x.to_bits();
        let e = (bits >> 52) as i64 - 1023;
        let m = f64::from_bits(bits & ((1 << 52) - 1) | 1023 << 52);
        let (inv, ln_c) = self.cells[(bits >> 46) as usize & (Self::CELLS - 1)];
        let r = m * inv - 1.0;
        let series = r * (1.0 + r * (-0.5 + r * (1.0 / 3.0)));
        e as f64 * std::f64::consts::LN_2 + ln_c + series
    }
}

/// A candidate being ranked: 16 bytes, so selecting the best moves little.
#[derive(Clone, Copy, Debug)]
pub(super) struct Ranked {
    /// Its score: the estimate `λ` while pending.
    pub(super) score: f64,
    /// First token and length packed: earliest, then shortest.
    pub(super) order: u32,
    /// Index in the candidate list.
    pub(super) cand: u32,
}

impl Ranked {
    pub(super) fn order(first: usize, len: usize) -> u32 {
        // `first` < MAX_WORDS < 2^24 and `len` <= MAX_TOKENS < 8.
        (first as u32) << 3 | len as u32
    }
}

/// Best first: lowest score, then earliest, then shortest (a total order,
/// so the result does not depend on how the candidates were stored).
pub(super) fn rank_order(a: &Ranked, b: &Ranked) -> Ordering {
    a.score.total_cmp(&b.score).then(a.order.cmp(&b.order))
}

/// Moves the [`SORT_CHUNK`] lowest scores of `v` to its front, in order
/// of score alone (pending candidates need no tie-break: a candidate comes
/// next by its exact score), compared as integers ([`score_key`]).
///
/// The first ones are sorted, then each other score is compared with the
/// worst of them and, if lower, inserted in its place: after the first
/// few, most scores are not lower, so a document's hundred candidates cost
/// about one compare each (`select_nth_unstable` moved each several times).
pub(super) fn sort_prefix(v: &mut [Ranked]) {
    let n = SORT_CHUNK.min(v.len());
    let (best, rest) = v.split_at_mut(n);
    best.sort_unstable_by_key(|r| score_key(r.score));
    // The keys of `best`, kept beside it: each other score is keyed once.
    let mut keys = [0u64; SORT_CHUNK];
    for (k, r) in keys.iter_mut().zip(best.iter()) {
        *k = score_key(r.score);
    }
    let Some(&worst) = keys[..n].last() else {
        return;
    };
    let mut worst = worst;
    for r in rest {
        let k = score_key(r.score);
        if k >= worst {
            continue;
        }
        // `r` takes the place of the worst, and moves up to its rank.
        let new = std::mem::replace(r, best[n - 1]);
        let mut j = n - 1;
        while j > 0 && keys[j - 1] > k {
            best[j] = best[j - 1];
            keys[j] = keys[j - 1];
            j -= 1;
        }
        best[j] = new;
        keys[j] = k;
        worst = keys[n - 1];
    }
}

/// An integer in the order of `f64::total_cmp`.
#[inline]
fn score_key(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 1 {
        !b
    } else {
        b | 1 << 63
    }
}

/// A candidate whose exact score is known, waiting for its turn.
#[derive(Clone, Copy, Debug)]
pub(super) struct Known {
    ranked: Ranked,
    lambda: f64,
}

/// The candidates of `pending` (scored by their estimates `λ`) in order of
/// their exact scores ([`rank_order`]), as `(exact score, candidate)`.
/// `exact` gives a candidate's exact score; a candidate whose score is not
/// finite and positive is left out. `known` is a buffer.
pub(super) struct Ranking<'a, F> {
    pending: &'a mut [Ranked],
    /// `pending[next..]` are still estimated.
    next: usize,
    /// `pending[..sorted]` is sorted and holds the best of `pending`.
    sorted: usize,
    /// Known exact scores, best last.
    known: &'a mut Vec<Known>,
    exact: F,
}

impl<'a, F: FnMut(u32) -> f64> Ranking<'a, F> {
    pub(super) fn new(pending: &'a mut [Ranked], known: &'a mut Vec<Known>, exact: F) -> Self {
        known.clear();
        Ranking {
            pending,
            next: 0,
            sorted: 0,
            known,
            exact,
        }
    }
}

impl<F: FnMut(u32) -> f64> Iterator for Ranking<'_, F> {
    type Item = (f64, u32);

    fn next(&mut self) -> Option<(f64, u32)> {
        loop {
            let (i, n) = (self.next, self.pending.len());
            if i < n && i == self.sorted {
                sort_prefix(&mut self.pending[i..]);
                self.sorted = n.min(i + SORT_CHUNK);
            }
            let next_lambda = self.pending.get(i).map_or(f64::INFINITY, |r| r.score);
            if let Some(best) = self.known.last() {
                // Every pending score is at least `exp(next_lambda − SLACK)`,
                // and this one at most `exp(best.lambda + SLACK)`.
                if i == n || best.lambda + 2.0 * SLACK < next_lambda {
                    let r = self.known.pop()?.ranked;
                    return Some((r.score, r.cand));
                }
            }
            let r = *self.pending.get(i)?;
            self.next += 1;
            let score = (self.exact)(r.cand);
            if score.is_finite() && score > 0.0 {
                let k = Known {
                    ranked: Ranked { score, ..r },
                    lambda: r.score,
                };
                // Best last: before every better one.
                let at = self
                    .known
                    .partition_point(|q| rank_order(&q.ranked, &k.ranked) == Ordering::Greater);
                self.known.insert(at, k);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_approx_is_within_its_bound() {
        let ln = LnApprox::new();
        let mut x = f64::MIN_POSITIVE;
        let mut worst = 0.0f64;
        while x < 1e300 {
            for y in [
                x,
                x * 1.000_001,
                x * std::f64::consts::SQRT_2,
                x * 1.007_8,
                x * 1.999_999_9,
            ] {
                worst = worst.max((ln.ln(y) - y.ln()).abs());
            }
            x *= 1.37;
        }
        // Every cell, at its ends and centre.
        for i in 0..LnApprox::CELLS {
            for f in [0.0, 0.5, 0.999_999] {
                let y = (1.0 + (i as f64 + f) / LnApprox::CELLS as f64) * 8.0;
                worst = worst.max((ln.ln(y) - y.ln()).abs());
            }
        }
        assert!(worst < 1e-8, "worst error {worst}");
        assert!(worst > 1e-11, "the series is not cut where stated: {worst}");
        for y in [0.0, 1e-320, f64::INFINITY] {
            assert_eq!(ln.ln(y).to_bits(), y.ln().to_bits(), "{y}");
        }
        assert!(ln.ln(f64::NAN).is_nan());
    }

    #[test]
    fn score_keys_order_as_total_cmp() {
        let xs = [
            f64::NEG_INFINITY,
            -1e300,
            -1.0,
            -f64::MIN_POSITIVE,
            -0.0,
            0.0,
            1e-310,
            f64::MIN_POSITIVE,
            0.5,
            1.0,
            1.0 + f64::EPSILON,
            1e300,
            f64::INFINITY,
        ];
        for a in xs {
            for b in xs {
                assert_eq!(score_key(a).cmp(&score_key(b)), a.total_cmp(&b), "{a} {b}");
            }
        }
    }

    #[test]
    fn ranking_by_chunks_equals_a_full_sort() {
        // Many ties: chunks give the scores of a full sort, in order.
        let mut all: Vec<Ranked> = (0..500)
            .map(|i| Ranked {
                score: ((i * 7919) % 37) as f64 / 4.0,
                order: Ranked::order(i % 150, 1 + i % 3),
                cand: i as u32,
            })
            .collect();
        let mut want = all.clone();
        want.sort_by(|a, b| a.score.total_cmp(&b.score));
        for k in 0..all.len() {
            if k % SORT_CHUNK == 0 {
                sort_prefix(&mut all[k..]);
            }
        }
        let key = |v: &[Ranked]| -> Vec<u64> { v.iter().map(|r| r.score.to_bits()).collect() };
        assert_eq!(key(&all), key(&want));
        let mut cands: Vec<u32> = all.iter().map(|r| r.cand).collect();
        cands.sort_unstable();
        assert_eq!(cands, (0..500).collect::<Vec<u32>>(), "a candidate lost");
    }

    /// A small deterministic generator for the tests.
    fn lcg(state: &mut u64) -> u64 {
        *state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        *state >> 33
    }

    #[test]
    fn lazy_ranking_equals_a_full_sort_by_exact_score() {
        // Exact scores with many ties and near-ties, estimates off by up to
        // SLACK either way, some candidates dropped (zero, infinite, NaN).
        let mut state = 7;
        for round in 0..200 {
            let n = (lcg(&mut state) % 300) as usize;
            let exact: Vec<f64> = (0..n)
                .map(|_| match lcg(&mut state) % 40 {
                    0 => 0.0,
                    1 => f64::INFINITY,
                    2 => f64::NAN,
                    k if k < 20 => 0.5 + (lcg(&mut state) % 8) as f64 / 8.0,
                    _ => (1.0 + (lcg(&mut state) % 1000) as f64 * 1e-5).powi(7),
                })
                .collect();
            let mut pending: Vec<Ranked> = (0..n)
                .map(|i| {
                    let noise = ((lcg(&mut state) % 2001) as f64 - 1000.0) / 1000.0 * SLACK;
                    let s = exact[i];
                    Ranked {
                        score: if s > 0.0 && s.is_finite() {
                            s.ln() + noise * 0.999
                        } else {
                            (lcg(&mut state) % 5) as f64 - 2.0
                        },
                        // Unique, as the first token and length of a phrase.
                        order: Ranked::order(lcg(&mut state) as usize % 60 * 512 + i, 1 + i % 5),
                        cand: i as u32,
                    }
                })
                .collect();
            let mut want: Vec<Ranked> = pending
                .iter()
                .map(|r| Ranked {
                    score: exact[r.cand as usize],
                    ..*r
                })
                .filter(|r| r.score.is_finite() && r.score > 0.0)
                .collect();
            want.sort_by(rank_order);
            let want: Vec<(u64, u32)> = want.iter().map(|r| (r.score.to_bits(), r.cand)).collect();
            let mut known = Vec::new();
            let mut computed = 0;
            let got: Vec<(u64, u32)> = Ranking::new(&mut pending, &mut known, |c| {
                computed += 1;
                exact[c as usize]
            })
            .map(|(s, c)| (s.to_bits(), c))
            .collect();
            assert_eq!(got, want, "round {round}");
            assert!(computed <= n, "round {round}: {computed} exact scores");
        }
    }

    #[test]
    fn lazy_ranking_computes_few_exact_scores_for_a_prefix() {
        // Well separated scores: taking the best 10 of 1000 computes about
        // that many exact scores.
        let mut pending: Vec<Ranked> = (0..1000u32)
            .map(|i| Ranked {
                score: f64::from((i * 7919) % 1000) * 0.01,
                order: Ranked::order(i as usize, 1),
                cand: i,
            })
            .collect();
        let mut known = Vec::new();
        let mut computed = 0;
        let best: Vec<u32> = Ranking::new(&mut pending, &mut known, |c| {
            computed += 1;
            (f64::from((c * 7919) % 1000) * 0.01).exp()
        })
        .take(10)
        .map(|(_, c)| c)
        .collect();
        assert_eq!(best.len(), 10);
        assert!(computed <= 11, "{computed} exact scores");
        assert_eq!(best[0], 0);
    }
}
