//! The one place that embeds `data/` files, and the one TSV reader for them.
//!
//! Every lexicon and gazetteer is a UTF-8, tab-separated file with `#`
//! comments and an optional header row, documented in `data/README.md`.
//! Rows are parsed at [`build()`](crate::ExtractorBuilder::build), so a broken
//! file is an error naming `path:line`, never a panic at extraction time.

use crate::Error;

/// A data file's name (for error messages) and its text.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    /// Where the text comes from: `data/…` for embedded files, the user's path otherwise.
    pub path: &'a str,
    /// The file's contents.
    pub text: &'a str,
}

macro_rules! embed {
    ($($(#[$m:meta])* $name:ident = $path:literal;)*) => {$(
        $(#[$m])*
        pub(crate) const $name: Source<'static> =
            Source { path: $path, text: include_str!(concat!("../", $path)) };
    )*};
}

embed! {
    STOPWORDS_FR = "data/lexicon/stopwords-fr.tsv";
    STOPWORDS_EN = "data/lexicon/stopwords-en.tsv";
    ABBREVIATIONS = "data/lexicon/abbreviations.tsv";
    CURRENCIES = "data/lexicon/currencies.tsv";
    CURRENCY_ALIASES = "data/lexicon/currency-aliases.tsv";
    SCALES = "data/lexicon/scales.tsv";
    UNITS = "data/lexicon/units.tsv";
    QUALIFIERS = "data/lexicon/qualifiers.tsv";
    NUMBER_WORDS = "data/lexicon/number-words.tsv";
    PREDICATES = "data/lexicon/predicates.tsv";
    RELATIONS = "data/lexicon/relations.tsv";
    CONTEXT = "data/lexicon/context.tsv";
    /// Topic ids and their French and English labels.
    TOPICS = "data/topics/taxonomy.tsv";
    /// Weighted keywords and evidence per topic and language.
    TOPIC_KEYWORDS = "data/topics/keywords.tsv";
}

/// The default gazetteers, in priority order (earlier files win ties).
pub(crate) const GAZETTEERS: &[Source<'static>] = &[
    Source {
        path: "data/gazetteer/countries.tsv",
        text: include_str!("../data/gazetteer/countries.tsv"),
    },
    Source {
        path: "data/gazetteer/companies.tsv",
        text: include_str!("../data/gazetteer/companies.tsv"),
    },
    Source {
        path: "data/gazetteer/organizations.tsv",
        text: include_str!("../data/gazetteer/organizations.tsv"),
    },
    Source {
        path: "data/gazetteer/people.tsv",
        text: include_str!("../data/gazetteer/people.tsv"),
    },
    Source {
        path: "data/gazetteer/places.tsv",
        text: include_str!("../data/gazetteer/places.tsv"),
    },
];

/// Fields a row keeps (no data file reads past the sixth); more are counted.
const ROW_FIELDS: usize = 8;

/// One data row: its fields and where it stands.
#[derive(Clone, Debug)]
pub(crate) struct Row<'a> {
    pub path: &'a str,
    pub line: usize,
    /// The first [`ROW_FIELDS`] fields, inline: a `Vec` per row was a
    /// fifth of building a 100k-entry gazetteer.
    kept: [&'a str; ROW_FIELDS],
    /// All fields of the row, kept or not.
    len: usize,
}

impl<'a> Row<'a> {
    /// Splits `line` on tabs, each field trimmed of surrounding spaces.
    pub(crate) fn new(path: &'a str, line: usize, text: &'a str) -> Row<'a> {
        let mut row = Row {
            path,
            line,
            kept: [""; ROW_FIELDS],
            len: 0,
        };
        let mut start = 0;
        let b = text.as_bytes();
        loop {
            let end = b[start..]
                .iter()
                .position(|&c| c == b'\t')
                .map_or(b.len(), |k| start + k);
            if let Some(slot) = row.kept.get_mut(row.len) {
                *slot = trim(&text[start..end]);
            }
            row.len += 1;
            if end == b.len() {
                return row;
            }
            start = end + 1;
        }
    }

    /// Number of tab-separated fields.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The fields this row keeps (all of them up to [`ROW_FIELDS`]).
    pub(crate) fn fields(&self) -> &[&'a str] {
        &self.kept[..self.len.min(ROW_FIELDS)]
    }

    /// Field `i`, or an error naming the row when it is missing.
    pub(crate) fn field(&self, i: usize) -> Result<&'a str, Error> {
        self.fields().get(i).copied().ok_or_else(|| {
            self.error(format!(
                "expected at least {} tab-separated fields, found {}",
                i + 1,
                self.len
            ))
        })
    }

    /// Field `i` when present and not empty.
    pub(crate) fn opt(&self, i: usize) -> Option<&'a str> {
        self.fields().get(i).copied().filter(|s| !s.is_empty())
    }

    /// An error at this row.
    pub(crate) fn error(&self, message: impl Into<String>) -> Error {
        Error::data(self.path, self.line, message)
    }
}

