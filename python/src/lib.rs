//! The factdesk engine as a Python module: `factdesk.Extractor().extract(text, doc=…, published=…)`
//! returns the mention records of FACTS.md as dicts, exactly the objects of
//! `factdesk extract --format jsonl`, with exact values as `decimal.Decimal` (or strings).
//!
//! The engine is loaded once per process and shared by every `Extractor` object, so pickling one
//! to a Dask or Spark worker ships only its options: the worker builds (or reuses) its own engine.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError, PyUserWarning, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple, PyType};
use rayon::prelude::*;

use factdesk::fact::Mention;

create_exception!(
    factdesk,
    ExtractionError,
    PyException,
    "The engine failed on a document (a bug, never expected); the message names the document."
);

/// The process's engine: its word tables, built on first use (jieba's dictionary is compiled in).
static ENGINE: OnceLock<factdesk::Extractor> = OnceLock::new();
/// How many times this process loaded the engine (1 once used): lets tests check a worker
/// never loads it per task.
static ENGINE_LOADS: AtomicUsize = AtomicUsize::new(0);

fn engine() -> &'static factdesk::Extractor {
    ENGINE.get_or_init(|| {
        ENGINE_LOADS.fetch_add(1, Ordering::Relaxed);
        factdesk::Extractor::new()
    })
}

/// How exact values (`value`, `value_max` of numbers) come to Python.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Values {
    Decimal,
    Str,
}

impl Values {
    fn parse(name: &str) -> PyResult<Self> {
        match name {
            "decimal" => Ok(Values::Decimal),
            "str" => Ok(Values::Str),
            other => Err(PyValueError::new_err(format!(
                "values must be \"decimal\" or \"str\", not {other:?}"
            ))),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Values::Decimal => "decimal",
            Values::Str => "str",
        }
    }
}

/// A document's text as Python gave it: a `str` is used as it is; `bytes` are decoded as
/// `factdesk extract` decodes a file (BOM removed, UTF-8, UTF-16 with BOM, GB18030 detected).
enum Input {
    Text(String),
    Bytes(Vec<u8>),
}

impl Input {
    fn from_py(text: &Bound<'_, PyAny>) -> PyResult<Self> {
        if let Ok(s) = text.cast::<PyString>() {
            Ok(Input::Text(s.to_cow()?.into_owned()))
        } else if let Ok(b) = text.cast::<PyBytes>() {
            Ok(Input::Bytes(b.as_bytes().to_vec()))
        } else {
            Err(PyTypeError::new_err(format!(
                "text must be str or bytes, not {}",
                text.get_type().name()?
            )))
        }
    }
}

/// One document to extract, checked and copied out of Python so extraction runs without the GIL.
struct Job {
    doc: String,
    input: Input,
    published: Option<String>,
}

/// Why a document yielded no mentions: bad input (`ValueError`) or an engine failure.
enum Failure {
    Input(String),
    Engine(String),
}

impl From<Failure> for PyErr {
    fn from(failure: Failure) -> PyErr {
        match failure {
            Failure::Input(message) => PyValueError::new_err(message),
            Failure::Engine(message) => ExtractionError::new_err(message),
        }
    }
}

impl Job {
    fn new(doc: String, text: &Bound<'_, PyAny>, published: Option<&str>) -> PyResult<Self> {
        // The same check as `--published`: a date the engine cannot resolve against is refused.
        let published = published
            .map(|date| {
                factdesk::review::edit::parse_iso_date(date.trim())
                    .map(str::to_string)
                    .map_err(|e| PyValueError::new_err(format!("{doc}: published: {e}")))
            })
            .transpose()?;
        Ok(Job {
            input: Input::from_py(text)?,
            doc,
            published,
        })
    }

