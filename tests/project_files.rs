//! The damaged, hostile and old projects of `tests/projects/` (made by `tests/projects/make.py`),
//! each opened by the model and by the window: refused with a message naming the file and what is
//! wrong, or opened; never a panic, and a refused file is never modified (nothing is written
//! beside it either: no lock, no log, no import).

use std::path::{Path, PathBuf};

use factdesk::review::project::{self, ProjectError};

/// Projects that must be refused, with a piece of the message that says why.
const REFUSED: &[(&str, &str)] = &[
    ("version-0.factdesk.json", "not a valid project version: 0"),
    ("version-9.factdesk.json", "newer factdesk"),
    ("truncated.factdesk.json", "damaged"),
    ("not-a-project.factdesk.json", "not a factdesk project"),
    ("empty.factdesk.json", "damaged"),
    (
        "undo-names-a-missing-fact.factdesk.json",
        "undo entry 1: names fact #99999",
    ),
    (
        "redo-names-a-missing-fact.factdesk.json",
        "redo entry 1: names fact #4000000",
    ),
    (
        "view-document-out-of-range.factdesk.json",
        "the saved view shows document 77",
    ),
    (
        "view-selects-a-missing-fact.factdesk.json",
        "the saved view selects fact #99999",
    ),
    (
        "mention-past-the-end.factdesk.json",
        "past the end of document 0",
    ),
    ("mention-backwards.factdesk.json", "is not a span"),
    (
        "relative-path-escapes.factdesk.json",
        "../../../../etc/passwd leaves the project's folder",
    ),
    (
        "relative-path-absolute.factdesk.json",
        "/etc/passwd leaves the project's folder",
    ),
    ("version-99.factdesk", "newer factdesk"),
    ("version-0.factdesk", "not a valid project version: 0"),
    ("foreign.sqlite", "a SQLite database of another program"),
    ("bad-fields-json.factdesk", "fact #5: fields"),
    (
        "undo-names-a-missing-fact.factdesk",
        "undo entry 1: names fact #99999",
    ),
    (
        "fact-ids-with-a-gap.factdesk",
        "fact #8 is stored at position 7",
    ),
    ("truncated.factdesk", "damaged"),
    ("garbled.factdesk", "damaged"),
];

/// Projects that open; the last two have an undo entry that no longer fits its fact.
const OPENS: &[&str] = &[
    "good.factdesk",
    "good-v1.factdesk.json",
    "good-v2.factdesk.json",
    "undo-that-cannot-apply.factdesk",
    "undo-that-cannot-apply.factdesk.json",
];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/projects")
        .join(name)
}

/// A copy of the fixture alone in a fresh folder (opening may import beside it).
fn copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::copy(fixture(name), &path).unwrap();
    (dir, path)
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_fixture_is_listed() {
    let mut listed: Vec<&str> = REFUSED
        .iter()
        .map(|(n, _)| *n)
        .chain(OPENS.iter().copied())
        .collect();
    listed.sort();
    let mut present = listing(&fixture(""));
    present.retain(|n| n != "make.py");
    assert_eq!(
        present, listed,
        "a fixture without a verdict, or a verdict without a file"
    );
}

#[test]
fn damaged_and_hostile_projects_are_refused_and_left_untouched() {
    for &(name, why) in REFUSED {
        let (dir, path) = copy(name);
        let before = std::fs::read(&path).unwrap();
        let refusal = |result: Option<ProjectError>, how: &str| {
            result.unwrap_or_else(|| panic!("{name}: {how} accepted it"))
        };
        let mut errors: Vec<ProjectError> = vec![
            refusal(project::open(&path).err(), "open"),
            refusal(project::open_for_review(&path).err(), "open_for_review"),
        ];
        // Offsets are checked against the corpus, which reading the file alone does not load.
        if name == "mention-past-the-end.factdesk.json" {
            assert!(project::read(&path).is_ok());
        } else {
            errors.push(refusal(project::read(&path).err(), "read"));
        }
        for e in errors {
            let text = e.to_string();
            assert!(
                text.contains(name),
                "{name}: the message names the file: {text}"
            );
            assert!(
                text.contains(why),
                "{name}: the message says why ({why}): {text}"
            );
        }
        assert_eq!(std::fs::read(&path).unwrap(), before, "{name} was modified");
        assert_eq!(
            listing(dir.path()),
            vec![name.to_string()],
            "{name}: nothing beside it"
        );
    }
}

