//! `newsfacts` for Python: records as dicts, and Arrow tables for Spark's
//! `mapInArrow` and Ray Data's `map_batches`.
//!
//! The extraction itself is the core crate's; this crate only converts. Every
//! call releases the GIL while it extracts and runs on the calling thread: no
//! thread pool, since engine workers already run one task per core, and Python
//! callers who want threads can use their own (the GIL is free meanwhile).

mod arrow;
mod dicts;

use arrow::Chunks;
use newsfacts::tables::{nested_schema, to_tables, Table};
use newsfacts::{Document, Input, Lang};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyDict, PyTuple};
use pyo3_arrow::input::AnyArray;
use std::path::PathBuf;
use std::sync::Mutex;

/// One path or several, as the `gazetteers` and `taxonomy` arguments take.
#[derive(FromPyObject)]
enum Paths {
    One(PathBuf),
    Many(Vec<PathBuf>),
}

impl Paths {
    fn into_vec(paths: Option<Paths>) -> Vec<PathBuf> {
        match paths {
            None => Vec::new(),
            Some(Paths::One(p)) => vec![p],
            Some(Paths::Many(ps)) => ps,
        }
    }
}

/// What an extractor is built from; also the key of the per-process cache.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Options {
    gazetteers: Vec<PathBuf>,
    taxonomies: Vec<PathBuf>,
    lang: Option<Lang>,
    default_gazetteers: bool,
    default_taxonomy: bool,
}

impl Options {
    fn new(
        gazetteers: Option<Paths>,
        taxonomy: Option<Paths>,
        lang: Option<&str>,
        default_gazetteers: bool,
        default_taxonomy: bool,
    ) -> PyResult<Options> {
        Ok(Options {
            gazetteers: Paths::into_vec(gazetteers),
            taxonomies: Paths::into_vec(taxonomy),
            lang: lang.map(parse_lang).transpose()?,
            default_gazetteers,
            default_taxonomy,
        })
    }

    /// Reads and compiles everything, without the GIL (it takes a while).
    fn build(&self, py: Python<'_>) -> PyResult<newsfacts::Extractor> {
        let mut b = newsfacts::Extractor::builder();
        b.default_gazetteers(self.default_gazetteers)
            .default_taxonomy(self.default_taxonomy);
        for g in &self.gazetteers {
            b.gazetteer_file(g);
        }
        for t in &self.taxonomies {
            b.taxonomy_file(t);
        }
        py.detach(|| b.build()).map_err(to_py_err)
    }
}

/// File errors become `OSError`, everything else `ValueError`; the message is
/// the library's, with its `path:line`.
fn to_py_err(e: newsfacts::Error) -> PyErr {
    match e {
        newsfacts::Error::Io { .. } => PyOSError::new_err(e.to_string()),
        _ => PyValueError::new_err(e.to_string()),
    }
}

fn parse_lang(s: &str) -> PyResult<Lang> {
    s.parse::<Lang>().map_err(PyValueError::new_err)
}

/// Extracts entities, numeric facts and topics from French and English news.
///
/// Build it once (it compiles the gazetteers, 0.1 to 0.5 s) and reuse it; in
/// engine workers, `Extractor.shared(...)` keeps one per process.
///
/// Args:
///     gazetteers: user gazetteer TSV file(s), as `newsfacts extract --gazetteer`.
///     taxonomy: user taxonomy TSV file(s), as `--taxonomy`.
///     lang: "fr" or "en" reads every document in that language, as `--lang`;
///         None reads each in its own (given or detected).
///     default_gazetteers: keep the embedded gazetteers (default True).
///     default_taxonomy: keep the embedded taxonomy (default True).
///
/// Raises:
///     ValueError: a malformed file (with its `path:line`) or an unknown lang.
///     OSError: a file that cannot be read.
#[pyclass(frozen, name = "Extractor", module = "newsfacts")]
struct Extractor {
    core: newsfacts::Extractor,
    options: Options,
}

/// The extractors of `Extractor.shared`, one per set of options, for the life
/// of the process.
static SHARED: Mutex<Vec<(Options, Py<Extractor>)>> = Mutex::new(Vec::new());

fn find_shared(py: Python<'_>, options: &Options) -> Option<Py<Extractor>> {
    // A poisoned lock only means another thread panicked between two
    // statements below that cannot leave the list inconsistent.
    let cache = SHARED.lock().unwrap_or_else(|e| e.into_inner());
    cache
        .iter()
        .find(|(o, _)| o == options)
        .map(|(_, ex)| ex.clone_ref(py))
}