/// `s` without surrounding white space (`str::trim`), without its
/// Unicode scan when both ends are plain ASCII (nearly every field).
fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&a), Some(&z)) if is_plain(a) && is_plain(z) => s,
        _ => s.trim(),
    }
}

fn is_plain(b: u8) -> bool {
    b.is_ascii() && !b.is_ascii_whitespace() && b != 0x0b
}

/// Reads a TSV data file.
pub(crate) struct Lexicon;

impl Lexicon {
    /// Rows of `src`, skipping blank lines, `#` comments, and a first row
    /// whose first field is `header` (case-insensitive) when given.
    /// Fields are trimmed of surrounding spaces; a `\r` before `\n` is ignored.
    pub(crate) fn parse_with_header<'a>(
        src: Source<'a>,
        header: Option<&str>,
    ) -> Result<Vec<Row<'a>>, Error> {
        Ok(Self::rows_with_header(src, header).collect())
    }

    /// The rows one at a time, for files too large to hold parsed at once.
    pub(crate) fn rows_with_header<'a, 'h>(
        src: Source<'a>,
        header: Option<&'h str>,
    ) -> impl Iterator<Item = Row<'a>> + use<'a, 'h> {
        let mut first = true;
        src.text.lines().enumerate().filter_map(move |(n, line)| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                return None;
            }
            let row = Row::new(src.path, n + 1, line);
            let is_header = first && header.is_some_and(|h| row.kept[0].eq_ignore_ascii_case(h));
            first = false;
            (!is_header).then_some(row)
        })
    }

    /// Rows of a headerless lexicon.
    pub(crate) fn parse(src: Source<'_>) -> Result<Vec<Row<'_>>, Error> {
        Self::parse_with_header(src, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_line_numbers_and_skip_comments_and_header() {
        let src = Source {
            path: "t.tsv",
            text: "# c\nsurface\tkind\n\nChine\tcountry\r\n  # x\nUK\n",
        };
        let rows = Lexicon::parse_with_header(src, Some("surface")).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].line, rows[0].fields()),
            (4, &["Chine", "country"][..])
        );
        let e = rows[1].field(1).unwrap_err().to_string();
        assert_eq!(
            e,
            "t.tsv:6: expected at least 2 tab-separated fields, found 1"
        );
    }

    /// Fields split like `split('\t').map(str::trim)`, counted past the
    /// ones kept.
    #[test]
    fn rows_split_and_trim_like_the_standard_library() {
        for line in [
            "a",
            "a\tb",
            " a \t\tb\u{a0}\t\u{b}c\u{2003}",
            "\t",
            "é\t ü \t",
            "1\t2\t3\t4\t5\t6\t7\t8\t9\t10",
        ] {
            let row = Row::new("t.tsv", 1, line);
            let want: Vec<&str> = line.split('\t').map(str::trim).collect();
            assert_eq!(row.len(), want.len(), "{line:?}");
            assert_eq!(
                row.fields(),
                &want[..want.len().min(ROW_FIELDS)],
                "{line:?}"
            );
        }
    }

    #[test]
    fn every_embedded_file_parses() {
        for src in GAZETTEERS
            .iter()
            .chain([&STOPWORDS_FR, &STOPWORDS_EN, &ABBREVIATIONS])
        {
            let rows = Lexicon::parse_with_header(*src, Some("surface")).unwrap();
            assert!(!rows.is_empty(), "{} is empty", src.path);
        }
    }

    /// Topic evidence names gazetteer entities by id: each must exist.
    #[test]
    fn topic_evidence_ids_exist_in_the_gazetteers() {
        let mut ids = std::collections::HashSet::new();
        for src in GAZETTEERS {
            for e in crate::gazetteer::parse_tsv(*src).unwrap() {
                ids.insert(e.id);
            }
        }
        let mut checked = 0;
        for row in Lexicon::parse(TOPIC_KEYWORDS).unwrap() {
            for f in row.fields() {
                if let Some(id) = f.strip_prefix("@entity=") {
                    assert!(
                        ids.contains(id),
                        "{}:{}: unknown entity id {id:?}",
                        row.path,
                        row.line
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 50, "only {checked} entity cues");
    }
}
