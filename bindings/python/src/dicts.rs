//! Records as Python dicts, in the shape of the CLI's JSON Lines (the serde
//! shape of `newsfacts::Document`): the same keys, `None` where JSON has
//! `null`, ints and floats where it has numbers.
//!
//! Built field by field rather than through serde: pythonize, the serde
//! bridge, lags pyo3 by a release, and a JSON round trip (`serde_json` then
//! `json.loads`) would encode and parse every record twice. The pytest suite
//! compares these dicts with the CLI's output, so a field added to the
//! records and forgotten here fails a test.

use newsfacts::{Document, Entity, Fact, Keyphrase, TopicScore};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use pyo3::{intern, IntoPyObjectExt};

pub fn document<'py>(py: Python<'py>, doc: &Document) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "id"), doc.id.as_deref())?;
    d.set_item(intern!(py, "lang"), doc.lang.map(|l| l.code()))?;
    d.set_item(intern!(py, "entities"), list(py, &doc.entities, entity)?)?;
    d.set_item(intern!(py, "facts"), list(py, &doc.facts, fact)?)?;
    d.set_item(intern!(py, "topics"), list(py, &doc.topics, topic)?)?;
    d.set_item(
        intern!(py, "keyphrases"),
        list(py, &doc.keyphrases, keyphrase)?,
    )?;
    Ok(d)
}

fn list<'py, T>(
    py: Python<'py>,
    items: &[T],
    f: fn(Python<'py>, &T) -> PyResult<Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for item in items {
        list.append(f(py, item)?)?;
    }
    Ok(list)
}

fn entity<'py>(py: Python<'py>, e: &Entity) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "start"), e.start)?;
    d.set_item(intern!(py, "end"), e.end)?;
    d.set_item(intern!(py, "text"), &e.text)?;
    d.set_item(intern!(py, "kind"), e.kind.as_str())?;
    d.set_item(intern!(py, "name"), &e.name)?;
    d.set_item(intern!(py, "id"), &e.id)?;
    Ok(d)
}

fn fact<'py>(py: Python<'py>, f: &Fact) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "start"), f.start)?;
    d.set_item(intern!(py, "end"), f.end)?;
    d.set_item(intern!(py, "text"), &f.text)?;
    d.set_item(intern!(py, "kind"), f.kind.as_str())?;
    d.set_item(intern!(py, "value"), f.value)?;
    d.set_item(intern!(py, "unit"), f.unit.as_deref())?;
    d.set_item(intern!(py, "qualifier"), f.qualifier.map(|q| q.as_str()))?;
    d.set_item(intern!(py, "subject"), f.subject.as_deref())?;
    d.set_item(intern!(py, "subject_id"), f.subject_id.as_deref())?;
    d.set_item(intern!(py, "predicate"), f.predicate.map(|p| p.as_str()))?;
    d.set_item(intern!(py, "year"), f.year)?;
    d.set_item(intern!(py, "equivalent_of"), f.equivalent_of)?;
    d.set_item(intern!(py, "change_from"), f.change_from)?;
    d.set_item(intern!(py, "range_with"), f.range_with)?;
    Ok(d)
}

fn topic<'py>(py: Python<'py>, t: &TopicScore) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "id"), &t.id)?;
    d.set_item(intern!(py, "score"), t.score)?;
    Ok(d)
}

fn keyphrase<'py>(py: Python<'py>, k: &Keyphrase) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "text"), &k.text)?;
    d.set_item(intern!(py, "score"), k.score)?;
    Ok(d)
}

/// A list of documents as a list of dicts.
pub fn documents(py: Python<'_>, docs: &[Document]) -> PyResult<Py<PyAny>> {
    let list = PyList::empty(py);
    for doc in docs {
        list.append(document(py, doc)?)?;
    }
    list.into_py_any(py)
}
