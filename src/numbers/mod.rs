//! Numeric facts: money, percentages and quantities, fully scaled.
//!
//! # How a figure is read
//!
//! Scanning starts only where a digit or a number word stands. From each
//! numeral ([`numeral`]), the finder looks right for a scale word
//! (`milliards`, `bn`, `M`), then, directly or after `de`/`d’`/`of`, a currency
//! or a unit (`€`, `dollars de Singapour`, `USD`, `%`, `GW`); and left for a
//! currency written before the amount (`US$`, `RM`, `EUR `) and a qualifier
//! (`environ`, `up to`), which stays outside the span. Every word list is a
//! TSV lexicon under `data/lexicon/` (see `data/README.md`).
//!
//! - Digits: thousands grouped by space, NBSP, narrow NBSP, `.` (French) or
//!   `,` (English); decimal `,` (French) or `.` (English). A lone mark before
//!   three digits follows the document's language (`12,345` is 12.345 in
//!   French, 12345 in English).
//! - `value` is fully scaled (`2,5 milliards` → 2.5e9) and always finite: digit
//!   runs beyond the range of f64 are not facts.
//! - `unit`: ISO 4217 for money (a bare `$` is USD unless the document names
//!   exactly one other dollar: see [`money`]); `%` or `pp` for percent; the
//!   unit as written, prefix kept, for quantities (`6 GW` stays `6 GW`). A
//!   sub-unit alone (`50 cents`) is money counted in sub-units, unit null.
//! - Ranges (`entre 30 et 50 milliards d’euros`, `$30-50bn`, `15 à 20 TWh`) are
//!   two facts sharing scale and unit, each pointing at the other with
//!   `range_with`.
//! - Bare cardinals, years and dates are not facts.
//!
//! The relater then links facts to each other: `equivalent_of` on a figure
//! restated in parentheses (`S$1 000 millions (environ 786 millions de
//! dollars américains)`: the second points to the first), `change_from` on the
//! second figure of a change (`passer de 66 % en 2024 à environ 8 %`).

mod edges;
mod lexicon;
mod money;
mod numeral;
mod qualifier;
mod ranges;
pub(crate) mod trie;
mod units;
mod words;

use crate::data::{self, Lexicon};
use crate::record::{Fact, FactKind, Lang, Qualifier};
use crate::text::{fold_str, is_word_char, Folded};
use crate::Error;
use edges::{ends_word, sign_start, skip_ws, skip_ws_back, word_at, word_before};
use lexicon::{After, Before, Surfaces, SurfacesBuilder, Table};
use money::Currency;
pub(crate) use numeral::next_digit;
use numeral::{combine, parse_digits, Numeral, WordKind};
use ranges::{carry_currency, link_ranges};
use std::cell::RefCell;
use units::{Scale, Unit, UnitKind};
use words::WordFinder;

/// The number words of one language: value and kind per pattern.
#[derive(Clone, Debug)]
struct Words {
    matcher: WordFinder,
    entries: Vec<(f64, WordKind)>,
}

/// Finds numeric facts.
#[derive(Clone, Debug)]
pub(crate) struct NumberFinder {
    /// Number words, French then English: a document reads only its own
    /// language's words, so each has its own trie.
    words: [Words; 2],
    scales: Table<Scale>,
    currencies: Table<Currency>,
    units: Table<Unit>,
    qualifiers: Table<Qualifier>,
    /// The surfaces of the four tables: a position next to a number is
    /// walked once for all of them.
    surfaces: Surfaces,
}

/// Words joining a scale to its currency or unit: `milliards d’euros`.
const CONNECTORS: &[&str] = &["de ", "d'", "of "];
/// Words joining two number words: `vingt et un`, `one hundred and five`.
const WORD_JOINERS: &[&str] = &[" ", "-", " et ", " and ", "-et-"];

/// A figure being read; offsets are folded.
#[derive(Clone, Debug)]
struct Cand<'a> {
    start: usize,
    end: usize,
    num: Numeral,
    mult: f64,
    /// The scale is `money_only` and where its span ends, to cut it off
    /// when no currency comes.
    scale_money: Option<usize>,
    has_scale: bool,
    cur: Option<&'a Currency>,
    unit: Option<&'a Unit>,
    cents: f64,
    range_with: Option<usize>,
    /// The walk back from the numeral, which the qualifier reads again when
    /// the figure starts with it.
    back: Before<'a>,
}

impl Cand<'_> {
    fn complete(&self) -> bool {
        self.cur.is_some() || self.unit.is_some()
    }
}

