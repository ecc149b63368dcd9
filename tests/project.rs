//! Projects: decisions survive closing and reopening, a damaged or newer file is refused and left
//! untouched, JSON projects of earlier versions are imported beside themselves and never written,
//! and re-extraction after a document changed keeps every decision.

mod common;

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use factdesk::corpus;
use factdesk::review::edit::Draft;
use factdesk::review::export::{self, ExportFormat, ExportOptions, Scope};
use factdesk::review::project::{self, ProjectError, SavedView};
use factdesk::review::{FactId, Status, Workbench};

fn by_surface(wb: &Workbench, surface: &str) -> FactId {
    wb.live_facts()
        .find(|f| f.mentions.iter().any(|m| m.mention.surface == surface))
        .unwrap_or_else(|| panic!("no fact reads {surface}"))
        .id
}

fn seeds_project(dir: &Path) -> (std::path::PathBuf, Workbench) {
    let path = dir.join("review.factdesk");
    let wb = project::create(&path, factdesk::seeds::documents()).unwrap();
    (path, wb)
}

#[test]
fn decisions_edits_notes_and_history_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut wb) = seeds_project(dir.path());
    let trade = by_surface(&wb, "948亿美元");
    let extracted_subject = wb.fact(trade).unwrap().original.subject.clone();
    wb.set_status(trade, Status::Verified).unwrap();
    let mut draft = Draft::of(&wb.fact(trade).unwrap().fields);
    draft.subject = "中国同中亚五国贸易额".into();
    wb.set_fields(trade, draft.validate().unwrap()).unwrap();
    wb.set_note(trade, "核对：海关总署".into()).unwrap();
    let doc = wb.documents()[0].id;
    let mut by_hand = wb.fact(trade).unwrap().fields.clone();
    by_hand.subject = "中亚国家".into();
    let added = wb.add_by_hand(doc, 10, 14, by_hand).unwrap();
    let view = SavedView {
        selected: Some(trade),
        search: "贸易".into(),
        ..SavedView::default()
    };
    project::save(&wb, &path, view.clone()).unwrap();

    let (mut back, saved_view, report) = project::open(&path).unwrap();
    assert!(report.is_clean(), "{report}");
    assert_eq!(report.new_mentions, 0);
    assert_eq!(saved_view, view, "selection and filters come back");
    let fact = back.fact(trade).unwrap();
    assert_eq!(fact.status, Status::Verified);
    assert_eq!(fact.fields.subject, "中国同中亚五国贸易额");
    assert_eq!(fact.original.subject, extracted_subject);
    assert_eq!(fact.note, "核对：海关总署");
    assert!(back.fact(added).unwrap().is_live());
    assert_eq!(back.summary(), wb.summary());
    assert_eq!(back.trail().len(), 4, "the audit trail is kept");

    // Undo works across the reopening: the added fact, then the note.
    back.undo().unwrap().unwrap();
    assert!(!back.fact(added).unwrap().is_live());
    back.undo().unwrap().unwrap();
    assert_eq!(back.fact(trade).unwrap().note, "");
    assert_eq!(back.trail().last().unwrap().action, "undo");
}

#[test]
fn a_fact_added_by_hand_is_kept_and_not_reported_as_vanished() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut wb) = seeds_project(dir.path());
    let doc = wb.documents()[0].id;
    let fields = factdesk::review::FactFields {
        unit: Some("国".into()),
        subject: "中亚国家".into(),
        measure: Some(factdesk::fact::Measure::Level),
        period: Some("2025".into()),
        ..factdesk::review::FactFields::bare(
            factdesk::Kind::Quantity,
            factdesk::Value::number(rust_decimal::Decimal::from(5)),
        )
    };
    let added = wb.add_by_hand(doc, 10, 14, fields.clone()).unwrap();
    project::save(&wb, &path, SavedView::default()).unwrap();
    let (back, _, report) = project::open(&path).unwrap();
    assert!(report.is_clean(), "{report}");
    let fact = back.fact(added).unwrap();
    assert!(fact.added_by_hand);
    assert_eq!(fact.fields, fields);
    assert_eq!(fact.mentions[0].mention.start, 10);
}

