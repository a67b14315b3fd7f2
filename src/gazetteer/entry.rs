//! Gazetteer rows and the TSV files they come from.

use crate::data::{Lexicon, Source};
use crate::record::EntityKind;
use crate::Error;

/// How a surface may match.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    /// Match only as written (letter case included): acronyms, common words.
    pub case: bool,
    /// The mention must start with a capital letter.
    pub cap: bool,
    /// Disable the default entries with this surface instead of adding one.
    pub off: bool,
    /// Only after a full mention of the same entity in the document
    /// (a bare surname, a short company name). Set by the library.
    pub(crate) coref: bool,
}

/// One gazetteer row: a surface form of an entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The form as written in text.
    pub surface: String,
    /// The entity's kind.
    pub kind: EntityKind,
    /// Canonical English name.
    pub name: String,
    /// Stable id (`kind:slug-of-name` when the file gives none).
    pub id: String,
    /// Matching flags.
    pub flags: Flags,
    /// `key=value` attributes (`role=CEO of NVIDIA`).
    pub attrs: Vec<(String, String)>,
    /// 1-based line of the row in its file (0 for entries made in code).
    pub line: usize,
}

/// Parses a gazetteer TSV (`surface`, `kind`, `name`, optional `id`,
/// `flags`, `attrs`), with an optional header row.
pub fn parse_tsv(src: Source<'_>) -> Result<Vec<Entry>, Error> {
    let mut out = Vec::new();
    each_entry(src, |e| {
        let attrs = e
            .attrs
            .split(';')
            .filter_map(|a| a.split_once('='))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        out.push(Entry {
            surface: e.surface.to_string(),
            kind: e.kind,
            name: e.name.to_string(),
            id: e.id.into_owned(),
            flags: e.flags,
            attrs,
            line: e.line,
        });
        Ok(())
    })?;
    Ok(out)
}

/// An entry borrowed from its file's text: the builder copies only what it
/// keeps (a 100k file made a handful of short-lived strings per line).
pub(crate) struct EntryRef<'a> {
    pub(crate) surface: &'a str,
    pub(crate) kind: EntityKind,
    pub(crate) name: &'a str,
    pub(crate) id: std::borrow::Cow<'a, str>,
    pub(crate) flags: Flags,
    /// The attributes field as written, checked to be `key=value;…`.
    pub(crate) attrs: &'a str,
    pub(crate) line: usize,
}

/// Parses entries one at a time and hands each to `f`, so a large file is
/// never held parsed in memory; stops at the first error (of the file or `f`).
pub(crate) fn each_entry<'a>(
    src: Source<'a>,
    f: impl FnMut(EntryRef<'a>) -> Result<(), Error>,
) -> Result<(), Error> {
    each_entry_of_part(src, 0, f)
}

/// [`each_entry`] on a part of a file that starts after line `lines_before`
/// (errors and entries give the file's line numbers); only the part at the
/// start of the file (`lines_before == 0`) may have a header.
pub(crate) fn each_entry_of_part<'a>(
    src: Source<'a>,
    lines_before: usize,
    mut f: impl FnMut(EntryRef<'a>) -> Result<(), Error>,
) -> Result<(), Error> {
    let header = (lines_before == 0).then_some("surface");
    for mut row in Lexicon::rows_with_header(src, header) {
        row.line += lines_before;
        if row.len() < 3 {
            return Err(row.error(format!(
                "expected at least 3 tab-separated fields (surface, kind, name), found {}",
                row.len()
            )));
        }
        let surface = row.field(0)?;
        if surface.is_empty() {
            return Err(row.error("empty surface"));
        }
        let kind: EntityKind = row.field(1)?.parse().map_err(|e: String| row.error(e))?;
        let name = row.field(2)?;
        if name.is_empty() {
            return Err(row.error("empty name"));
        }
        let id = match row.opt(3) {
            Some(id) => std::borrow::Cow::Borrowed(id),
            None => std::borrow::Cow::Owned(default_id(kind, name)),
        };
        let mut flags = Flags::default();
        for f in row
            .opt(4)
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|f| !f.is_empty())
        {
            match f {
                "case" => flags.case = true,
                "cap" => flags.cap = true,
                "off" => flags.off = true,
                _ => {
                    return Err(row.error(format!("unknown flag {f:?} (expected case, cap or off)")))
                }
            }
        }
        let attrs = row.opt(5).unwrap_or("");
        for a in attrs.split(';').map(str::trim).filter(|a| !a.is_empty()) {
            if !a.contains('=') {
                return Err(row.error(format!("attribute {a:?} is not key=value")));
            }
        }
        f(EntryRef {
            surface,
            kind,
            name,
            id,
            flags,
            attrs,
            line: row.line,
        })?;
    }
    Ok(())
}

