//! The CSV export: one row per mention, the reviewed reading beside the extracted one. Two
//! flavours: for spreadsheets (a UTF-8 byte-order mark so Excel and WPS read the text as UTF-8,
//! and a leading apostrophe on every cell a spreadsheet would run as a formula) and for data tools
//! (every cell exactly as the contract writes it).

use std::io::{self, Write};

use super::headers::{HeaderLanguage, header};
use crate::review::edit::{Draft, Field};
use crate::review::record::ReviewFact;
use crate::review::workbench::Workbench;

/// What the CSV cells are made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum CsvFlavour {
    /// For Excel and WPS: a cell that a spreadsheet would run as a formula gets a leading
    /// apostrophe ([`neutralise_formula`]; a partial date `--06-18` too); the project export
    /// also starts with a UTF-8 byte-order mark.
    #[default]
    Excel,
    /// For programs (pandas, R, databases): no byte-order mark, every cell exactly as extracted.
    Data,
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

pub(super) fn write_csv(
    out: &mut dyn Write,
    wb: &Workbench,
    flavour: CsvFlavour,
    headers: HeaderLanguage,
    facts: &[&ReviewFact],
) -> io::Result<()> {
    if flavour == CsvFlavour::Excel {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(CSV_COLUMNS.map(|code| header(code, headers).into_owned()))?;
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
            match flavour {
                CsvFlavour::Excel => writer
                    .write_record(row.iter().map(|cell| neutralise_formula(cell).into_owned()))?,
                CsvFlavour::Data => writer.write_record(&row)?,
            }
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
        assert_eq!(neutralise_formula("--06-18"), "'--06-18");
    }
}