#[test]
fn a_damaged_or_newer_json_project_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (_, wb) = seeds_project(dir.path());
    let path = dir.path().join("legacy.factdesk.json");
    project::save_json(&wb, &path, SavedView::default()).unwrap();
    let good = std::fs::read_to_string(&path).unwrap();

    let damaged = &good[..good.len() / 2];
    std::fs::write(&path, damaged).unwrap();
    let err = project::open(&path).unwrap_err();
    assert!(matches!(err, ProjectError::Damaged { .. }), "{err}");
    assert!(err.to_string().contains("legacy.factdesk.json"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), damaged);

    assert!(good.contains("\"version\": 2"), "written as version 2");
    let newer = good.replacen("\"version\": 2", "\"version\": 7", 1);
    std::fs::write(&path, &newer).unwrap();
    let err = project::open_for_review(&path).unwrap_err();
    assert!(
        matches!(err, ProjectError::Newer { version: 7, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("newer factdesk"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), newer);
    assert!(
        !project::imported_path(&path).exists(),
        "nothing is imported from a refused file"
    );
}

#[test]
fn re_extraction_after_a_document_changes_keeps_every_decision() {
    let dir = tempfile::tempdir().unwrap();
    let corpus_dir = dir.path().join("corpus");
    std::fs::create_dir(&corpus_dir).unwrap();
    let seeds = factdesk::seeds::documents();
    for doc in &seeds[..2] {
        std::fs::write(corpus_dir.join(&doc.name), &doc.text).unwrap();
    }
    let path = dir.path().join("two.factdesk");
    let loaded = corpus::load(std::slice::from_ref(&corpus_dir));
    let mut wb = project::create(&path, loaded.documents).unwrap();
    // Decide every fact: verify all, reject the first of each document.
    let ids: Vec<FactId> = wb.live_facts().map(|f| f.id).collect();
    for id in &ids {
        wb.set_status(*id, Status::Verified).unwrap();
    }
    let rejected = ids[0];
    wb.set_status(rejected, Status::Rejected).unwrap();
    project::save(&wb, &path, SavedView::default()).unwrap();
    let decisions: Vec<(Status, String)> = wb
        .all_facts()
        .iter()
        .map(|f| {
            (
                f.status,
                f.mentions
                    .iter()
                    .map(|m| m.mention.surface.clone())
                    .collect(),
            )
        })
        .collect();

    // The second document changes: a paragraph is added at the top and a sentence at the end.
    let changed = corpus_dir.join(&seeds[1].name);
    let text = format!(
        "编者按：本报记者整理。2024年双边贸易额达到1.5万亿元。\n\n{}\n补记：会期共3天。",
        seeds[1].text
    );
    std::fs::write(&changed, text).unwrap();

    let (back, _, report) = project::open(&path).unwrap();
    assert_eq!(report.changed, vec![seeds[1].name.clone()]);
    assert!(report.unanchored.is_empty(), "{report}");
    assert!(report.reanchored > 0);
    assert!(
        report.new_mentions >= 2,
        "the added figures arrive: {report}"
    );
    for (fact, (status, surfaces)) in back.all_facts().iter().zip(&decisions) {
        assert_eq!(
            fact.status, *status,
            "fact #{} keeps its decision",
            fact.id.0
        );
        let now: String = fact
            .mentions
            .iter()
            .map(|m| m.mention.surface.clone())
            .collect();
        assert_eq!(&now, surfaces);
    }
    // Re-anchored offsets point at the same surface in the new text.
    for fact in back.live_facts() {
        for m in &fact.mentions {
            let text = &back.document(m.doc_id).text;
            let at: String = text
                .chars()
                .skip(m.mention.start)
                .take(m.mention.end - m.mention.start)
                .collect();
            assert_eq!(at, m.mention.surface);
        }
    }
    let new: Vec<_> = back.all_facts()[decisions.len()..].iter().collect();
    assert!(new.iter().all(|f| f.status == Status::Unreviewed));
    assert!(
        new.iter()
            .any(|f| f.mentions[0].mention.surface == "1.5万亿元")
    );
}

#[test]
fn a_missing_document_keeps_its_facts_and_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(&file, "双边贸易额达到948亿美元。").unwrap();
    let path = dir.path().join("p.factdesk");
    let mut wb = project::create(&path, vec![corpus::load_file(&file).unwrap()]).unwrap();
    let id = by_surface(&wb, "948亿美元");
    wb.set_status(id, Status::Verified).unwrap();
    project::save(&wb, &path, SavedView::default()).unwrap();
    std::fs::remove_file(&file).unwrap();
    let (back, _, report) = project::open(&path).unwrap();
    assert_eq!(report.missing.len(), 1);
    assert!(report.to_string().contains("a.txt"), "{report}");
    assert_eq!(
        back.fact(id).unwrap().status,
        Status::Verified,
        "the decision is not dropped"
    );
}

