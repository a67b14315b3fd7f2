//! Folded lexicons that are looked up next to a number: right after it
//! (`millions`, `€`, `GW`) or right before it (`US$`, `plus de`).
//!
//! Every [`Table`] numbers its folded surfaces in one [`Surfaces`], which
//! compiles two tries over the surfaces of all tables: one read forward for
//! "what starts here" and one over reversed surfaces for "what ends here"
//! (read backwards from the number, at most a short window). A position is
//! walked once ([`Surfaces::after`], [`Surfaces::before`]) and each table
//! reads its own entries off that walk: the currency, unit and scale after a
//! number cost one walk, not three. Walks stop at the first byte no surface
//! continues with. Word boundaries are the caller's business, because a
//! number glues to some of these words (`USD115`, `10GW`, `20M€`) and not to
//! others.

use super::trie::{End, Trie};
use crate::data::{Lexicon, Row, Source};
use crate::text::{fold_str, starts_word, Folded};
use crate::Error;
use std::collections::HashMap;

/// How far before a number a prefix (`pas moins de`, `u.s $`) may start, in
/// folded bytes.
const BACK_WINDOW: usize = 32;

/// No entry.
const NONE: u32 = u32::MAX;

/// One lexicon row: its payload and, for `case` rows, the form it must have
/// in the original text.
#[derive(Clone, Debug)]
pub(crate) struct Entry<T> {
    pub value: T,
    written: Option<Box<str>>,
    /// The next entry of the same surface, in file order, or `NONE`.
    next: u32,
}

/// Entries looked up by folded surface next to a position of the text.
#[derive(Clone, Debug)]
pub(crate) struct Table<T> {
    /// This table's bit in [`Surfaces::members`].
    bit: u32,
    entries: Vec<Entry<T>>,
    /// The first entry (earlier rows win) per surface id of [`Surfaces`], or
    /// `NONE`; surfaces numbered after this table's last have none.
    heads: Vec<u32>,
}

/// Where a table is looked up, relative to the number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    /// Right after it (scales).
    After,
    /// Right before it (qualifiers).
    Before,
    /// Both (currencies, units).
    Both,
}

/// The folded surfaces of every table, in the two tries they share.
#[derive(Clone, Debug)]
pub(crate) struct Surfaces {
    forward: Trie,
    backward: Trie,
    /// Per surface id, the bits of the tables that have entries for it: a
    /// walk ORs those of the surfaces it read, and a table none of them
    /// belongs to answers at once. Most walks next to a number read only
    /// a unit, or only a currency: the other tables skip their lookups.
    members: Vec<u32>,
}

/// Numbers the surfaces of the tables being built.
#[derive(Debug, Default)]
pub(crate) struct SurfacesBuilder {
    ids: HashMap<String, u32>,
    /// Per surface id: the folded surface, and whether it is looked up after
    /// and before a number.
    surfaces: Vec<(String, bool, bool)>,
    /// Per surface id, the bits of the tables that have it.
    members: Vec<u32>,
    /// Tables begun so far.
    tables: u32,
}

/// A walk forward from a folded offset, which every table reads.
#[derive(Clone, Copy, Debug)]
pub(crate) struct After<'s> {
    trie: &'s Trie,
    end: End,
    pos: usize,
    /// The tables of the surfaces read (see [`Surfaces::members`]).
    tables: u32,
}

/// A walk backwards from a folded offset, which every table reads.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Before<'s> {
    trie: &'s Trie,
    end: End,
    pos: usize,
    tables: u32,
}

impl Before<'_> {
    /// The folded offset the walk started from.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }
}

/// A match of a table: the entry and its folded bounds.
#[derive(Debug, PartialEq)]
pub(crate) struct Hit<'t, T> {
    pub value: &'t T,
    pub start: usize,
    pub end: usize,
}

/// Collects rows before compiling a [`Table`].
pub(crate) struct TableBuilder<'s, T> {
    bit: u32,
    surfaces: &'s mut SurfacesBuilder,
    side: Side,
    entries: Vec<Entry<T>>,
    heads: Vec<u32>,
}

impl SurfacesBuilder {
    pub(crate) fn new() -> SurfacesBuilder {
        SurfacesBuilder::default()
    }

