//! Scores the engine against hand-made gold facts for every seed document (`tests/gold/*.tsv`).
//!
//! A gold mention is found when an extracted mention of the same document overlaps its span and
//! agrees on kind, value, value_max and unit. Precision and recall are printed per document and
//! in total; the test fails when either falls below the floor the engine has reached.

use std::collections::BTreeMap;
use std::path::Path;

use factdesk::{Extractor, Mention};

/// Floors: the scores reached when this test was last tightened (see the README).
const MIN_PRECISION: f64 = 0.97;
const MIN_RECALL: f64 = 0.995;

#[derive(Debug)]
struct Gold {
    start: usize,
    end: usize,
    surface: String,
    kind: String,
    value: String,
    value_max: String,
    unit: String,
}

fn read_gold(path: &Path) -> Vec<Gold> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("start\tend\tsurface\tkind\tvalue\tvalue_max\tunit\tapprox"),
        "{}",
        path.display()
    );
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Gold {
                start: f[0].parse().unwrap(),
                end: f[1].parse().unwrap(),
                surface: f[2].replace("\\n", "\n").replace("\\r", "\r"),
                kind: f[3].into(),
                value: f[4].into(),
                value_max: f[5].into(),
                unit: f[6].into(),
            }
        })
        .collect()
}

fn agrees(m: &Mention, g: &Gold) -> bool {
    m.start < g.end
        && g.start < m.end
        && m.kind.as_str() == g.kind
        && m.value.to_string() == g.value
        && m.value_max
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default()
            == g.value_max
        && m.unit.as_deref().unwrap_or("") == g.unit
}

#[test]
fn seeds_match_gold_facts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let extractor = Extractor::new();
    let mut totals = (0usize, 0usize, 0usize); // (matched, extracted, gold)
    let mut per_kind: BTreeMap<String, (usize, usize)> = BTreeMap::new(); // gold kind → (found, total)
    let verbose = std::env::var_os("FACTDESK_GOLD_VERBOSE").is_some();
    let mut gold_files: Vec<_> = std::fs::read_dir(root.join("tests/gold"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    gold_files.sort();
    assert_eq!(gold_files.len(), 5, "one gold file per seed document");
    for gold_path in gold_files {
        let doc = format!("{}.txt", gold_path.file_stem().unwrap().to_string_lossy());
        let text = std::fs::read_to_string(root.join("seeds").join(&doc)).unwrap();
        let gold = read_gold(&gold_path);
        for g in &gold {
            let surface: String = text.chars().skip(g.start).take(g.end - g.start).collect();
            assert_eq!(
                surface, g.surface,
                "{doc}: gold offsets {}..{} do not hold its surface",
                g.start, g.end
            );
        }
        let mentions = extractor.extract(&doc, &text).mentions;
        let mut used = vec![false; mentions.len()];
        let mut matched = 0;
        for g in &gold {
            let hit = mentions
                .iter()
                .enumerate()
                .find(|(i, m)| !used[*i] && agrees(m, g));
            let entry = per_kind.entry(g.kind.clone()).or_default();
            entry.1 += 1;
            if let Some((i, _)) = hit {
                used[i] = true;
                matched += 1;
                entry.0 += 1;
            } else if verbose {
                println!(
                    "  missed {doc} {:?} {} {} {} {}",
                    g.surface, g.kind, g.value, g.value_max, g.unit
                );
            }
        }
        if verbose {
            for (m, _) in mentions.iter().zip(&used).filter(|(_, u)| !**u) {
                println!(
                    "  extra  {doc} {:?} {} {} {:?} {:?}",
                    m.surface, m.kind, m.value, m.value_max, m.unit
                );
            }
        }
        println!(
            "{doc}: gold {} extracted {} matched {}  precision {:.3} recall {:.3}",
            gold.len(),
            mentions.len(),
            matched,
            matched as f64 / mentions.len().max(1) as f64,
            matched as f64 / gold.len().max(1) as f64
        );
        totals.0 += matched;
        totals.1 += mentions.len();
        totals.2 += gold.len();
    }
    for (kind, (found, total)) in &per_kind {
        println!("  recall {kind:<9} {found}/{total}");
    }
    let precision = totals.0 as f64 / totals.1 as f64;
    let recall = totals.0 as f64 / totals.2 as f64;
    println!(
        "all seeds: gold {} extracted {} matched {}  precision {precision:.3} recall {recall:.3}",
        totals.2, totals.1, totals.0
    );
    assert!(
        precision >= MIN_PRECISION,
        "precision {precision:.3} fell below {MIN_PRECISION}"
    );
    assert!(
        recall >= MIN_RECALL,
        "recall {recall:.3} fell below {MIN_RECALL}"
    );
}