fn factdesk() -> Command {
    Command::cargo_bin("factdesk").unwrap()
}

#[test]
fn the_command_line_creates_and_exports_like_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cli.factdesk");
    let out = factdesk().arg("new").arg(&path).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        factdesk()
            .arg("new")
            .arg(&path)
            .output()
            .unwrap()
            .status
            .code()
            == Some(2),
        "never overwrites"
    );

    // Verify a fact in the project, then export from the command line and from the model.
    let (mut wb, view, _) = project::open(&path).unwrap();
    let trade = by_surface(&wb, "948亿美元");
    wb.set_status(trade, Status::Verified).unwrap();
    project::save(&wb, &path, view).unwrap();
    let (wb, _, _) = project::open(&path).unwrap();
    for (format, flag) in [(ExportFormat::Json, "json"), (ExportFormat::Csv, "csv")] {
        let cli_out = dir.path().join(format!("cli.{flag}"));
        let status = factdesk()
            .args(["export"])
            .arg(&path)
            .args(["--format", flag, "--verified-only", "--out"])
            .arg(&cli_out)
            .status()
            .unwrap();
        assert!(status.success());
        let model_out = dir.path().join(format!("model.{flag}"));
        let options = ExportOptions {
            format,
            scope: Scope::Verified,
            ..ExportOptions::default()
        };
        export::write_to_path(&model_out, &wb, options, &[]).unwrap();
        assert_eq!(
            std::fs::read(&cli_out).unwrap(),
            std::fs::read(&model_out).unwrap(),
            "{flag}: byte-identical"
        );
    }
    let json =
        export::read_json(&std::fs::read_to_string(dir.path().join("cli.json")).unwrap()).unwrap();
    assert_eq!(json.facts.len(), 1);
    assert_eq!(json.facts[0].id, trade);

    // A damaged project: non-zero exit, a message naming the file, the file untouched.
    std::fs::write(
        &path,
        "{\"format\": \"factdesk-project\", \"version\": 1, \"documents\": [",
    )
    .unwrap();
    let out = factdesk()
        .arg("export")
        .arg(&path)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cli.factdesk"));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "{\"format\": \"factdesk-project\", \"version\": 1, \"documents\": ["
    );
}

