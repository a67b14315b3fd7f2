//! Numerals: digits in the French and English conventions, and runs of
//! number words.

use crate::record::Lang;

/// A number as written, before any scale, currency or unit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Numeral {
    /// Folded offsets, sign included.
    pub start: usize,
    pub end: usize,
    pub value: f64,
    /// Written without any separator or sign (`2024`, not `2 024` or `2,5`).
    pub plain: bool,
    /// Number words rather than digits.
    pub words: bool,
    /// A lone article (`a`, `un`): a number only before a scale, currency or unit.
    pub article: bool,
}

/// At most this many digit groups are read (`1 234 567 890 123` has 5).
const MAX_GROUPS: usize = 12;

#[derive(Clone, Copy, Debug, Default)]
struct Group {
    /// The separator before the group (0 for the first).
    sep: u8,
    start: usize,
    end: usize,
}

/// Parses the numeral whose first digit is at `start` of the folded text `s`
/// (a sign right before it is the caller's business). Separators follow the
/// document's language where the text alone is ambiguous: `2,500` is 2.5 in
/// French and 2500 in English, `2.500` the reverse. Returns `None` when the
/// value is not finite (digit runs beyond f64 range are skipped).
pub(crate) fn parse_digits(s: &str, start: usize, lang: Lang) -> Option<Numeral> {
    let b = s.as_bytes();
    let mut first_end = start;
    while b.get(first_end).is_some_and(u8::is_ascii_digit) {
        first_end += 1;
    }
    if first_end == start {
        return None;
    }
    let grouped = matches!(b.get(first_end), Some(b' ' | b'.' | b','))
        && b.get(first_end + 1).is_some_and(u8::is_ascii_digit);
    if !grouped {
        // `2024`, `15 %`: one run of digits, most numerals, read as
        // `parse_groups` reads it without setting up its groups.
        let value = int_digits(0.0, &b[start..first_end]);
        return finish(s, start, first_end, value, true);
    }
    let (sep, second) = (b[first_end], first_end + 1);
    let mut second_end = second;
    while b.get(second_end).is_some_and(u8::is_ascii_digit) {
        second_end += 1;
    }
    let third = matches!(b.get(second_end), Some(b' ' | b'.' | b','))
        && b.get(second_end + 1).is_some_and(u8::is_ascii_digit);
    if third {
        return parse_groups(s, start, first_end, lang);
    }
    // `2,5`, `1 000`, `12,345`: two groups, most of the others; the rules
    // of `parse_groups` for two.
    let (first, last) = (&b[start..first_end], &b[second..second_end]);
    let value = int_digits(0.0, first);
    if sep == b' ' {
        if last.len() == 3 && first.len() <= 3 {
            return finish(s, start, second_end, int_digits(value, last), false);
        }
        return finish(s, start, first_end, value, true);
    }
    let looks_thousands = last.len() == 3 && first.len() <= 3 && first[0] != b'0';
    let value = if sep == thousands_mark(lang) && looks_thousands {
        int_digits(value, last)
    } else {
        fraction_digits(value, last)
    };
    finish(s, start, second_end, value, false)
}

/// `value` followed by the decimal `digits`, one at a time.
#[inline]
fn int_digits(mut value: f64, digits: &[u8]) -> f64 {
    for &d in digits {
        value = value * 10.0 + f64::from(d - b'0');
    }
    value
}

/// `value` plus the decimal fraction written by `digits`, one at a time.
#[inline]
fn fraction_digits(mut value: f64, digits: &[u8]) -> f64 {
    let mut scale = 0.1;
    for &c in digits {
        value += f64::from(c - b'0') * scale;
        scale /= 10.0;
    }
    value
}

/// The mark that groups thousands, where a lone one is ambiguous.
fn thousands_mark(lang: Lang) -> u8 {
    match lang {
        Lang::Fr => b'.',
        Lang::En => b',',
    }
}

