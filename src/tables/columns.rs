//! One builder per table: a column builder per field, appended to document
//! by document, finished into the arrays of the table's schema (same order).

use crate::record::{Document, Predicate, Qualifier};
use arrow_array::builder::{Float64Builder, Int32Builder, Int64Builder, StringBuilder};
use arrow_array::ArrayRef;
use std::sync::Arc;

/// Appends to a string column, refusing (instead of panicking, as the builder
/// would) to grow it past the 2 GiB that 32-bit offsets address.
fn push_str(b: &mut StringBuilder, v: Option<&str>) -> Result<(), String> {
    let len = v.map_or(0, str::len);
    if b.values_slice().len() + len > i32::MAX as usize {
        return Err("more than 2 GiB of text in one column: write smaller batches".into());
    }
    b.append_option(v);
    Ok(())
}

fn int32(n: usize) -> Result<i32, String> {
    i32::try_from(n).map_err(|_| format!("{n} does not fit a 32-bit column"))
}

/// Offsets index a `str`, so they are at most `isize::MAX`: the cast is lossless.
fn int64(n: usize) -> i64 {
    n as i64
}

#[derive(Default)]
pub(super) struct DocumentColumns {
    id: StringBuilder,
    lang: StringBuilder,
    entity_count: Int32Builder,
    fact_count: Int32Builder,
    topic_count: Int32Builder,
    top_topic: StringBuilder,
    top_topic_score: Float64Builder,
}

impl DocumentColumns {
    pub(super) fn push(&mut self, doc: &Document) -> Result<(), String> {
        push_str(&mut self.id, doc.id.as_deref())?;
        push_str(&mut self.lang, doc.lang.map(|l| l.code()))?;
        self.entity_count.append_value(int32(doc.entities.len())?);
        self.fact_count.append_value(int32(doc.facts.len())?);
        self.topic_count.append_value(int32(doc.topics.len())?);
        let top = doc.topics.first();
        push_str(&mut self.top_topic, top.map(|t| t.id.as_str()))?;
        self.top_topic_score.append_option(top.map(|t| t.score));
        Ok(())
    }

    pub(super) fn finish(mut self) -> Vec<ArrayRef> {
        vec![
            Arc::new(self.id.finish()),
            Arc::new(self.lang.finish()),
            Arc::new(self.entity_count.finish()),
            Arc::new(self.fact_count.finish()),
            Arc::new(self.topic_count.finish()),
            Arc::new(self.top_topic.finish()),
            Arc::new(self.top_topic_score.finish()),
        ]
    }
}

#[derive(Default)]
pub(super) struct EntityColumns {
    doc_id: StringBuilder,
    start: Int64Builder,
    end: Int64Builder,
    text: StringBuilder,
    kind: StringBuilder,
    id: StringBuilder,
    name: StringBuilder,
}

impl EntityColumns {
    pub(super) fn push(&mut self, doc_id: Option<&str>, doc: &Document) -> Result<(), String> {
        for e in &doc.entities {
            push_str(&mut self.doc_id, doc_id)?;
            self.start.append_value(int64(e.start));
            self.end.append_value(int64(e.end));
            push_str(&mut self.text, Some(&e.text))?;
            push_str(&mut self.kind, Some(e.kind.as_str()))?;
            push_str(&mut self.id, Some(&e.id))?;
            push_str(&mut self.name, Some(&e.name))?;
        }
        Ok(())
    }

    pub(super) fn finish(mut self) -> Vec<ArrayRef> {
        vec![
            Arc::new(self.doc_id.finish()),
            Arc::new(self.start.finish()),
            Arc::new(self.end.finish()),
            Arc::new(self.text.finish()),
            Arc::new(self.kind.finish()),
            Arc::new(self.id.finish()),
            Arc::new(self.name.finish()),
        ]
    }
}

#[derive(Default)]
pub(super) struct FactColumns {
    doc_id: StringBuilder,
    fact_index: Int32Builder,
    start: Int64Builder,
    end: Int64Builder,
    text: StringBuilder,
    kind: StringBuilder,
    value: Float64Builder,
    unit: StringBuilder,
    qualifier: StringBuilder,
    subject: StringBuilder,
    subject_id: StringBuilder,
    predicate: StringBuilder,
    year: Int32Builder,
    equivalent_of: Int32Builder,
    change_from: Int32Builder,
    range_with: Int32Builder,
}

impl FactColumns {
    pub(super) fn push(&mut self, doc_id: Option<&str>, doc: &Document) -> Result<(), String> {
        let link = |i: Option<usize>| i.map(int32).transpose();
        for (i, f) in doc.facts.iter().enumerate() {
            push_str(&mut self.doc_id, doc_id)?;
            self.fact_index.append_value(int32(i)?);
            self.start.append_value(int64(f.start));
            self.end.append_value(int64(f.end));
            push_str(&mut self.text, Some(&f.text))?;
            push_str(&mut self.kind, Some(f.kind.as_str()))?;
            self.value.append_value(f.value);
            push_str(&mut self.unit, f.unit.as_deref())?;
            push_str(&mut self.qualifier, f.qualifier.map(Qualifier::as_str))?;
            push_str(&mut self.subject, f.subject.as_deref())?;
            push_str(&mut self.subject_id, f.subject_id.as_deref())?;
            push_str(&mut self.predicate, f.predicate.map(Predicate::as_str))?;
            self.year.append_option(f.year);
            self.equivalent_of.append_option(link(f.equivalent_of)?);
            self.change_from.append_option(link(f.change_from)?);
            self.range_with.append_option(link(f.range_with)?);
        }
        Ok(())
    }

    pub(super) fn finish(mut self) -> Vec<ArrayRef> {
        vec![
            Arc::new(self.doc_id.finish()),
            Arc::new(self.fact_index.finish()),
            Arc::new(self.start.finish()),
            Arc::new(self.end.finish()),
            Arc::new(self.text.finish()),
            Arc::new(self.kind.finish()),
            Arc::new(self.value.finish()),
            Arc::new(self.unit.finish()),
            Arc::new(self.qualifier.finish()),
            Arc::new(self.subject.finish()),
            Arc::new(self.subject_id.finish()),
            Arc::new(self.predicate.finish()),
            Arc::new(self.year.finish()),
            Arc::new(self.equivalent_of.finish()),
            Arc::new(self.change_from.finish()),
            Arc::new(self.range_with.finish()),
        ]
    }
}

#[derive(Default)]
pub(super) struct TopicColumns {
    doc_id: StringBuilder,
    id: StringBuilder,
    score: Float64Builder,
}

impl TopicColumns {
    pub(super) fn push(&mut self, doc_id: Option<&str>, doc: &Document) -> Result<(), String> {
        for t in &doc.topics {
            push_str(&mut self.doc_id, doc_id)?;
            push_str(&mut self.id, Some(&t.id))?;
            self.score.append_value(t.score);
        }
        Ok(())
    }

    pub(super) fn finish(mut self) -> Vec<ArrayRef> {
        vec![
            Arc::new(self.doc_id.finish()),
            Arc::new(self.id.finish()),
            Arc::new(self.score.finish()),
        ]
    }
}