/// `kind:slug`, the slug being the name folded to lower-case ASCII with runs
/// of other characters as `-`: stable across runs and languages.
pub fn default_id(kind: EntityKind, name: &str) -> String {
    let mut id = String::with_capacity(kind.as_str().len() + 1 + name.len());
    id.push_str(kind.as_str());
    id.push(':');
    if name.is_ascii() {
        // Most names: bytes, with no folded copy and no Unicode lookups.
        let mut id = id.into_bytes();
        let (mut dash, mut started) = (false, false);
        for b in name.bytes() {
            if b.is_ascii_alphanumeric() {
                if dash && started {
                    id.push(b'-');
                }
                (dash, started) = (false, true);
                id.push(b.to_ascii_lowercase());
            } else {
                dash = true;
            }
        }
        // Only ASCII bytes were pushed onto a string.
        return String::from_utf8(id).unwrap_or_default();
    }
    let folded = crate::text::fold_str(name);
    let (mut dash, mut started) = (false, false);
    for c in folded.chars() {
        if c.is_alphanumeric() {
            if dash && started {
                id.push('-');
            }
            (dash, started) = (false, true);
            id.push(c);
        } else {
            dash = true;
        }
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Entry>, Error> {
        parse_tsv(Source {
            path: "my.tsv",
            text,
        })
    }

    #[test]
    fn parses_rows_with_defaults() {
        let e = parse("surface\tkind\tname\nNvidia Corp.\tcompany\tNVIDIA\nUK\tcountry\tUnited Kingdom\tcountry:gb\tcase\t\n")
            .unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].id, "company:nvidia");
        assert!(e[1].flags.case && !e[1].flags.cap);
        assert_eq!(e[1].id, "country:gb");
    }

    #[test]
    fn errors_name_file_and_line() {
        let rows = [
            ("missing column", "# c\nNVIDIA\tcompany\n", "my.tsv:2: expected at least 3 tab-separated fields (surface, kind, name), found 2"),
            ("unknown kind", "X\tcity\tX\n", "my.tsv:1: unknown entity kind \"city\" (expected company, organization, country, location or person)"),
            ("empty surface", "\tcompany\tX\n", "my.tsv:1: empty surface"),
            ("bad flag", "X\tcompany\tX\t\tloud\n", "my.tsv:1: unknown flag \"loud\" (expected case, cap or off)"),
            ("bad attr", "X\tperson\tX\t\t\trole\n", "my.tsv:1: attribute \"role\" is not key=value"),
        ];
        for (name, text, want) in rows {
            assert_eq!(parse(text).unwrap_err().to_string(), want, "row {name}");
        }
    }

    /// The byte path for ASCII names gives the ids of the general one.
    #[test]
    fn ascii_ids_are_the_general_slugs() {
        fn general(kind: EntityKind, name: &str) -> String {
            let mut id = format!("{}:", kind.as_str());
            let mut dash = false;
            for c in crate::text::fold_str(name).chars() {
                if c.is_alphanumeric() {
                    if dash && !id.ends_with(':') {
                        id.push('-');
                    }
                    dash = false;
                    id.push(c);
                } else {
                    dash = true;
                }
            }
            id
        }
        for name in [
            "NVIDIA",
            "  Mistral AI ",
            "Washington, D.C.",
            "AT&T Inc.",
            "--x--",
            "",
            "3M",
            "a_b\tc",
        ] {
            assert_eq!(
                default_id(EntityKind::Company, name),
                general(EntityKind::Company, name),
                "{name:?}"
            );
        }
    }

    #[test]
    fn ids_are_slugs() {
        assert_eq!(
            default_id(EntityKind::Person, "Anne Le Hénanff"),
            "person:anne-le-henanff"
        );
        assert_eq!(
            default_id(EntityKind::Location, "Washington, D.C."),
            "location:washington-d-c"
        );
    }
}