/// [`parse_digits`] of a numeral whose first run of digits, `start..first_end`,
/// may be followed by more groups.
fn parse_groups(s: &str, start: usize, first_end: usize, lang: Lang) -> Option<Numeral> {
    let b = s.as_bytes();
    let digits_end = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut groups = [Group::default(); MAX_GROUPS];
    let mut n = 1;
    groups[0] = Group {
        sep: 0,
        start,
        end: first_end,
    };
    while n < MAX_GROUPS {
        let at = groups[n - 1].end;
        let sep = match b.get(at) {
            Some(&c @ (b' ' | b'.' | b',')) => c,
            _ => break,
        };
        if !b.get(at + 1).is_some_and(u8::is_ascii_digit) {
            break;
        }
        let end = digits_end(at + 1);
        groups[n] = Group {
            sep,
            start: at + 1,
            end,
        };
        n += 1;
    }
    let len = |g: &Group| g.end - g.start;
    // Spaces group thousands only in `1 234 567`: three digits after, at most
    // three before, and no other separator before them.
    let mut k = 1;
    while k < n {
        let g = &groups[k];
        if g.sep == b' ' {
            let ok =
                len(g) == 3 && len(&groups[0]) <= 3 && groups[1..k].iter().all(|x| x.sep == b' ');
            if !ok {
                break;
            }
        }
        k += 1;
    }
    n = k;
    // Which of `.` and `,` is the decimal mark.
    let puncts = || groups[1..n].iter().filter(|g| g.sep != b' ');
    let last = puncts().next_back().map(|g| g.sep);
    let mut decimal_at: Option<usize> = None; // index of the group after the decimal mark
    if let Some(c) = last {
        let count = puncts().filter(|g| g.sep == c).count();
        let mixed = puncts().any(|g| g.sep != c);
        let last_idx = (1..n).rev().find(|&i| groups[i].sep == c).unwrap_or(1);
        if mixed {
            // `1.234.567,89`, `1,234,567.89`: the last mark is decimal.
            decimal_at = Some(last_idx);
            n = last_idx + 1;
            let thousands_ok = groups[1..last_idx]
                .iter()
                .all(|g| len(g) == 3 || (g.sep == b',' && len(g) == 2));
            if !thousands_ok {
                n = 1;
                decimal_at = None;
            }
        } else if count >= 2 {
            // `1,234,567` or `12,34,567` (Indian); anything else is a list.
            let indian = c == b','
                && len(&groups[n - 1]) == 3
                && groups[1..n - 1].iter().all(|g| len(g) == 2);
            let western = groups[1..n]
                .iter()
                .filter(|g| g.sep == c)
                .all(|g| len(g) == 3);
            if !(indian || western) {
                n = 1;
            }
        } else {
            let g = &groups[last_idx];
            let first = &groups[0];
            let looks_thousands =
                len(g) == 3 && len(first) <= 3 && !s[first.start..first.end].starts_with('0');
            let thousands_mark = thousands_mark(lang);
            // `12,345 $` in French is 12.345; `12.345` in English is 12.345.
            // After space-grouped thousands (`1 234,5`) a mark can only be decimal.
            let spaced = groups[1..last_idx].iter().any(|x| x.sep == b' ');
            if spaced || !(c == thousands_mark && looks_thousands) {
                decimal_at = Some(last_idx);
                n = last_idx + 1;
            }
        }
    }
    let mut value = 0f64;
    let int_groups = decimal_at.unwrap_or(n);
    for g in &groups[..int_groups] {
        value = int_digits(value, &b[g.start..g.end]);
    }
    if let Some(d) = decimal_at {
        let g = &groups[d];
        value = fraction_digits(value, &b[g.start..g.end]);
    }
    finish(s, start, groups[n - 1].end, value, n == 1)
}

/// The numeral of `s[start..end]` worth `value`, read on through a power
/// written after it; `None` when the value is not finite.
fn finish(s: &str, start: usize, mut end: usize, mut value: f64, plain: bool) -> Option<Numeral> {
    let b = s.as_bytes();
    // `1,1^23`: a power, as some peers write it.
    if b.get(end) == Some(&b'^') && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
        let mut e_end = end + 1;
        while b.get(e_end).is_some_and(u8::is_ascii_digit) {
            e_end += 1;
        }
        let exp: i32 = s.get(end + 1..e_end)?.parse().ok()?;
        value = value.powi(exp);
        end = e_end;
    }
    if !value.is_finite() {
        return None;
    }
    Some(Numeral {
        start,
        end,
        value,
        plain,
        words: false,
        article: false,
    })
}

/// How a number word combines with its neighbours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WordKind {
    /// Adds its value (`vingt`, `two`).
    Unit,
    /// `a`, `un`: 1, read only before a scale, currency or unit.
    Article,
    /// Multiplies what precedes by 100 (`cent`, `hundred`).
    Hundred,
    /// Closes a group of thousands (`mille`, `thousand`).
    Thousand,
}

/// Combines a run of number words (`cinq cent trente cinq` → 535).
pub(crate) fn combine(words: impl IntoIterator<Item = (f64, WordKind)>) -> f64 {
    let (mut total, mut current) = (0f64, 0f64);
    for (v, kind) in words {
        match kind {
            WordKind::Unit | WordKind::Article => current += v,
            WordKind::Hundred => current = current.max(1.0) * 100.0,
            WordKind::Thousand => {
                total += current.max(1.0) * 1000.0;
                current = 0.0;
            }
        }
    }
    total + current
}