    /// The id of folded surface `key`, looked up on `side` by the table of
    /// bit `bit`.
    fn id(&mut self, key: String, side: Side, bit: u32) -> usize {
        let id = *self.ids.entry(key.clone()).or_insert_with(|| {
            self.surfaces.push((key, false, false));
            self.members.push(0);
            self.surfaces.len() as u32 - 1
        }) as usize;
        let s = &mut self.surfaces[id];
        s.1 |= side != Side::Before;
        s.2 |= side != Side::After;
        self.members[id] |= bit;
        id
    }

    /// The bit of the next table: one each for the first 32, then all of
    /// them (a table past those is never skipped).
    fn next_bit(&mut self) -> u32 {
        let bit = 1u32.checked_shl(self.tables).unwrap_or(u32::MAX);
        self.tables = self.tables.saturating_add(1);
        bit
    }

    pub(crate) fn build(self) -> Surfaces {
        let on = |after: bool| {
            (0u32..)
                .zip(&self.surfaces)
                .filter(move |(_, s)| if after { s.1 } else { s.2 })
                .map(|(id, s)| (id, s.0.as_bytes()))
        };
        Surfaces {
            forward: Trie::build(on(true), false),
            backward: Trie::build(on(false), true),
            members: self.members,
        }
    }
}

