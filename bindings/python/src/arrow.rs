//! Arrow in and out: string columns read in place from pyarrow arrays, and the
//! tables handed back as pyarrow record batches, both through the Arrow
//! PyCapsule interface (no copy of the buffers either way).

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, SchemaRef};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3_arrow::input::AnyArray;
use pyo3_arrow::{PyRecordBatch, PySchema};

/// The chunks of a pyarrow `Array` or `ChunkedArray` (anything with
/// `__arrow_c_array__` or `__arrow_c_stream__`), sharing its buffers.
pub struct Chunks {
    name: &'static str,
    arrays: Vec<ArrayRef>,
}

impl Chunks {
    pub fn new(name: &'static str, input: AnyArray) -> PyResult<Chunks> {
        let reader = input.into_reader()?;
        let arrays = reader
            .collect::<Result<Vec<ArrayRef>, ArrowError>>()
            .map_err(|e| PyValueError::new_err(format!("{name}: {e}")))?;
        Ok(Chunks { name, arrays })
    }

    /// Every row as a `&str` into the Arrow buffers, `None` for null.
    ///
    /// Accepts the three Arrow string types: Spark sends `string`, pyarrow
    /// makes `large_string` from pandas, Polars makes `string_view`.
    pub fn strings(&self) -> PyResult<Vec<Option<&str>>> {
        let mut out = Vec::with_capacity(self.arrays.iter().map(|a| a.len()).sum());
        for a in &self.arrays {
            match a.data_type() {
                DataType::Utf8 => out.extend(a.as_string::<i32>().iter()),
                DataType::LargeUtf8 => out.extend(a.as_string::<i64>().iter()),
                DataType::Utf8View => out.extend(a.as_string_view().iter()),
                DataType::Null => out.extend(std::iter::repeat_n(None, a.len())),
                other => {
                    return Err(PyValueError::new_err(format!(
                        "{}: expected an Arrow array of strings, found {other}",
                        self.name
                    )))
                }
            }
        }
        Ok(out)
    }
}

/// A batch as a `pyarrow.RecordBatch` (pyarrow imports it through the
/// PyCapsule interface, taking over the buffers).
pub fn to_pyarrow(py: Python<'_>, batch: RecordBatch) -> PyResult<Bound<'_, PyAny>> {
    PyRecordBatch::new(batch).into_pyarrow(py)
}

/// A schema as a `pyarrow.Schema`.
pub fn schema_to_pyarrow(py: Python<'_>, schema: SchemaRef) -> PyResult<Bound<'_, PyAny>> {
    PySchema::new(schema).into_pyarrow(py)
}