impl Extractor {
    /// The language a document is read as: the extractor's if it has one (as
    /// the CLI's `--lang`), else the document's if it names `fr` or `en`
    /// (regional tags included), else detected. An unknown per-document
    /// language is detected, as the CLI does with a line's `lang`.
    fn lang_for(&self, doc_lang: Option<&str>) -> Option<Lang> {
        self.options
            .lang
            .or_else(|| doc_lang.and_then(|s| s.parse().ok()))
    }

    /// Extracts a batch on the calling thread, without the GIL.
    fn run(
        &self,
        py: Python<'_>,
        texts: &[&str],
        ids: Option<&[Option<&str>]>,
        langs: Option<&[Option<&str>]>,
    ) -> PyResult<Vec<Document>> {
        for (name, len) in [
            ("ids", ids.map(<[_]>::len)),
            ("langs", langs.map(<[_]>::len)),
        ] {
            if let Some(len) = len.filter(|&l| l != texts.len()) {
                return Err(PyValueError::new_err(format!(
                    "{name} has {len} elements but texts has {}",
                    texts.len()
                )));
            }
        }
        Ok(py.detach(|| {
            texts
                .iter()
                .enumerate()
                .map(|(i, text)| {
                    let mut input =
                        Input::new(text).lang_opt(self.lang_for(langs.and_then(|l| l[i])));
                    if let Some(id) = ids.and_then(|ids| ids[i]) {
                        input = input.id(id);
                    }
                    self.core.extract(input)
                })
                .collect()
        }))
    }

    /// Reads the Arrow arguments of `extract_arrow*` and extracts them.
    fn run_arrow(
        &self,
        py: Python<'_>,
        texts: AnyArray,
        ids: Option<AnyArray>,
        langs: Option<AnyArray>,
    ) -> PyResult<Vec<Document>> {
        let texts = Chunks::new("texts", texts)?;
        let ids = ids.map(|a| Chunks::new("ids", a)).transpose()?;
        let langs = langs.map(|a| Chunks::new("langs", a)).transpose()?;
        let text_rows = texts.strings()?;
        let texts: Vec<&str> = text_rows
            .iter()
            .enumerate()
            .map(|(i, t)| t.ok_or_else(|| PyValueError::new_err(format!("texts[{i}] is null"))))
            .collect::<PyResult<_>>()?;
        let ids = ids.as_ref().map(Chunks::strings).transpose()?;
        let langs = langs.as_ref().map(Chunks::strings).transpose()?;
        self.run(py, &texts, ids.as_deref(), langs.as_deref())
    }
}

#[pymethods]
impl Extractor {
    #[new]
    #[pyo3(signature = (gazetteers=None, taxonomy=None, lang=None, *, default_gazetteers=true, default_taxonomy=true))]
    fn new(
        py: Python<'_>,
        gazetteers: Option<Paths>,
        taxonomy: Option<Paths>,
        lang: Option<&str>,
        default_gazetteers: bool,
        default_taxonomy: bool,
    ) -> PyResult<Extractor> {
        let options = Options::new(
            gazetteers,
            taxonomy,
            lang,
            default_gazetteers,
            default_taxonomy,
        )?;
        Ok(Extractor {
            core: options.build(py)?,
            options,
        })
    }

