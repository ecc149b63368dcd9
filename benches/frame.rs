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
use factdesk::gui::{FactdeskApp, Startup, fonts};
use factdesk::review::Status;
use factdesk::review::view::Column;
use factdesk::session::{Action, Command};
use std::time::{Duration, Instant};

mod common;
use common::{FACTS, synthetic_workbench};

/// The real app over `workbench` at the default window size, its first frames drawn.
fn app_over(workbench: factdesk::review::Workbench) -> Harness<'static, FactdeskApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1500.0, 900.0))
        .build_eframe(move |cc| {
            fonts::install(&cc.egui_ctx);
            FactdeskApp::with_workbench(workbench, Startup::default())
        });
    harness.run_steps(3);
    harness
}

fn frame(c: &mut Criterion) {
    let workbench = synthetic_workbench();
    assert_eq!(workbench.summary().total, FACTS);
    let mut harness = app_over(workbench);
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

    // The chart panel open: every one of the 100,000 facts is a figure of one series (one
    // subject, unit and period), the worst case; the panel draws 2,000 of them.
    harness.state_mut().session.query.search.clear();
    harness.state_mut().session.charts_shown = true;
    harness.run_steps(3);
    assert_eq!(harness.state().chart.point_positions.len(), 2_000);
    idle_and_move(c, "frame_100k_facts_charts", &mut harness);
    harness.state_mut().session.charts_shown = false;

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
        (
            // A merge by hand: the next row's fact joins the selected one (regrouping, one
            // undoable change, committed like any other).
            "m (merge)",
            Box::new(|h, _| {
                let app = h.state_mut();
                app.session.query.search.clear();
                let next = app
                    .session
                    .view
                    .selected_row()
                    .and_then(|r| app.session.view.rows().get(r + 1).copied());
                if let Some(next) = next {
                    app.push(Action::ToggleMark(next));
                    app.push(Action::Run(Command::Merge));
                }
            }),
        ),
        (
            // Review under a filter: each verified fact leaves the table.
            "a (unreviewed shown)",
            Box::new(|h, _| {
                h.state_mut().session.query.statuses = [Status::Unreviewed].into();
                h.key_press(Key::A);
            }),
        ),
    ];
    let label = if with_project {
        "project"
    } else {
        "no project"
    };
    for (name, mut act) in actions {
        let (mut wall, mut cpu) = (Vec::new(), Vec::new());
        for i in 0..60 {
            act(&mut harness, i);
            let (start, start_cpu) = (Instant::now(), thread_cpu());
            harness.step();
            wall.push(start.elapsed());
            cpu.push(thread_cpu().saturating_sub(start_cpu));
        }
        let ms = |times: &mut Vec<Duration>| {
            times.sort();
            let at = |i: usize| times[i].as_secs_f64() * 1e3;
            format!(
                "median {:.2} ms, max {:.2} ms",
                at(times.len() / 2),
                at(times.len() - 1)
            )
        };
        println!(
            "worst_frames/{name} ({label}): wall {}; CPU {} over {} frames",
            ms(&mut wall),
            ms(&mut cpu),
            wall.len()
        );
    }
}

/// The CPU time this thread has used: what a frame itself costs, without the time the
/// scheduler gave other processes on this shared machine (wall times are printed beside it).
#[cfg(unix)]
fn thread_cpu() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid timespec for clock_gettime to write; the thread CPU clock
    // exists on every unix this builds for.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) } == 0;
    match (ok, u64::try_from(now.tv_sec), u32::try_from(now.tv_nsec)) {
        (true, Ok(s), Ok(ns)) => Duration::new(s, ns),
        _ => Duration::ZERO,
    }
}

/// Elsewhere only wall times mean anything.
#[cfg(not(unix))]
fn thread_cpu() -> Duration {
    Duration::ZERO
}

/// One 1 MB document (the seed articles one after another): a frame with it in the source panel,
/// idle and moving the selection (each move re-highlights the mentions and scrolls the source).
fn long_document(c: &mut Criterion) {
    let seeds = factdesk::seeds::documents();
    let mut text = String::new();
    while text.len() < 1 << 20 {
        for d in &seeds {
            text.push_str(&d.text);
            text.push('\n');
        }
    }
    let extraction = factdesk::review::loader::shared_extractor().extract("long.txt", &text);
    let document = factdesk::corpus::Document {
        name: "long.txt".into(),
        path: None,
        text,
        encoding: "UTF-8",
    };
    let workbench = factdesk::review::Workbench::from_extractions([(document, extraction)]);
    let mut harness = app_over(workbench);
    idle_and_move(c, "frame_1mb_document", &mut harness);
}

/// An idle frame and a frame moving the selection (`j`), as criterion group `name`.
fn idle_and_move(c: &mut Criterion, name: &str, harness: &mut Harness<'static, FactdeskApp>) {
    let mut group = c.benchmark_group(name);
    group.bench_function("idle", |b| b.iter(|| harness.step()));
    group.bench_function("move_selection", |b| {
        b.iter(|| {
            harness.key_press(Key::J);
            harness.step();
        })
    });
    group.finish();
}

criterion_group!(benches, frame, long_document, worst_frames);
criterion_main!(benches);
