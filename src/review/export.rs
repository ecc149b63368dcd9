//! Exports of reviewed facts: JSON (`factdesk/2`, documented in the README, read back by
//! [`read_json`], which also reads `factdesk/1`) and CSV (one row per mention, safe to open in
//! Excel and WPS). Version 2 adds the frame (measure, direction, basis, period) to each reading and
//! whether a document's publication date was given.

use std::io::{self, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::fact::Mention;
use crate::review::edit::{Draft, Field};
use crate::review::record::{FactFields, FactId, ReviewFact, Status};
use crate::review::workbench::{AuditEntry, Workbench};

/// The JSON export's format tag. The number is bumped on any incompatible change.
pub const FORMAT_TAG: &str = "factdesk/2";
/// Older format tags [`read_json`] still reads (their readings come back with no frame).
pub const READABLE_TAGS: [&str; 2] = ["factdesk/1", FORMAT_TAG];

/// Which facts an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Verified facts only: the dataset.
    Verified,
    /// Every fact, with its status.
    All,
    /// The facts the table shows under the current filter and search.
    Shown,
}

impl Scope {
    pub fn label(self) -> &'static str {
        match self {
            Scope::Verified => "verified facts",
            Scope::All => "all facts with their status",
            Scope::Shown => "the facts shown",
        }
    }
}

/// Export file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Csv => "csv",
        }
    }
}

/// How to write an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportOptions {
    pub format: ExportFormat,
    pub scope: Scope,
    /// Start the CSV with a UTF-8 byte-order mark, so Excel and WPS read it as UTF-8.
    pub csv_bom: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            format: ExportFormat::Json,
            scope: Scope::Verified,
            csv_bom: true,
        }
    }
}

/// A JSON export, as written and as read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportFile {
    pub format: String,
    pub scope: Scope,
    pub documents: Vec<ExportDocument>,
    pub facts: Vec<ExportFact>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportDocument {
    pub doc: String,
    pub path: Option<String>,
    pub published: Option<String>,
    /// The date was given (metadata, the analyst), not found in the text.
    #[serde(default)]
    pub published_given: bool,
    pub encoding: String,
    pub chars: usize,
}

/// One fact: the reviewed reading, the extractor's original beside it, and every mention
/// (FACTS.md records: document, offsets, surface, sentence).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportFact {
    pub id: FactId,
    pub status: Status,
    /// The reviewed reading (kind, value, value_max, unit, approx, subject, measure, direction,
    /// basis, period).
    pub fields: FactFields,
    pub note: String,
    pub edited: bool,
    /// Added by the analyst, not found by the extractor.
    #[serde(default)]
    pub added_by_hand: bool,
    pub original: FactFields,
    pub mentions: Vec<Mention>,
    /// Every change to this fact, oldest first: what changed from what to what, when, why.
    #[serde(default)]
    pub trail: Vec<AuditEntry>,
}

/// The facts in `scope`, in the order given by `shown` for [`Scope::Shown`] and by id otherwise.
pub fn select<'a>(wb: &'a Workbench, scope: Scope, shown: &[FactId]) -> Vec<&'a ReviewFact> {
    match scope {
        Scope::Verified => wb
            .live_facts()
            .filter(|f| f.status == Status::Verified)
            .collect(),
        Scope::All => wb.live_facts().collect(),
        Scope::Shown => shown
            .iter()
            .filter_map(|&id| wb.fact(id))
            .filter(|f| f.is_live())
            .collect(),
    }
}

fn export_file(wb: &Workbench, scope: Scope, facts: &[&ReviewFact]) -> ExportFile {
    ExportFile {
        format: FORMAT_TAG.to_string(),
        scope,
        documents: wb
            .documents()
            .iter()
            .map(|d| ExportDocument {
                doc: d.name.clone(),
                path: d.path.as_ref().map(|p| p.display().to_string()),
                published: d.published.clone(),
                published_given: d.published_given,
                encoding: d.encoding.clone(),
                chars: d.chars,
            })
            .collect(),
        facts: facts
            .iter()
            .map(|f| ExportFact {
                id: f.id,
                status: f.status,
                fields: f.fields.clone(),
                note: f.note.clone(),
                edited: f.is_edited(),
                added_by_hand: f.added_by_hand,
                original: f.original.clone(),
                mentions: f.mentions.iter().map(|m| m.mention.clone()).collect(),
                trail: wb.trail_of(f.id).cloned().collect(),
            })
            .collect(),
    }
}