    /// The process-wide extractor for these options, built on first use.
    #[staticmethod]
    #[pyo3(signature = (gazetteers=None, taxonomy=None, lang=None, *, default_gazetteers=true, default_taxonomy=true))]
    fn shared(
        py: Python<'_>,
        gazetteers: Option<Paths>,
        taxonomy: Option<Paths>,
        lang: Option<&str>,
        default_gazetteers: bool,
        default_taxonomy: bool,
    ) -> PyResult<Py<Extractor>> {
        let options = Options::new(
            gazetteers,
            taxonomy,
            lang,
            default_gazetteers,
            default_taxonomy,
        )?;
        if let Some(ex) = find_shared(py, &options) {
            return Ok(ex);
        }
        // Built without holding the lock: building releases the GIL, and a
        // thread waiting for the lock with the GIL held would deadlock us.
        // Two threads may both build; the first one stored wins.
        let built = Py::new(
            py,
            Extractor {
                core: options.build(py)?,
                options: options.clone(),
            },
        )?;
        let mut cache = SHARED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, ex)) = cache.iter().find(|(o, _)| *o == options) {
            return Ok(ex.clone_ref(py));
        }
        cache.push((options, built.clone_ref(py)));
        Ok(built)
    }

    /// One document as a dict in the CLI's JSON Lines shape.
    #[pyo3(signature = (text, id=None, lang=None))]
    fn extract<'py>(
        &self,
        py: Python<'py>,
        text: PyBackedStr,
        id: Option<PyBackedStr>,
        lang: Option<&str>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let lang = lang.map(parse_lang).transpose()?;
        let lang = self.options.lang.or(lang);
        let mut input = Input::new(&text).lang_opt(lang);
        if let Some(id) = id.as_deref() {
            input = input.id(id);
        }
        let doc = py.detach(|| self.core.extract(input));
        dicts::document(py, &doc)
    }

    /// Several documents as a list of dicts, in order.
    #[pyo3(signature = (texts, ids=None, langs=None))]
    fn extract_batch(
        &self,
        py: Python<'_>,
        texts: Vec<PyBackedStr>,
        ids: Option<Vec<Option<PyBackedStr>>>,
        langs: Option<Vec<Option<PyBackedStr>>>,
    ) -> PyResult<Py<PyAny>> {
        let texts: Vec<&str> = texts.iter().map(|t| &**t).collect();
        let ids: Option<Vec<Option<&str>>> = ids
            .as_ref()
            .map(|v| v.iter().map(|s| s.as_deref()).collect());
        let langs: Option<Vec<Option<&str>>> = langs
            .as_ref()
            .map(|v| v.iter().map(|s| s.as_deref()).collect());
        let docs = self.run(py, &texts, ids.as_deref(), langs.as_deref())?;
        dicts::documents(py, &docs)
    }

    /// Arrow strings in, the four tables out as pyarrow record batches.
    #[pyo3(signature = (texts, ids=None, langs=None))]
    fn extract_arrow<'py>(
        &self,
        py: Python<'py>,
        texts: AnyArray,
        ids: Option<AnyArray>,
        langs: Option<AnyArray>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let docs = self.run_arrow(py, texts, ids, langs)?;
        let tables = py.detach(|| to_tables(&docs)).map_err(to_py_err)?;
        let out = PyDict::new(py);
        for table in Table::ALL {
            out.set_item(
                table.name(),
                arrow::to_pyarrow(py, tables.get(table).clone())?,
            )?;
        }
        Ok(out)
    }

    /// Arrow strings in, one row per document out, its entities, facts and
    /// topics as list-of-struct columns.
    #[pyo3(signature = (texts, ids=None, langs=None))]
    fn extract_arrow_nested<'py>(
        &self,
        py: Python<'py>,
        texts: AnyArray,
        ids: Option<AnyArray>,
        langs: Option<AnyArray>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let docs = self.run_arrow(py, texts, ids, langs)?;
        let nested = py
            .detach(|| to_tables(&docs)?.nested())
            .map_err(to_py_err)?;
        arrow::to_pyarrow(py, nested)
    }

    /// Number of distinct entities in the compiled gazetteers.
    #[getter]
    fn entity_count(&self) -> usize {
        self.core.entity_count()
    }

    /// The language every document is read as, or None (per document).
    #[getter]
    fn lang(&self) -> Option<&'static str> {
        self.options.lang.map(Lang::code)
    }

    fn __repr__(&self) -> String {
        format!(
            "Extractor(gazetteers={:?}, taxonomy={:?}, lang={:?}, entities={})",
            self.options.gazetteers,
            self.options.taxonomies,
            self.options.lang.map(Lang::code),
            self.core.entity_count()
        )
    }

    /// Pickles as a call to `Extractor.shared` with the same options, so a
    /// closure that captures an extractor (Spark, Ray) gets the one of its
    /// worker process, built once there, instead of shipping compiled tables.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let this = slf.get();
        let o = &this.options;
        let shared = slf.get_type().getattr("shared")?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("gazetteers", &o.gazetteers)?;
        kwargs.set_item("taxonomy", &o.taxonomies)?;
        kwargs.set_item("lang", o.lang.map(Lang::code))?;
        kwargs.set_item("default_gazetteers", o.default_gazetteers)?;
        kwargs.set_item("default_taxonomy", o.default_taxonomy)?;
        // pickle calls `callable(*args)`: route the keywords through
        // functools.partial, itself picklable.
        let partial = py
            .import("functools")?
            .getattr("partial")?
            .call((shared,), Some(&kwargs))?;
        PyTuple::new(py, [partial.into_any(), PyTuple::empty(py).into_any()])
    }
}

/// The Arrow schema of a table: `documents`, `entities`, `facts`, `topics`,
/// or `nested` (the result of `Extractor.extract_arrow_nested`).
#[pyfunction]
#[pyo3(name = "arrow_schema")]
fn table_schema<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    let schema = match Table::ALL.into_iter().find(|t| t.name() == name) {
        Some(t) => t.schema(),
        None if name == "nested" => nested_schema(),
        None => {
            return Err(PyValueError::new_err(format!(
                "unknown table {name:?} (expected documents, entities, facts, topics or nested)"
            )))
        }
    };
    arrow::schema_to_pyarrow(py, schema)
}

#[pymodule]
#[pyo3(name = "newsfacts")]
fn newsfacts_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Extractor>()?;
    m.add_function(wrap_pyfunction!(table_schema, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
