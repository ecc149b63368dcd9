//! The Excel workbook and the CSV flavours of `factdesk export`, through the real binary: a
//! project made with `factdesk new` from the seeds and a document of hostile cells, reviewed with
//! `factdesk review`, exported as JSON and as xlsx; the workbook is read back with calamine and
//! compared cell by cell with the JSON export.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use factdesk::review::export::{
    self, DOCUMENT_COLUMNS, FACT_COLUMNS, HeaderLanguage, MENTION_COLUMNS, NOTE_COLUMNS, SHEETS,
};
use rust_decimal::Decimal;
use serde_json::Value;

fn factdesk() -> Command {
    Command::cargo_bin("factdesk").unwrap()
}

/// A document whose figures and cells a spreadsheet must not take at face value: a number with
/// more digits than Excel keeps, a sentence that starts like a formula, a partial date.
const HOSTILE: &str = "2025年6月20日电\n\
=SUM(A1:A9)，全年财政收支差额为1234567890123456789元。\n\
据统计，6月18日当天共接待游客120万人次。\n";

/// The project, reviewed: one fact verified, one rejected, one with a note that is a formula.
struct Project {
    dir: tempfile::TempDir,
    path: PathBuf,
    /// The id of the fact whose note is `=HYPERLINK(…)`.
    noted: u64,
}

const FORMULA_NOTE: &str = "=HYPERLINK(\"http://example.com\",\"看这里\")";

fn project() -> Project {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, corpus.join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(corpus.join("hostile.txt"), HOSTILE).unwrap();
    let path = dir.path().join("review.factdesk");
    factdesk()
        .arg("new")
        .arg(&path)
        .arg(&corpus)
        .assert()
        .success();
    let json = export_json(&path);
    let ids: Vec<u64> = json["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_u64().unwrap())
        .collect();
    let noted = ids[2];
    let script = format!(
        "status {} verified\nstatus {} rejected\nnote {noted} {FORMULA_NOTE}\n",
        ids[0], ids[1]
    );
    factdesk()
        .arg("review")
        .arg(&path)
        .write_stdin(script)
        .assert()
        .success();
    Project { dir, path, noted }
}

fn export_json(project: &Path) -> Value {
    let out = factdesk()
        .arg("export")
        .arg(project)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn export_xlsx(project: &Project, name: &str, extra: &[&str]) -> PathBuf {
    let out = project.dir.path().join(name);
    factdesk()
        .arg("export")
        .arg(&project.path)
        .args(["--format", "xlsx"])
        .args(extra)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    out
}

/// A sheet read back: its header row, its rows, and whether any cell is a formula.
struct Sheet {
    header: Vec<String>,
    rows: Vec<Vec<Data>>,
    formulas: usize,
}

impl Sheet {
    fn col(&self, code: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == code)
            .unwrap_or_else(|| panic!("no column {code}"))
    }
}

fn read_sheets(path: &Path) -> HashMap<String, Sheet> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    assert_eq!(book.sheet_names(), SHEETS.map(String::from).to_vec());
    let mut sheets = HashMap::new();
    for name in SHEETS {
        let range: Range<Data> = book.worksheet_range(name).unwrap();
        let formulas = book
            .worksheet_formula(name)
            .unwrap()
            .used_cells()
            .filter(|(_, _, f)| !f.is_empty())
            .count();
        let mut rows = range.rows().map(<[Data]>::to_vec);
        let header = rows
            .next()
            .unwrap()
            .iter()
            .map(|c| match c {
                Data::String(s) => s.clone(),
                other => panic!("{name}: header cell {other:?}"),
            })
            .collect();
        sheets.insert(
            name.to_string(),
            Sheet {
                header,
                rows: rows.collect(),
                formulas,
            },
        );
    }
    sheets
}