/// Writes `facts` in the chosen format.
pub fn write(
    out: &mut dyn Write,
    wb: &Workbench,
    options: ExportOptions,
    facts: &[&ReviewFact],
) -> io::Result<()> {
    match options.format {
        ExportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &export_file(wb, options.scope, facts))?;
            out.write_all(b"\n")
        }
        ExportFormat::Csv => write_csv(out, wb, options.csv_bom, facts),
    }
}

/// Writes an export to `path` atomically; returns how many facts it holds.
pub fn write_to_path(
    path: &Path,
    wb: &Workbench,
    options: ExportOptions,
    shown: &[FactId],
) -> io::Result<usize> {
    let facts = select(wb, options.scope, shown);
    crate::atomic::write_atomically(path, |out| write(out, wb, options, &facts))?;
    Ok(facts.len())
}

/// Why an export could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("not a factdesk export: {0}")]
    Malformed(#[from] serde_json::Error),
    #[error("written in format `{0}`, which this factdesk ({FORMAT_TAG}) cannot read")]
    UnknownFormat(String),
}

/// Reads a JSON export back (`factdesk/2`, or `factdesk/1`, whose readings have no frame).
pub fn read_json(text: &str) -> Result<ExportFile, ReadError> {
    // The tag first, so a newer export says so rather than failing on a field.
    #[derive(Deserialize)]
    struct Tag {
        format: String,
    }
    let tag: Tag = serde_json::from_str(text)?;
    if !READABLE_TAGS.contains(&tag.format.as_str()) {
        return Err(ReadError::UnknownFormat(tag.format));
    }
    Ok(serde_json::from_str(text)?)
}

/// The CSV columns: the reviewed reading, the original beside it, then the mention's provenance.
pub const CSV_COLUMNS: [&str; 31] = [
    "fact_id",
    "status",
    "kind",
    "value",
    "value_max",
    "unit",
    "approx",
    "subject",
    "measure",
    "direction",
    "basis",
    "period",
    "note",
    "original_kind",
    "original_value",
    "original_value_max",
    "original_unit",
    "original_approx",
    "original_subject",
    "original_measure",
    "original_direction",
    "original_basis",
    "original_period",
    "sources",
    "doc",
    "published",
    "start",
    "end",
    "surface",
    "sentence",
    "confidence",
];

fn write_csv(
    out: &mut dyn Write,
    wb: &Workbench,
    bom: bool,
    facts: &[&ReviewFact],
) -> io::Result<()> {
    if bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(CSV_COLUMNS)?;
    for fact in facts {
        // The fields as the editor writes them, in `Field::ALL` order (kind … period).
        let (fields, original) = (Draft::of(&fact.fields), Draft::of(&fact.original));
        for m in &fact.mentions {
            let m_doc = m.doc_id;
            let m = &m.mention;
            let mut row: Vec<String> = Vec::with_capacity(CSV_COLUMNS.len());
            row.push(fact.id.0.to_string());
            row.push(fact.status.as_str().to_string());
            row.extend(Field::ALL.map(|f| fields.get(f).to_string()));
            row.push(fact.note.clone());
            row.extend(Field::ALL.map(|f| original.get(f).to_string()));
            row.push(fact.mentions.len().to_string());
            row.push(m.doc.clone());
            row.push(wb.document(m_doc).published.clone().unwrap_or_default());
            row.push(m.start.to_string());
            row.push(m.end.to_string());
            row.push(m.surface.clone());
            row.push(m.sentence.clone());
            row.push(m.confidence.to_string());
            writer.write_record(row.iter().map(|cell| neutralise_formula(cell).into_owned()))?;
        }
    }
    writer.flush()
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a
/// leading apostrophe; numbers such as `-30000000` stay numbers.
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = cell.parse::<rust_decimal::Decimal>().is_ok() && !cell.starts_with('+');
    if risky && !number {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        assert_eq!(
            neutralise_formula("=HYPERLINK(\"x\")"),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(neutralise_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise_formula("+86 10"), "'+86 10");
        assert_eq!(neutralise_formula("-1+2"), "'-1+2");
        assert_eq!(neutralise_formula("-30000000"), "-30000000");
        assert_eq!(neutralise_formula("-0.3"), "-0.3");
        assert_eq!(neutralise_formula("948亿美元"), "948亿美元");
    }
}
