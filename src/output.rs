//! Writing mentions as JSONL, JSON and CSV: the formats `factdesk extract` prints.

use std::io::{self, Write};

use serde::Serialize;

use crate::corpus::{LoadError, LoadWarning};
use crate::fact::Mention;

/// Output formats of `factdesk extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One FACTS.md mention object a line.
    Jsonl,
    /// One object: the format tag, the documents, the mentions and the load errors.
    Json,
    /// One mention a row, with a header.
    Csv,
}

/// What the CSV cells are made for: the project export's flavours (`--csv excel|data`).
pub use crate::review::export::CsvFlavour;

/// The one rule for formula cells, shared with the project export.
pub use crate::review::export::neutralise_formula;

/// A document as the JSON output describes it.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentSummary {
    pub doc: String,
    pub path: Option<String>,
    pub encoding: String,
    pub chars: usize,
    pub published: Option<String>,
    /// The date was given (`--published`, `--metadata`), not found in the text.
    pub published_given: bool,
    pub mentions: usize,
}

/// The JSON output format, tagged `factdesk-extract/2` (version 2: every mention carries its frame).
#[derive(Debug, Serialize)]
struct JsonOutput<'a> {
    format: &'static str,
    documents: &'a [DocumentSummary],
    mentions: &'a [Mention],
    errors: Vec<JsonError>,
    /// Files that loaded with something to say (bad bytes replaced), as `path` and `reason`.
    warnings: Vec<JsonError>,
}

#[derive(Debug, Serialize)]
struct JsonError {
    path: String,
    reason: String,
}

pub const JSON_FORMAT_TAG: &str = "factdesk-extract/2";

/// The CSV columns, in order: FACTS.md's fields (the frame after the version-1 columns, so
/// readers by position keep working).
pub const CSV_HEADER: [&str; 17] = [
    "doc",
    "start",
    "end",
    "surface",
    "kind",
    "value",
    "value_max",
    "unit",
    "approx",
    "subject",
    "sentence",
    "confidence",
    "measure",
    "direction",
    "basis",
    "period",
    "per",
];

pub fn write_jsonl(out: &mut dyn Write, mentions: &[Mention]) -> io::Result<()> {
    // Each line is serialised into one buffer and written whole: serde's many small writes go
    // to a Vec (inlined), not through `dyn Write` one token at a time.
    let mut line = Vec::with_capacity(1024);
    for m in mentions {
        line.clear();
        serde_json::to_writer(&mut line, m)?;
        line.push(b'\n');
        out.write_all(&line)?;
    }
    Ok(())
}

pub fn write_json(
    out: &mut dyn Write,
    documents: &[DocumentSummary],
    mentions: &[Mention],
    errors: &[LoadError],
    warnings: &[LoadWarning],
) -> io::Result<()> {
    let errors = errors
        .iter()
        .map(|e| JsonError {
            path: e.path.display().to_string(),
            reason: e.reason.clone(),
        })
        .collect();
    let warnings = warnings
        .iter()
        .map(|w| JsonError {
            path: w.path.display().to_string(),
            reason: w.message.clone(),
        })
        .collect();
    serde_json::to_writer_pretty(
        &mut *out,
        &JsonOutput {
            format: JSON_FORMAT_TAG,
            documents,
            mentions,
            errors,
            warnings,
        },
    )?;
    out.write_all(b"\n")
}

pub fn write_csv(out: &mut dyn Write, mentions: &[Mention], flavour: CsvFlavour) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(CSV_HEADER)?;
    for m in mentions {
        let row = [
            m.doc.as_str(),
            &m.start.to_string(),
            &m.end.to_string(),
            &m.surface,
            m.kind.as_str(),
            &m.value.to_string(),
            &m.value_max
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            m.unit.as_deref().unwrap_or(""),
            m.approx.map(|a| a.as_str()).unwrap_or(""),
            &m.subject,
            &m.sentence,
            &m.confidence.to_string(),
            m.measure.map(|x| x.as_str()).unwrap_or(""),
            m.direction.map(|x| x.as_str()).unwrap_or(""),
            m.basis.as_deref().unwrap_or(""),
            m.period.as_deref().unwrap_or(""),
            m.per.as_deref().unwrap_or(""),
        ];
        match flavour {
            CsvFlavour::Excel => {
                for cell in row {
                    writer.write_field(neutralise_formula(cell).as_bytes())?;
                }
                writer.write_record(None::<&[u8]>)?;
            }
            CsvFlavour::Data => writer.write_record(row)?,
        }
    }
    writer.flush()
}
