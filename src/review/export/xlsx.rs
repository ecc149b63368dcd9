//! The Excel workbook export (`.xlsx`): a sheet of facts (one row per fact), one of mentions
//! with their provenance, one of documents, one describing the export, and the notes sheet that
//! lists every cell written as text although it holds a number or a date.
//!
//! Every cell is typed by what it holds, never guessed from its text: strings through
//! `write_string` (so a subject `=HYPERLINK(…)` stays text, no formula can be injected), numbers
//! through `write_number`, complete ISO dates as Excel dates, partial ones as text.

use std::borrow::Cow;

use rust_decimal::Decimal;
use rust_xlsxwriter::{ColNum, ExcelDateTime, Format, RowNum, Workbook, Worksheet, XlsxError};

use super::headers::{HeaderLanguage, header};
use super::{ExportOptions, FORMAT_TAG, Scope};
use crate::fact::Value;
use crate::review::record::{FactFields, ReviewFact};
use crate::review::view::Query;
use crate::review::workbench::Workbench;

/// The workbook's layout tag (sheets and columns), on its export sheet.
pub const XLSX_FORMAT_TAG: &str = "factdesk-xlsx/1";

/// The sheets, in order.
pub const SHEETS: [&str; 5] = ["facts", "mentions", "documents", "export", "notes"];

/// Excel keeps and shows 15 significant digits: a number with more is cut when shown, edited
/// or copied, so it is written as text.
pub const EXCEL_SIGNIFICANT_DIGITS: u32 = 15;

/// Rows of one sheet, the header included.
const EXCEL_MAX_ROWS: usize = 1_048_576;
/// The longest string a cell holds, in UTF-16 units.
const EXCEL_MAX_STRING: usize = 32_767;
/// Column widths fit their longest cell up to this many narrow characters (a CJK char is two).
const MAX_COLUMN_WIDTH: usize = 60;

/// One row per fact: its id and status, the reviewed reading, the note, whether it was edited or
/// added by hand, the extracted reading beside, how many mentions and in which documents.
pub const FACT_COLUMNS: [&str; 27] = [
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
    "edited",
    "added_by_hand",
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
    "mentions",
    "docs",
];

/// One row per mention: its fact, where it is (document, char offsets, surface, sentence), and
/// the reading the extractor gave it (FACTS.md).
pub const MENTION_COLUMNS: [&str; 20] = [
    "fact_id",
    "status",
    "doc",
    "published",
    "start",
    "end",
    "surface",
    "sentence",
    "confidence",
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
    "per",
];

/// One row per document of the project, as the JSON export's `documents`.
pub const DOCUMENT_COLUMNS: [&str; 6] = [
    "doc",
    "path",
    "published",
    "published_given",
    "encoding",
    "chars",
];

/// One row per cell written as text although it holds a number or a date.
pub const NOTE_COLUMNS: [&str; 4] = ["sheet", "cell", "exact_value", "reason"];

/// The rows of the export sheet, in order.
pub const EXPORT_FIELDS: [&str; 12] = [
    "format",
    "record_format",
    "factdesk_version",
    "exported_at",
    "scope",
    "filter",
    "facts",
    "mentions",
    "documents",
    "cells_as_text",
    "numbers",
    "dates",
];

/// Why the workbook could not be made.
#[derive(Debug, thiserror::Error)]
pub enum XlsxExportError {
    #[error(
        "{rows} {what} do not fit one Excel sheet (at most {} rows); export CSV or JSON instead",
        EXCEL_MAX_ROWS - 1
    )]
    TooManyRows { what: &'static str, rows: usize },
    #[error("cannot write the workbook: {0}")]
    Xlsx(#[from] XlsxError),
}

/// Why `d` cannot be an Excel number without changing, or `None` when it can: more than 15
/// significant digits, or no double reads back as the same decimal (the decimal parsed to the
/// nearest f64, that f64 written in its shortest form, compared as decimals).
pub fn number_as_text_reason(d: Decimal) -> Option<&'static str> {
    excel_number(d).err()
}