#[test]
fn a_version_1_project_is_imported_with_its_decisions_and_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut wb) = seeds_project(dir.path());
    let path = dir.path().join("old.factdesk.json");
    let trade = by_surface(&wb, "948亿美元");
    let extracted_subject = wb.fact(trade).unwrap().original.subject.clone();
    wb.set_status(trade, Status::Verified).unwrap();
    let mut draft = Draft::of(&wb.fact(trade).unwrap().fields);
    draft.subject = "中国同中亚五国贸易额".into();
    wb.set_fields(trade, draft.validate().unwrap()).unwrap();
    wb.set_note(trade, "核对：海关总署".into()).unwrap();
    let rejected = by_surface(&wb, "二期");
    wb.set_status(rejected, Status::Rejected).unwrap();
    project::save_json(&wb, &path, SavedView::default()).unwrap();
    let v1 = common::as_version_1(&std::fs::read_to_string(&path).unwrap());
    assert!(!v1.contains("\"measure\":") && !v1.contains("\"period\":"));
    std::fs::write(&path, &v1).unwrap();

    let (back, _, report) = project::open(&path).unwrap();
    assert!(report.is_clean(), "{report}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        v1,
        "opening never rewrites the file"
    );
    let fact = back.fact(trade).unwrap();
    assert_eq!(fact.status, Status::Verified);
    assert_eq!(fact.fields.subject, "中国同中亚五国贸易额");
    assert_eq!(fact.original.subject, extracted_subject);
    assert_eq!(fact.note, "核对：海关总署");
    assert_eq!(back.fact(rejected).unwrap().status, Status::Rejected);
    assert_eq!(back.trail().len(), 4, "the audit trail is kept");
    // The frames are the re-extraction's, in the original and the corrected reading alike.
    for fact in back.live_facts() {
        let now = factdesk::review::FactFields::of_mention(&fact.mentions[0].mention);
        for reading in [&fact.original, &fact.fields] {
            assert_eq!(
                (
                    reading.measure,
                    reading.direction,
                    &reading.basis,
                    &reading.period
                ),
                (now.measure, now.direction, &now.basis, &now.period),
                "fact #{}",
                fact.id.0
            );
        }
    }
    assert!(!back.is_dirty());
    drop(back);

    // Opened for review, it is imported into a SQLite project beside it, decisions and history
    // included; the JSON is not written, then or after a change.
    let opened = project::open_for_review(&path).unwrap();
    let imported = dir.path().join("old.factdesk");
    assert_eq!(opened.session.path, imported);
    assert!(!opened.session.read_only);
    let notice = opened.notice.clone().unwrap();
    assert!(
        notice.contains("old.factdesk") && notice.contains("imported"),
        "{notice}"
    );
    let (mut wb, mut session) = (opened.workbench, opened.session);
    assert_eq!(wb.fact(trade).unwrap().status, Status::Verified);
    wb.set_note(trade, "核对：海关总署、商务部".into()).unwrap();
    assert_eq!(session.persist(&mut wb).unwrap(), 1);
    drop(session);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        v1,
        "the JSON is left as it was"
    );
    let (again, _, _) = project::open(&imported).unwrap();
    assert_eq!(again.fact(trade).unwrap().note, "核对：海关总署、商务部");
    assert_eq!(again.fact(rejected).unwrap().status, Status::Rejected);
    assert_eq!(
        again.trail().len(),
        5,
        "the trail came along, the new line joined it"
    );
    assert_eq!(again.history().len(), 5);

    // Opened again, the JSON is not imported a second time over the first import.
    let second = project::open_for_review(&path).unwrap();
    assert!(second.session.read_only);
    assert!(second.notice.unwrap().contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), v1);
}

#[test]
fn a_given_publication_date_and_frame_corrections_are_stored() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gdp.txt");
    std::fs::write(
        &file,
        "国家统计局10月19日发布，今年前三季度国内生产总值529971亿元，同比增长6.7%。",
    )
    .unwrap();
    let path = dir.path().join("p.factdesk");
    let mut wb = project::create(&path, vec![corpus::load_file(&file).unwrap()]).unwrap();
    let doc = wb.documents()[0].id;
    wb.set_published(
        doc,
        Some("2016-10-19".into()),
        factdesk::review::loader::shared_extractor(),
    )
    .unwrap();
    let gdp = by_surface(&wb, "529971亿元");
    let mut draft = Draft::of(&wb.fact(gdp).unwrap().fields);
    // A deliberate correction, unlike anything the engine reads here.
    draft.period = "2016-07/2016-09".into();
    draft.measure = "level".into();
    draft.direction.clear();
    draft.basis.clear();
    wb.set_fields(gdp, draft.validate().unwrap()).unwrap();
    assert!(wb.fact(gdp).unwrap().is_edited());
    project::save(&wb, &path, SavedView::default()).unwrap();

    let (mut back, _, report) = project::open(&path).unwrap();
    assert!(report.is_clean(), "{report}");
    let d = &back.documents()[0];
    assert_eq!(d.published.as_deref(), Some("2016-10-19"));
    assert!(d.published_given, "a given date stays given");
    let fact = back.fact(gdp).unwrap();
    assert_eq!(fact.fields.period.as_deref(), Some("2016-07/2016-09"));
    assert_eq!(fact.fields.measure, Some(factdesk::fact::Measure::Level));
    // Both changes undo across the reopening: the correction, then the date.
    back.undo().unwrap().unwrap();
    assert_eq!(
        back.fact(gdp).unwrap().fields,
        back.fact(gdp).unwrap().original
    );
    back.undo().unwrap().unwrap();
    assert!(!back.documents()[0].published_given);
}