#[test]
fn good_and_old_projects_open_and_an_undo_that_cannot_apply_is_an_error() {
    for &name in OPENS {
        let (dir, path) = copy(name);
        let before = std::fs::read(&path).unwrap();
        let opened = project::open_for_review(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!opened.session.read_only, "{name}");
        let mut wb = opened.workbench;
        assert_eq!(
            wb.fact(factdesk::review::FactId(1)).unwrap().note,
            "核对：海关总署",
            "{name}"
        );
        let mut failed = Vec::new();
        while wb.can_undo() {
            if let Err(e) = wb.undo() {
                failed.push(e.to_string());
            }
        }
        let cannot_apply = name.starts_with("undo-that-cannot-apply");
        if cannot_apply {
            assert_eq!(failed.len(), 1, "{name}: {failed:?}");
            assert!(failed[0].contains("fact #0"), "{name}: {failed:?}");
        } else {
            assert!(failed.is_empty(), "{name}: {failed:?}");
        }
        while wb.can_redo() {
            wb.redo().unwrap_or_else(|e| panic!("{name}: redo: {e}"));
        }
        if name.ends_with(".json") {
            assert_eq!(
                std::fs::read(&path).unwrap(),
                before,
                "{name}: the JSON is never written"
            );
            assert!(
                project::imported_path(&path).exists(),
                "{name}: imported beside it"
            );
        }
        drop(dir);
    }
}

#[cfg(feature = "gui")]
mod window {
    use super::*;
    use eframe::egui::{self, Key, Modifiers};
    use egui_kittest::Harness;
    use factdesk::gui::{FactdeskApp, Startup};

    fn open(path: &Path) -> Harness<'static, FactdeskApp> {
        let path = path.to_path_buf();
        let mut harness = Harness::builder()
            .with_size(egui::vec2(1200.0, 800.0))
            .build_eframe(move |cc| {
                FactdeskApp::new(
                    cc,
                    Startup {
                        project: Some(path),
                        native_dialogs: false,
                        ..Startup::default()
                    },
                )
            });
        for _ in 0..1000 {
            harness.step();
            if !harness.state().is_loading() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        harness.run();
        harness
    }

    #[test]
    fn the_window_refuses_each_damaged_project_with_a_message_and_goes_on() {
        for &(name, why) in REFUSED {
            let (dir, path) = copy(name);
            let before = std::fs::read(&path).unwrap();
            let mut harness = open(&path);
            let message = harness.state().session.message.clone().expect("a message");
            assert!(message.is_error, "{name}: {message:?}");
            assert!(
                message.text.contains(name) && message.text.contains(why),
                "{name}: {message:?}"
            );
            assert!(harness.state().session.project.is_none(), "{name}");
            // The window keeps working: keys, undo, frames.
            harness.key_press(Key::J);
            harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
            harness.run();
            assert_eq!(std::fs::read(&path).unwrap(), before, "{name} was modified");
            drop(harness);
            assert_eq!(
                listing(dir.path()),
                vec![name.to_string()],
                "{name}: nothing beside it"
            );
        }
    }

    #[test]
    fn the_window_opens_the_others_and_reports_an_undo_that_cannot_apply() {
        for &name in OPENS {
            let (_dir, path) = copy(name);
            let mut harness = open(&path);
            assert!(
                harness.state().session.project.is_some(),
                "{name}: {:?}",
                harness.state().session.message
            );
            for _ in 0..3 {
                harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
                harness.run();
            }
            let message = harness.state().session.message.clone().unwrap();
            if name.starts_with("undo-that-cannot-apply") {
                assert!(message.is_error, "{name}: {message:?}");
                assert!(message.text.contains("cannot undo"), "{name}: {message:?}");
            } else {
                assert!(!message.is_error, "{name}: {message:?}");
            }
            harness.key_press(Key::A);
            harness.run();
        }
    }
}
