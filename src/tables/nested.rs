//! The four tables folded into one: a row per document whose entities, facts
//! and topics are list-of-struct columns.
//!
//! Distributed engines map a batch of input rows to *one* output table (Spark's
//! `mapInArrow`, Ray Data's `map_batches`), so the Python bindings hand them
//! this shape and the engine explodes it back into the four tables. It is built
//! from [`Tables`] without copying a value: the struct columns are the table
//! columns, and the list offsets come from the documents' counts.

use super::{table_error, Table, Tables};
use crate::Error;
use arrow_array::{Array, ArrayRef, Int32Array, ListArray, RecordBatch, StructArray};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{DataType, Field, FieldRef, Fields, Schema, SchemaRef};
use std::sync::{Arc, LazyLock};

/// The list columns, their table, and the `documents` count giving each
/// document's number of elements.
const LISTS: [(Table, &str); 3] = [
    (Table::Entities, "entity_count"),
    (Table::Facts, "fact_count"),
    (Table::Topics, "topic_count"),
];

/// The element of a list column: the table's columns without `doc_id`, which
/// is the row's `id`.
fn element_field(table: Table) -> FieldRef {
    let schema = table.schema();
    let fields: Fields = schema.fields().iter().skip(1).cloned().collect();
    Arc::new(Field::new("item", DataType::Struct(fields), false))
}

static NESTED: LazyLock<SchemaRef> = LazyLock::new(|| {
    let mut fields: Vec<FieldRef> = Table::Documents.schema().fields().iter().cloned().collect();
    for (table, _) in LISTS {
        let list = DataType::List(element_field(table));
        fields.push(Arc::new(Field::new(table.name(), list, false)));
    }
    Arc::new(Schema::new(fields))
});

/// The schema of [`Tables::nested`]: the `documents` columns, then
/// `entities`, `facts` and `topics`, each a list of structs holding that
/// table's columns except `doc_id` (the same `Arc` on every call).
pub fn nested_schema() -> SchemaRef {
    Arc::clone(&NESTED)
}

impl Tables {
    /// One row per document: the `documents` columns, then the document's
    /// entities, facts and topics as lists of structs (see [`nested_schema`]).
    ///
    /// Shares the buffers of `self`; fails only if the tables were not made
    /// by [`to_tables`](super::to_tables) from the same documents.
    ///
    /// ```
    /// let ex = newsfacts::Extractor::builder().build()?;
    /// let docs = [ex.extract(newsfacts::Input::new("La Chine et l’Inde.").id("a"))];
    /// let nested = newsfacts::tables::to_tables(&docs)?.nested()?;
    /// assert_eq!(nested.num_rows(), 1);
    /// assert_eq!(nested.schema(), newsfacts::tables::nested_schema());
    /// # Ok::<(), newsfacts::Error>(())
    /// ```
    pub fn nested(&self) -> Result<RecordBatch, Error> {
        let mut columns: Vec<ArrayRef> = self.documents.columns().to_vec();
        for (table, count_column) in LISTS {
            let counts = self
                .documents
                .column_by_name(count_column)
                .and_then(|c| c.as_any().downcast_ref::<Int32Array>())
                .ok_or_else(|| table_error(table, format!("no Int32 {count_column} column")))?;
            columns.push(list(table, self.get(table), counts)?);
        }
        RecordBatch::try_new(nested_schema(), columns)
            .map_err(|e| table_error(Table::Documents, e.to_string()))
    }
}

fn list(table: Table, batch: &RecordBatch, counts: &Int32Array) -> Result<ArrayRef, Error> {
    let element = element_field(table);
    let DataType::Struct(fields) = element.data_type() else {
        unreachable!("element_field is a struct")
    };
    let values = StructArray::try_new(fields.clone(), batch.columns()[1..].to_vec(), None)
        .map_err(|e| table_error(table, e.to_string()))?;
    // Counts are non-negative Int32 written by `to_tables`; their sum must be
    // the table's row count, which also keeps every offset within i32.
    let total: i64 = counts.values().iter().map(|&c| i64::from(c)).sum();
    if counts.null_count() > 0
        || counts.values().iter().any(|&c| c < 0)
        || total != batch.num_rows() as i64
    {
        return Err(table_error(
            table,
            format!(
                "the documents' counts add up to {total}, not the table's {} rows",
                batch.num_rows()
            ),
        ));
    }
    let offsets = OffsetBuffer::<i32>::from_lengths(counts.values().iter().map(|&c| c as usize));
    let list = ListArray::try_new(element, offsets, Arc::new(values), None)
        .map_err(|e| table_error(table, e.to_string()))?;
    Ok(Arc::new(list))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{cell, sample_docs};
    use super::super::to_tables;
    use super::*;
    use arrow_array::cast::AsArray;

    #[test]
    fn rows_hold_each_documents_elements() {
        let tables = to_tables(&sample_docs()).unwrap();
        let nested = tables.nested().unwrap();
        assert_eq!(nested.schema(), nested_schema());
        assert_eq!(nested.num_rows(), 2);
        // The documents columns are the documents table's.
        for (i, field) in Table::Documents.schema().fields().iter().enumerate() {
            assert_eq!(
                nested.column(i),
                tables.documents.column(i),
                "{}",
                field.name()
            );
        }
        // name, list column, document row, element count
        let rows: &[(&str, &str, usize, usize)] = &[
            ("entities of fr-1", "entities", 0, 3),
            ("facts of fr-1", "facts", 0, 2),
            ("topics of fr-1", "topics", 0, 2),
            ("entities of bare", "entities", 1, 0),
            ("facts of bare", "facts", 1, 0),
            ("topics of bare", "topics", 1, 0),
        ];
        for (name, column, row, want) in rows {
            let list = nested.column_by_name(column).unwrap().as_list::<i32>();
            assert_eq!(list.value_length(*row) as usize, *want, "row {name}");
        }
        // An element is the table row without doc_id, in the same order.
        let facts = nested.column_by_name("facts").unwrap().as_list::<i32>();
        let second = facts.value(0).as_struct().slice(1, 1);
        let second = RecordBatch::from(second);
        assert_eq!(cell(&second, "fact_index", 0).as_deref(), Some("1"));
        assert_eq!(cell(&second, "change_from", 0).as_deref(), Some("0"));
        assert!(second.column_by_name("doc_id").is_none());
    }

    #[test]
    fn empty_and_mismatched_tables() {
        let empty = to_tables(&[]).unwrap().nested().unwrap();
        assert_eq!(empty.num_rows(), 0);
        assert_eq!(empty.schema(), nested_schema());
        let docs = sample_docs();
        let mut tables = to_tables(&docs).unwrap();
        tables.entities = to_tables(&docs[1..]).unwrap().entities;
        let e = tables.nested().unwrap_err().to_string();
        assert_eq!(
            e,
            "cannot build the entities table: the documents' counts add up to 3, not the table's 0 rows"
        );
    }

    #[test]
    fn no_unsigned_integers_for_spark() {
        fn check(field: &Field) {
            match field.data_type() {
                DataType::List(f) => check(f),
                DataType::Struct(fs) => fs.iter().for_each(|f| check(f)),
                t => assert!(!t.is_unsigned_integer(), "{}", field.name()),
            }
        }
        nested_schema().fields().iter().for_each(|f| check(f));
    }
}
