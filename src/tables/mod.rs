//! Documents as four typed Arrow tables, for analytics engines (DuckDB,
//! pandas, Polars, Spark) and the Python bindings.
//!
//! [`to_tables`] turns a slice of [`Document`]s into one [`RecordBatch`] per
//! [`Table`]; [`TablesWriter`] appends such batches to `documents.parquet`,
//! `entities.parquet`… (or `.csv`) in a directory. Call them once per batch of
//! documents: nothing here holds more than the batch it is given.
//!
//! | table | one row per | columns |
//! | --- | --- | --- |
//! | `documents` | document | `id`, `lang`, `entity_count`, `fact_count`, `topic_count`, `top_topic`, `top_topic_score` |
//! | `entities` | entity mention | `doc_id`, `start`, `end`, `text`, `kind`, `id`, `name` |
//! | `facts` | numeric fact | `doc_id`, `fact_index`, `start`, `end`, `text`, `kind`, `value`, `unit`, `qualifier`, `subject`, `subject_id`, `predicate`, `year`, `equivalent_of`, `change_from`, `range_with` |
//! | `topics` | document topic | `doc_id`, `id`, `score` |
//!
//! Types: offsets are `Int64`; counts, `fact_index`, `year` and the link
//! columns are `Int32`; `value` and scores `Float64`; everything else `Utf8`,
//! null where the record has no value. Integers are signed because Spark
//! rejects unsigned Arrow types. A link (`equivalent_of`, `change_from`,
//! `range_with`) is the `fact_index` of another fact of the same document.
//!
//! [`Tables::nested`] folds the four into one table, a row per document with
//! list-of-struct columns, for engines whose map stage returns a single table.
//!
//! ```
//! use newsfacts::tables::{to_tables, Table};
//!
//! let ex = newsfacts::Extractor::builder().build()?;
//! let docs = [ex.extract(newsfacts::Input::new("La Chine et l’Inde.").id("a"))];
//! let tables = to_tables(&docs)?;
//! assert_eq!(tables.documents.num_rows(), 1);
//! assert_eq!(tables.get(Table::Entities).num_rows(), 2);
//! assert_eq!(tables.entities.schema(), Table::Entities.schema());
//! # Ok::<(), newsfacts::Error>(())
//! ```

mod columns;
mod nested;
mod write;

pub use arrow_array::RecordBatch;
pub use arrow_schema::SchemaRef;
pub use nested::nested_schema;
pub use write::{TableFormat, TablesWriter};

use crate::record::Document;
use crate::Error;
use arrow_array::ArrayRef;
use arrow_schema::{DataType, Field, Schema};
use columns::{DocumentColumns, EntityColumns, FactColumns, TopicColumns};
use std::sync::{Arc, LazyLock};

/// One of the four tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Table {
    /// One row per document: id, language, counts, top topic.
    Documents,
    /// One row per entity mention.
    Entities,
    /// One row per numeric fact.
    Facts,
    /// One row per (document, topic) score.
    Topics,
}

impl Table {
    /// All tables, in the order files are written and fields of [`Tables`] listed.
    pub const ALL: [Table; 4] = [
        Table::Documents,
        Table::Entities,
        Table::Facts,
        Table::Topics,
    ];

    /// The table's name, also its file stem: `documents`, `entities`, `facts`, `topics`.
    pub fn name(self) -> &'static str {
        match self {
            Table::Documents => "documents",
            Table::Entities => "entities",
            Table::Facts => "facts",
            Table::Topics => "topics",
        }
    }

    /// The table's Arrow schema (the same `Arc` on every call).
    pub fn schema(self) -> SchemaRef {
        let s = match self {
            Table::Documents => &DOCUMENTS,
            Table::Entities => &ENTITIES,
            Table::Facts => &FACTS,
            Table::Topics => &TOPICS,
        };
        Arc::clone(s)
    }
}

