//! Exporting a project of 100,000 facts (one mention each): the CSV and the Excel workbook,
//! written to memory (the atomic write to disk adds the file's write and `fsync`).
//!
//! `cargo bench --no-default-features --bench export`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use factdesk::review::export::{self, ExportFormat, ExportOptions, Scope};

mod common;
use common::{FACTS, synthetic_workbench};

fn exports(c: &mut Criterion) {
    let workbench = synthetic_workbench();
    let facts = export::select(&workbench, Scope::All, &[]);
    assert_eq!(facts.len(), FACTS);
    let mut group = c.benchmark_group("export_100k_facts");
    group.sample_size(10);
    for format in [ExportFormat::Csv, ExportFormat::Xlsx] {
        let options = ExportOptions {
            format,
            scope: Scope::All,
            ..ExportOptions::default()
        };
        group.bench_function(format.extension(), |b| {
            b.iter(|| {
                let mut out = Vec::new();
                export::write(&mut out, &workbench, options, &facts).unwrap();
                black_box(out.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, exports);
criterion_main!(benches);