/// The double Excel stores for `d`, or why none holds it exactly.
fn excel_number(d: Decimal) -> Result<f64, &'static str> {
    if significant_digits(d) > EXCEL_SIGNIFICANT_DIGITS {
        return Err("more than 15 significant digits: Excel keeps 15");
    }
    let exact = || -> Option<f64> {
        let f: f64 = d.to_string().parse().ok()?;
        let back: Decimal = format!("{f}").parse().ok()?;
        (f.is_finite() && back == d).then_some(f)
    };
    exact().ok_or("no double holds it exactly")
}

fn significant_digits(d: Decimal) -> u32 {
    let mut mantissa = d.normalize().mantissa().unsigned_abs();
    let mut digits = 0;
    while mantissa > 0 {
        mantissa /= 10;
        digits += 1;
    }
    digits
}

/// A cell's content, typed by what the field holds.
enum Cell<'a> {
    Empty,
    Text(Cow<'a, str>),
    /// A count or an offset (exact in a double up to 2^53).
    Count(u64),
    Number(Decimal),
    Bool(bool),
    /// An ISO 8601 date, partial date, interval, or a code such as `yoy`: a date cell when it is
    /// a complete date, text otherwise.
    Date(&'a str),
}

fn text(s: &str) -> Cell<'_> {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(Cow::Borrowed(s))
    }
}

fn opt_text(s: Option<&str>) -> Cell<'_> {
    s.map_or(Cell::Empty, text)
}

fn value(v: &Value) -> Cell<'_> {
    match v {
        Value::Number(d) => Cell::Number(*d),
        Value::Text(s) => Cell::Date(s),
    }
}

/// The ten fields of a reading (kind … period), in `Field::ALL` order.
fn reading(f: &FactFields) -> [Cell<'_>; 10] {
    [
        text(f.kind.as_str()),
        value(&f.value),
        f.value_max.as_ref().map_or(Cell::Empty, value),
        opt_text(f.unit.as_deref()),
        opt_text(f.approx.map(|a| a.as_str())),
        text(&f.subject),
        opt_text(f.measure.map(|m| m.as_str())),
        opt_text(f.direction.map(|d| d.as_str())),
        f.basis.as_deref().map_or(Cell::Empty, Cell::Date),
        f.period.as_deref().map_or(Cell::Empty, Cell::Date),
    ]
}

/// A complete ISO date (`2025-06-18`, `2025-06-18T20:18`, `…:05`) as an Excel date; `Ok(None)`
/// for anything else (partial dates, intervals, codes), `Err` for a complete date Excel cannot
/// hold.
fn excel_date(s: &str) -> Result<Option<ExcelDateTime>, &'static str> {
    let complete = matches!(s.len(), 10 | 16 | 19)
        && s.as_bytes()[0].is_ascii_digit()
        && crate::review::edit::parse_iso_date(s).is_ok();
    if !complete {
        return Ok(None);
    }
    let part = |range: std::ops::Range<usize>| s[range].parse::<u16>().ok();
    let (Some(year), Some(month), Some(day)) = (part(0..4), part(5..7), part(8..10)) else {
        return Ok(None);
    };
    if year < 1900 {
        return Err("a date before 1900: Excel has none");
    }
    let date = ExcelDateTime::from_ymd(year, month as u8, day as u8)
        .map_err(|_| "a date Excel cannot hold")?;
    if s.len() == 10 {
        return Ok(Some(date));
    }
    let hour = part(11..13).unwrap_or(0);
    let minute = part(14..16).unwrap_or(0) as u8;
    let second = if s.len() == 19 {
        part(17..19).unwrap_or(0)
    } else {
        0
    };
    date.and_hms(hour, minute, second)
        .map(Some)
        .map_err(|_| "a time Excel cannot hold")
}

/// How wide `s` shows, in narrow characters (East Asian wide and full-width characters count
/// two, UAX #11 through `unicode-width`), counted only up to `cap`.
fn display_width(s: &str, cap: usize) -> usize {
    use unicode_width::UnicodeWidthChar;
    let mut width = 0;
    for c in s.chars() {
        // Control characters (no width of their own) still take a place in a cell.
        width += c.width().unwrap_or(1);
        if width >= cap {
            return cap;
        }
    }
    width
}

