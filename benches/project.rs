//! Saving and opening a project of 100,000 facts: the JSON project written whole (how every
//! autosave worked before the SQLite store) against the SQLite project, written whole once and
//! then one committed change at a time. Target: a change committed in under 5 ms.
//!
//! `cargo bench --no-default-features --bench project`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use factdesk::review::project::{self, SavedView, Session};
use factdesk::review::{FactId, Status};

mod common;
use common::{FACTS, synthetic_workbench};

fn project(c: &mut Criterion) {
    let mut workbench = synthetic_workbench();
    assert_eq!(workbench.all_facts().len(), FACTS);
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("bench.factdesk.json");
    let sqlite = dir.path().join("bench.factdesk");

    let mut whole = c.benchmark_group("project_100k_facts_whole");
    whole.sample_size(10);
    whole.bench_function("json_save (before: every autosave)", |b| {
        b.iter(|| project::save_json(&workbench, &json, SavedView::default()).unwrap())
    });
    whole.bench_function("sqlite_save_as", |b| {
        b.iter(|| project::save(&workbench, &sqlite, SavedView::default()).unwrap())
    });
    whole.bench_function("json_read", |b| {
        b.iter(|| black_box(project::read(&json).unwrap().facts.len()))
    });
    whole.bench_function("sqlite_read", |b| {
        b.iter(|| black_box(project::read(&sqlite).unwrap().facts.len()))
    });
    whole.finish();
    eprintln!(
        "sizes: JSON {} bytes, SQLite {} bytes",
        std::fs::metadata(&json).unwrap().len(),
        std::fs::metadata(&sqlite).unwrap().len()
    );

    // One analyst change, committed: what the window does in the frame of a key press.
    let mut session = Session::create(&sqlite, &mut workbench, SavedView::default()).unwrap();
    let mut commits = c.benchmark_group("project_100k_facts_commit");
    let mut i = 0usize;
    commits.bench_function("status", |b| {
        b.iter(|| {
            i += 1;
            let fact = FactId((i * 7919 % FACTS) as u32);
            let to = if workbench.fact(fact).unwrap().status == Status::Verified {
                Status::Rejected
            } else {
                Status::Verified
            };
            workbench.set_status(fact, to).unwrap();
            assert_eq!(session.persist(&mut workbench).unwrap(), 1);
        })
    });
    commits.bench_function("note", |b| {
        b.iter(|| {
            i += 1;
            let fact = FactId((i * 7919 % FACTS) as u32);
            workbench.set_note(fact, format!("核对 {i}")).unwrap();
            assert_eq!(session.persist(&mut workbench).unwrap(), 1);
        })
    });
    let mut undone = false;
    commits.bench_function("undo_or_redo", |b| {
        b.iter(|| {
            if undone {
                workbench.redo().unwrap().unwrap();
            } else {
                workbench.undo().unwrap().unwrap();
            }
            undone = !undone;
            assert_eq!(session.persist(&mut workbench).unwrap(), 1);
        })
    });
    commits.finish();
}

criterion_group!(benches, project);
criterion_main!(benches);