#[test]
fn documents_of_subfolders_keep_their_names_when_the_project_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let corpus_dir = dir.path().join("corpus");
    for sub in ["2024", "2025"] {
        std::fs::create_dir_all(corpus_dir.join(sub)).unwrap();
        std::fs::write(
            corpus_dir.join(sub).join("a.txt"),
            format!("{sub}年全年进出口总额达到948亿美元。"),
        )
        .unwrap();
    }
    let loaded = corpus::load(&[corpus_dir]);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let path = dir.path().join("review.factdesk");
    let wb = project::create(&path, loaded.documents).unwrap();
    let names =
        |wb: &Workbench| -> Vec<String> { wb.documents().iter().map(|d| d.name.clone()).collect() };
    assert_eq!(names(&wb), ["2024/a.txt", "2025/a.txt"]);
    let (back, _, report) = project::open(&path).unwrap();
    assert!(report.is_clean(), "{report}");
    assert_eq!(names(&back), ["2024/a.txt", "2025/a.txt"]);
}

#[test]
fn a_project_named_by_a_bare_file_name_finds_its_moved_corpus_and_nothing_outside_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let before = dir.path().join("before");
    std::fs::create_dir_all(before.join("corpus")).unwrap();
    std::fs::write(before.join("corpus/a.txt"), "双边贸易额达到948亿美元。").unwrap();
    // `factdesk new a.factdesk corpus`, run in the project's folder: a bare file name.
    let out = factdesk()
        .current_dir(&before)
        .args(["new", "a.factdesk", "corpus"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let saved = project::read(&before.join("a.factdesk")).unwrap();
    assert_eq!(
        saved.documents[0].relative_path.as_deref(),
        Some(Path::new("corpus/a.txt")),
        "a usable relative path is stored"
    );

    // The folder moves: the corpus is found again below it.
    let after = dir.path().join("after");
    std::fs::rename(&before, &after).unwrap();
    let (wb, _, report) = project::open(&after.join("a.factdesk")).unwrap();
    assert_eq!(report.moved, vec!["a.txt".to_string()], "{report}");
    assert!(wb.documents()[0].text.contains("948亿美元"));

    // A symbolic link inside the folder that leads out of it is not followed.
    #[cfg(unix)]
    {
        let outside = dir.path().join("outside.txt");
        std::fs::write(&outside, "机密：4000万元。").unwrap();
        std::fs::remove_file(after.join("corpus/a.txt")).unwrap();
        std::os::unix::fs::symlink(&outside, after.join("corpus/a.txt")).unwrap();
        let (wb, _, report) = project::open(&after.join("a.factdesk")).unwrap();
        assert!(report.moved.is_empty(), "{report}");
        assert_eq!(report.missing.len(), 1, "{report}");
        assert!(
            report.to_string().contains("out of the project's folder"),
            "{report}"
        );
        assert!(
            !wb.documents()[0].text.contains("机密"),
            "the file outside is not read"
        );
    }
}

#[test]
fn every_change_is_committed_at_once_and_only_its_rows_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = seeds_project(dir.path());
    let opened = project::open_for_review(&path).unwrap();
    assert!(opened.notice.is_none());
    let (mut wb, mut session) = (opened.workbench, opened.session);
    let trade = by_surface(&wb, "948亿美元");
    wb.set_status(trade, Status::Verified).unwrap();
    assert_eq!(session.persist(&mut wb).unwrap(), 1);
    assert!(!wb.is_dirty());
    assert_eq!(
        session.last_commit_rows(),
        3,
        "the fact's row, one undo row, one trail line: nothing else of the project"
    );
    // Another process sees it while this one still has the project open (read-only: locked).
    let second = project::open_for_review(&path).unwrap();
    assert!(second.session.read_only);
    assert_eq!(
        second.workbench.fact(trade).unwrap().status,
        Status::Verified
    );

    // What SQLite says was written for one verified fact: its row, an undo row, a trail line.
    let db =
        rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let count = |sql: &str| -> i64 { db.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM undo"), 1);
    assert_eq!(count("SELECT count(*) FROM trail"), 1);
    assert_eq!(
        count(&format!(
            "SELECT count(*) FROM fact_table WHERE status = 'verified' AND id = {}",
            trade.0
        )),
        1
    );
    // The flat view gives the exact value as text.
    let value: String = db
        .query_row(
            &format!("SELECT value FROM fact_table WHERE id = {}", trade.0),
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(value, "94800000000");
    drop(db);

    wb.undo().unwrap().unwrap();
    wb.set_note(trade, "核对".into()).unwrap();
    assert_eq!(session.persist(&mut wb).unwrap(), 2);
    drop((session, second));
    let file = project::read(&path).unwrap();
    assert_eq!(
        file.undo.len(),
        1,
        "the undone status left the stack; the note is on it"
    );
    assert!(file.redo.is_empty(), "a new change clears the redo stack");
    assert_eq!(file.trail.len(), 3);
    assert_eq!(file.facts[trade.index()].note, "核对");
    assert_eq!(file.facts[trade.index()].status, Status::Unreviewed);
}

#[test]
fn changes_the_writer_cannot_write_come_back_and_are_written_later_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = seeds_project(dir.path());
    let opened = project::open_for_review(&path).unwrap();
    let (mut wb, mut session) = (opened.workbench, opened.session);
    let ids: Vec<FactId> = wb.live_facts().take(3).map(|f| f.id).collect();
    // Another connection holds the write lock: the writer's transactions wait, then fail.
    let blocker = rusqlite::Connection::open(&path).unwrap();
    blocker.execute_batch("BEGIN IMMEDIATE").unwrap();

    wb.set_status(ids[0], Status::Verified).unwrap();
    wb.set_status(ids[1], Status::Rejected).unwrap();
    wb.set_note(ids[2], "待核".into()).unwrap();
    assert_eq!(session.submit(&mut wb).unwrap(), 3, "sent, not waited for");
    assert!(session.is_writing(), "the writer is still at it");
    let err = session.flush(&mut wb).unwrap_err();
    assert!(err.to_string().contains("review.factdesk"), "{err}");
    assert!(wb.is_dirty());
    assert!(wb.has_uncommitted(), "all three are back in the journal");

    blocker.execute_batch("ROLLBACK").unwrap();
    drop(blocker);
    assert_eq!(session.persist(&mut wb).unwrap(), 3, "written on the retry");
    assert!(!wb.is_dirty() && !wb.has_uncommitted());
    drop(session);
    let file = project::read(&path).unwrap();
    assert_eq!(file.facts[ids[0].index()].status, Status::Verified);
    assert_eq!(file.facts[ids[1].index()].status, Status::Rejected);
    assert_eq!(file.facts[ids[2].index()].note, "待核");
    assert_eq!(file.undo.len(), 3);
    let actions: Vec<&str> = file.trail.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions.len(), 3, "each change once: {actions:?}");
    assert_eq!(file.trail, wb.trail(), "in the order they were made");
}