/// The first ASCII digit of `b` at or after `i`: most of a text holds
/// none, and numbers are read only where one stands.
pub(crate) fn next_digit(b: &[u8], i: usize) -> Option<usize> {
    crate::text::find_byte(b, i, crate::text::ByteClass::AsciiDigit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_in_both_conventions() {
        // (name, text, lang, value, matched text)
        let rows: &[(&str, &str, Lang, f64, &str)] = &[
            ("fr decimal comma", "1,5 x", Lang::Fr, 1.5, "1,5"),
            (
                "fr spaces and comma",
                "1 234 567,89 €",
                Lang::Fr,
                1234567.89,
                "1 234 567,89",
            ),
            (
                "en commas and point",
                "1,234,567.89",
                Lang::En,
                1234567.89,
                "1,234,567.89",
            ),
            (
                "de style",
                "1.234.567,89",
                Lang::En,
                1234567.89,
                "1.234.567,89",
            ),
            ("fr dot thousands", "94.000 $", Lang::Fr, 94000.0, "94.000"),
            (
                "fr comma three digits",
                "12,345 $",
                Lang::Fr,
                12.345,
                "12,345",
            ),
            ("en comma thousands", "12,345", Lang::En, 12345.0, "12,345"),
            ("en comma decimal", "5,00", Lang::En, 5.0, "5,00"),
            ("en point decimal", "4.5bn", Lang::En, 4.5, "4.5"),
            ("fr point decimal", "4.5", Lang::Fr, 4.5, "4.5"),
            (
                "indian",
                "12,34,567.89",
                Lang::En,
                1234567.89,
                "12,34,567.89",
            ),
            ("space not thousands", "50 50", Lang::En, 50.0, "50"),
            ("year then number", "2024 100", Lang::Fr, 2024.0, "2024"),
            ("space thousands", "15 000 MW", Lang::Fr, 15000.0, "15 000"),
            (
                "fr spaced decimal",
                "1 046,09",
                Lang::Fr,
                1046.09,
                "1 046,09",
            ),
            ("trailing comma", "5, puis", Lang::Fr, 5.0, "5"),
            ("power", "1,1^2", Lang::Fr, 1.21, "1,1^2"),
            ("list", "1,2,3", Lang::En, 1.0, "1"),
        ];
        for (name, text, lang, want, span) in rows {
            let n = parse_digits(text, 0, *lang).unwrap_or_else(|| panic!("row {name}: {text:?}"));
            assert!(
                (n.value - want).abs() < 1e-9,
                "row {name}: {text:?} gave {}",
                n.value
            );
            assert_eq!(&text[n.start..n.end], *span, "row {name}: {text:?}");
        }
    }

    /// A lone run of digits is read as the general path reads it.
    #[test]
    fn one_run_as_groups_read_it() {
        let nines = "9".repeat(400);
        let rows = [
            "2024",
            "0",
            "007",
            "15 %",
            "5^2",
            "12^400",
            "3,",
            "3. Puis",
            "4 x",
            "1234567890123456789",
            &nines,
        ];
        for text in rows {
            for lang in [Lang::Fr, Lang::En] {
                let end = text.bytes().take_while(u8::is_ascii_digit).count();
                assert_eq!(
                    parse_digits(text, 0, lang),
                    parse_groups(text, 0, end, lang),
                    "{text:?}"
                );
            }
        }
    }

    /// Every numeral is read as the general group reader reads it: random
    /// runs of digits and separators, both languages.
    #[test]
    fn short_paths_agree_with_the_groups() {
        let mut next = crate::test_rng::xorshift(0x2545_f491_4f6c_dd1d);
        let alphabet = b"0123456789001234 ., ., ^x";
        for _ in 0..20_000 {
            let len = 1 + next(14);
            let mut t: Vec<u8> = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            t[0] = b'0' + next(10) as u8;
            let text = String::from_utf8(t).expect("ascii");
            let end = text.bytes().take_while(u8::is_ascii_digit).count();
            for lang in [Lang::Fr, Lang::En] {
                assert_eq!(
                    parse_digits(&text, 0, lang),
                    parse_groups(&text, 0, end, lang),
                    "{text:?} {lang:?}"
                );
            }
        }
    }

    #[test]
    fn huge_digit_runs_are_skipped() {
        let s = "9".repeat(400);
        assert_eq!(parse_digits(&s, 0, Lang::En), None);
    }

    #[test]
    fn words_combine() {
        use WordKind::*;
        type Row = (&'static str, &'static [(f64, WordKind)], f64);
        let rows: &[Row] = &[
            (
                "cinq cent trente cinq",
                &[(5.0, Unit), (100.0, Hundred), (30.0, Unit), (5.0, Unit)],
                535.0,
            ),
            ("a hundred", &[(1.0, Article), (100.0, Hundred)], 100.0),
            (
                "trois mille deux",
                &[(3.0, Unit), (1000.0, Thousand), (2.0, Unit)],
                3002.0,
            ),
            ("twenty two", &[(20.0, Unit), (2.0, Unit)], 22.0),
            ("cent", &[(100.0, Hundred)], 100.0),
        ];
        for (name, words, want) in rows {
            assert_eq!(combine(words.iter().copied()), *want, "row {name}");
        }
    }

    #[test]
    fn finds_the_next_digit() {
        let text = "aucun chiffre ici, é€« puis 7 et 42, enfin 9";
        let b = text.as_bytes();
        for i in 0..=b.len() + 1 {
            let want = b
                .get(i..)
                .and_then(|t| t.iter().position(u8::is_ascii_digit))
                .map(|k| i + k);
            assert_eq!(next_digit(b, i), want, "from {i}");
        }
    }
}