/// A cell written as text although it holds a number or a date, or cut to fit.
struct Note {
    sheet: &'static str,
    cell: String,
    value: String,
    reason: &'static str,
}

struct Formats {
    header: Format,
    date: Format,
    date_minutes: Format,
    date_seconds: Format,
    /// Index = decimal places: a number shows with exactly its own digits (`94800000000`,
    /// `452.67`), not Excel's General rounding to 11 characters.
    decimals: Vec<Format>,
}

impl Formats {
    fn new() -> Self {
        Formats {
            header: Format::new().set_bold(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            date_minutes: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
            date_seconds: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            decimals: (0..=28)
                .map(|places| {
                    let pattern = if places == 0 {
                        "0".to_string()
                    } else {
                        format!("0.{}", "0".repeat(places))
                    };
                    Format::new().set_num_format(pattern)
                })
                .collect(),
        }
    }
}

/// Writes one sheet row by row, keeping each column's width and the notes.
struct SheetWriter<'f> {
    name: &'static str,
    sheet: Worksheet,
    widths: Vec<usize>,
    row: RowNum,
    formats: &'f Formats,
}

impl<'f> SheetWriter<'f> {
    fn new(
        name: &'static str,
        columns: &[&str],
        language: HeaderLanguage,
        formats: &'f Formats,
    ) -> Result<Self, XlsxError> {
        let mut sheet = Worksheet::new();
        sheet.set_name(name)?;
        let mut widths = Vec::with_capacity(columns.len());
        for (col, code) in columns.iter().enumerate() {
            let title = header(code, language);
            sheet.write_string_with_format(0, col as ColNum, title.as_ref(), &formats.header)?;
            widths.push(display_width(&title, MAX_COLUMN_WIDTH));
        }
        Ok(SheetWriter {
            name,
            sheet,
            widths,
            row: 0,
            formats,
        })
    }

    fn row<'c>(
        &mut self,
        cells: impl IntoIterator<Item = Cell<'c>>,
        notes: &mut Vec<Note>,
    ) -> Result<(), XlsxError> {
        self.row += 1;
        for (col, cell) in cells.into_iter().enumerate() {
            self.cell(col as ColNum, cell, notes)?;
        }
        Ok(())
    }

    fn cell(
        &mut self,
        col: ColNum,
        cell: Cell<'_>,
        notes: &mut Vec<Note>,
    ) -> Result<(), XlsxError> {
        let row = self.row;
        let width = match cell {
            Cell::Empty => 0,
            Cell::Text(s) => self.string(col, &s, notes)?,
            Cell::Count(n) => {
                self.sheet.write_number_with_format(
                    row,
                    col,
                    n as f64,
                    &self.formats.decimals[0],
                )?;
                n.to_string().len()
            }
            Cell::Bool(b) => {
                self.sheet.write_boolean(row, col, b)?;
                5
            }
            Cell::Number(d) => match excel_number(d) {
                Ok(f) => {
                    let shown = d.normalize();
                    let places = (shown.scale() as usize).min(self.formats.decimals.len() - 1);
                    self.sheet.write_number_with_format(
                        row,
                        col,
                        f,
                        &self.formats.decimals[places],
                    )?;
                    shown.to_string().len()
                }
                Err(reason) => {
                    let exact = d.to_string();
                    self.note(col, &exact, reason, notes);
                    self.string(col, &exact, notes)?
                }
            },
            Cell::Date(s) => match excel_date(s) {
                Ok(Some(date)) => {
                    let format = match s.len() {
                        10 => &self.formats.date,
                        16 => &self.formats.date_minutes,
                        _ => &self.formats.date_seconds,
                    };
                    self.sheet
                        .write_datetime_with_format(row, col, date, format)?;
                    s.len()
                }
                Ok(None) => self.string(col, s, notes)?,
                Err(reason) => {
                    self.note(col, s, reason, notes);
                    self.string(col, s, notes)?
                }
            },
        };
        let slot = &mut self.widths[col as usize];
        *slot = (*slot).max(width.min(MAX_COLUMN_WIDTH));
        Ok(())
    }

    /// Writes `s` as a string (never a formula); a string longer than a cell holds is cut and
    /// noted. Returns its display width.
    fn string(&mut self, col: ColNum, s: &str, notes: &mut Vec<Note>) -> Result<usize, XlsxError> {
        let mut units = 0;
        let cut = s.char_indices().find_map(|(i, c)| {
            units += c.len_utf16();
            (units > EXCEL_MAX_STRING).then_some(i)
        });
        let kept = match cut {
            Some(end) => {
                let start: String = s.chars().take(100).collect();
                self.note(
                    col,
                    &format!("{start}…"),
                    "longer than the 32767 characters a cell holds: cut; the JSON export has it whole",
                    notes,
                );
                &s[..end]
            }
            None => s,
        };
        self.sheet.write_string(self.row, col, kept)?;
        Ok(display_width(kept, MAX_COLUMN_WIDTH))
    }

    fn note(&self, col: ColNum, value: &str, reason: &'static str, notes: &mut Vec<Note>) {
        notes.push(Note {
            sheet: self.name,
            cell: rust_xlsxwriter::utility::row_col_to_cell(self.row, col),
            value: value.to_string(),
            reason,
        });
    }

    /// Frozen header row, an autofilter over the rows written, the widths.
    fn finish(mut self, autofilter: bool) -> Result<Worksheet, XlsxError> {
        self.sheet.set_freeze_panes(1, 0)?;
        let last_col = (self.widths.len() - 1) as ColNum;
        if autofilter {
            self.sheet.autofilter(0, 0, self.row, last_col)?;
        }
        for (col, width) in self.widths.iter().enumerate() {
            // A little room for the autofilter's button.
            self.sheet
                .set_column_width(col as ColNum, (*width + 3) as f64)?;
        }
        Ok(self.sheet)
    }
}