/// A view naming a fact that a failed batch was adding is not written after the failure (a
/// project whose view names a fact it does not hold would no longer open).
#[test]
fn a_view_sent_behind_a_failed_batch_is_not_written_and_the_project_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = seeds_project(dir.path());
    let opened = project::open_for_review(&path).unwrap();
    let (mut wb, mut session) = (opened.workbench, opened.session);
    let fact = wb.live_facts().next().unwrap().id;
    let doc = wb.documents()[0].id;
    let fields = wb.fact(fact).unwrap().fields.clone();
    let blocker = rusqlite::Connection::open(&path).unwrap();
    blocker.execute_batch("BEGIN IMMEDIATE").unwrap();
    let added = wb.add_by_hand(doc, 10, 14, fields).unwrap();
    session.submit(&mut wb).unwrap();
    let view = SavedView {
        selected: Some(added),
        ..SavedView::default()
    };
    assert!(
        session.save_view(&view, &wb).unwrap(),
        "sent behind the batch"
    );
    assert!(session.flush(&mut wb).is_err(), "the batch failed");
    assert!(
        !session.save_view(&view, &wb).unwrap(),
        "not sent again while the failed change waits in the journal"
    );
    blocker.execute_batch("ROLLBACK").unwrap();
    drop(blocker);
    drop(session);
    let reopened = project::open_for_review(&path).expect("the project still opens");
    assert!(
        reopened
            .workbench
            .fact(added)
            .is_none_or(|f| !f.added_by_hand)
    );
}

#[test]
fn a_whole_write_removes_the_stale_temporary_files_a_killed_one_left_and_only_those() {
    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join(".factdesk-project-killed.tmp");
    let fresh = dir.path().join(".factdesk-project-writing.tmp");
    let other = dir.path().join(".someone-else.tmp");
    for path in [&stale, &fresh, &other] {
        std::fs::write(path, b"half a project").unwrap();
    }
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    for path in [&stale, &other] {
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
    }
    seeds_project(dir.path());
    assert!(!stale.exists(), "a stale temporary of ours is removed");
    assert!(fresh.exists(), "a recent one may be a write in progress");
    assert!(
        other.exists(),
        "another program's file is not ours to remove"
    );
}