/// `A1` names of a cell, as the notes sheet writes them.
fn cell_name(row: usize, col: usize) -> String {
    let mut letters = String::new();
    let mut n = col + 1;
    while n > 0 {
        letters.insert(0, (b'A' + ((n - 1) % 26) as u8) as char);
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

/// An ISO date string Excel holds as a date: `YYYY-MM-DD`, optionally with `THH:MM[:SS]`.
fn is_complete_date(s: &str) -> bool {
    let b = s.as_bytes();
    matches!(s.len(), 10 | 16 | 19)
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && !s.contains('/')
}

fn decimal(text: &str) -> Decimal {
    text.parse::<Decimal>()
        .or_else(|_| Decimal::from_scientific(text))
        .unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// How many cells of each sort were compared.
#[derive(Default)]
struct Seen {
    notes: usize,
    numbers: usize,
    dates: usize,
}

/// Compares one cell with the JSON value it was written from. A number Excel cannot hold
/// exactly must be text holding its exact digits and be listed on the notes sheet.
fn assert_cell(
    cell: &Data,
    json: &Value,
    at: (&str, usize, usize),
    notes: &HashMap<(String, String), (String, String)>,
    seen: &mut Seen,
) {
    let (sheet, row, col) = at;
    let name = cell_name(row + 1, col);
    let place = format!("{sheet}!{name}");
    let note = notes.get(&(sheet.to_string(), name.clone()));
    match json {
        Value::Null => assert_eq!(cell, &Data::Empty, "{place}"),
        Value::String(s) if s.is_empty() => assert_eq!(cell, &Data::Empty, "{place}"),
        Value::Bool(b) => assert_eq!(cell, &Data::Bool(*b), "{place}"),
        Value::Number(n) => {
            let exact = n.to_string();
            match (cell, note) {
                (Data::String(text), Some((value, reason))) => {
                    seen.notes += 1;
                    assert_eq!(text, &exact, "{place}: the exact digits as text");
                    assert_eq!(value, &exact, "{place}: the note holds the exact value");
                    assert!(
                        reason.contains("15 significant digits"),
                        "{place}: {reason}"
                    );
                }
                (Data::Float(f), None) => {
                    seen.numbers += 1;
                    assert_eq!(
                        decimal(&format!("{f}")),
                        decimal(&exact),
                        "{place}: the number exactly"
                    )
                }
                other => panic!("{place}: {exact} written as {other:?}"),
            }
        }
        Value::String(s) if is_complete_date(s) => {
            let Data::DateTime(date) = cell else {
                panic!("{place}: {s} written as {cell:?}");
            };
            let (y, mo, d, h, mi, sec, _) = date.to_ymd_hms_milli();
            let back = match s.len() {
                10 => format!("{y:04}-{mo:02}-{d:02}"),
                16 => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}"),
                _ => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{sec:02}"),
            };
            assert_eq!(&back, s, "{place}");
            assert!(note.is_none(), "{place}");
            seen.dates += 1;
        }
        Value::String(s) => {
            assert_eq!(cell, &Data::String(s.clone()), "{place}");
            assert!(note.is_none(), "{place}: text is not a note");
        }
        other => panic!("{place}: unexpected JSON {other}"),
    }
}

/// The JSON value each column of a sheet row is written from.
fn fact_json<'a>(fact: &'a Value, code: &str) -> Value {
    let reading = |fields: &'a Value, field: &str| fields[field].clone();
    match code {
        "fact_id" => fact["id"].clone(),
        "status" | "note" | "edited" | "added_by_hand" => fact[code].clone(),
        "mentions" => Value::from(fact["mentions"].as_array().unwrap().len()),
        "docs" => {
            let mut docs: Vec<&str> = Vec::new();
            for m in fact["mentions"].as_array().unwrap() {
                let doc = m["doc"].as_str().unwrap();
                if !docs.contains(&doc) {
                    docs.push(doc);
                }
            }
            Value::from(docs.join("; "))
        }
        _ => match code.strip_prefix("original_") {
            Some(field) => reading(&fact["original"], field),
            None => reading(&fact["fields"], code),
        },
    }
}

#[test]
fn the_workbook_holds_what_the_json_export_holds_cell_by_cell() {
    let project = project();
    let json = export_json(&project.path);
    let path = export_xlsx(&project, "all.xlsx", &[]);
    let sheets = read_sheets(&path);
    for (name, sheet) in &sheets {
        assert_eq!(sheet.formulas, 0, "{name}: no cell is a formula");
    }

    // Headers: the contract's codes, in order.
    assert_eq!(sheets["facts"].header, FACT_COLUMNS.to_vec());
    assert_eq!(sheets["mentions"].header, MENTION_COLUMNS.to_vec());
    assert_eq!(sheets["documents"].header, DOCUMENT_COLUMNS.to_vec());
    assert_eq!(sheets["notes"].header, NOTE_COLUMNS.to_vec());

    let notes_sheet = &sheets["notes"];
    let notes: HashMap<(String, String), (String, String)> = notes_sheet
        .rows
        .iter()
        .map(|r| {
            let s = |i: usize| match &r[i] {
                Data::String(s) => s.clone(),
                other => panic!("notes: {other:?}"),
            };
            ((s(0), s(1)), (s(2), s(3)))
        })
        .collect();
    let mut seen = Seen::default();

    let facts = json["facts"].as_array().unwrap();
    let sheet = &sheets["facts"];
    assert_eq!(sheet.rows.len(), facts.len(), "one row per fact");
    for (row, (cells, fact)) in sheet.rows.iter().zip(facts).enumerate() {
        for (col, code) in FACT_COLUMNS.iter().enumerate() {
            let cell = cells.get(col).unwrap_or(&Data::Empty);
            assert_cell(
                cell,
                &fact_json(fact, code),
                ("facts", row, col),
                &notes,
                &mut seen,
            );
        }
    }

    let published: HashMap<&str, &Value> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["doc"].as_str().unwrap(), &d["published"]))
        .collect();
    let sheet = &sheets["mentions"];
    let mut row = 0;
    for fact in facts {
        for mention in fact["mentions"].as_array().unwrap() {
            let cells = &sheet.rows[row];
            for (col, code) in MENTION_COLUMNS.iter().enumerate() {
                let expected = match *code {
                    "fact_id" => fact["id"].clone(),
                    "status" => fact["status"].clone(),
                    "published" => published[mention["doc"].as_str().unwrap()].clone(),
                    _ => mention[code].clone(),
                };
                let cell = cells.get(col).unwrap_or(&Data::Empty);
                assert_cell(cell, &expected, ("mentions", row, col), &notes, &mut seen);
            }
            row += 1;
        }
    }
    assert_eq!(row, sheet.rows.len(), "one row per mention");

    let sheet = &sheets["documents"];
    let documents = json["documents"].as_array().unwrap();
    assert_eq!(sheet.rows.len(), documents.len());
    for (row, (cells, doc)) in sheet.rows.iter().zip(documents).enumerate() {
        for (col, code) in DOCUMENT_COLUMNS.iter().enumerate() {
            let cell = cells.get(col).unwrap_or(&Data::Empty);
            let expected = if *code == "doc" {
                doc["doc"].clone()
            } else {
                doc[code].clone()
            };
            assert_cell(cell, &expected, ("documents", row, col), &notes, &mut seen);
        }
    }

    // The long number is text with its exact digits, and every note was met on the way.
    assert!(
        notes.values().any(|(v, _)| v == "1234567890123456789"),
        "{notes:?}"
    );
    assert_eq!(
        seen.notes,
        notes.len(),
        "every note names a cell compared above"
    );
    assert!(
        seen.notes >= 2,
        "the long number on the facts and the mentions sheet"
    );
    assert!(
        seen.numbers > 1000 && seen.dates > 100,
        "{} numbers, {} dates",
        seen.numbers,
        seen.dates
    );

    // A note that is a formula stays a string.
    let facts_sheet = &sheets["facts"];
    let noted = facts_sheet
        .rows
        .iter()
        .find(|r| r[0] == Data::Float(project.noted as f64))
        .unwrap();
    assert_eq!(
        noted[facts_sheet.col("note")],
        Data::String(FORMULA_NOTE.into())
    );
    // A sentence that starts like a formula stays a string, and a partial date is text.
    let mentions = &sheets["mentions"];
    assert!(mentions.rows.iter().any(|r| matches!(
        &r[mentions.col("sentence")],
        Data::String(s) if s.starts_with("=SUM(")
    )));
    assert!(
        mentions
            .rows
            .iter()
            .any(|r| r[mentions.col("value")] == Data::String("--06-18".into()))
    );

    // The export sheet says what this is.
    let export_sheet = &sheets["export"];
    let field = |code: &str| -> Data {
        export_sheet
            .rows
            .iter()
            .find(|r| r[0] == Data::String(code.into()))
            .unwrap_or_else(|| panic!("no {code} on the export sheet"))[1]
            .clone()
    };
    assert_eq!(
        field("format"),
        Data::String(export::XLSX_FORMAT_TAG.into())
    );
    assert_eq!(
        field("record_format"),
        Data::String(export::FORMAT_TAG.into())
    );
    assert_eq!(
        field("factdesk_version"),
        Data::String(env!("CARGO_PKG_VERSION").into())
    );
    assert_eq!(field("scope"), Data::String("all".into()));
    assert_eq!(field("facts"), Data::Float(facts.len() as f64));
    assert_eq!(field("cells_as_text"), Data::Float(notes.len() as f64));
    let Data::String(at) = field("exported_at") else {
        panic!("exported_at is text");
    };
    assert!(humantime::parse_rfc3339(&at).is_ok(), "{at}");
}