impl NumberFinder {
    pub(crate) fn build() -> Result<NumberFinder, Error> {
        let mut patterns: [Vec<String>; 2] = Default::default();
        let mut entries: [Vec<(f64, WordKind)>; 2] = Default::default();
        for row in Lexicon::parse_with_header(data::NUMBER_WORDS, Some("surface"))? {
            let key = fold_str(row.field(0)?);
            // The word scan starts only where a word does.
            let value: f64 = row
                .field(1)?
                .parse()
                .map_err(|_| row.error("value is not a number"))?;
            let lang = row.field(2)?.parse::<Lang>().map_err(|e| row.error(e))?;
            let kind = match row.field(3)? {
                "unit" => WordKind::Unit,
                "article" => WordKind::Article,
                "hundred" => WordKind::Hundred,
                "thousand" => WordKind::Thousand,
                k => return Err(row.error(format!("unknown number word kind {k:?}"))),
            };
            // The first row of a surface in a language wins.
            let l = lang_index(lang);
            if !patterns[l].contains(&key) {
                patterns[l].push(key);
                entries[l].push((value, kind));
            }
        }
        let [fr, en] = patterns;
        let [fr_entries, en_entries] = entries;
        let mut surfaces = SurfacesBuilder::new();
        Ok(NumberFinder {
            words: [
                Words {
                    matcher: WordFinder::build(&fr),
                    entries: fr_entries,
                },
                Words {
                    matcher: WordFinder::build(&en),
                    entries: en_entries,
                },
            ],
            scales: units::load_scales(data::SCALES, &mut surfaces)?,
            currencies: money::load(data::CURRENCY_ALIASES, data::CURRENCIES, &mut surfaces)?,
            units: units::load_units(data::UNITS, &mut surfaces)?,
            qualifiers: qualifier::load(data::QUALIFIERS, &mut surfaces)?,
            surfaces: surfaces.build(),
        })
    }

    // Kept out of line: one call per document, and profiles then show the stage.
    #[inline(never)]
    pub(crate) fn find(&self, text: &str, folded: &Folded, lang: Lang) -> Vec<Fact> {
        crate::scratch::with(&SCRATCH, |scratch| {
            let out = self.find_with(text, folded, lang, scratch);
            scratch.trim();
            out
        })
    }

    fn find_with(
        &self,
        text: &str,
        folded: &Folded,
        lang: Lang,
        scratch: &mut Scratch,
    ) -> Vec<Fact> {
        let s = folded.as_str();
        self.numerals(folded, lang, scratch);
        let numerals = &scratch.numerals;
        if numerals.is_empty() {
            return Vec::new();
        }
        let mut cands: Vec<Cand<'_>> = Vec::with_capacity(numerals.len());
        let mut floor = 0;
        for (i, num) in numerals.iter().enumerate() {
            if num.start < floor {
                continue;
            }
            if let Some(end) = self.read(text, folded, lang, numerals, i, floor, &mut cands) {
                floor = end;
            }
        }
        link_ranges(s, &mut cands);
        carry_currency(s, &mut cands);
        self.facts(text, folded, &cands, &mut scratch.index)
    }

    /// Digit numerals and runs of number words, in text order, into
    /// `scratch.numerals`.
    fn numerals(&self, folded: &Folded, lang: Lang, scratch: &mut Scratch) {
        let s = folded.as_str();
        let b = s.as_bytes();
        let out = &mut scratch.digits;
        out.clear();
        let mut i = 0;
        while let Some(d) = numeral::next_digit(b, i) {
            i = d;
            match parse_digits(s, i, lang) {
                Some(mut n) => {
                    n.start = sign_start(s, n.start);
                    if n.start < i {
                        n.value = if b[n.start] == b'+' {
                            n.value
                        } else {
                            -n.value
                        };
                        n.plain = false;
                    }
                    i = n.end;
                    out.push(n);
                }
                None => {
                    // Not a number we can read (beyond f64, malformed): skip
                    // it with its decimal part, so `1…1,5 %` gives no `5 %`.
                    while i < b.len()
                        && (b[i].is_ascii_digit()
                            || (matches!(b[i], b'.' | b',')
                                && b.get(i + 1).is_some_and(u8::is_ascii_digit)))
                    {
                        i += 1;
                    }
                }
            }
        }
        let words = &mut scratch.words;
        words.clear();
        let ws = &self.words[lang_index(lang)];
        ws.matcher.for_each(folded, |p, start, end| {
            let (value, kind) = ws.entries[p];
            words.push((start, end, value, kind));
        });
        let runs = &mut scratch.runs;
        runs.clear();
        let mut k = 0;
        while k < words.len() {
            let mut j = k + 1;
            while j < words.len()
                && WORD_JOINERS.contains(&s.get(words[j - 1].1..words[j].0).unwrap_or("?"))
            {
                j += 1;
            }
            let run = &words[k..j];
            let (start, end) = (run[0].0, run[j - k - 1].1);
            // Digit numerals are sorted and disjoint: only the last one
            // starting before `end` can overlap.
            let k0 = out.partition_point(|n| n.start < end);
            let overlaps = k0 > 0 && out[k0 - 1].end > start;
            if !overlaps {
                let value = combine(run.iter().map(|w| (w.2, w.3)));
                let article = run.len() == 1 && run[0].3 == WordKind::Article;
                runs.push(Numeral {
                    start,
                    end,
                    value,
                    plain: false,
                    words: true,
                    article,
                });
            }
            k = j;
        }
        // Both lists are sorted, and no two numerals start at the same
        // offset (a run overlapping digits was dropped): a merge.
        let all = &mut scratch.numerals;
        all.clear();
        all.reserve(out.len() + runs.len());
        let (mut d, mut r) = (out.iter().peekable(), runs.iter().peekable());
        loop {
            let next = match (d.peek(), r.peek()) {
                (Some(x), Some(y)) if y.start < x.start => r.next(),
                (Some(_), _) => d.next(),
                (None, _) => r.next(),
            };
            let Some(&n) = next else { break };
            all.push(n);
        }
    }

