//! Appending table batches to Parquet or CSV files in a directory.

use super::{to_tables, Table, Tables};
use crate::record::Document;
use crate::Error;
use arrow_array::{
    Array, ArrayRef, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray,
};
use arrow_schema::DataType;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use std::fmt::Write as _;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// The file format of a [`TablesWriter`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    /// `NAME.csv`: a header row, RFC 4180 quoting, an empty field for null.
    Csv,
    /// `NAME.parquet`: ZSTD-compressed, the Arrow schema kept in the metadata.
    Parquet,
}

impl TableFormat {
    /// The file extension: `csv` or `parquet`.
    pub fn extension(self) -> &'static str {
        match self {
            TableFormat::Csv => "csv",
            TableFormat::Parquet => "parquet",
        }
    }
}

/// Rows per Parquet row group. The writer keeps the open row group in memory,
/// so this bounds its memory whatever the corpus size; it is also the unit
/// DuckDB and Spark read in parallel.
const ROW_GROUP_ROWS: usize = 128 * 1024;

/// Writes the four tables as `documents.EXT`, `entities.EXT`, `facts.EXT` and
/// `topics.EXT` in one directory, one batch at a time.
///
/// Call [`finish`](Self::finish) at the end: a Parquet file is readable only
/// once its footer is written.
///
/// ```
/// use newsfacts::tables::{TableFormat, TablesWriter};
///
/// let ex = newsfacts::Extractor::builder().build()?;
/// let dir = std::env::temp_dir().join(format!("newsfacts-doc-{}", std::process::id()));
/// let mut w = TablesWriter::create(&dir, TableFormat::Parquet)?;
/// for batch in [["La Chine."], ["L’Inde."]] {
///     let docs: Vec<_> = batch.iter().map(|t| ex.extract(*t)).collect();
///     w.write_documents(&docs)?;
/// }
/// w.finish()?;
/// assert!(dir.join("entities.parquet").is_file());
/// # std::fs::remove_dir_all(&dir).ok();
/// # Ok::<(), newsfacts::Error>(())
/// ```
pub struct TablesWriter {
    sinks: Vec<Sink>,
}

enum Sink {
    Csv(PathBuf, csv::Writer<File>),
    Parquet(PathBuf, ArrowWriter<BufWriter<File>>),
}

impl std::fmt::Debug for TablesWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let paths = self.sinks.iter().map(|s| match s {
            Sink::Csv(p, _) | Sink::Parquet(p, _) => p,
        });
        f.debug_struct("TablesWriter")
            .field("files", &paths.collect::<Vec<_>>())
            .finish()
    }
}

impl TablesWriter {
    /// Creates `dir` (and its parents) if needed and the four files in it,
    /// replacing files of the same names.
    pub fn create(dir: impl AsRef<Path>, format: TableFormat) -> Result<TablesWriter, Error> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut sinks = Vec::with_capacity(Table::ALL.len());
        for table in Table::ALL {
            let path = dir.join(format!("{}.{}", table.name(), format.extension()));
            let file = File::create(&path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            sinks.push(match format {
                TableFormat::Csv => {
                    let mut w = csv::WriterBuilder::new()
                        .buffer_capacity(1 << 16)
                        .from_writer(file);
                    let schema = table.schema();
                    let header = schema.fields().iter().map(|f| f.name());
                    w.write_record(header).map_err(|e| write_error(&path, e))?;
                    Sink::Csv(path, w)
                }
                TableFormat::Parquet => {
                    let props = WriterProperties::builder()
                        .set_compression(Compression::ZSTD(ZstdLevel::default()))
                        .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
                        .build();
                    let file = BufWriter::with_capacity(1 << 16, file);
                    let w = ArrowWriter::try_new(file, table.schema(), Some(props))
                        .map_err(|e| write_error(&path, e))?;
                    Sink::Parquet(path, w)
                }
            });
        }
        Ok(TablesWriter { sinks })
    }

    /// Appends the tables of one batch of documents.
    pub fn write_documents(&mut self, docs: &[Document]) -> Result<(), Error> {
        self.write(&to_tables(docs)?)
    }

    /// Appends one batch of each table.
    pub fn write(&mut self, tables: &Tables) -> Result<(), Error> {
        for (table, sink) in Table::ALL.into_iter().zip(&mut self.sinks) {
            let batch = tables.get(table);
            // The fields of `Tables` are public: a caller may have swapped a batch.
            if *batch.schema() != *table.schema() {
                return Err(Error::Table {
                    table: table.name(),
                    message: "the batch's schema is not the table's schema".into(),
                });
            }
            match sink {
                Sink::Csv(path, w) => write_csv(w, batch).map_err(|e| write_error(path, e))?,
                Sink::Parquet(path, w) => w.write(batch).map_err(|e| write_error(path, e))?,
            }
        }
        Ok(())
    }

    /// Flushes the files and writes the Parquet footers.
    pub fn finish(self) -> Result<(), Error> {
        for sink in self.sinks {
            match sink {
                Sink::Csv(path, mut w) => w.flush().map_err(|source| Error::Io { path, source })?,
                Sink::Parquet(path, w) => {
                    w.close().map_err(|e| write_error(&path, e))?;
                }
            }
        }
        Ok(())
    }
}

fn write_error(path: &Path, e: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source: Box::new(e),
    }
}

fn write_csv(w: &mut csv::Writer<File>, batch: &RecordBatch) -> Result<(), csv::Error> {
    let columns: Vec<Column> = batch.columns().iter().filter_map(Column::of).collect();
    if columns.len() != batch.num_columns() {
        // `write` checked the schema, which uses only the types `Column` has.
        return Err(std::io::Error::other("unsupported column type").into());
    }
    let mut cell = String::new();
    for row in 0..batch.num_rows() {
        for column in &columns {
            cell.clear();
            column.write_cell(row, &mut cell);
            w.write_field(&cell)?;
        }
        w.write_record(None::<&[u8]>)?;
    }
    Ok(())
}