#[test]
fn every_data_sheet_has_a_frozen_header_an_autofilter_and_widths_for_chinese() {
    let project = project();
    let path = export_xlsx(&project, "all.xlsx", &[]);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    // Sheets are stored in order: facts, mentions, documents, export, notes.
    for (i, name) in SHEETS.iter().enumerate() {
        let mut xml = String::new();
        zip.by_name(&format!("xl/worksheets/sheet{}.xml", i + 1))
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        assert!(
            xml.contains(
                r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            ),
            "{name}: frozen header row"
        );
        assert_eq!(
            xml.contains("<autoFilter ref=\"A1:"),
            *name != "export",
            "{name}: autofilter"
        );
        assert!(!xml.contains("<f>"), "{name}: no formula");
        if *name == "mentions" {
            // The sentence column is wider than its header because Chinese counts double, and
            // capped.
            let col = MENTION_COLUMNS
                .iter()
                .position(|c| *c == "sentence")
                .unwrap()
                + 1;
            let tag = format!("<col min=\"{col}\" max=\"{col}\" width=\"");
            let at = xml.find(&tag).expect("the sentence column has a width") + tag.len();
            let width: f64 = xml[at..].split('"').next().unwrap().parse().unwrap();
            assert!((60.0..=64.0).contains(&width), "sentence width {width}");
        }
    }
}