    /// Reads the figure around numeral `i` onto the end of `cands`, and
    /// returns its end; `None` when it is not one.
    #[allow(clippy::too_many_arguments)]
    fn read<'a>(
        &'a self,
        text: &str,
        f: &Folded,
        lang: Lang,
        numerals: &[Numeral],
        i: usize,
        floor: usize,
        cands: &mut Vec<Cand<'a>>,
    ) -> Option<usize> {
        let num = *numerals.get(i)?;
        let q = skip_ws_back(f.as_str(), num.start);
        let back = self.surfaces.before(f, q);
        // Read in place: a candidate is large, and most numerals are one.
        cands.push(Cand {
            start: num.start,
            end: num.end,
            num,
            mult: 1.0,
            scale_money: None,
            has_scale: false,
            cur: None,
            unit: None,
            cents: 0.0,
            range_with: None,
            back,
        });
        let c = cands.last_mut()?;
        if self.read_at(text, f, lang, numerals, i, floor, c) {
            Some(c.end)
        } else {
            cands.pop();
            None
        }
    }

    /// [`read`](Self::read) of the candidate `c` just begun for numeral `i`;
    /// false when it is no figure.
    #[allow(clippy::too_many_arguments)]
    fn read_at<'a>(
        &'a self,
        text: &str,
        f: &Folded,
        lang: Lang,
        numerals: &[Numeral],
        i: usize,
        floor: usize,
        c: &mut Cand<'a>,
    ) -> bool {
        let s = f.as_str();
        let (num, back) = (c.num, c.back);
        // Left: a currency (`US$`, `RM`, `EUR `) or `percent of`.
        if let Some(h) = self
            .currencies
            .before(&back, text, f, |_, start| start >= floor)
        {
            c.cur = Some(h.value);
            c.start = h.start;
        } else if let Some(h) = self
            .units
            .before(&back, text, f, |u, start| u.before && start >= floor)
        {
            c.unit = Some(h.value);
            c.start = h.start;
        } else if !num.words && word_before(s, num.start) {
            // `A380`, `COVID19`: part of a name.
            return false;
        }
        // Right: scale, then currency or unit.
        self.read_right(text, f, lang, c);
        if c.end == num.end && !num.words && word_at(s, num.end) {
            // `4G`, `10th`: a number glued to a word that is not its unit.
            return false;
        }
        if c.unit.is_some() && c.cur.is_some() && c.start < num.start {
            // `(AMD 4.30%)`: a ticker before a percentage is not a currency.
            c.cur = None;
            c.start = num.start;
        }
        if num.article && !(c.has_scale || c.complete()) {
            return false;
        }
        if num.words
            && c.cur.is_some()
            && s.as_bytes()
                .get(skip_ws(s, c.end))
                .is_some_and(u8::is_ascii_digit)
        {
            // `a US$4.7 billion`: the currency belongs to the digits.
            return false;
        }
        if c.cur.is_some() && !c.has_scale && num.value.fract() == 0.0 {
            self.read_cents(text, f, numerals, i, c);
        }
        true
    }

    fn read_right<'a>(&'a self, text: &str, f: &Folded, lang: Lang, c: &mut Cand<'a>) {
        let s = f.as_str();
        let p = skip_ws(s, c.num.end);
        let at_p = self.surfaces.after(f, p);
        let tail = self.tail(text, f, &at_p, c.unit.is_none());
        let tail_end = tail.map_or(0, |t| t.0);
        let scale = self.scales.after(&at_p, text, f, |sc, end| {
            sc.lang.is_none_or(|l| l == lang)
                && end > tail_end
                && (ends_word(s, end) || self.tail_at(text, f, end, c.unit.is_none()).is_some())
                && !s[end..].starts_with('\'')
        });
        if let Some(sc) = scale {
            c.mult = sc.value.mult;
            c.has_scale = true;
            c.end = sc.end;
            if sc.value.money_only {
                c.scale_money = Some(c.num.end);
            }
            // The currency or unit: glued (`M€`), after a space, or after `de`.
            let q = skip_ws(s, sc.end);
            let conn = CONNECTORS
                .iter()
                .find(|k| s[q..].starts_with(**k))
                .map(|k| skip_ws(s, q + k.len()));
            for at in [Some(sc.end), Some(q), conn].into_iter().flatten() {
                if let Some((end, cur, unit)) = self.tail_at(text, f, at, c.unit.is_none()) {
                    self.take_tail(c, end, cur, unit);
                    break;
                }
            }
        } else if let Some((end, cur, unit)) = tail {
            self.take_tail(c, end, cur, unit);
            // `75 USD million`
            if c.cur.is_some() {
                let q = skip_ws(s, c.end);
                let sc = self
                    .scales
                    .after(&self.surfaces.after(f, q), text, f, |sc, end| {
                        sc.lang.is_none_or(|l| l == lang) && !sc.money_only && ends_word(s, end)
                    });
                if let Some(sc) = sc {
                    c.mult = sc.value.mult;
                    c.has_scale = true;
                    c.end = sc.end;
                }
            }
        }
        // `dollars CAD`, `$ US`: a code that says which dollar.
        if let Some(cur) = c.cur.filter(|c| c.generic) {
            let q = skip_ws(s, c.end);
            let refined = self
                .currencies
                .after(&self.surfaces.after(f, q), text, f, |x, end| {
                    x.kind == money::CurKind::Code && x.family == cur.family && ends_word(s, end)
                });
            if let Some(h) = refined {
                c.cur = Some(h.value);
                c.end = h.end;
            }
        }
    }

    fn take_tail<'a>(
        &'a self,
        c: &mut Cand<'a>,
        end: usize,
        cur: Option<&'a Currency>,
        unit: Option<&'a Unit>,
    ) {
        if c.cur.is_some() && cur.is_some() {
            // `$ 5 $`: the currency is already known; keep the first.
            return;
        }
        c.end = end;
        c.cur = c.cur.or(cur);
        c.unit = c.unit.or(unit);
    }

    /// [`tail`](Self::tail) at folded offset `p`.
    #[allow(clippy::type_complexity)]
    fn tail_at<'a>(
        &'a self,
        text: &str,
        f: &Folded,
        p: usize,
        units_too: bool,
    ) -> Option<(usize, Option<&'a Currency>, Option<&'a Unit>)> {
        self.tail(text, f, &self.surfaces.after(f, p), units_too)
    }

    /// A currency or unit starting where `at` was walked from, the longer of
    /// the two.
    #[allow(clippy::type_complexity)]
    fn tail<'a>(
        &'a self,
        text: &str,
        f: &Folded,
        at: &After<'_>,
        units_too: bool,
    ) -> Option<(usize, Option<&'a Currency>, Option<&'a Unit>)> {
        let s = f.as_str();
        let ok = |end: usize| ends_word(s, end) && !s[end..].starts_with('\'');
        let cur = self.currencies.after(at, text, f, |_, end| ok(end));
        let unit = if units_too {
            self.units.after(at, text, f, |u, end| !u.before && ok(end))
        } else {
            None
        };
        match (cur, unit) {
            (Some(c), Some(u)) if u.end > c.end => Some((u.end, None, Some(u.value))),
            (Some(c), _) => Some((c.end, Some(c.value), None)),
            (None, Some(u)) => Some((u.end, None, Some(u.value))),
            (None, None) => None,
        }
    }

    /// `20 dollars 43 cents`, `$20 and 43c`, `15 USD 50`: cents after a
    /// whole amount.
    fn read_cents(&self, text: &str, f: &Folded, numerals: &[Numeral], i: usize, c: &mut Cand<'_>) {
        let s = f.as_str();
        let mut q = skip_ws(s, c.end);
        if q == c.end && q < s.len() {
            return;
        }
        for joiner in ["and ", "et "] {
            if s[q..].starts_with(joiner) {
                q = skip_ws(s, q + joiner.len());
            }
        }
        let Some(n) = numerals[i + 1..]
            .iter()
            .find(|n| n.start >= q)
            .filter(|n| n.start == q)
        else {
            return;
        };
        let small = n.value >= 0.0 && n.value < 100.0 && n.value.fract() == 0.0 && !n.article;
        if !small || (!n.words && n.end - n.start > 2) {
            return;
        }
        let r = skip_ws(s, n.end);
        let at_r = self.surfaces.after(f, r);
        let sub = self.units.after(&at_r, text, f, |u, end| {
            u.kind == UnitKind::Subunit && ends_word(s, end)
        });
        let end = match sub {
            Some(h) => h.end,
            None => {
                let next = s[n.end..].chars().next();
                if next.is_some_and(|ch| ch.is_ascii_digit() || is_word_char(ch) || ch == '%')
                    || self.tail(text, f, &at_r, true).is_some()
                    || self
                        .scales
                        .after(&at_r, text, f, |_, end| ends_word(s, end))
                        .is_some()
                {
                    return;
                }
                n.end
            }
        };
        c.cents = n.value / 100.0;
        c.end = end;
    }

    fn facts(
        &self,
        text: &str,
        f: &Folded,
        cands: &[Cand<'_>],
        index: &mut Vec<Option<usize>>,
    ) -> Vec<Fact> {
        let s = f.as_str();
        // Facts are large: grown once, not moved at every doubling.
        let mut facts: Vec<Fact> = Vec::with_capacity(cands.len());
        index.clear();
        index.resize(cands.len(), None);
        let mut currencies: Vec<(&Currency, usize)> = Vec::new();
        for (k, c) in cands.iter().enumerate() {
            let (mut end, mut mult) = (c.end, c.mult);
            if let (Some(num_end), None) = (c.scale_money, c.cur) {
                if c.unit.is_none() {
                    end = num_end;
                    mult = 1.0;
                }
            }
            let (kind, unit) = match (c.cur, c.unit) {
                (Some(cur), _) => (FactKind::Money, cur.code.as_deref().map(str::to_string)),
                (None, Some(u)) => match u.kind {
                    UnitKind::Percent => (FactKind::Percent, Some(String::from(&*u.symbol))),
                    UnitKind::Quantity => (FactKind::Quantity, Some(String::from(&*u.symbol))),
                    UnitKind::Subunit => (FactKind::Money, None),
                },
                (None, None) => continue,
            };
            let value = c.num.value * mult + c.cents;
            if !value.is_finite() {
                continue;
            }
            let (os, oe) = (f.to_orig(c.start), f.to_orig(end));
            let Some(surface) = text.get(os..oe) else {
                continue;
            };
            let mut fact = Fact::new(os, oe, surface, kind, value);
            fact.unit = unit;
            let q = skip_ws_back(s, c.start);
            let back = match c.back {
                b if b.pos() == q => b,
                _ => self.surfaces.before(f, q),
            };
            fact.qualifier = self
                .qualifiers
                .before(&back, text, f, |_, _| true)
                .map(|h| *h.value);
            index[k] = Some(facts.len());
            if let Some(cur) = c.cur {
                currencies.push((cur, facts.len()));
            }
            facts.push(fact);
        }
        for (k, c) in cands.iter().enumerate() {
            if let (Some(me), Some(other)) = (index[k], c.range_with.and_then(|o| index[o])) {
                facts[me].range_with = Some(other);
                // `environ 740 à 780 millions`: the hedge covers both bounds.
                if other < me && facts[me].qualifier.is_none() {
                    facts[me].qualifier = facts[other].qualifier;
                }
            }
        }
        if !currencies.iter().any(|(c, _)| c.generic) {
            // Nothing to resolve.
            return facts;
        }
        // Moved out and back: no code is copied.
        let mut slots: Vec<Option<String>> = currencies
            .iter()
            .map(|(_, i)| facts[*i].unit.take())
            .collect();
        let mut items: Vec<(&Currency, &mut Option<String>)> = currencies
            .iter()
            .map(|(c, _)| *c)
            .zip(slots.iter_mut())
            .collect();
        money::resolve_generic(&mut items);
        for ((_, i), slot) in currencies.iter().zip(slots) {
            facts[*i].unit = slot;
        }
        facts
    }
}