fn schema(columns: &[(&str, DataType, bool)]) -> SchemaRef {
    let fields: Vec<Field> = columns
        .iter()
        .map(|(name, ty, nullable)| Field::new(*name, ty.clone(), *nullable))
        .collect();
    Arc::new(Schema::new(fields))
}

use DataType::{Float64, Int32, Int64, Utf8};
const NULL: bool = true;
const REQUIRED: bool = false;

static DOCUMENTS: LazyLock<SchemaRef> = LazyLock::new(|| {
    schema(&[
        ("id", Utf8, NULL),
        ("lang", Utf8, NULL),
        ("entity_count", Int32, REQUIRED),
        ("fact_count", Int32, REQUIRED),
        ("topic_count", Int32, REQUIRED),
        ("top_topic", Utf8, NULL),
        ("top_topic_score", Float64, NULL),
    ])
});

static ENTITIES: LazyLock<SchemaRef> = LazyLock::new(|| {
    schema(&[
        ("doc_id", Utf8, NULL),
        ("start", Int64, REQUIRED),
        ("end", Int64, REQUIRED),
        ("text", Utf8, REQUIRED),
        ("kind", Utf8, REQUIRED),
        ("id", Utf8, REQUIRED),
        ("name", Utf8, REQUIRED),
    ])
});

static FACTS: LazyLock<SchemaRef> = LazyLock::new(|| {
    schema(&[
        ("doc_id", Utf8, NULL),
        ("fact_index", Int32, REQUIRED),
        ("start", Int64, REQUIRED),
        ("end", Int64, REQUIRED),
        ("text", Utf8, REQUIRED),
        ("kind", Utf8, REQUIRED),
        ("value", Float64, REQUIRED),
        ("unit", Utf8, NULL),
        ("qualifier", Utf8, NULL),
        ("subject", Utf8, NULL),
        ("subject_id", Utf8, NULL),
        ("predicate", Utf8, NULL),
        ("year", Int32, NULL),
        ("equivalent_of", Int32, NULL),
        ("change_from", Int32, NULL),
        ("range_with", Int32, NULL),
    ])
});

static TOPICS: LazyLock<SchemaRef> = LazyLock::new(|| {
    schema(&[
        ("doc_id", Utf8, NULL),
        ("id", Utf8, REQUIRED),
        ("score", Float64, REQUIRED),
    ])
});

/// The four tables of a batch of documents, each with [`Table::schema`].
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Tables {
    /// One row per document, in input order.
    pub documents: RecordBatch,
    /// One row per entity, documents in input order, mentions by offset.
    pub entities: RecordBatch,
    /// One row per fact, documents in input order, facts by `fact_index`.
    pub facts: RecordBatch,
    /// One row per topic score, highest first within a document.
    pub topics: RecordBatch,
}

impl Tables {
    /// The batch of one table.
    pub fn get(&self, table: Table) -> &RecordBatch {
        match table {
            Table::Documents => &self.documents,
            Table::Entities => &self.entities,
            Table::Facts => &self.facts,
            Table::Topics => &self.topics,
        }
    }
}

/// Converts documents into the four tables.
///
/// Fails only when a batch does not fit Arrow's 32-bit types: more than
/// 2 GiB of strings in one column, or more than 2³¹ facts in one document.
/// Keep batches to a few thousand documents and it never does.
pub fn to_tables(docs: &[Document]) -> Result<Tables, Error> {
    let mut d = DocumentColumns::default();
    let mut e = EntityColumns::default();
    let mut f = FactColumns::default();
    let mut t = TopicColumns::default();
    for doc in docs {
        let doc_id = doc.id.as_deref();
        d.push(doc).map_err(|m| table_error(Table::Documents, m))?;
        e.push(doc_id, doc)
            .map_err(|m| table_error(Table::Entities, m))?;
        f.push(doc_id, doc)
            .map_err(|m| table_error(Table::Facts, m))?;
        t.push(doc_id, doc)
            .map_err(|m| table_error(Table::Topics, m))?;
    }
    Ok(Tables {
        documents: batch(Table::Documents, d.finish())?,
        entities: batch(Table::Entities, e.finish())?,
        facts: batch(Table::Facts, f.finish())?,
        topics: batch(Table::Topics, t.finish())?,
    })
}

