//! The crate's one error type.

use std::fmt;
use std::path::PathBuf;

/// Everything that can go wrong while building an [`Extractor`](crate::Extractor)
/// or reading input. Extraction itself never fails.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A data file (gazetteer, lexicon, taxonomy) is malformed at `path:line`.
    Data {
        /// The file, as given by the user or as `data/…` for embedded files.
        path: String,
        /// 1-based line number; 0 when the problem concerns the whole file.
        line: usize,
        /// What is wrong, lower case, no final period.
        message: String,
    },
    /// A file could not be read or written.
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A search automaton could not be built (too many or too long patterns).
    Automaton {
        /// What the automaton was for.
        what: &'static str,
        /// The builder's message.
        message: String,
    },
    /// Documents do not fit an Arrow table (see `tables::to_tables`).
    Table {
        /// The table: `documents`, `entities`, `facts` or `topics`.
        table: &'static str,
        /// What does not fit, lower case, no final period.
        message: String,
    },
    /// A Parquet or CSV file could not be written.
    Write {
        /// The file being written.
        path: PathBuf,
        /// The writer's error.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl Error {
    pub(crate) fn data(path: &str, line: usize, message: impl Into<String>) -> Error {
        Error::Data {
            path: path.to_string(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Data {
                path,
                line: 0,
                message,
            } => write!(f, "{path}: {message}"),
            Error::Data {
                path,
                line,
                message,
            } => write!(f, "{path}:{line}: {message}"),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Automaton { what, message } => {
                write!(f, "cannot build the {what} automaton: {message}")
            }
            Error::Table { table, message } => {
                write!(f, "cannot build the {table} table: {message}")
            }
            Error::Write { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::Write { source, .. } => Some(&**source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_and_line() {
        let e = Error::data("gaz.tsv", 42, "expected 3 tab-separated fields, found 2");
        assert_eq!(
            e.to_string(),
            "gaz.tsv:42: expected 3 tab-separated fields, found 2"
        );
        let e = Error::data("gaz.tsv", 0, "not UTF-8");
        assert_eq!(e.to_string(), "gaz.tsv: not UTF-8");
        let e = Error::Io {
            path: "x.tsv".into(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        };
        assert_eq!(e.to_string(), "x.tsv: no such file");
        assert!(std::error::Error::source(&e).is_some());
        let e = Error::Write {
            path: "out/facts.parquet".into(),
            source: "disk full".into(),
        };
        assert_eq!(e.to_string(), "out/facts.parquet: disk full");
        assert!(std::error::Error::source(&e).is_some());
        let e = Error::Table {
            table: "facts",
            message: "too big".into(),
        };
        assert_eq!(e.to_string(), "cannot build the facts table: too big");
    }
}
