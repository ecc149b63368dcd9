//! Extraction throughput on the bundled seeds repeated to about 50 MB (`FACTDESK_BENCH_MB` to
//! change it): one thread over all documents, all cores with documents in parallel, and the same
//! text as one document on one thread (as issue 9 measures it: one large file, no parallelism).
//!
//! Run with `cargo bench --bench extract`; criterion reports MiB/s.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use factdesk::Extractor;
use factdesk::corpus::Document;
use rayon::prelude::*;

fn corpus() -> Vec<Document> {
    let target_mb: usize = std::env::var("FACTDESK_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let seeds = factdesk::seeds::documents();
    let mut docs = Vec::new();
    let mut bytes = 0;
    while bytes < target_mb << 20 {
        for seed in &seeds {
            bytes += seed.text.len();
            docs.push(Document {
                name: format!("{}-{}", docs.len(), seed.name),
                ..seed.clone()
            });
        }
    }
    docs
}

fn extraction(c: &mut Criterion) {
    let extractor = Extractor::new();
    let docs = corpus();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("single_thread", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| extractor.extract(&d.name, &d.text).mentions.len())
                .sum::<usize>()
        })
    });
    group.bench_function("all_cores", |b| {
        b.iter(|| {
            docs.par_iter()
                .map(|d| extractor.extract(&d.name, &d.text).mentions.len())
                .sum::<usize>()
        })
    });
    let one: String = docs.iter().map(|d| d.text.as_str()).collect();
    group.bench_function("one_document", |b| {
        b.iter(|| extractor.extract("one", &one).mentions.len())
    });
    group.finish();
}

criterion_group!(benches, extraction);
criterion_main!(benches);