fn check_rows(what: &'static str, rows: usize) -> Result<(), XlsxExportError> {
    if rows >= EXCEL_MAX_ROWS {
        return Err(XlsxExportError::TooManyRows { what, rows });
    }
    Ok(())
}

/// The workbook of `facts`, as bytes.
pub(super) fn workbook(
    wb: &Workbench,
    options: ExportOptions,
    facts: &[&ReviewFact],
    query: Option<&Query>,
) -> Result<Vec<u8>, XlsxExportError> {
    let mention_count: usize = facts.iter().map(|f| f.mentions.len()).sum();
    check_rows("facts", facts.len())?;
    check_rows("mentions", mention_count)?;
    check_rows("documents", wb.documents().len())?;
    let language = options.headers;
    let formats = Formats::new();
    let mut notes = Vec::new();

    let mut sheet = SheetWriter::new("facts", &FACT_COLUMNS, language, &formats)?;
    for fact in facts {
        let mut docs: Vec<&str> = Vec::new();
        for m in &fact.mentions {
            if !docs.contains(&m.mention.doc.as_str()) {
                docs.push(&m.mention.doc);
            }
        }
        let docs = docs.join("; ");
        let cells = [Cell::Count(fact.id.0.into()), text(fact.status.as_str())]
            .into_iter()
            .chain(reading(&fact.fields))
            .chain([
                text(&fact.note),
                Cell::Bool(fact.is_edited()),
                Cell::Bool(fact.added_by_hand),
            ])
            .chain(reading(&fact.original))
            .chain([Cell::Count(fact.mentions.len() as u64), text(&docs)]);
        sheet.row(cells, &mut notes)?;
    }
    let facts_sheet = sheet.finish(true)?;

    let mut sheet = SheetWriter::new("mentions", &MENTION_COLUMNS, language, &formats)?;
    for fact in facts {
        for reviewed in &fact.mentions {
            let m = &reviewed.mention;
            let published = wb.document(reviewed.doc_id).published.as_deref();
            let confidence = m.confidence.to_string();
            let cells = [
                Cell::Count(fact.id.0.into()),
                text(fact.status.as_str()),
                text(&m.doc),
                published.map_or(Cell::Empty, Cell::Date),
                Cell::Count(m.start as u64),
                Cell::Count(m.end as u64),
                text(&m.surface),
                text(&m.sentence),
                // The f32's shortest form (`0.85`), not its binary expansion.
                confidence
                    .parse::<Decimal>()
                    .map_or_else(|_| text(&confidence), Cell::Number),
                text(m.kind.as_str()),
                value(&m.value),
                m.value_max.as_ref().map_or(Cell::Empty, value),
                opt_text(m.unit.as_deref()),
                opt_text(m.approx.map(|a| a.as_str())),
                text(&m.subject),
                opt_text(m.measure.map(|x| x.as_str())),
                opt_text(m.direction.map(|x| x.as_str())),
                m.basis.as_deref().map_or(Cell::Empty, Cell::Date),
                m.period.as_deref().map_or(Cell::Empty, Cell::Date),
                opt_text(m.per.as_deref()),
            ];
            sheet.row(cells, &mut notes)?;
        }
    }
    let mentions_sheet = sheet.finish(true)?;

    let mut sheet = SheetWriter::new("documents", &DOCUMENT_COLUMNS, language, &formats)?;
    for d in wb.documents() {
        let path = d.path.as_ref().map(|p| p.display().to_string());
        let cells = [
            text(&d.name),
            opt_text(path.as_deref()),
            d.published.as_deref().map_or(Cell::Empty, Cell::Date),
            Cell::Bool(d.published_given),
            text(&d.encoding),
            Cell::Count(d.chars as u64),
        ];
        sheet.row(cells, &mut notes)?;
    }
    let documents_sheet = sheet.finish(true)?;

    // The export sheet: what this workbook is. Its own cells are plain text and counts.
    let mut sheet = SheetWriter::new("export", &["field", "value"], language, &formats)?;
    let exported_at = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
    let filter = describe_selection(wb, options.scope, facts.len(), query);
    let mut no_notes = Vec::new();
    let values: [Cell; EXPORT_FIELDS.len()] = [
        text(XLSX_FORMAT_TAG),
        text(FORMAT_TAG),
        text(env!("CARGO_PKG_VERSION")),
        text(&exported_at),
        text(options.scope.as_str()),
        text(&filter),
        Cell::Count(facts.len() as u64),
        Cell::Count(mention_count as u64),
        Cell::Count(wb.documents().len() as u64),
        Cell::Count(notes.len() as u64),
        text(
            "values are numbers, exactly as extracted; a value Excel cannot hold exactly \
             (more than 15 significant digits) is text, listed on the notes sheet",
        ),
        text(
            "complete ISO dates are Excel dates; partial dates (2025, 2025-06, --06-18) and \
             intervals (2016-01/2016-09) are text as FACTS.md writes them",
        ),
    ];
    for (code, cell) in EXPORT_FIELDS.into_iter().zip(values) {
        sheet.row([Cell::Text(header(code, language)), cell], &mut no_notes)?;
    }
    let export_sheet = sheet.finish(false)?;

    let mut sheet = SheetWriter::new("notes", &NOTE_COLUMNS, language, &formats)?;
    for note in &notes {
        let cells = [
            text(note.sheet),
            text(&note.cell),
            text(&note.value),
            text(note.reason),
        ];
        sheet.row(cells, &mut no_notes)?;
    }
    let notes_sheet = sheet.finish(true)?;

    let mut workbook = Workbook::new();
    for sheet in [
        facts_sheet,
        mentions_sheet,
        documents_sheet,
        export_sheet,
        notes_sheet,
    ] {
        workbook.push_worksheet(sheet);
    }
    Ok(workbook.save_to_buffer()?)
}

