//! Scores the frame (FACTS.md format version 2) against hand-made expectations: for every figure
//! of the seeds and of the real texts under `tests/frames/texts/`, the subject, measure,
//! direction, basis and period an analyst would write (`tests/frames/*.tsv`, notes in
//! `tests/frames/NOTES.md`, sources in `tests/frames/texts/SOURCES.md`).
//!
//! A gold figure is found when an extracted mention of its document overlaps its span with the
//! same kind; each field is then scored over the found figures it applies to (subject, measure,
//! direction and basis over money, percent and quantity; period over those and dates and
//! periods). The publication date is the text's metadata (`tests/frames/texts/published.tsv`, as a
//! corpus gives it with `--metadata`), else the one the engine finds in the text. Per-field accuracy is
//! printed per document and in total; the test fails below the floors the engine has reached.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use factdesk::{Extractor, Mention};

/// Floors: the accuracies reached when this test was last tightened (see the README).
const FLOORS: [(&str, f64); 5] = [
    ("subject", 0.76),
    ("measure", 0.98),
    ("direction", 0.99),
    ("basis", 0.95),
    ("period", 0.89),
];

#[derive(Debug)]
struct Gold {
    start: usize,
    end: usize,
    surface: String,
    kind: String,
    fields: BTreeMap<&'static str, String>,
}

const FIELDS: [&str; 5] = ["subject", "measure", "direction", "basis", "period"];

fn read_gold(path: &Path) -> Vec<Gold> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("start\tend\tsurface\tkind\tvalue\tsubject\tmeasure\tdirection\tbasis\tperiod"),
        "{}",
        path.display()
    );
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert!(f.len() >= 10, "{}: short row {l}", path.display());
            let mut fields = BTreeMap::new();
            for (k, name) in FIELDS.iter().enumerate() {
                fields.insert(*name, f[5 + k].trim().to_string());
            }
            Gold {
                start: f[0].parse().unwrap(),
                end: f[1].parse().unwrap(),
                surface: f[2].replace("\\n", "\n"),
                kind: f[3].into(),
                fields,
            }
        })
        .collect()
}

fn document_text(root: &Path, name: &str) -> String {
    let candidates = [
        root.join("seeds").join(format!("{name}.txt")),
        root.join("tests/frames/texts").join(format!("{name}.txt")),
    ];
    let path = candidates
        .iter()
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("no text for gold {name}"));
    let text = std::fs::read_to_string(path).unwrap();
    text.strip_prefix('\u{feff}').unwrap_or(&text).to_string()
}

fn field_of(m: &Mention, field: &str) -> String {
    match field {
        "subject" => m.subject.clone(),
        "measure" => m.measure.map(|x| x.to_string()).unwrap_or_default(),
        "direction" => m.direction.map(|x| x.to_string()).unwrap_or_default(),
        "basis" => m.basis.clone().unwrap_or_default(),
        "period" => m.period.clone().unwrap_or_default(),
        _ => unreachable!(),
    }
}

fn applies(field: &str, kind: &str) -> bool {
    let figure = matches!(kind, "money" | "percent" | "quantity");
    match field {
        "period" => figure || matches!(kind, "date" | "period"),
        _ => figure,
    }
}

fn agrees(got: &str, want: &str) -> bool {
    let norm = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let got = norm(got);
    want.split(" | ").any(|w| norm(w) == got)
}

#[derive(Default, Clone, Copy)]
struct Score {
    right: usize,
    total: usize,
}

impl Score {
    fn rate(self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.right as f64 / self.total as f64
        }
    }
}

#[test]
fn frame_gold() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut golds: Vec<PathBuf> = std::fs::read_dir(root.join("tests/frames"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
        .collect();
    golds.sort();
    assert!(golds.len() >= 8, "expected the five seeds and three texts");
    let metadata = std::fs::read_to_string(root.join("tests/frames/texts/published.tsv")).unwrap();
    let published: BTreeMap<&str, &str> = metadata
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .collect();
    let extractor = Extractor::new();
    let mut total: BTreeMap<&str, Score> = BTreeMap::new();
    let (mut found, mut figures) = (0, 0);
    let mut misses = Vec::new();
    for path in &golds {
        let name = path.file_stem().unwrap().to_str().unwrap().to_string();
        let text = document_text(&root, &name);
        let chars: Vec<char> = text.chars().collect();
        let file = format!("{name}.txt");
        let given = published.get(file.as_str()).copied();
        let extraction = extractor.extract_published(&file, &text, given);
        let mut doc: BTreeMap<&str, Score> = BTreeMap::new();
        let gold = read_gold(path);
        for g in &gold {
            let surface: String = chars[g.start..g.end].iter().collect();
            assert_eq!(
                surface, g.surface,
                "{name}: gold span {}..{}",
                g.start, g.end
            );
            figures += 1;
            let Some(m) = extraction
                .mentions
                .iter()
                .find(|m| m.start < g.end && g.start < m.end && m.kind.as_str() == g.kind)
            else {
                continue;
            };
            found += 1;
            for field in FIELDS {
                if !applies(field, &g.kind) {
                    continue;
                }
                let want = &g.fields[field];
                let got = field_of(m, field);
                let ok = agrees(&got, want);
                for score in [
                    doc.entry(field).or_default(),
                    total.entry(field).or_default(),
                ] {
                    score.total += 1;
                    score.right += usize::from(ok);
                }
                if !ok {
                    misses.push(format!(
                        "{name} {}..{} {} [{field}] want `{want}` got `{got}`",
                        g.start, g.end, g.surface
                    ));
                }
            }
        }
        let line: Vec<String> = FIELDS
            .iter()
            .map(|f| {
                let s = doc.get(f).copied().unwrap_or_default();
                format!("{f} {:.3} ({}/{})", s.rate(), s.right, s.total)
            })
            .collect();
        println!(
            "{name} (published {:?}): {}",
            extraction.published,
            line.join(", ")
        );
    }
    if std::env::var_os("FRAME_GOLD_MISSES").is_some() {
        for m in &misses {
            println!("  {m}");
        }
    }
    println!("found {found} of {figures} gold figures");
    let mut failures = Vec::new();
    for (field, floor) in FLOORS {
        let s = total.get(field).copied().unwrap_or_default();
        println!("total {field}: {:.3} ({}/{})", s.rate(), s.right, s.total);
        if s.rate() < floor {
            failures.push(format!("{field} {:.3} < {floor}", s.rate()));
        }
    }
    assert!(failures.is_empty(), "below the floors: {failures:?}");
}
