//! Folded lexicons that are looked up next to a number: right after it
//! (`millions`, `€`, `GW`) or right before it (`US$`, `plus de`).
//!
//! A [`Table`] keeps its entries and two tries over their folded surfaces:
//! one read forward for "what starts here" and one over reversed surfaces for
//! "what ends here" (read backwards from the number, at most a short window).
//! Both stop at the first byte no surface continues with. Word
//! boundaries are the caller's business, because a number glues to some of
//! these words (`USD115`, `10GW`, `20M€`) and not to others.

use super::trie::Trie;
use crate::data::{Lexicon, Row, Source};
use crate::text::{fold_str, starts_word, Folded};
use crate::Error;
use std::collections::HashMap;

/// How far before a number a prefix (`pas moins de`, `u.s $`) may start, in
/// folded bytes.
const BACK_WINDOW: usize = 32;

/// One lexicon row: its payload and, for `case` rows, the form it must have
/// in the original text.
#[derive(Clone, Debug)]
pub(crate) struct Entry<T> {
    pub value: T,
    written: Option<Box<str>>,
}

/// Entries looked up by folded surface next to a position of the text.
#[derive(Clone, Debug)]
pub(crate) struct Table<T> {
    entries: Vec<Entry<T>>,
    /// Entry indices per pattern, in file order (earlier rows win).
    by_pattern: Vec<Vec<u32>>,
    forward: Trie,
    backward: Trie,
}

/// A match of a table: the entry and its folded bounds.
#[derive(Debug, PartialEq)]
pub(crate) struct Hit<'t, T> {
    pub value: &'t T,
    pub start: usize,
    pub end: usize,
}

/// Collects rows before compiling a [`Table`].
pub(crate) struct TableBuilder<T> {
    entries: Vec<Entry<T>>,
    keys: HashMap<String, usize>,
    by_pattern: Vec<Vec<u32>>,
    patterns: Vec<String>,
}

impl<T> TableBuilder<T> {
    pub(crate) fn new() -> TableBuilder<T> {
        TableBuilder {
            entries: Vec::new(),
            keys: HashMap::new(),
            by_pattern: Vec::new(),
            patterns: Vec::new(),
        }
    }

    /// Adds `surface` with its payload; `case` rows only match as written.
    pub(crate) fn push(
        &mut self,
        row: &Row<'_>,
        surface: &str,
        case: bool,
        value: T,
    ) -> Result<(), Error> {
        let key = fold_str(surface);
        if key.trim().is_empty() {
            return Err(row.error("surface is empty once folded"));
        }
        let written = case.then(|| surface.into());
        let idx = self.entries.len() as u32;
        self.entries.push(Entry { value, written });
        let p = *self.keys.entry(key.clone()).or_insert_with(|| {
            self.patterns.push(key);
            self.by_pattern.push(Vec::new());
            self.patterns.len() - 1
        });
        self.by_pattern[p].push(idx);
        Ok(())
    }

    pub(crate) fn build(self) -> Table<T> {
        Table {
            forward: Trie::build(&self.patterns, false),
            backward: Trie::build(&self.patterns, true),
            entries: self.entries,
            by_pattern: self.by_pattern,
        }
    }
}

/// Parses the rows of a lexicon with a header row named `header`.
pub(crate) fn rows<'a>(src: Source<'a>, header: &str) -> Result<Vec<Row<'a>>, Error> {
    Lexicon::parse_with_header(src, Some(header))
}

/// True when `flags` (comma-separated) holds `flag`.
pub(crate) fn has_flag(flags: Option<&str>, flag: &str) -> bool {
    flags.is_some_and(|f| f.split(',').any(|x| x.trim() == flag))
}

impl<T> Table<T> {
    /// Whether the original text under `folded[start..end]` is written as `e` requires.
    fn case_ok(&self, e: &Entry<T>, text: &str, folded: &Folded, start: usize, end: usize) -> bool {
        match &e.written {
            None => true,
            Some(w) => text.get(folded.to_orig(start)..folded.to_orig(end)) == Some(&**w),
        }
    }