impl<'s, T> TableBuilder<'s, T> {
    pub(crate) fn new(surfaces: &'s mut SurfacesBuilder, side: Side) -> TableBuilder<'s, T> {
        TableBuilder {
            bit: surfaces.next_bit(),
            surfaces,
            side,
            entries: Vec::new(),
            heads: Vec::new(),
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
        self.entries.push(Entry {
            value,
            written,
            next: NONE,
        });
        let p = self.surfaces.id(key, self.side, self.bit);
        if self.heads.len() <= p {
            self.heads.resize(p + 1, NONE);
        }
        // Appended to the surface's chain: earlier rows stay first.
        match self.heads[p] {
            NONE => self.heads[p] = idx,
            mut last => {
                while self.entries[last as usize].next != NONE {
                    last = self.entries[last as usize].next;
                }
                self.entries[last as usize].next = idx;
            }
        }
        Ok(())
    }

    pub(crate) fn build(self) -> Table<T> {
        Table {
            bit: self.bit,
            entries: self.entries,
            heads: self.heads,
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

impl Surfaces {
    /// Walks the surfaces starting at folded offset `pos`.
    pub(crate) fn after(&self, folded: &Folded, pos: usize) -> After<'_> {
        let end = match folded.as_str().as_bytes().get(pos..) {
            Some(rest) => self.forward.walk(rest.iter().copied()),
            None => End::NOTHING,
        };
        After {
            trie: &self.forward,
            end,
            pos,
            tables: self.tables(&self.forward, end),
        }
    }

    /// Walks the surfaces ending at folded offset `pos`, at most
    /// `BACK_WINDOW` bytes back.
    pub(crate) fn before(&self, folded: &Folded, pos: usize) -> Before<'_> {
        let s = folded.as_str();
        let mut from = pos.saturating_sub(BACK_WINDOW);
        while !s.is_char_boundary(from) {
            from -= 1;
        }
        let end = match s.as_bytes().get(from..pos) {
            Some(window) => self.backward.walk(window.iter().rev().copied()),
            None => End::NOTHING,
        };
        Before {
            trie: &self.backward,
            end,
            pos,
            tables: self.tables(&self.backward, end),
        }
    }
}

impl Surfaces {
    /// The tables of the surfaces a walk of `trie` that ended at `end` read.
    #[inline]
    fn tables(&self, trie: &Trie, end: End) -> u32 {
        trie.prefixes(end)
            .map(|(p, _)| self.members.get(p).copied().unwrap_or(0))
            .fold(0, |a, b| a | b)
    }
}

impl<T> Table<T> {
    /// Whether the original text under `folded[start..end]` is written as `e` requires.
    fn case_ok(&self, e: &Entry<T>, text: &str, folded: &Folded, start: usize, end: usize) -> bool {
        match &e.written {
            None => true,
            Some(w) => text.get(folded.to_orig(start)..folded.to_orig(end)) == Some(&**w),
        }
    }

    /// Whether surface `p` has entries in this table.
    fn has(&self, p: usize) -> bool {
        self.heads.get(p).is_some_and(|&h| h != NONE)
    }

    /// The longest entry starting where `at` was walked from that `accept`
    /// takes; shorter ones are tried when a longer one is refused.
    #[inline]
    pub(crate) fn after<'t>(
        &'t self,
        at: &After<'_>,
        text: &str,
        folded: &Folded,
        accept: impl FnMut(&T, usize) -> bool,
    ) -> Option<Hit<'t, T>> {
        // Most walks next to a number read no surface of this table:
        // answered inline.
        if at.tables & self.bit == 0 {
            return None;
        }
        self.after_read(at, text, folded, accept)
    }

    #[inline(never)]
    fn after_read<'t>(
        &'t self,
        at: &After<'_>,
        text: &str,
        folded: &Folded,
        mut accept: impl FnMut(&T, usize) -> bool,
    ) -> Option<Hit<'t, T>> {
        let pos = at.pos;
        at.trie.prefixes(at.end).find_map(|(p, len)| {
            self.first_accepted(p, text, folded, pos, pos + len, pos + len, &mut accept)
        })
    }

    /// The longest entry ending exactly where `at` was walked from and
    /// starting on a word boundary, that `accept` takes.
    #[inline]
    pub(crate) fn before<'t>(
        &'t self,
        at: &Before<'_>,
        text: &str,
        folded: &Folded,
        accept: impl FnMut(&T, usize) -> bool,
    ) -> Option<Hit<'t, T>> {
        if at.tables & self.bit == 0 {
            return None;
        }
        self.before_read(at, text, folded, accept)
    }

    #[inline(never)]
    fn before_read<'t>(
        &'t self,
        at: &Before<'_>,
        text: &str,
        folded: &Folded,
        mut accept: impl FnMut(&T, usize) -> bool,
    ) -> Option<Hit<'t, T>> {
        let (s, pos) = (folded.as_str(), at.pos);
        at.trie
            .prefixes(at.end)
            .map(|(p, len)| (p, pos - len))
            .filter(|&(p, start)| self.has(p) && starts_word(s, start))
            .find_map(|(p, start)| {
                self.first_accepted(p, text, folded, start, pos, start, &mut accept)
            })
    }

    /// The first entry of surface `p`, found at `start..end`, whose case
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
        let mut i = self.heads.get(p).copied().unwrap_or(NONE);
        while let Some(e) = self.entries.get(i as usize) {
            if self.case_ok(e, text, folded, start, end) && accept(&e.value, at) {
                return Some(Hit {
                    value: &e.value,
                    start,
                    end,
                });
            }
            i = e.next;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(i: usize, s: &str) -> Row<'_> {
        Row::new("t", i + 1, s)
    }

    #[test]
    fn after_and_before() {
        let rows = [
            ("M", true),
            ("m", true),
            ("millions", false),
            ("US$", false),
            ("$", false),
            ("plus de", false),
        ];
        let mut sb = SurfacesBuilder::new();
        let mut b = TableBuilder::new(&mut sb, Side::Both);
        for (i, (s, case)) in rows.iter().enumerate() {
            b.push(&row(i, s), s, *case, i).unwrap();
        }
        let t = b.build();
        let surfaces = sb.build();
        // (name, text, folded position, after?, expected entry or None)
        let rows: &[(&str, &str, usize, bool, Option<usize>)] = &[
            ("longest after", "2 millions", 2, true, Some(2)),
            ("case upper", "20 M€", 3, true, Some(0)),
            ("case lower", "300m", 3, true, Some(1)),
            ("longest before", "US$5", 3, false, Some(3)),
            ("bare before", "a $5", 3, false, Some(4)),
            ("phrase before", "plus de 5", 8, false, Some(5)),
            ("not inside a word", "surplus de 5", 11, false, None),
            ("past the end", "5", 9, true, None),
        ];
        for (name, text, pos, after, want) in rows {
            let f = Folded::new(text);
            let got = if *after {
                t.after(&surfaces.after(&f, *pos), text, &f, |_, _| true)
            } else {
                let p = f.as_str()[..*pos].trim_end().len();
                t.before(&surfaces.before(&f, p), text, &f, |_, _| true)
            };
            assert_eq!(got.map(|h| *h.value), *want, "row {name}: {text:?}");
        }
    }

    /// Tables sharing surfaces read one walk, each its own entries and side.
    #[test]
    fn tables_share_walks() {
        let mut sb = SurfacesBuilder::new();
        let mut scales = TableBuilder::new(&mut sb, Side::After);
        scales.push(&row(0, "m"), "m", false, "scale m").unwrap();
        scales.push(&row(1, "md"), "md", false, "scale md").unwrap();
        let scales = scales.build();
        let mut units = TableBuilder::new(&mut sb, Side::Both);
        units.push(&row(0, "m"), "m", false, "unit m").unwrap();
        units
            .push(&row(1, "m"), "m", false, "unit m again")
            .unwrap();
        let units = units.build();
        let mut quals = TableBuilder::new(&mut sb, Side::Before);
        quals.push(&row(0, "env"), "env", false, "about").unwrap();
        let quals = quals.build();
        let surfaces = sb.build();
        let text = "env 3 md";
        let f = Folded::new(text);
        let at = surfaces.after(&f, 6);
        let value = |h: Option<Hit<'_, &'static str>>| h.map(|h| *h.value);
        assert_eq!(
            value(scales.after(&at, text, &f, |_, _| true)),
            Some("scale md")
        );
        assert_eq!(
            value(units.after(&at, text, &f, |_, _| true)),
            Some("unit m")
        );
        let second = units.after(&at, text, &f, |v, _| *v != "unit m");
        assert_eq!(
            value(second),
            Some("unit m again"),
            "later rows of a surface"
        );
        assert_eq!(value(quals.after(&at, text, &f, |_, _| true)), None);
        // `env` is only looked up before a number, `md` only after.
        assert_eq!(
            value(quals.after(&surfaces.after(&f, 0), text, &f, |_, _| true)),
            None
        );
        let back = surfaces.before(&f, 3);
        assert_eq!(back.pos(), 3);
        assert_eq!(
            value(quals.before(&back, text, &f, |_, _| true)),
            Some("about")
        );
        let back = surfaces.before(&f, 8);
        assert_eq!(value(scales.before(&back, text, &f, |_, _| true)), None);
        assert_eq!(value(units.before(&back, text, &f, |_, _| true)), None);
    }

    /// A table skipped by the walk's bits has nothing to find there: the
    /// built-in lexicons answer as the full lookup does, at every offset of
    /// texts full of their surfaces.
    #[test]
    fn skipped_tables_have_nothing_to_find() {
        use super::super::{money, qualifier, units};
        use crate::data;
        let mut sb = SurfacesBuilder::new();
        let scales = units::load_scales(data::SCALES, &mut sb).expect("scales");
        let curs = money::load(data::CURRENCY_ALIASES, data::CURRENCIES, &mut sb).expect("cur");
        let units = units::load_units(data::UNITS, &mut sb).expect("units");
        let quals = qualifier::load(data::QUALIFIERS, &mut sb).expect("qualifiers");
        let surfaces = sb.build();
        let texts = [
            "Il a levé 20 M€ et 3,5 milliards de dollars US, soit plus de 5 % ou 10 GW.",
            "environ US$ 4 bn, up to 300m tonnes, at least EUR 12 Md€ and 7 kWh; RM2 billion",
            "pas moins de 3 TWh à 45 $ CAD, 50 cents, 2 points de pourcentage, Rs 10 crore",
        ];
        let mut hits = 0;
        for text in texts {
            let f = Folded::new(text);
            let s = f.as_str();
            for pos in (0..=s.len()).filter(|&p| s.is_char_boundary(p)) {
                let (at, back) = (surfaces.after(&f, pos), surfaces.before(&f, pos));
                macro_rules! same {
                    ($t:expr) => {
                        let got = $t.after(&at, text, &f, |_, _| true);
                        assert_eq!(
                            got,
                            $t.after_read(&at, text, &f, |_, _| true),
                            "{text:?} {pos}"
                        );
                        hits += usize::from(got.is_some());
                        let got = $t.before(&back, text, &f, |_, _| true);
                        assert_eq!(
                            got,
                            $t.before_read(&back, text, &f, |_, _| true),
                            "{text:?} {pos}"
                        );
                        hits += usize::from(got.is_some());
                    };
                }
                same!(scales);
                same!(curs);
                same!(units);
                same!(quals);
            }
        }
        assert!(hits > 30, "the texts hold surfaces: {hits}");
    }
}