#[test]
fn chinese_headers_change_the_header_row_only() {
    let project = project();
    let english = read_sheets(&export_xlsx(&project, "en.xlsx", &[]));
    let chinese = read_sheets(&export_xlsx(&project, "zh.xlsx", &["--headers", "zh"]));
    for (name, columns) in [
        ("facts", FACT_COLUMNS.as_slice()),
        ("mentions", MENTION_COLUMNS.as_slice()),
        ("documents", DOCUMENT_COLUMNS.as_slice()),
        ("notes", NOTE_COLUMNS.as_slice()),
    ] {
        let expected: Vec<String> = columns
            .iter()
            .map(|c| {
                assert!(export::has_chinese(c), "{c} has a Chinese header");
                export::header(c, HeaderLanguage::Chinese).into_owned()
            })
            .collect();
        assert_eq!(chinese[name].header, expected, "{name}");
        assert!(
            chinese[name]
                .header
                .iter()
                .all(|h| h.chars().any(|c| c > '\u{2e80}'))
        );
        assert_eq!(
            chinese[name].rows, english[name].rows,
            "{name}: the same values"
        );
    }
    assert_eq!(chinese["facts"].header[0], "事实编号");
    assert_eq!(chinese["facts"].header[15], "原始类别");
}

#[test]
fn an_xlsx_export_needs_a_file_and_never_overwrites_the_project() {
    let project = project();
    let out = factdesk()
        .arg("export")
        .arg(&project.path)
        .args(["--format", "xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing binary on standard output");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--out"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let before = std::fs::read(&project.path).unwrap();
    let out = factdesk()
        .arg("export")
        .arg(&project.path)
        .args(["--format", "xlsx", "--out"])
        .arg(&project.path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is the project"));
    assert_eq!(std::fs::read(&project.path).unwrap(), before);
}

fn export_csv(project: &Project, flags: &[&str]) -> (Vec<u8>, String) {
    let out = factdesk()
        .arg("export")
        .arg(&project.path)
        .args(["--format", "csv"])
        .args(flags)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out.stdout, String::from_utf8(out.stderr).unwrap())
}

/// The cells of one CSV column.
fn column(csv_bytes: &[u8], name: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(csv_bytes);
    let at = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == name)
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap()[at].to_string())
        .collect()
}