    /// The longest entry starting at folded offset `pos` that `accept` takes;
    /// shorter ones are tried when a longer one is refused.
    pub(crate) fn after<'t>(
        &'t self,
        text: &str,
        folded: &Folded,
        pos: usize,
        mut accept: impl FnMut(&T, usize) -> bool,
    ) -> Option<Hit<'t, T>> {
        let hay = folded.as_str().as_bytes();
        let rest = hay.get(pos..)?;
        self.forward
            .prefixes(rest.iter().copied())
            .find_map(|(p, len)| {
                self.first_accepted(p, text, folded, pos, pos + len, pos + len, &mut accept)
            })
    }

    /// The longest entry ending exactly at folded offset `pos` and starting on
    /// a word boundary, that `accept` takes.
    pub(crate) fn before<'t>(
        &'t self,
        text: &str,
        folded: &Folded,
        pos: usize,
        mut accept: impl FnMut(&T, usize) -> bool,
    ) -> Option<Hit<'t, T>> {
        let s = folded.as_str();
        let mut from = pos.saturating_sub(BACK_WINDOW);
        while !s.is_char_boundary(from) {
            from -= 1;
        }
        let window = s.as_bytes().get(from..pos)?;
        self.backward
            .prefixes(window.iter().rev().copied())
            .map(|(p, len)| (p, pos - len))
            .filter(|&(_, start)| starts_word(s, start))
            .find_map(|(p, start)| {
                self.first_accepted(p, text, folded, start, pos, start, &mut accept)
            })
    }

    /// The first entry of pattern `p`, found at `start..end`, whose case
    /// rule holds and that `accept` takes (given the offset `at`).
    #[allow(clippy::too_many_arguments)]
    fn first_accepted<'t>(
        &'t self,
        p: usize,
        text: &str,
        folded: &Folded,
        start: usize,
        end: usize,
        at: usize,
        accept: &mut impl FnMut(&T, usize) -> bool,
    ) -> Option<Hit<'t, T>> {
        self.by_pattern[p].iter().find_map(|&i| {
            let e = &self.entries[i as usize];
            (self.case_ok(e, text, folded, start, end) && accept(&e.value, at)).then_some(Hit {
                value: &e.value,
                start,
                end,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[(&str, bool)]) -> Table<usize> {
        let mut b = TableBuilder::new();
        for (i, (s, case)) in rows.iter().enumerate() {
            let row = Row {
                path: "t",
                line: i + 1,
                fields: vec![s],
            };
            b.push(&row, s, *case, i).unwrap();
        }
        b.build()
    }

    #[test]
    fn after_and_before() {
        let t = table(&[
            ("M", true),
            ("m", true),
            ("millions", false),
            ("US$", false),
            ("$", false),
            ("plus de", false),
        ]);
        // (name, text, folded position, after?, expected entry or None)
        let rows: &[(&str, &str, usize, bool, Option<usize>)] = &[
            ("longest after", "2 millions", 2, true, Some(2)),
            ("case upper", "20 M€", 3, true, Some(0)),
            ("case lower", "300m", 3, true, Some(1)),
            ("longest before", "US$5", 3, false, Some(3)),
            ("bare before", "a $5", 3, false, Some(4)),
            ("phrase before", "plus de 5", 8, false, Some(5)),
            ("not inside a word", "surplus de 5", 11, false, None),
        ];
        for (name, text, pos, after, want) in rows {
            let f = Folded::new(text);
            let got = if *after {
                t.after(text, &f, *pos, |_, _| true)
            } else {
                let p = f.as_str()[..*pos].trim_end().len();
                t.before(text, &f, p, |_, _| true)
            };
            assert_eq!(got.map(|h| *h.value), *want, "row {name}: {text:?}");
        }
    }
}