    /// The mentions, and the warning the command line prints for damaged bytes (replaced by
    /// U+FFFD). Empty or white-space-only input is refused as the command line refuses the file.
    fn run(&self) -> JobResult {
        let input_error = |reason: String| Failure::Input(format!("{}: {reason}", self.doc));
        let decoded;
        let (text, damage) = match &self.input {
            Input::Text(text) => {
                factdesk::corpus::check_not_empty(text.as_bytes(), text).map_err(input_error)?;
                (text.as_str(), None)
            }
            Input::Bytes(bytes) => {
                decoded = factdesk::corpus::decode_reporting(bytes).map_err(input_error)?;
                factdesk::corpus::check_not_empty(bytes, &decoded.text).map_err(input_error)?;
                (decoded.text.as_str(), decoded.damage)
            }
        };
        let warning = damage.map(|damage| format!("{}: {damage}", self.doc));
        engine()
            .try_extract_published(&self.doc, text, self.published.as_deref())
            .map(|extraction| Extracted {
                mentions: extraction.mentions,
                warning,
            })
            .map_err(Failure::Engine)
    }
}

/// What one document gave.
struct Extracted {
    mentions: Vec<Mention>,
    /// Damaged bytes that were replaced: `warnings.warn`ed, as the command line warns on stderr.
    warning: Option<String>,
}

impl Extracted {
    /// Emits the warning (a `UserWarning`; an error if the caller's filters make it one).
    fn warn(&self, py: Python<'_>) -> PyResult<()> {
        let Some(message) = &self.warning else {
            return Ok(());
        };
        let message = std::ffi::CString::new(message.replace('\0', "\u{fffd}"))
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        PyErr::warn(py, &py.get_type::<PyUserWarning>(), &message, 1)
    }
}

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The JSON record `factdesk extract --format jsonl` writes, as a dict: the crate's own
/// serialisation walked into Python objects, so a field added to `Mention` appears here too.
fn mention_dict<'py>(
    py: Python<'py>,
    mention: &Mention,
    values: Values,
) -> PyResult<Bound<'py, PyDict>> {
    let serde_json::Value::Object(fields) = serde_json::to_value(mention)
        .map_err(|e| ExtractionError::new_err(format!("{}: {e}", mention.doc)))?
    else {
        return Err(ExtractionError::new_err("a mention is not a JSON object"));
    };
    let dict = PyDict::new(py);
    for (key, field) in &fields {
        // `value` and `value_max` are the exact readings (FACTS.md): never a float.
        let exact = matches!(key.as_str(), "value" | "value_max");
        dict.set_item(key, json_to_py(py, field, exact.then_some(values))?)?;
    }
    Ok(dict)
}

/// A JSON value as a Python object. Numbers arrive as their exact text (serde_json's
/// arbitrary precision): an exact value becomes a `Decimal` (or that text), an integer an `int`,
/// and the one estimate (`confidence`) a `float`.
fn json_to_py<'py>(
    py: Python<'py>,
    value: &serde_json::Value,
    exact: Option<Values>,
) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value as J;
    Ok(match value {
        J::Null => py.None().into_bound(py),
        J::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        J::String(s) => PyString::new(py, s).into_any(),
        J::Number(n) => match exact {
            Some(Values::Decimal) => DECIMAL
                .import(py, "decimal", "Decimal")?
                .call1((n.as_str(),))?,
            Some(Values::Str) => PyString::new(py, n.as_str()).into_any(),
            None => {
                if let Some(i) = n.as_i64() {
                    i.into_pyobject(py)?.into_any()
                } else if let Some(u) = n.as_u64() {
                    u.into_pyobject(py)?.into_any()
                } else {
                    let f: f64 = n.as_str().parse().map_err(|_| {
                        PyValueError::new_err(format!("not a number: {}", n.as_str()))
                    })?;
                    f.into_pyobject(py)?.into_any()
                }
            }
        },
        J::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item, exact)?)?;
            }
            list.into_any()
        }
        J::Object(fields) => {
            let dict = PyDict::new(py);
            for (key, field) in fields {
                dict.set_item(key, json_to_py(py, field, exact)?)?;
            }
            dict.into_any()
        }
    })
}

