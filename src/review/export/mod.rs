//! Exports of reviewed facts: JSON (`factdesk/2`, documented in the README, read back by
//! [`read_json`], which also reads `factdesk/1`), CSV (one row per mention, in a flavour for
//! spreadsheets or for data tools) and Excel workbooks (`.xlsx`: typed cells, never a formula).

mod csv;
mod headers;
mod json;
mod xlsx;

use std::io::{self, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::review::record::{FactId, ReviewFact, Status};
use crate::review::view::Query;
use crate::review::workbench::Workbench;

pub use csv::{CSV_COLUMNS, CsvFlavour, neutralise_formula};
pub use headers::{CHINESE_HEADERS, HeaderLanguage, has_chinese, header};
pub use json::{ExportDocument, ExportFact, ExportFile, ReadError, read_json};
pub use xlsx::{
    DOCUMENT_COLUMNS, EXCEL_SIGNIFICANT_DIGITS, EXPORT_FIELDS, FACT_COLUMNS, MENTION_COLUMNS,
    NOTE_COLUMNS, SHEETS, XLSX_FORMAT_TAG, number_as_text_reason,
};

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

    /// The code the exports write (`verified`, `all`, `shown`).
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Verified => "verified",
            Scope::All => "all",
            Scope::Shown => "shown",
        }
    }
}

/// Export file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
    /// An Excel workbook (also read by WPS and LibreOffice).
    Xlsx,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }

    /// Bytes that a terminal should not be sent.
    pub fn is_binary(self) -> bool {
        self == ExportFormat::Xlsx
    }
}

/// How to write an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportOptions {
    pub format: ExportFormat,
    pub scope: Scope,
    /// For spreadsheets (byte-order mark, formula guard) or for data tools (cells as they are).
    pub csv: CsvFlavour,
    /// The header row of the CSV and of the workbook's sheets; values keep the contract's codes.
    pub headers: HeaderLanguage,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            format: ExportFormat::Json,
            scope: Scope::Verified,
            csv: CsvFlavour::Excel,
            headers: HeaderLanguage::English,
        }
    }
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

/// Writes `facts` in the chosen format.
pub fn write(
    out: &mut dyn Write,
    wb: &Workbench,
    options: ExportOptions,
    facts: &[&ReviewFact],
) -> io::Result<()> {
    write_with_query(out, wb, options, facts, None)
}

/// Writes `facts` in the chosen format; `query` is the table's filter they were shown under,
/// which the workbook's export sheet describes.
pub fn write_with_query(
    out: &mut dyn Write,
    wb: &Workbench,
    options: ExportOptions,
    facts: &[&ReviewFact],
    query: Option<&Query>,
) -> io::Result<()> {
    match options.format {
        ExportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &json::export_file(wb, options.scope, facts))?;
            out.write_all(b"\n")
        }
        ExportFormat::Csv => csv::write_csv(out, wb, options.csv, options.headers, facts),
        ExportFormat::Xlsx => {
            let bytes = xlsx::workbook(wb, options, facts, query).map_err(io::Error::other)?;
            out.write_all(&bytes)
        }
    }
}

/// Writes an export to `path` atomically; returns how many facts it holds.
pub fn write_to_path(
    path: &Path,
    wb: &Workbench,
    options: ExportOptions,
    shown: &[FactId],
) -> io::Result<usize> {
    write_to_path_with_query(path, wb, options, shown, None)
}

/// [`write_to_path`], saying which filter the shown facts were chosen by.
pub fn write_to_path_with_query(
    path: &Path,
    wb: &Workbench,
    options: ExportOptions,
    shown: &[FactId],
    query: Option<&Query>,
) -> io::Result<usize> {
    let facts = select(wb, options.scope, shown);
    crate::atomic::write_atomically(path, |out| {
        write_with_query(out, wb, options, &facts, query)
    })?;
    Ok(facts.len())
}
