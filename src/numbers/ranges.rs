//! What figures next to each other say together: a range (`entre 30 et
//! 50 milliards d’euros`) shares its scale and unit, and an amount after
//! money in the same sentence takes its currency.

use super::edges::{ends_with_word, skip_ws};
use super::{Cand, CONNECTORS};
use crate::numbers::numeral::Numeral;

/// Pairs of figures that make a range inherit each other's scale and unit:
/// `entre 30 et 50 milliards d’euros`, `$30-50bn`, `15 à 20 TWh`.
pub(super) fn link_ranges(s: &str, cands: &mut [Cand<'_>]) {
    for k in 1..cands.len() {
        let (left, right) = cands.split_at_mut(k);
        let (a, b) = (&mut left[k - 1], &mut right[0]);
        if a.range_with.is_some() {
            continue;
        }
        let Some(gap) = s.get(a.end..b.start).map(str::trim) else {
            continue;
        };
        let dash = matches!(gap, "-" | "–" | "—");
        let to = matches!(gap, "a" | "to");
        let and = matches!(gap, "et" | "and");
        // Most pairs are no range: the text before is read only for those
        // that may be.
        if !(dash || to || and) {
            continue;
        }
        let before = s[..a.start].trim_end();
        if and && !(ends_with_word(before, "entre") || ends_with_word(before, "between")) {
            continue;
        }
        let year_like = |n: &Numeral| n.plain && (1900.0..=2100.0).contains(&n.value);
        if year_like(&a.num) && !b.has_scale {
            continue;
        }
        if a.complete() && b.complete() {
            let from = ends_with_word(before, "de") || ends_with_word(before, "from");
            // `de 66 % à 8 %` is a change, read by the relater.
            if to && from {
                continue;
            }
            let same = a.cur.map(|c| &c.code) == b.cur.map(|c| &c.code)
                && a.unit.map(|u| &u.symbol) == b.unit.map(|u| &u.symbol);
            if !same {
                continue;
            }
        } else if !(b.complete() || a.cur.is_some() && b.has_scale) {
            continue;
        }
        if !a.has_scale && b.has_scale && a.num.value <= b.num.value {
            a.mult = b.mult;
            a.has_scale = true;
        }
        if !a.complete() {
            a.cur = b.cur;
            a.unit = b.unit;
        }
        if b.cur.is_none() && b.unit.is_none() {
            b.cur = a.cur;
        }
        if b.scale_money.is_some() && b.cur.is_some() {
            b.scale_money = None;
        }
        a.range_with = Some(k);
        b.range_with = Some(k - 1);
    }
}

/// A scaled amount with no currency after money in the same sentence takes
/// its currency: `à 10 milliards d’euros, contre 5,8 milliards`. Not when a
/// noun follows (`2 millions d’habitants`).
pub(super) fn carry_currency(s: &str, cands: &mut [Cand<'_>]) {
    for k in 1..cands.len() {
        let (left, right) = cands.split_at_mut(k);
        let b = &mut right[0];
        if !b.has_scale || b.complete() || b.range_with.is_some() {
            continue;
        }
        let Some(a) = left.iter().rev().find(|a| a.cur.is_some()) else {
            continue;
        };
        let gap = s.get(a.end..b.start).unwrap_or(".");
        let after = skip_ws(s, b.end);
        let noun_follows = CONNECTORS.iter().any(|k| s[after..].starts_with(k));
        if gap.len() > 120 || gap.contains(['.', ';', '\n', '?', '!']) || noun_follows {
            continue;
        }
        b.cur = a.cur;
        b.scale_money = None;
    }
}