/// A column of one of our schemas, downcast once so its rows read cheaply.
pub(crate) enum Column<'a> {
    Utf8(&'a StringArray),
    Int32(&'a Int32Array),
    Int64(&'a Int64Array),
    Float64(&'a Float64Array),
}

impl<'a> Column<'a> {
    /// `None` for a type our schemas never use.
    pub(crate) fn of(array: &'a ArrayRef) -> Option<Column<'a>> {
        let any = array.as_any();
        match array.data_type() {
            DataType::Utf8 => any.downcast_ref().map(Column::Utf8),
            DataType::Int32 => any.downcast_ref().map(Column::Int32),
            DataType::Int64 => any.downcast_ref().map(Column::Int64),
            DataType::Float64 => any.downcast_ref().map(Column::Float64),
            _ => None,
        }
    }

    /// Appends the cell's text to `out` (floats in Rust's shortest form that
    /// reads back to the same value); `false`, appending nothing, for a null.
    pub(crate) fn write_cell(&self, row: usize, out: &mut String) -> bool {
        // Writing to a String cannot fail: the fmt::Results are ignored.
        let _ = match self {
            Column::Utf8(a) if a.is_valid(row) => out.write_str(a.value(row)),
            Column::Int32(a) if a.is_valid(row) => write!(out, "{}", a.value(row)),
            Column::Int64(a) if a.is_valid(row) => write!(out, "{}", a.value(row)),
            Column::Float64(a) if a.is_valid(row) => write!(out, "{}", a.value(row)),
            _ => return false,
        };
        true
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{cell, sample_docs};
    use super::*;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    fn tmpdir(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("newsfacts-tables-{name}-{}", std::process::id()))
    }

    /// Every cell of a table, rendered as the CSV writer renders it.
    fn cells(batches: &[RecordBatch]) -> Vec<Vec<Option<String>>> {
        let mut rows = Vec::new();
        for b in batches {
            for row in 0..b.num_rows() {
                let schema = b.schema();
                let names = schema.fields().iter().map(|f| f.name());
                rows.push(names.map(|n| cell(b, n, row)).collect());
            }
        }
        rows
    }

    /// Writes the sample twice (two batches) and returns what a reader sees.
    fn round_trip(format: TableFormat, dir: &Path) -> Vec<Vec<Vec<Option<String>>>> {
        let docs = sample_docs();
        let mut w = TablesWriter::create(dir, format).unwrap();
        w.write_documents(&docs).unwrap();
        w.write_documents(&docs[..1]).unwrap();
        w.finish().unwrap();
        let mut out = Vec::new();
        for table in Table::ALL {
            let path = dir.join(format!("{}.{}", table.name(), format.extension()));
            out.push(match format {
                TableFormat::Parquet => {
                    let file = File::open(&path).unwrap();
                    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
                        .unwrap()
                        .build()
                        .unwrap();
                    let batches: Vec<RecordBatch> = reader.map(Result::unwrap).collect();
                    for b in &batches {
                        assert_eq!(b.schema(), table.schema(), "{}", path.display());
                    }
                    cells(&batches)
                }
                TableFormat::Csv => {
                    let mut r = csv::Reader::from_path(&path).unwrap();
                    let header: Vec<String> =
                        r.headers().unwrap().iter().map(str::to_string).collect();
                    let schema = table.schema();
                    let names: Vec<&String> = schema.fields().iter().map(|f| f.name()).collect();
                    assert_eq!(header.iter().collect::<Vec<_>>(), names);
                    r.records()
                        .map(|rec| {
                            let rec = rec.unwrap();
                            let cell = |s: &str| (!s.is_empty()).then(|| s.to_string());
                            rec.iter().map(cell).collect()
                        })
                        .collect()
                }
            });
        }
        out
    }

    #[test]
    fn parquet_and_csv_round_trip() {
        let docs = sample_docs();
        let (once, first) = (to_tables(&docs).unwrap(), to_tables(&docs[..1]).unwrap());
        let want: Vec<_> = Table::ALL
            .into_iter()
            .map(|t| cells(&[once.get(t).clone(), first.get(t).clone()]))
            .collect();
        for format in [TableFormat::Parquet, TableFormat::Csv] {
            let dir = tmpdir(format.extension());
            let got = round_trip(format, &dir);
            for ((table, got), want) in Table::ALL.iter().zip(&got).zip(&want) {
                assert_eq!(got, want, "{format:?} {}", table.name());
            }
            std::fs::remove_dir_all(&dir).unwrap();
        }
        // The entity name with a comma and quotes survives CSV quoting.
        assert!(want[1]
            .iter()
            .any(|r| r[6].as_deref() == Some("China, \"PRC\"")));
    }

    #[test]
    fn wrong_schema_and_unwritable_dir_are_errors() {
        let dir = tmpdir("schema");
        let mut w = TablesWriter::create(&dir, TableFormat::Csv).unwrap();
        let mut tables = to_tables(&sample_docs()).unwrap();
        tables.facts = tables.topics.clone();
        let e = w.write(&tables).unwrap_err().to_string();
        assert!(e.starts_with("cannot build the facts table"), "{e}");
        let file = dir.join("documents.csv");
        let e = TablesWriter::create(&file, TableFormat::Parquet).unwrap_err();
        assert!(
            matches!(e, Error::Io { ref path, .. } if *path == file),
            "{e}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
