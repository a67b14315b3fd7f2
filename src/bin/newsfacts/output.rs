//! Where records go: JSON Lines to a file or stdout, or four tables (CSV or
//! Parquet) in a directory, appended one batch of documents at a time.

use clap::ValueEnum;
use newsfacts::Document;
use rayon::prelude::*;
use std::io::{self, Write};
use std::path::Path;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One JSON record per document (to -o FILE or stdout).
    Jsonl,
    /// Four CSV tables in the -o DIRECTORY.
    Csv,
    /// Four Parquet tables (ZSTD) in the -o DIRECTORY.
    Parquet,
}

pub enum Output {
    Jsonl(JsonLines),
    #[cfg(feature = "arrow")]
    Tables(newsfacts::tables::TablesWriter),
}

impl Output {
    /// Opens the output; `path` is a file for JSON Lines (stdout when `None`)
    /// and a directory, created if needed, for tables.
    pub fn open(format: Format, path: Option<&Path>) -> Result<Output, String> {
        match (format, path) {
            (Format::Jsonl, Some(p)) => {
                let file = std::fs::File::create(p).map_err(|e| format!("{}: {e}", p.display()))?;
                Ok(Output::jsonl(Box::new(file)))
            }
            // Not locked: the lock is not Send, and the BufWriter takes it once per 64 KiB.
            (Format::Jsonl, None) => Ok(Output::jsonl(Box::new(io::stdout()))),
            (_, None) => Err("--format csv and parquet need -o DIRECTORY".into()),
            #[cfg(feature = "arrow")]
            (Format::Csv | Format::Parquet, Some(dir)) => {
                use newsfacts::tables::{TableFormat, TablesWriter};
                let table_format = if format == Format::Csv {
                    TableFormat::Csv
                } else {
                    TableFormat::Parquet
                };
                let w = TablesWriter::create(dir, table_format).map_err(|e| e.to_string())?;
                Ok(Output::Tables(w))
            }
            #[cfg(not(feature = "arrow"))]
            (Format::Csv | Format::Parquet, Some(_)) => Err(
                "this newsfacts was built without the `arrow` feature: only --format jsonl".into(),
            ),
        }
    }

    fn jsonl(w: Box<dyn Write + Send>) -> Output {
        Output::Jsonl(JsonLines {
            out: w,
            buf: Vec::with_capacity(BUF_BYTES + (1 << 12)),
        })
    }

    /// Appends a batch. JSON is serialized on the calling (writer) thread
    /// ([`Document::write_json`], the same bytes as serde_json, faster):
    /// it keeps up with several workers and leaves the pool to extraction.
    // Kept out of line: one call per batch, and profiles then show the writer.
    #[inline(never)]
    pub fn write(&mut self, docs: &[Document], pool: &rayon::ThreadPool) -> Result<(), String> {
        match self {
            Output::Jsonl(out) => {
                if pool.current_num_threads() > SERIAL_JSON_MAX_WORKERS {
                    return write_parallel(out, docs, pool);
                }
                for d in docs {
                    d.write_json(&mut out.buf);
                    out.buf.push(b'\n');
                    if out.buf.len() >= BUF_BYTES {
                        out.flush_buf()?;
                    }
                }
                Ok(())
            }
            #[cfg(feature = "arrow")]
            Output::Tables(w) => w.write_documents(docs).map_err(|e| e.to_string()),
        }
    }

    /// Flushes everything (and writes the Parquet footers).
    pub fn finish(self) -> Result<(), String> {
        match self {
            Output::Jsonl(mut out) => {
                out.flush_buf()?;
                out.out
                    .flush()
                    .map_err(|e| format!("cannot write output: {e}"))
            }
            #[cfg(feature = "arrow")]
            Output::Tables(w) => w.finish().map_err(|e| e.to_string()),
        }
    }
}

/// Above this many extraction workers, one thread serializing JSON could
/// fall behind them, so serialization runs on the pool instead.
const SERIAL_JSON_MAX_WORKERS: usize = 4;

/// JSON Lines serialized into a buffer of our own and written in large
/// pieces (a `BufWriter` would add a bounds check and a copy per fragment).
pub struct JsonLines {
    out: Box<dyn Write + Send>,
    buf: Vec<u8>,
}

/// Bytes buffered before a write.
const BUF_BYTES: usize = 1 << 16;

impl JsonLines {
    fn flush_buf(&mut self) -> Result<(), String> {
        self.out
            .write_all(&self.buf)
            .map_err(|e| format!("cannot write output: {e}"))?;
        self.buf.clear();
        Ok(())
    }
}

fn write_parallel(
    out: &mut JsonLines,
    docs: &[Document],
    pool: &rayon::ThreadPool,
) -> Result<(), String> {
    let lines: Vec<Vec<u8>> = pool.install(|| {
        docs.par_iter()
            .map(|d| {
                let mut line = Vec::new();
                d.write_json(&mut line);
                line.push(b'\n');
                line
            })
            .collect()
    });
    for line in lines {
        out.buf.extend_from_slice(&line);
        if out.buf.len() >= BUF_BYTES {
            out.flush_buf()?;
        }
    }
    Ok(())
}
