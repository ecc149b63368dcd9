//! Per-frame cost of the window with 100,000 facts in the table, measured on the real app through
//! egui_kittest (layout and input handling of one frame; no GPU). Target: under 8 ms, and no
//! single frame over 16 ms because of saving or regrouping: with a project open, every frame
//! also commits what changed (`worst_frames` prints the slowest frame of each action).
//!
//! `cargo bench --bench frame`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use eframe::egui::{self, Key};
use egui_kittest::Harness;
use factdesk::corpus::Document;
use factdesk::engine::Extraction;
use factdesk::fact::{Kind, Mention, Value};
use factdesk::gui::{FactdeskApp, Startup, fonts};
use factdesk::review::Workbench;
use factdesk::review::view::Column;
use rust_decimal::Decimal;
use std::time::Instant;

const FACTS: usize = 100_000;
const FACTS_PER_DOC: usize = 100;

/// `FACTS` distinct figures (so none group), `FACTS_PER_DOC` to a document.
fn synthetic_workbench() -> Workbench {
    let docs = (0..FACTS / FACTS_PER_DOC).map(|d| {
        let mut text = String::new();
        let mut mentions = Vec::with_capacity(FACTS_PER_DOC);
        for i in 0..FACTS_PER_DOC {
            let n = d * FACTS_PER_DOC + i + 1;
            let sentence_start = text.chars().count();
            let prefix = "合作项目投资";
            let surface = format!("{n}万元");
            text.push_str(prefix);
            let start = text.chars().count();
            text.push_str(&surface);
            let end = text.chars().count();
            text.push_str("。\n");
            let _ = sentence_start;
            mentions.push(Mention {
                doc: format!("{d:05}.txt"),
                start,
                end,
                surface,
                kind: Kind::Money,
                value: Value::number(Decimal::from(n as u64 * 10_000)),
                value_max: None,
                unit: Some("CNY".into()),
                approx: None,
                subject: "合作项目投资".into(),
                sentence: format!("{prefix}{n}万元。"),
                confidence: 0.9,
                measure: Some(factdesk::fact::Measure::Level),
                direction: None,
                basis: None,
                period: Some("2025-01/2025-06".into()),
                per: None,
            });
        }
        let doc = Document {
            name: format!("{d:05}.txt"),
            path: None,
            text,
            encoding: "UTF-8",
        };
        (
            doc,
            Extraction {
                mentions,
                published: Some("2025-06-18".into()),
            },
        )
    });
    Workbench::from_extractions(docs)
}

/// "Save project as" of a 100k-fact project (SQLite, whole); `benches/project.rs` compares it with
/// the JSON save of before and measures single commits.
fn project_save(c: &mut Criterion) {
    let workbench = synthetic_workbench();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.factdesk.json");
    let mut group = c.benchmark_group("project_100k_facts");
    group.sample_size(10);
    group.bench_function("save", |b| {
        b.iter(|| {
            factdesk::review::project::save(&workbench, &path, Default::default()).unwrap();
        })
    });
    group.finish();
}

fn frame(c: &mut Criterion) {
    let workbench = synthetic_workbench();
    assert_eq!(workbench.summary().total, FACTS);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1500.0, 900.0))
        .build_eframe(move |cc| {
            fonts::install(&cc.egui_ctx);
            FactdeskApp::with_workbench(workbench, Startup::default())
        });
    harness.run_steps(3);
    assert_eq!(harness.state().session.view.rows().len(), FACTS);

    let mut group = c.benchmark_group("frame_100k_facts");
    group.bench_function("idle", |b| {
        b.iter(|| {
            harness.step();
            black_box(harness.state().session.view.rows().len())
        })
    });
    group.bench_function("move_selection", |b| {
        b.iter(|| {
            harness.key_press(Key::J);
            harness.step();
        })
    });
    group.bench_function("verify_and_advance", |b| {
        b.iter(|| {
            harness.key_press(Key::A);
            harness.step();
        })
    });
    group.bench_function("sort_by_value", |b| {
        let mut descending = false;
        b.iter(|| {
            descending = !descending;
            let app = harness.state_mut();
            app.session.query.sort = Column::Value;
            app.session.query.descending = descending;
            harness.step();
        })
    });
    group.bench_function("search", |b| {
        let mut n = 0u32;
        b.iter(|| {
            n = (n + 1) % 1000;
            harness.state_mut().session.query.search = format!("{n}万元");
            harness.step();
        })
    });
    group.finish();

    // The same keys with the workbench saved as a project: every change is committed to SQLite
    // in the frame it is made, so these frames include the commit.
    // Without the last search group's query: a search re-filtered on every verify is not what
    // committing costs.
    harness.state_mut().session.query.search.clear();
    let dir = tempfile::tempdir().unwrap();
    harness
        .state_mut()
        .session
        .save_project_as(&dir.path().join("frame.factdesk"));
    assert!(
        harness.state().session.project.is_some(),
        "{:?}",
        harness.state().session.message
    );
    harness.step();
    let mut group = c.benchmark_group("frame_100k_facts_project");
    group.bench_function("verify_and_advance_committed", |b| {
        b.iter(|| {
            harness.key_press(Key::A);
            harness.step();
        })
    });
    group.finish();
    assert!(
        !harness.state().session.workbench.is_dirty(),
        "every change committed"
    );
}

/// The slowest single frame of each action over many, with a project open (so each verify is
/// committed to SQLite in the frame it happens): what an analyst would feel as a stall.
fn worst_frames(_: &mut Criterion) {
    // Once without a project and once with one: the difference is what committing costs a frame.
    for with_project in [false, true] {
        worst_frames_of(with_project);
    }
}

fn worst_frames_of(with_project: bool) {
    let mut workbench = synthetic_workbench();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.factdesk");
    let store = with_project.then(|| {
        factdesk::review::project::Session::create(&path, &mut workbench, Default::default())
            .unwrap()
    });
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1500.0, 900.0))
        .build_eframe(move |cc| {
            fonts::install(&cc.egui_ctx);
            let mut app = FactdeskApp::with_workbench(workbench, Startup::default());
            if let Some(store) = store {
                app.session.set_project(store);
            }
            app
        });
    harness.run_steps(3);
    type Step = Box<dyn FnMut(&mut Harness<'static, FactdeskApp>, u32)>;
    let verify = if with_project { "a (committed)" } else { "a" };
    let actions: Vec<(&str, Step)> = vec![
        ("idle", Box::new(|_, _| {})),
        ("j", Box::new(|h, _| h.key_press(Key::J))),
        (verify, Box::new(|h, _| h.key_press(Key::A))),
        (
            "sort",
            Box::new(|h, i| {
                let q = &mut h.state_mut().session.query;
                q.sort = Column::Value;
                q.descending = i % 2 == 0;
            }),
        ),
        (
            "search",
            Box::new(|h, i| h.state_mut().session.query.search = format!("{}万元", i % 1000)),
        ),
    ];
    let label = if with_project {
        "project"
    } else {
        "no project"
    };
    for (name, mut act) in actions {
        let mut times = Vec::new();
        for i in 0..60 {
            act(&mut harness, i);
            let start = Instant::now();
            harness.step();
            times.push(start.elapsed());
        }
        times.sort();
        println!(
            "worst_frames/{name} ({label}): median {:.2} ms, max {:.2} ms over {} frames",
            times[times.len() / 2].as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3,
            times.len()
        );
    }
}

criterion_group!(benches, frame, worst_frames, project_save);
criterion_main!(benches);