fn mention_list<'py>(
    py: Python<'py>,
    mentions: &[Mention],
    values: Values,
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for mention in mentions {
        list.append(mention_dict(py, mention, values)?)?;
    }
    Ok(list)
}

/// `(doc, text)`, `(doc, text, published)` or a dict with `doc`, `text` and optionally
/// `published`; `default_published` stands in where an item gives none.
fn job_from_item(item: &Bound<'_, PyAny>, default_published: Option<&str>) -> PyResult<Job> {
    let (doc, text, published): (String, Bound<'_, PyAny>, Option<String>) =
        if let Ok(dict) = item.cast::<PyDict>() {
            let doc = dict
                .get_item("doc")?
                .ok_or_else(|| PyValueError::new_err("an item has no \"doc\""))?
                .extract()?;
            let text = dict
                .get_item("text")?
                .ok_or_else(|| PyValueError::new_err(format!("{doc}: no \"text\"")))?;
            let published = match dict.get_item("published")? {
                Some(p) if !p.is_none() => Some(p.extract()?),
                _ => None,
            };
            (doc, text, published)
        } else if let Ok(tuple) = item.cast::<PyTuple>() {
            match tuple.len() {
                2 => (tuple.get_item(0)?.extract()?, tuple.get_item(1)?, None),
                3 => (
                    tuple.get_item(0)?.extract()?,
                    tuple.get_item(1)?,
                    tuple.get_item(2)?.extract()?,
                ),
                n => {
                    return Err(PyValueError::new_err(format!(
                        "an item is (doc, text) or (doc, text, published), not {n} values"
                    )));
                }
            }
        } else {
            return Err(PyTypeError::new_err(format!(
                "an item is a (doc, text[, published]) tuple or a dict, not {}",
                item.get_type().name()?
            )));
        };
    Job::new(doc, &text, published.as_deref().or(default_published))
}

fn jobs_from_items(items: &Bound<'_, PyAny>, published: Option<&str>) -> PyResult<Vec<Job>> {
    items
        .try_iter()?
        .map(|item| job_from_item(&item?, published))
        .collect()
}

type JobResult = Result<Extracted, Failure>;

/// Runs without the GIL: on rayon's global pool (all cores, or `RAYON_NUM_THREADS`), in the
/// calling thread for `threads=1`, or on a pool of `threads` threads.
fn run_jobs(jobs: &[Job], threads: Option<usize>) -> PyResult<Vec<JobResult>> {
    match threads {
        Some(0) => Err(PyValueError::new_err("threads must be at least 1")),
        Some(1) => Ok(jobs.iter().map(Job::run).collect()),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map_err(|e| ExtractionError::new_err(format!("cannot start threads: {e}")))
            .map(|pool| pool.install(|| jobs.par_iter().map(Job::run).collect())),
        None => Ok(jobs.par_iter().map(Job::run).collect()),
    }
}

/// The factdesk extractor. Every instance in a process shares one engine, loaded on first use
/// (about a tenth of a second); pickling sends only the options.
///
/// `values`: `"decimal"` (default) gives exact values as `decimal.Decimal`, `"str"` as the text
/// of the JSON number; dates and periods are ISO 8601 strings either way.
#[pyclass(module = "factdesk", frozen)]
struct Extractor {
    values: Values,
}

#[pymethods]
impl Extractor {
    #[new]
    #[pyo3(signature = (values = "decimal"))]
    fn new(py: Python<'_>, values: &str) -> PyResult<Self> {
        let values = Values::parse(values)?;
        py.detach(engine);
        Ok(Extractor { values })
    }

    /// The mentions of one document, in text order, as FACTS.md records (the JSONL objects).
    /// `text` is a `str`, or `bytes` decoded as the command line decodes a file. `published`
    /// (ISO 8601) wins over a dateline found in the text. Raises `ValueError` for a bad date,
    /// undecodable bytes or a text that is empty or only white space (as the command line refuses
    /// such a file), `factdesk.ExtractionError` if the engine fails. Damaged bytes that decode
    /// with replacements give a `UserWarning` naming the document and the first bad byte.
    #[pyo3(signature = (text, doc = "-", published = None, values = None))]
    fn extract<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        doc: &str,
        published: Option<&str>,
        values: Option<&str>,
    ) -> PyResult<Bound<'py, PyList>> {
        let values = values
            .map(Values::parse)
            .transpose()?
            .unwrap_or(self.values);
        let job = Job::new(doc.to_string(), text, published)?;
        let extracted = py.detach(|| job.run())?;
        extracted.warn(py)?;
        mention_list(py, &extracted.mentions, values)
    }

    /// The mentions of many documents, one flat list in input order (as `factdesk extract`
    /// writes them). Each item is `(doc, text)`, `(doc, text, published)` or a dict with `doc`,
    /// `text` and optionally `published`; `published` applies where an item gives none.
    /// Documents are extracted in parallel without the GIL: on all cores by default (or
    /// `RAYON_NUM_THREADS`), on `threads` threads if given (`threads=1`: in the calling thread).
    /// The first failing document, in input order, raises as `extract` does.
    #[pyo3(signature = (items, published = None, values = None, threads = None))]
    fn extract_batch<'py>(
        &self,
        py: Python<'py>,
        items: &Bound<'py, PyAny>,
        published: Option<&str>,
        values: Option<&str>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        let values = values
            .map(Values::parse)
            .transpose()?
            .unwrap_or(self.values);
        let jobs = jobs_from_items(items, published)?;
        let results = py.detach(|| run_jobs(&jobs, threads))?;
        let list = PyList::empty(py);
        for result in results {
            let extracted = result?;
            extracted.warn(py)?;
            for mention in &extracted.mentions {
                list.append(mention_dict(py, mention, values)?)?;
            }
        }
        Ok(list)
    }

    /// As `extract_batch`, but the mentions as JSONL text, one object a line, written by the
    /// crate's own JSONL writer: byte for byte what `factdesk extract --format jsonl` prints for
    /// the same documents. For writing shards: Python's `json` cannot write a `Decimal` exactly.
    #[pyo3(signature = (items, published = None, threads = None))]
    fn extract_jsonl(
        &self,
        py: Python<'_>,
        items: &Bound<'_, PyAny>,
        published: Option<&str>,
        threads: Option<usize>,
    ) -> PyResult<String> {
        let jobs = jobs_from_items(items, published)?;
        let results = py.detach(|| run_jobs(&jobs, threads))?;
        let mut out = Vec::new();
        for result in results {
            let extracted = result?;
            extracted.warn(py)?;
            factdesk::output::write_jsonl(&mut out, &extracted.mentions)
                .map_err(|e| ExtractionError::new_err(format!("cannot write JSONL: {e}")))?;
        }
        String::from_utf8(out).map_err(|e| ExtractionError::new_err(e.to_string()))
    }

    /// `"decimal"` or `"str"`.
    #[getter]
    fn values(&self) -> &'static str {
        self.values.name()
    }

    /// Pickling sends the class and its options; unpickling calls `Extractor(values)`, which in
    /// the worker process loads the engine once or reuses it. No word table is copied.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, (&'static str,))> {
        Ok((slf.get_type(), (slf.get().values.name(),)))
    }

    fn __repr__(&self) -> String {
        format!("factdesk.Extractor(values={:?})", self.values.name())
    }
}

/// How many times this process has loaded the engine: 1 after the first `Extractor()`, and
/// still 1 after any number of instances or unpicklings.
#[pyfunction]
fn _engine_loads() -> usize {
    ENGINE_LOADS.load(Ordering::Relaxed)
}

#[pymodule]
#[pyo3(name = "factdesk")]
fn factdesk_py(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Extractor>()?;
    m.add("ExtractionError", m.py().get_type::<ExtractionError>())?;
    m.add_function(wrap_pyfunction!(_engine_loads, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