/// Buffers kept per thread past this many entries are dropped after use, so
/// one huge document does not pin them for the thread's lifetime.
const SCRATCH_KEEP: usize = 1 << 16;

/// Buffers reused from one document to the next on a thread.
#[derive(Default)]
struct Scratch {
    /// Digit numerals, then all numerals in text order.
    digits: Vec<Numeral>,
    numerals: Vec<Numeral>,
    /// Number words as found, then their runs that are numerals.
    words: Vec<(usize, usize, f64, WordKind)>,
    runs: Vec<Numeral>,
    /// Per candidate, its fact.
    index: Vec<Option<usize>>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Scratch {
    /// Drops what a huge document grew (see [`SCRATCH_KEEP`]).
    fn trim(&mut self) {
        let big = [
            self.digits.capacity(),
            self.numerals.capacity(),
            self.words.capacity(),
            self.runs.capacity(),
            self.index.capacity(),
        ];
        if big.iter().any(|&n| n > SCRATCH_KEEP) {
            *self = Scratch::default();
        }
    }
}

/// Index of a language in per-language arrays.
pub(crate) fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Fr => 0,
        Lang::En => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finder() -> NumberFinder {
        NumberFinder::build().expect("embedded lexicons parse")
    }

    /// (row name, lang, text, expected facts as (surface, kind, value, unit)).
    type Row = (
        &'static str,
        Lang,
        &'static str,
        &'static [(&'static str, FactKind, f64, Option<&'static str>)],
    );