/// Which facts the export holds, in words: the scope's rule, the table's filter for the shown
/// facts, and how many of the project's facts that is.
fn describe_selection(
    wb: &Workbench,
    scope: Scope,
    exported: usize,
    query: Option<&Query>,
) -> String {
    let total = wb.live_facts().count();
    let rule = match (scope, query) {
        (Scope::Verified, _) => "status verified".to_string(),
        (Scope::All, _) => "every fact, with its status".to_string(),
        (Scope::Shown, Some(query)) => describe_query(wb, query),
        (Scope::Shown, None) => "the facts the table showed".to_string(),
    };
    format!("{rule}: {exported} of {total} facts")
}

fn describe_query(wb: &Workbench, query: &Query) -> String {
    let mut parts = Vec::new();
    let list = |codes: Vec<&str>| codes.join(", ");
    if !query.kinds.is_empty() {
        parts.push(format!(
            "kind {}",
            list(query.kinds.iter().map(|k| k.as_str()).collect())
        ));
    }
    if !query.statuses.is_empty() {
        parts.push(format!(
            "status {}",
            list(query.statuses.iter().map(|s| s.as_str()).collect())
        ));
    }
    if !query.measures.is_empty() {
        parts.push(format!(
            "measure {}",
            list(query.measures.iter().map(|m| m.as_str()).collect())
        ));
    }
    if let Some(doc) = query.document {
        parts.push(format!("document {}", wb.document(doc).name));
    }
    if !query.search.is_empty() {
        parts.push(format!("search “{}”", query.search));
    }
    if parts.is_empty() {
        parts.push("no filter or search".to_string());
    }
    parts.push(format!(
        "sorted by {}{}",
        query.sort.title(),
        if query.descending { ", descending" } else { "" }
    ));
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decimal_is_a_number_only_when_excel_holds_it_exactly() {
        for exact in [
            "94800000000",
            "452.67",
            "-30000000",
            "0.1",
            "0.34",
            "123456789012345",
        ] {
            assert_eq!(
                number_as_text_reason(exact.parse().unwrap()),
                None,
                "{exact}"
            );
        }
        for text in [
            "1234567890123456",
            "12345678901234567890",
            "0.1234567890123456789",
        ] {
            assert!(
                number_as_text_reason(text.parse().unwrap()).is_some(),
                "{text}"
            );
        }
    }

    #[test]
    fn only_complete_dates_become_dates() {
        assert!(matches!(excel_date("2025-06-18"), Ok(Some(_))));
        assert!(matches!(excel_date("2007-03-05T20:18"), Ok(Some(_))));
        for partial in [
            "2025",
            "2025-06",
            "--06-18",
            "--06",
            "2016-01/2016-09",
            "yoy",
            "2025-02-30",
        ] {
            assert!(matches!(excel_date(partial), Ok(None)), "{partial}");
        }
        assert!(excel_date("1840-06-01").is_err());
    }

    #[test]
    fn every_header_has_a_chinese_title() {
        let codes = FACT_COLUMNS
            .iter()
            .chain(&MENTION_COLUMNS)
            .chain(&DOCUMENT_COLUMNS)
            .chain(&NOTE_COLUMNS)
            .chain(&EXPORT_FIELDS)
            .chain(&super::super::CSV_COLUMNS)
            .chain(&["field", "value"]);
        for code in codes {
            assert!(super::super::has_chinese(code), "{code}");
        }
    }

    #[test]
    fn a_string_longer_than_a_cell_holds_is_cut_and_noted() {
        let formats = Formats::new();
        let mut sheet =
            SheetWriter::new("facts", &["note"], HeaderLanguage::English, &formats).unwrap();
        let mut notes = Vec::new();
        // Chars outside the BMP take two UTF-16 units: Excel's limit counts units.
        let long = "𠀀".repeat(EXCEL_MAX_STRING / 2 + 1);
        sheet.row([text(&long)], &mut notes).unwrap();
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].cell, "A2");
        assert!(notes[0].reason.contains("32767"));
        let short = "备注".repeat(100);
        sheet.row([text(&short)], &mut notes).unwrap();
        assert_eq!(notes.len(), 1, "a string that fits is not noted");
    }

    #[test]
    fn chinese_counts_twice_in_a_width() {
        assert_eq!(display_width("贸易额", 60), 6);
        assert_eq!(display_width("948亿美元", 60), 9);
        assert_eq!(display_width(&"很".repeat(100), 60), 60);
    }
}