#[test]
fn the_csv_flavours_for_spreadsheets_and_for_data_tools() {
    let project = project();
    let (excel, _) = export_csv(&project, &[]);
    let (explicit, _) = export_csv(&project, &["--csv", "excel"]);
    assert_eq!(excel, explicit, "excel is the default");
    let excel = excel
        .strip_prefix("\u{feff}".as_bytes())
        .expect("a BOM for spreadsheets");
    let values = column(excel, "value");
    assert!(
        values.iter().any(|v| v == "'--06-18"),
        "partial dates guarded"
    );
    assert!(!values.iter().any(|v| v == "--06-18"));
    assert!(
        column(excel, "note")
            .iter()
            .any(|n| *n == format!("'{FORMULA_NOTE}"))
    );
    assert!(
        column(excel, "sentence")
            .iter()
            .any(|s| s.starts_with("'=SUM("))
    );
    assert!(
        values.iter().any(|v| v == "1234567890123456789"),
        "numbers as they are"
    );

    let (data, _) = export_csv(&project, &["--csv", "data"]);
    assert!(
        !data.starts_with("\u{feff}".as_bytes()),
        "no BOM for data tools"
    );
    let values = column(&data, "value");
    assert!(
        values.iter().any(|v| v == "--06-18"),
        "ISO values as they are"
    );
    assert!(!values.iter().any(|v| v.starts_with('\'')));
    assert!(column(&data, "note").iter().any(|n| n == FORMULA_NOTE));
    assert!(
        column(&data, "sentence")
            .iter()
            .any(|s| s.starts_with("=SUM("))
    );
    assert_eq!(
        column(&data, "fact_id"),
        column(excel, "fact_id"),
        "the same rows"
    );

    // The old flag still works, as the data flavour, and says it is deprecated.
    let (no_bom, stderr) = export_csv(&project, &["--no-bom"]);
    assert_eq!(no_bom, data);
    assert!(stderr.contains("deprecated"), "{stderr}");

    // Chinese headers: the header row only.
    let (zh, _) = export_csv(&project, &["--csv", "data", "--headers", "zh"]);
    let mut reader = csv::Reader::from_reader(zh.as_slice());
    assert_eq!(&reader.headers().unwrap()[0], "事实编号");
    let mut english = csv::Reader::from_reader(data.as_slice());
    let rows = |r: &mut csv::Reader<&[u8]>| -> Vec<csv::StringRecord> {
        r.records().map(Result::unwrap).collect()
    };
    assert_eq!(rows(&mut reader), rows(&mut english));
}

#[test]
fn the_shown_scope_says_which_filter_chose_its_facts() {
    use factdesk::review::loader::{Loader, Source};
    use factdesk::review::view::{FactView, Query};
    let mut wb = factdesk::review::Workbench::new();
    Loader::spawn(Source::BundledSeeds, || {}).wait_into(&mut wb);
    let query = Query {
        search: "贸易".into(),
        ..Query::default()
    };
    let mut view = FactView::default();
    view.refresh(&wb, &query);
    let shown = view.rows().to_vec();
    assert!(!shown.is_empty());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shown.xlsx");
    let options = export::ExportOptions {
        format: export::ExportFormat::Xlsx,
        scope: export::Scope::Shown,
        ..export::ExportOptions::default()
    };
    let n = export::write_to_path_with_query(&path, &wb, options, &shown, Some(&query)).unwrap();
    assert_eq!(n, shown.len());
    let sheets = read_sheets(&path);
    assert_eq!(sheets["facts"].rows.len(), shown.len());
    let filter = sheets["export"]
        .rows
        .iter()
        .find(|r| r[0] == Data::String("filter".into()))
        .map(|r| r[1].clone())
        .unwrap();
    let Data::String(filter) = filter else {
        panic!("filter is text");
    };
    let total = wb.live_facts().count();
    assert!(filter.contains("search “贸易”"), "{filter}");
    assert!(
        filter.ends_with(&format!("{} of {total} facts", shown.len())),
        "{filter}"
    );
}