    #[test]
    fn one_row_per_form() {
        use FactKind::*;
        let rows: &[Row] = &[
            (
                "fr decimal comma",
                Lang::Fr,
                "Il a payé 1,5 million d’euros.",
                &[("1,5 million d’euros", Money, 1.5e6, Some("EUR"))],
            ),
            (
                "fr nbsp thousands",
                Lang::Fr,
                "soit 1\u{a0}234\u{202f}567,89 €",
                &[("1\u{a0}234\u{202f}567,89 €", Money, 1234567.89, Some("EUR"))],
            ),
            (
                "en thousands",
                Lang::En,
                "It cost $1,234,567.89 in all.",
                &[("$1,234,567.89", Money, 1234567.89, Some("USD"))],
            ),
            (
                "fr milliards d'",
                Lang::Fr,
                "un plan de 2,5 milliards d’euros",
                &[("2,5 milliards d’euros", Money, 2.5e9, Some("EUR"))],
            ),
            (
                "fr billion",
                Lang::Fr,
                "un billion d’euros",
                &[("un billion d’euros", Money, 1e12, Some("EUR"))],
            ),
            (
                "en billion",
                Lang::En,
                "a billion dollars",
                &[("a billion dollars", Money, 1e9, Some("USD"))],
            ),
            (
                "fr Md€",
                Lang::Fr,
                "un contrat de 3 Md€ signé",
                &[("3 Md€", Money, 3e9, Some("EUR"))],
            ),
            (
                "fr M€",
                Lang::Fr,
                "lève 20 M€ auprès",
                &[("20 M€", Money, 2e7, Some("EUR"))],
            ),
            (
                "en bn glued",
                Lang::En,
                "a $4.5bn deal",
                &[("$4.5bn", Money, 4.5e9, Some("USD"))],
            ),
            (
                "en m after euro",
                Lang::En,
                "a €300m fund",
                &[("€300m", Money, 3e8, Some("EUR"))],
            ),
            (
                "en k$",
                Lang::En,
                "paid 10k$ each",
                &[("10k$", Money, 1e4, Some("USD"))],
            ),
            (
                "S$ prefix",
                Lang::Fr,
                "S$1 000 millions",
                &[("S$1 000 millions", Money, 1e9, Some("SGD"))],
            ),
            (
                "fr named dollar",
                Lang::Fr,
                "786 millions de dollars américains",
                &[(
                    "786 millions de dollars américains",
                    Money,
                    7.86e8,
                    Some("USD"),
                )],
            ),
            (
                "fr dollars de Singapour",
                Lang::Fr,
                "1 000 millions de dollars de Singapour",
                &[(
                    "1 000 millions de dollars de Singapour",
                    Money,
                    1e9,
                    Some("SGD"),
                )],
            ),
            (
                "fr yuans",
                Lang::Fr,
                "30 milliards de yuans",
                &[("30 milliards de yuans", Money, 3e10, Some("CNY"))],
            ),
            (
                "fr livres sterling",
                Lang::Fr,
                "5 millions de livres sterling",
                &[("5 millions de livres sterling", Money, 5e6, Some("GBP"))],
            ),
            (
                "crore",
                Lang::En,
                "Rs 10,372 crore",
                &[("Rs 10,372 crore", Money, 1.0372e11, Some("INR"))],
            ),
            (
                "ringgit",
                Lang::En,
                "RM2 billion",
                &[("RM2 billion", Money, 2e9, Some("MYR"))],
            ),
            (
                "code after",
                Lang::Fr,
                "5,4 milliards USD",
                &[("5,4 milliards USD", Money, 5.4e9, Some("USD"))],
            ),
            (
                "code before",
                Lang::En,
                "USD 100 billion",
                &[("USD 100 billion", Money, 1e11, Some("USD"))],
            ),
            (
                "dollars CAD",
                Lang::Fr,
                "7,5 milliards de dollars CAD",
                &[("7,5 milliards de dollars CAD", Money, 7.5e9, Some("CAD"))],
            ),
            (
                "fr percent sign",
                Lang::Fr,
                "66 % des ventes",
                &[("66 %", Percent, 66.0, Some("%"))],
            ),
            (
                "en percent glued",
                Lang::En,
                "up 66%",
                &[("66%", Percent, 66.0, Some("%"))],
            ),
            (
                "fr pour cent",
                Lang::Fr,
                "66 pour cent",
                &[("66 pour cent", Percent, 66.0, Some("%"))],
            ),
            (
                "en per cent",
                Lang::En,
                "66 per cent",
                &[("66 per cent", Percent, 66.0, Some("%"))],
            ),
            (
                "signed",
                Lang::Fr,
                "+3,5 % et -3,2 %",
                &[
                    ("+3,5 %", Percent, 3.5, Some("%")),
                    ("-3,2 %", Percent, -3.2, Some("%")),
                ],
            ),
            (
                "fr points",
                Lang::Fr,
                "2 points de pourcentage",
                &[("2 points de pourcentage", Percent, 2.0, Some("pp"))],
            ),
            (
                "en points",
                Lang::En,
                "2 percentage points",
                &[("2 percentage points", Percent, 2.0, Some("pp"))],
            ),
            (
                "GW",
                Lang::En,
                "a 6 GW campus",
                &[("6 GW", Quantity, 6.0, Some("GW"))],
            ),
            (
                "gigawatts",
                Lang::Fr,
                "5,8 gigawatts",
                &[("5,8 gigawatts", Quantity, 5.8, Some("GW"))],
            ),
            (
                "mégawatts",
                Lang::Fr,
                "100 mégawatts",
                &[("100 mégawatts", Quantity, 100.0, Some("MW"))],
            ),
            (
                "TWh",
                Lang::Fr,
                "80 TWh",
                &[("80 TWh", Quantity, 80.0, Some("TWh"))],
            ),
            (
                "Mt",
                Lang::Fr,
                "3 Mt de CO2",
                &[("3 Mt", Quantity, 3.0, Some("Mt"))],
            ),
            (
                "Go",
                Lang::Fr,
                "512 Go",
                &[("512 Go", Quantity, 512.0, Some("GB"))],
            ),
            (
                "exaflops",
                Lang::En,
                "2 exaflops",
                &[("2 exaflops", Quantity, 2.0, Some("EFLOPS"))],
            ),
            (
                "nm",
                Lang::En,
                "a 3 nm process",
                &[("3 nm", Quantity, 3.0, Some("nm"))],
            ),
            (
                "fr words",
                Lang::Fr,
                "deux milliards de dollars",
                &[("deux milliards de dollars", Money, 2e9, Some("USD"))],
            ),
            (
                "en words",
                Lang::En,
                "ten dollars",
                &[("ten dollars", Money, 10.0, Some("USD"))],
            ),
            (
                "en a hundred",
                Lang::En,
                "a hundred million euros",
                &[("a hundred million euros", Money, 1e8, Some("EUR"))],
            ),
            (
                "cents",
                Lang::En,
                "20 dollars 43 cents",
                &[("20 dollars 43 cents", Money, 20.43, Some("USD"))],
            ),
            ("years are not facts", Lang::Fr, "en 2024 et en 2025", &[]),
            ("name with digits", Lang::En, "the A380 and 4G", &[]),
            ("bare m is not money", Lang::En, "a 300m tower", &[]),
        ];
        let nf = finder();
        for (name, lang, text, want) in rows {
            let facts = nf.find(text, &Folded::new(text), *lang);
            let got: Vec<(&str, FactKind, f64, Option<&str>)> = facts
                .iter()
                .map(|f| (f.text.as_str(), f.kind, f.value, f.unit.as_deref()))
                .collect();
            assert_eq!(got.len(), want.len(), "row {name}: {text:?} gave {got:?}");
            for (g, w) in got.iter().zip(want.iter()) {
                assert_eq!((g.0, g.1, g.3), (w.0, w.1, w.3), "row {name}: {text:?}");
                assert!(
                    (g.2 - w.2).abs() <= 1e-6 * w.2.abs().max(1.0),
                    "row {name}: {text:?} gave {}",
                    g.2
                );
            }
        }
    }