fn table_error(table: Table, message: String) -> Error {
    Error::Table {
        table: table.name(),
        message,
    }
}

fn batch(table: Table, columns: Vec<ArrayRef>) -> Result<RecordBatch, Error> {
    RecordBatch::try_new(table.schema(), columns).map_err(|e| table_error(table, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::write::Column;
    use super::*;
    use crate::record::{
        Entity, EntityKind, Fact, FactKind, Lang, Predicate, Qualifier, TopicScore,
    };

    /// Two documents: one with every kind of record and attribute, one bare.
    pub(super) fn sample_docs() -> Vec<Document> {
        let text = "Selon Huang, la part de Nvidia en Chine passera de 66 % en 2024 à environ 8 %.";
        let span = |s: &str| {
            let start = text.find(s).unwrap();
            (start, start + s.len())
        };
        let entity = |s: &str, kind, name: &str, id: &str| {
            let (start, end) = span(s);
            Entity {
                start,
                end,
                text: s.into(),
                kind,
                name: name.into(),
                id: id.into(),
            }
        };
        let (s66, e66) = span("66 %");
        let mut from = Fact::new(s66, e66, "66 %", FactKind::Percent, 66.0);
        from.unit = Some("%".into());
        from.subject = Some("NVIDIA".into());
        from.subject_id = Some("company:nvidia".into());
        from.predicate = Some(Predicate::MarketShare);
        from.year = Some(2024);
        let (s8, e8) = span("8 %");
        let mut to = Fact::new(s8, e8, "8 %", FactKind::Percent, 8.0);
        to.unit = Some("%".into());
        to.qualifier = Some(Qualifier::About);
        to.predicate = Some(Predicate::MarketShare);
        to.change_from = Some(0);
        let a = Document {
            id: Some("fr-1".into()),
            lang: Some(Lang::Fr),
            entities: vec![
                entity(
                    "Huang",
                    EntityKind::Person,
                    "Jensen Huang",
                    "person:jensen-huang",
                ),
                entity("Nvidia", EntityKind::Company, "NVIDIA", "company:nvidia"),
                entity("Chine", EntityKind::Country, "China, \"PRC\"", "country:cn"),
            ],
            facts: vec![from, to],
            topics: vec![
                TopicScore {
                    id: "semiconductors".into(),
                    score: 0.875,
                },
                TopicScore {
                    id: "trade".into(),
                    score: 0.25,
                },
            ],
            keyphrases: Vec::new(),
        };
        vec![a, Document::default()]
    }

    /// The text of a cell as the CSV writer prints it; `None` for null.
    pub(super) fn cell(batch: &RecordBatch, column: &str, row: usize) -> Option<String> {
        let array = batch
            .column_by_name(column)
            .unwrap_or_else(|| panic!("no column {column}"));
        let mut out = String::new();
        Column::of(array)
            .unwrap()
            .write_cell(row, &mut out)
            .then_some(out)
    }

    #[test]
    fn cells() {
        let tables = to_tables(&sample_docs()).unwrap();
        // name, table, row, column, expected cell
        let rows: &[(&str, Table, usize, &str, Option<&str>)] = &[
            ("doc id", Table::Documents, 0, "id", Some("fr-1")),
            ("doc lang", Table::Documents, 0, "lang", Some("fr")),
            (
                "entity count",
                Table::Documents,
                0,
                "entity_count",
                Some("3"),
            ),
            ("fact count", Table::Documents, 0, "fact_count", Some("2")),
            ("topic count", Table::Documents, 0, "topic_count", Some("2")),
            (
                "top topic",
                Table::Documents,
                0,
                "top_topic",
                Some("semiconductors"),
            ),
            (
                "top score",
                Table::Documents,
                0,
                "top_topic_score",
                Some("0.875"),
            ),
            ("bare doc id", Table::Documents, 1, "id", None),
            ("bare doc lang", Table::Documents, 1, "lang", None),
            (
                "bare doc count",
                Table::Documents,
                1,
                "entity_count",
                Some("0"),
            ),
            ("bare doc topic", Table::Documents, 1, "top_topic", None),
            (
                "bare doc score",
                Table::Documents,
                1,
                "top_topic_score",
                None,
            ),
            ("entity doc", Table::Entities, 1, "doc_id", Some("fr-1")),
            ("entity start", Table::Entities, 1, "start", Some("24")),
            ("entity end", Table::Entities, 1, "end", Some("30")),
            ("entity text", Table::Entities, 1, "text", Some("Nvidia")),
            ("entity kind", Table::Entities, 0, "kind", Some("person")),
            ("entity id", Table::Entities, 2, "id", Some("country:cn")),
            (
                "entity name",
                Table::Entities,
                2,
                "name",
                Some("China, \"PRC\""),
            ),
            ("fact index", Table::Facts, 1, "fact_index", Some("1")),
            ("fact text", Table::Facts, 0, "text", Some("66 %")),
            ("fact kind", Table::Facts, 0, "kind", Some("percent")),
            ("fact value", Table::Facts, 0, "value", Some("66")),
            ("fact unit", Table::Facts, 1, "unit", Some("%")),
            ("no qualifier", Table::Facts, 0, "qualifier", None),
            ("qualifier", Table::Facts, 1, "qualifier", Some("about")),
            ("subject", Table::Facts, 0, "subject", Some("NVIDIA")),
            (
                "subject id",
                Table::Facts,
                0,
                "subject_id",
                Some("company:nvidia"),
            ),
            ("no subject", Table::Facts, 1, "subject", None),
            (
                "predicate",
                Table::Facts,
                1,
                "predicate",
                Some("market_share"),
            ),
            ("year", Table::Facts, 0, "year", Some("2024")),
            ("no year", Table::Facts, 1, "year", None),
            ("change from", Table::Facts, 1, "change_from", Some("0")),
            ("no change from", Table::Facts, 0, "change_from", None),
            ("no equivalent", Table::Facts, 1, "equivalent_of", None),
            ("no range", Table::Facts, 1, "range_with", None),
            ("topic doc", Table::Topics, 1, "doc_id", Some("fr-1")),
            ("topic id", Table::Topics, 1, "id", Some("trade")),
            ("topic score", Table::Topics, 1, "score", Some("0.25")),
        ];
        for (name, table, row, column, want) in rows {
            let got = cell(tables.get(*table), column, *row);
            assert_eq!(
                got.as_deref(),
                *want,
                "row {name}: {}.{column}[{row}]",
                table.name()
            );
        }
    }

    #[test]
    fn row_counts_and_schemas() {
        let docs = sample_docs();
        let tables = to_tables(&docs).unwrap();
        let counts = [2, 3, 2, 2];
        for (table, want) in Table::ALL.into_iter().zip(counts) {
            let batch = tables.get(table);
            assert_eq!(batch.num_rows(), want, "{}", table.name());
            assert_eq!(batch.schema(), table.schema(), "{}", table.name());
            for field in batch.schema().fields() {
                // Spark rejects unsigned Arrow integers.
                assert!(!field.data_type().is_unsigned_integer(), "{}", field.name());
            }
        }
        let empty = to_tables(&[]).unwrap();
        for table in Table::ALL {
            assert_eq!(empty.get(table).num_rows(), 0);
            assert_eq!(empty.get(table).schema(), table.schema());
        }
    }
}