    #[test]
    fn qualifiers_and_ranges() {
        type Row = (
            &'static str,
            Lang,
            &'static str,
            &'static [(&'static str, Option<Qualifier>, Option<usize>)],
        );
        let rows: &[Row] = &[
            (
                "fr environ",
                Lang::Fr,
                "environ 5 %",
                &[("5 %", Some(Qualifier::About), None)],
            ),
            (
                "fr plus de",
                Lang::Fr,
                "plus de 100 MW",
                &[("100 MW", Some(Qualifier::MoreThan), None)],
            ),
            (
                "fr jusqu'à",
                Lang::Fr,
                "jusqu’à 10 %",
                &[("10 %", Some(Qualifier::UpTo), None)],
            ),
            (
                "en at least",
                Lang::En,
                "at least 10 GW",
                &[("10 GW", Some(Qualifier::AtLeast), None)],
            ),
            (
                "en under",
                Lang::En,
                "under $5",
                &[("$5", Some(Qualifier::LessThan), None)],
            ),
            (
                "fr entre",
                Lang::Fr,
                "entre 30 et 50 milliards d’euros",
                &[
                    ("30", None, Some(1)),
                    ("50 milliards d’euros", None, Some(0)),
                ],
            ),
            (
                "en dash",
                Lang::En,
                "$30-50bn",
                &[("$30", None, Some(1)), ("50bn", None, Some(0))],
            ),
        ];
        let nf = finder();
        for (name, lang, text, want) in rows {
            let facts = nf.find(text, &Folded::new(text), *lang);
            let got: Vec<(&str, Option<Qualifier>, Option<usize>)> = facts
                .iter()
                .map(|f| (f.text.as_str(), f.qualifier, f.range_with))
                .collect();
            assert_eq!(got, *want, "row {name}: {text:?}");
        }
        let facts = nf.find("$30-50bn", &Folded::new("$30-50bn"), Lang::En);
        assert_eq!(facts[0].value, 30e9, "the range shares its scale");
        assert_eq!(facts[1].unit.as_deref(), Some("USD"), "and its currency");
    }

    /// The byte-wise word tests answer as the general ones, at every offset
    /// (char boundaries or not) of texts mixing scripts.
    #[test]
    fn word_edges_as_the_text_module_reads_them() {
        let texts = [
            "20 M€ et 3,5 Md$, soit 10GW_x ou l’Inde; 東京 5 %",
            "é1a ß_ 9\u{a0}€ ŒUVRE-2 \u{301}x",
            "",
        ];
        for text in texts {
            let f = fold_str(text);
            for t in [text, f.as_str()] {
                for i in 0..=t.len() + 1 {
                    assert_eq!(ends_word(t, i), crate::text::ends_word(t, i), "{t:?} {i}");
                    if t.is_char_boundary(i) {
                        let after = t[i..].chars().next().is_some_and(is_word_char);
                        let before = t[..i].chars().next_back().is_some_and(is_word_char);
                        assert_eq!(word_at(t, i), after, "{t:?} {i}");
                        assert_eq!(word_before(t, i), before, "{t:?} {i}");
                    }
                }
            }
        }
    }

    /// At most two spaces are skipped, either way, as a loop would.
    #[test]
    fn skips_two_spaces_at_most() {
        for text in ["", " ", "  ", "   ", "a  b", " a ", "5 \u{a0} %"] {
            let f = fold_str(text);
            let b = f.as_bytes();
            for p in 0..=b.len() {
                let (mut fwd, mut back) = (p, p);
                for _ in 0..2 {
                    if b.get(fwd) == Some(&b' ') {
                        fwd += 1;
                    }
                    if back > 0 && b[back - 1] == b' ' {
                        back -= 1;
                    }
                }
                assert_eq!(skip_ws(&f, p), fwd, "{f:?} {p}");
                assert_eq!(skip_ws_back(&f, p), back, "{f:?} {p}");
            }
        }
    }

    #[test]
    fn a_bare_dollar_follows_the_document() {
        let nf = finder();
        let text = "S$1 milliard, puis 20 millions de $.";
        let facts = nf.find(text, &Folded::new(text), Lang::Fr);
        let units: Vec<_> = facts.iter().map(|f| f.unit.as_deref()).collect();
        assert_eq!(units, [Some("SGD"), Some("SGD")], "{text:?}");
    }
}
