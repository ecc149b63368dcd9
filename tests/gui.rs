//! The window, driven through egui_kittest on the real `FactdeskApp` (no display needed): it opens
//! on the bundled seeds, and an analyst edits, verifies, rejects, filters and exports.

mod common;

use eframe::egui::accesskit::Role;
use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::NodeT;
use egui_kittest::kittest::Queryable;
use factdesk::corpus::Document;
use factdesk::fact::{Measure, Value};
use factdesk::gui::app::egui_key;
use factdesk::gui::{FactdeskApp, Startup, fonts};
use factdesk::i18n::Language;
use factdesk::review::edit::{Draft, Field};
use factdesk::review::export::{self, ExportFormat, Scope};
use factdesk::review::loader::shared_extractor;
use factdesk::review::{FactId, ReviewFact, Status, Workbench};
use factdesk::session::{Action, COMMANDS, Command, Menu};
use factdesk::tr;
use rust_decimal::Decimal;

fn open_app() -> Harness<'static, FactdeskApp> {
    open_app_in(Language::English)
}

/// The app on the bundled seeds, its window in `language` (remembered nowhere).
fn open_app_in(language: Language) -> Harness<'static, FactdeskApp> {
    open_app_with(Startup {
        native_dialogs: false,
        language,
        ..Startup::default()
    })
}

fn open_app_with(startup: Startup) -> Harness<'static, FactdeskApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1500.0, 900.0))
        .build_eframe(move |cc| {
            let mut app = FactdeskApp::new(cc, startup);
            app.wait_for_loads();
            app
        });
    harness.run();
    harness
}

/// The real app over a workbench built here (documents extracted by the real engine).
fn open_app_on(workbench: Workbench) -> Harness<'static, FactdeskApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1500.0, 900.0))
        .build_eframe(move |cc| {
            fonts::install(&cc.egui_ctx);
            FactdeskApp::with_workbench(
                workbench,
                Startup {
                    native_dialogs: false,
                    ..Startup::default()
                },
            )
        });
    harness.run();
    harness
}

fn document(name: &str, text: &str) -> Document {
    Document {
        name: name.into(),
        path: None,
        text: text.into(),
        encoding: "UTF-8",
    }
}

/// Two reports of the same trade total, each given the frame the frame stage reports for it
/// (subject, measure, period), so the two mentions group into one fact.
fn two_reports_of_one_figure() -> Workbench {
    let texts = [
        (
            "a.txt",
            "海关总署发布，2024年中国同中亚五国贸易额达到948亿美元。",
        ),
        (
            "b.txt",
            "据统计，2024年中国同中亚五国贸易额达到948亿美元，创历史新高。",
        ),
    ];
    Workbench::from_extractions(texts.map(|(name, text)| {
        let mut extraction = shared_extractor().extract(name, text);
        for m in &mut extraction.mentions {
            m.period = Some("2024".into());
            if m.surface == "948亿美元" {
                m.subject = "中国同中亚五国贸易额".into();
                m.measure = Some(Measure::Level);
            }
        }
        (document(name, text), extraction)
    }))
}

const RELEASE: &str =
    "国家统计局10月19日发布，今年前三季度国内生产总值529971亿元，按可比价格计算，同比增长6.7%。";

/// Types `text` into the text field named `label`, replacing what it held.
fn retype(harness: &mut Harness<'_, FactdeskApp>, label: &str, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.key_press(Key::Backspace);
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    harness.run();
}

/// The fact whose first mention reads `surface`.
/// Fact `id` of the app's workbench.
fn fact_of<'a>(harness: &'a Harness<'_, FactdeskApp>, id: FactId) -> &'a ReviewFact {
    harness
        .state()
        .session
        .workbench
        .fact(id)
        .unwrap_or_else(|| panic!("no fact #{}", id.0))
}

fn fact_with_surface(harness: &Harness<'_, FactdeskApp>, surface: &str) -> FactId {
    harness
        .state()
        .session
        .workbench
        .live_facts()
        .find(|f| f.mentions.iter().any(|m| m.mention.surface == surface))
        .unwrap_or_else(|| panic!("no fact reads {surface}"))
        .id
}

fn search(harness: &mut Harness<'_, FactdeskApp>, text: &str) {
    harness.key_press(Key::Slash);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.key_press(Key::Backspace);
    harness
        .get_by_role_and_label(Role::TextInput, "Search")
        .type_text(text);
    harness.key_press(Key::Escape);
    harness.run();
}

#[test]
fn opens_on_the_seeds_with_the_trade_total_in_the_table() {
    let mut harness = open_app();
    let app = harness.state();
    assert_eq!(app.session.workbench.documents().len(), 5);
    let id = fact_with_surface(&harness, "948亿美元");
    let fact = fact_of(&harness, id);
    assert_eq!(
        fact.fields.value,
        Value::Number(Decimal::from(94_800_000_000u64))
    );
    assert_eq!(fact.fields.unit.as_deref(), Some("USD"));

    search(&mut harness, "948亿美元");
    let total = harness.state().session.workbench.summary().total;
    let app = harness.state();
    assert!(
        app.session.view.rows().contains(&id),
        "the search finds the trade total"
    );
    assert!(
        app.session.view.rows().len() < total,
        "and filters the rest"
    );
    harness.state_mut().session.select(id);
    harness.run();
    // The row is built in the table: surface, value and unit cells are on screen.
    for cell in ["948亿美元", "94800000000", "USD"] {
        assert!(
            harness.get_all_by_label(cell).count() >= 1,
            "{cell} is on screen"
        );
    }
    harness.get_by_label(&format!("verified 0 / total {total}"));
}

#[test]
fn the_analyst_edits_in_chinese_verifies_rejects_filters_and_exports() {
    let mut harness = open_app();
    let trade = fact_with_surface(&harness, "948亿美元");
    let extracted_subject = fact_of(&harness, trade).original.subject.clone();
    assert_ne!(extracted_subject, "中国同中亚五国贸易额");
    search(&mut harness, "948亿美元");
    harness.state_mut().session.select(trade);
    harness.run();
    let total = harness.state().session.workbench.summary().total;

    // e edits in place; type a Chinese subject and save with Enter.
    harness.key_press(Key::E);
    harness.run();
    assert!(harness.state().session.editing.is_some());
    let subject = harness.get_by_role_and_label(Role::TextInput, "subject");
    subject.focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "subject")
        .type_text("中国同中亚五国贸易额");
    harness.run();
    retype(&mut harness, "period", "2024");
    // One key picks the reason while editing: Alt+4, wrong subject.
    harness.key_press_modifiers(Modifiers::ALT, Key::Num4);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let app = harness.state();
    assert!(
        app.session.editing.is_none(),
        "Enter saved the edit: {:?}",
        app.session.message
    );
    let last = app.session.workbench.trail_of(trade).last().unwrap();
    assert_eq!(last.reason, Some(factdesk::review::Reason::WrongSubject));
    let fact = app.session.workbench.fact(trade).unwrap();
    assert_eq!(fact.fields.subject, "中国同中亚五国贸易额");
    assert_eq!(fact.fields.period.as_deref(), Some("2024"));
    assert_eq!(
        fact.original.subject, extracted_subject,
        "the extracted original is kept"
    );
    let original_period = fact.original.period.clone().unwrap_or_default();
    assert_eq!(fact.status, Status::Unreviewed);

    // Enter verifies.
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(fact_of(&harness, trade).status, Status::Verified);

    // Reject another fact with x.
    search(&mut harness, "");
    let other = fact_with_surface(&harness, "二期");
    harness.state_mut().session.select(other);
    harness.run();
    harness.key_press(Key::X);
    harness.run();
    assert_eq!(fact_of(&harness, other).status, Status::Rejected);
    harness.get_by_label(&format!("verified 1 / total {total}"));
    harness.get_by_label("rejected 1");

    // Filter by kind with the mouse.
    harness
        .get_by_role_and_label(Role::Button, "percent")
        .click();
    harness.run();
    let app = harness.state();
    assert!(!app.session.view.rows().is_empty());
    assert!(app.session.view.rows().iter().all(|&id| {
        app.session.workbench.fact(id).unwrap().fields.kind == factdesk::Kind::Percent
    }));

    // Export every fact as JSON and CSV through the typed-path field (no native dialog here).
    let dir = tempfile::tempdir().unwrap();
    harness.state_mut().session.export_options.scope = Scope::All;
    let json_path = dir.path().join("facts.json");
    let csv_path = dir.path().join("facts.csv");
    let xlsx_path = dir.path().join("facts.xlsx");
    for (format, path, button) in [
        (ExportFormat::Json, &json_path, "Export JSON…"),
        (ExportFormat::Csv, &csv_path, "Export CSV…"),
        (ExportFormat::Xlsx, &xlsx_path, "Export Excel workbook…"),
    ] {
        harness.get_by_role_and_label(Role::Button, "File").click();
        harness.run();
        harness.get_by_role_and_label(Role::Button, button).click();
        harness.run();
        assert_eq!(
            harness.state().path_prompt.as_ref().map(|p| p.purpose),
            Some(factdesk::gui::app::PathPurpose::Export(format))
        );
        let field = harness.get_by_role_and_label(Role::TextInput, "Path");
        field.focus();
        field.type_text(path.to_str().unwrap());
        harness.run();
        harness.key_press(Key::Enter);
        harness.run();
        assert!(
            path.exists(),
            "{} was written: {:?}",
            path.display(),
            harness.state().session.message
        );
    }

    let exported = export::read_json(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(exported.format, "factdesk/2");
    assert_eq!(exported.facts.len(), total);
    // The workbook holds the same facts, one row each (tests/export_xlsx.rs compares the cells).
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&xlsx_path).unwrap();
    let facts_sheet = calamine::Reader::worksheet_range(&mut workbook, "facts").unwrap();
    assert_eq!(
        facts_sheet.height(),
        total + 1,
        "a header and a row per fact"
    );
    let trade_row = exported.facts.iter().find(|f| f.id == trade).unwrap();
    assert_eq!(trade_row.status, Status::Verified);
    assert_eq!(trade_row.fields.subject, "中国同中亚五国贸易额");
    assert_eq!(trade_row.fields.period.as_deref(), Some("2024"));
    assert_eq!(
        trade_row.original.period.clone().unwrap_or_default(),
        original_period
    );
    assert_eq!(trade_row.original.subject, extracted_subject);
    assert!(trade_row.edited);
    assert_eq!(
        trade_row.fields.value,
        Value::Number(Decimal::from(94_800_000_000u64))
    );
    // Hard-wrapped columns split the figure (`948\n亿美元`); the surface keeps the original text.
    assert!(
        trade_row
            .mentions
            .iter()
            .all(|m| m.surface.split_whitespace().collect::<String>() == "948亿美元")
    );
    assert_eq!(
        exported
            .facts
            .iter()
            .filter(|f| f.status == Status::Rejected)
            .count(),
        1
    );

    let bytes = std::fs::read(&csv_path).unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "UTF-8 BOM by default"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header = reader.headers().unwrap().clone();
    assert_eq!(header.iter().collect::<Vec<_>>(), export::CSV_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let total_mentions: usize = harness
        .state()
        .session
        .workbench
        .live_facts()
        .map(|f| f.mentions.len())
        .sum();
    assert_eq!(rows.len(), total_mentions, "one row per mention");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let trade_rows: Vec<_> = rows
        .iter()
        .filter(|r| r[col("fact_id")] == trade.0.to_string())
        .collect();
    let trade_mentions = fact_of(&harness, trade).mentions.len();
    assert_eq!(
        trade_rows.len(),
        trade_mentions,
        "a row for each of its mentions"
    );
    for r in trade_rows {
        assert_eq!(&r[col("status")], "verified");
        assert_eq!(&r[col("value")], "94800000000");
        assert_eq!(&r[col("unit")], "USD");
        assert_eq!(&r[col("subject")], "中国同中亚五国贸易额");
        assert_eq!(&r[col("original_subject")], extracted_subject);
        assert_eq!(&r[col("period")], "2024");
        assert_eq!(&r[col("original_period")], original_period);
        for frame in [
            "measure",
            "direction",
            "basis",
            "original_measure",
            "published",
        ] {
            assert!(header.iter().any(|h| h == frame), "{frame} column");
        }
    }
}

#[test]
fn enter_that_picks_an_ime_candidate_does_not_save_the_cell() {
    let mut harness = open_app();
    harness.key_press(Key::E);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "subject")
        .focus();
    harness.run();
    harness.event(egui::Event::Ime(egui::ImeEvent::Preedit {
        text: "zhong".into(),
        active_range_chars: None,
    }));
    harness.run();
    // The Enter that picks the candidate arrives with the commit (some platforms pass it on).
    harness.event(egui::Event::Ime(egui::ImeEvent::Commit("中".into())));
    harness.key_press(Key::Enter);
    harness.run();
    let app = harness.state();
    let session = app.session.editing.as_ref().unwrap_or_else(|| {
        panic!(
            "Enter that picked a candidate kept the edit open: {:?} {:?}",
            app.session.message,
            app.session
                .selected()
                .and_then(|id| app.session.workbench.fact(id))
                .map(|f| &f.fields.subject)
        )
    });
    assert!(
        session.draft.subject.ends_with('中'),
        "{:?}",
        session.draft.subject
    );
    // The next Enter saves.
    harness.key_press(Key::Enter);
    harness.run();
    let app = harness.state();
    assert!(
        app.session.editing.is_none(),
        "Enter after the composition saves"
    );
    let fact = app
        .session
        .workbench
        .fact(app.session.selected().unwrap())
        .unwrap();
    assert!(
        fact.fields.subject.ends_with('中'),
        "{:?}",
        fact.fields.subject
    );
}

#[test]
fn an_invalid_value_is_shown_and_never_saved() {
    let mut harness = open_app();
    let trade = fact_with_surface(&harness, "948亿美元");
    harness.state_mut().session.select(trade);
    harness.run();
    harness.key_press(Key::E);
    harness.run();
    let value = harness.get_by_role_and_label(Role::TextInput, "value");
    value.focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "value")
        .type_text("948亿");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let app = harness.state();
    let session = app.session.editing.as_ref().expect("the edit stays open");
    assert_eq!(session.draft.value, "948亿", "the entry is kept as typed");
    assert!(
        session
            .error(factdesk::review::edit::Field::Value)
            .is_some()
    );
    let fact = app.session.workbench.fact(trade).unwrap();
    assert_eq!(fact.fields, fact.original, "nothing was saved");
    // Esc leaves the edit without saving.
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.state().session.editing.is_none());
}

#[test]
fn a_wrongly_grouped_mention_splits_off_and_undo_merges_it_back() {
    let mut harness = open_app_on(two_reports_of_one_figure());
    let trade = fact_with_surface(&harness, "948亿美元");
    let before = fact_of(&harness, trade).mentions.len();
    let total = harness.state().session.workbench.summary().total;
    harness.state_mut().session.select(trade);
    harness.run();
    harness
        .get_all_by_role_and_label(Role::Button, "split off")
        .next()
        .unwrap()
        .click();
    harness.run();
    let app = harness.state();
    assert_eq!(
        app.session.workbench.fact(trade).unwrap().mentions.len(),
        before - 1
    );
    let new = app.session.selected().unwrap();
    assert_ne!(new, trade);
    assert_eq!(app.session.workbench.fact(new).unwrap().mentions.len(), 1);
    assert_eq!(app.session.workbench.summary().total, total + 1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(fact_of(&harness, trade).mentions.len(), before);
    assert_eq!(harness.state().session.workbench.summary().total, total);
}

#[test]
fn clicking_a_marked_mention_in_the_source_selects_its_fact() {
    let mut harness = open_app();
    let first = harness.state().session.view.rows()[0];
    harness.state_mut().session.select(first);
    harness.run();
    // Another fact marked near the selected mention, in the same document.
    let app = harness.state();
    let shown = &app.session.workbench.fact(first).unwrap().mentions[0];
    let (start, _, target) = *app
        .session
        .workbench
        .marks(shown.doc_id)
        .iter()
        .find(|(start, _, fact)| *fact != first && *start > shown.mention.start)
        .expect("another mention in the document");
    let rect = app
        .source_view
        .char_rect(shown.doc_id, start)
        .expect("the next mention is on screen");
    let at = rect.center() + egui::vec2(1.0, 0.0);
    harness.event(egui::Event::PointerMoved(at));
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run();
    assert_eq!(harness.state().session.selected(), Some(target));
}

fn open_project_app(path: &std::path::Path) -> Harness<'static, FactdeskApp> {
    let path = path.to_path_buf();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1500.0, 900.0))
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
    // The project opens on a worker thread; step until it is in place.
    for _ in 0..500 {
        harness.step();
        if !harness.state().is_loading() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.run();
    assert!(
        harness.state().session.project.is_some(),
        "{:?}",
        harness.state().session.message
    );
    harness
}

#[test]
fn a_verified_fact_is_still_verified_after_closing_and_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.factdesk");
    factdesk::review::project::create(&path, factdesk::seeds::documents()).unwrap();

    let mut harness = open_project_app(&path);
    assert!(!harness.state().session.is_read_only());
    let first = harness.state().session.view.rows()[0];
    harness.state_mut().session.select(first);
    harness.run();
    harness.key_press(Key::A);
    harness.run();
    assert_eq!(fact_of(&harness, first).status, Status::Verified);
    // A second window on the same project is read-only while the first holds it.
    {
        let second = open_project_app(&path);
        assert!(second.state().session.is_read_only());
    }
    // The change was sent to the project's writer in the frame it was made, and the window
    // learns it is written a few frames later (the writer's fsync never holds up a frame); the
    // selection is written once it has been still for a moment.
    for _ in 0..200 {
        if !harness.state().session.workbench.is_dirty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        harness.step();
    }
    assert!(
        !harness.state().session.workbench.is_dirty(),
        "committed: {:?}",
        harness.state().session.message
    );
    std::thread::sleep(factdesk::session::AUTOSAVE_AFTER + std::time::Duration::from_millis(100));
    harness.step();
    let selected_at_close = harness.state().session.selected();
    assert_ne!(
        selected_at_close,
        Some(first),
        "verifying moved on to the next fact"
    );
    drop(harness);

    let harness = open_project_app(&path);
    let app = harness.state();
    assert!(
        !app.session.is_read_only(),
        "the lock went with the first window"
    );
    assert_eq!(
        app.session.workbench.fact(first).unwrap().status,
        Status::Verified
    );
    assert_eq!(
        app.session.selected(),
        selected_at_close,
        "the selection comes back"
    );
}

#[test]
fn undo_and_redo_survive_a_document_switch() {
    let mut harness = open_app();
    let trade = fact_with_surface(&harness, "948亿美元");
    harness.state_mut().session.select(trade);
    harness.run();
    harness.key_press(Key::X);
    harness.run();
    assert_eq!(fact_of(&harness, trade).status, Status::Rejected);
    // Switch to another document in the documents panel, where the fact is not shown.
    let other_doc = harness.state().session.workbench.documents()[0]
        .name
        .clone();
    harness
        .get_all_by_label_contains(&other_doc)
        .next()
        .unwrap()
        .click();
    harness.run();
    assert!(harness.state().session.query.document.is_some());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(fact_of(&harness, trade).status, Status::Unreviewed);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(fact_of(&harness, trade).status, Status::Rejected);
}

#[test]
fn a_figure_selected_in_the_source_is_added_as_a_fact() {
    let mut harness = open_app();
    let trade = fact_with_surface(&harness, "948亿美元");
    harness.state_mut().session.select(trade);
    harness.run();
    let app = harness.state();
    let m = app.session.workbench.fact(trade).unwrap().mentions[0].clone();
    let first = app
        .source_view
        .char_rect(m.doc_id, m.mention.start)
        .expect("on screen");
    // Cursor rectangles: before the first char and after the last.
    let last = app
        .source_view
        .char_rect(m.doc_id, m.mention.end)
        .expect("on screen");
    let total = app.session.workbench.summary().total;
    // Drag across the figure to select it, as with a mouse.
    let (from, to) = (first.center(), last.center());
    harness.event(egui::Event::PointerMoved(from));
    harness.event(egui::Event::PointerButton {
        pos: from,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    harness.event(egui::Event::PointerMoved(to));
    harness.event(egui::Event::PointerButton {
        pos: to,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.run();
    assert_eq!(
        harness.state().source_view.selection,
        Some((m.doc_id, m.mention.start, m.mention.end))
    );
    harness
        .get_by_role_and_label(Role::Button, "Add selection as fact")
        .click();
    harness.run();

    let app = harness.state();
    let added = app.session.selected().unwrap();
    let fact = app.session.workbench.fact(added).unwrap();
    assert!(fact.added_by_hand);
    assert_eq!(fact.mentions[0].mention.surface, m.mention.surface);
    assert_eq!(
        fact.fields.unit.as_deref(),
        Some("USD"),
        "the engine prefilled the reading"
    );
    assert_eq!(
        fact.fields.value,
        Value::Number(Decimal::from(94_800_000_000u64))
    );
    assert!(
        app.session.editing.is_some(),
        "the row opens for the analyst to complete"
    );
    assert_eq!(app.session.workbench.summary().total, total + 1);
    harness.key_press(Key::Escape);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness.state().session.workbench.summary().total,
        total,
        "undo takes the added fact away"
    );
}

#[test]
fn a_period_and_a_measure_are_edited_with_the_keyboard_and_undone() {
    let mut harness = open_app();
    let trade = fact_with_surface(&harness, "948亿美元");
    harness.state_mut().session.select(trade);
    harness.run();
    let original = fact_of(&harness, trade).fields.clone();
    // The table has subject, measure and period columns; direction and basis are in the View menu.
    for column in ["subject", "measure"] {
        harness.get_by_role_and_label(Role::Button, column);
    }
    assert_eq!(
        harness
            .get_all_by_role_and_label(Role::Button, "period")
            .count(),
        2,
        "the period column's header besides the kind filter `period`"
    );
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "basis")
            .is_none()
    );

    harness.key_press(Key::E);
    harness.run();
    // An impossible month: shown as invalid, the edit stays open, nothing is saved.
    retype(&mut harness, "period", "2024-13");
    harness.key_press(Key::Enter);
    harness.run();
    let app = harness.state();
    let session = app.session.editing.as_ref().expect("the edit stays open");
    assert_eq!(session.draft.period, "2024-13", "kept as typed");
    assert!(session.error(Field::Period).is_some());
    assert_eq!(app.session.workbench.fact(trade).unwrap().fields, original);

    retype(&mut harness, "period", "2024-01/2024-12");
    // The measure drop-down, from the keyboard: focus it, ↓ to the next choice.
    harness
        .get_by_role_and_label(Role::ComboBox, "measure")
        .focus();
    harness.run();
    let mut expected = Draft::of(&original);
    expected.cycle(Field::Measure, 1);
    harness.key_press(Key::ArrowDown);
    harness.run();
    assert_eq!(
        harness
            .state()
            .session
            .editing
            .as_ref()
            .unwrap()
            .draft
            .measure,
        expected.measure,
        "↓ picks the next measure"
    );
    assert_eq!(
        harness.state().session.selected(),
        Some(trade),
        "↓ did not move the row"
    );
    harness.key_press(Key::Enter);
    harness.run();
    let app = harness.state();
    assert!(
        app.session.editing.is_none(),
        "saved: {:?}",
        app.session.message
    );
    let fields = &app.session.workbench.fact(trade).unwrap().fields;
    assert_eq!(fields.period.as_deref(), Some("2024-01/2024-12"));
    assert_eq!(
        fields
            .measure
            .map(|m| m.as_str().to_string())
            .unwrap_or_default(),
        expected.measure
    );
    harness.get_by_label("2024-01/2024-12");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        fact_of(&harness, trade).fields,
        original,
        "undo restores the extracted reading"
    );
}

#[test]
fn the_view_menu_shows_the_direction_and_basis_columns() {
    let mut harness = open_app();
    harness.get_by_role_and_label(Role::Button, "View").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::CheckBox, "basis")
        .click();
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    harness.get_by_role_and_label(Role::Button, "basis");
    assert!(
        !harness
            .state()
            .session
            .hidden_columns
            .contains(&factdesk::review::view::Column::Basis)
    );
}

/// Opens `release.txt` in the window and sets its publication date in the documents panel.
fn set_release_date(harness: &mut Harness<'_, FactdeskApp>, date: &str) {
    if harness.state().session.query.document.is_none() {
        harness
            .get_all_by_label_contains("release.txt")
            .next()
            .unwrap()
            .click();
        harness.run();
    }
    retype(harness, "Publication date", date);
    harness.key_press(Key::Enter);
    harness.run();
}

fn release_app() -> Harness<'static, FactdeskApp> {
    let extraction = shared_extractor().extract("release.txt", RELEASE);
    open_app_on(Workbench::from_extractions([(
        document("release.txt", RELEASE),
        extraction,
    )]))
}

#[test]
fn a_documents_publication_date_is_set_in_the_panel_as_one_undoable_change() {
    let mut harness = release_app();
    let gdp = fact_with_surface(&harness, "529971亿元");
    harness.state_mut().session.select(gdp);
    harness.key_press(Key::A);
    harness.run();
    let detected = harness.state().session.workbench.documents()[0]
        .published
        .clone();

    set_release_date(&mut harness, "2016/10/19");
    let app = harness.state();
    assert!(
        app.session
            .date_edit
            .as_ref()
            .and_then(|e| e.error.as_ref())
            .is_some(),
        "an invalid date is shown as such"
    );
    assert_eq!(
        app.session.workbench.documents()[0].published,
        detected,
        "and not set"
    );

    set_release_date(&mut harness, "2016-10-19");
    let app = harness.state();
    let doc = &app.session.workbench.documents()[0];
    assert_eq!(
        doc.published.as_deref(),
        Some("2016-10-19"),
        "{:?}",
        app.session.message
    );
    assert!(doc.published_given);
    assert_eq!(
        app.session.workbench.fact(gdp).unwrap().status,
        Status::Verified,
        "decisions stay"
    );
    harness
        .get_all_by_label_contains("2016-10-19 (given)")
        .next()
        .unwrap();

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let app = harness.state();
    assert_eq!(
        app.session.workbench.documents()[0].published,
        detected,
        "one undo"
    );
    assert_eq!(
        app.session.workbench.fact(gdp).unwrap().status,
        Status::Verified
    );
}

#[test]
fn a_documents_publication_date_changes_its_facts_periods() {
    let mut harness = release_app();
    let gdp = fact_with_surface(&harness, "529971亿元");
    set_release_date(&mut harness, "2016-10-19");
    let period = |h: &Harness<'_, FactdeskApp>| {
        h.state()
            .session
            .workbench
            .fact(gdp)
            .unwrap()
            .fields
            .period
            .clone()
    };
    assert_eq!(period(&harness).as_deref(), Some("2016-01/2016-09"));
    assert!(
        harness.get_all_by_label("2016-01/2016-09").count() >= 1,
        "in the table"
    );
    set_release_date(&mut harness, "2017-10-19");
    assert_eq!(period(&harness).as_deref(), Some("2017-01/2017-09"));
    assert!(
        harness.get_all_by_label("2017-01/2017-09").count() >= 1,
        "in the table"
    );
    assert_eq!(
        harness.query_all_by_label("2016-01/2016-09").count(),
        0,
        "none left"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(period(&harness).as_deref(), Some("2016-01/2016-09"));
}

#[test]
fn a_version_1_project_opens_with_its_decisions_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.factdesk.json");
    let mut wb = factdesk::review::project::create(
        &dir.path().join("new.factdesk"),
        factdesk::seeds::documents(),
    )
    .unwrap();
    let verified = wb.live_facts().next().unwrap().id;
    let rejected = wb.live_facts().nth(1).unwrap().id;
    wb.set_status(verified, Status::Verified).unwrap();
    wb.set_status(rejected, Status::Rejected).unwrap();
    wb.set_note(verified, "核对".into()).unwrap();
    factdesk::review::project::save_json(&wb, &path, Default::default()).unwrap();
    let v1 = common::as_version_1(&std::fs::read_to_string(&path).unwrap());
    std::fs::write(&path, &v1).unwrap();

    let mut harness = open_project_app(&path);
    let app = harness.state();
    assert_eq!(
        app.session.workbench.fact(verified).unwrap().status,
        Status::Verified
    );
    assert_eq!(app.session.workbench.fact(verified).unwrap().note, "核对");
    assert_eq!(
        app.session.workbench.fact(rejected).unwrap().status,
        Status::Rejected
    );
    harness.get_by_label("rejected 1");
    // Imported beside it, and the status bar says where.
    let imported = dir.path().join("old.factdesk");
    let message = &harness.state().session.message.as_ref().unwrap().text;
    assert!(
        message.contains("old.factdesk") && message.contains("imported"),
        "{message}"
    );
    assert_eq!(
        harness.state().session.project.as_ref().unwrap().path,
        imported
    );
    // A change goes to the imported project; the JSON is never written.
    harness.state_mut().session.select(verified);
    harness.key_press(Key::U);
    harness.run();
    std::thread::sleep(factdesk::session::AUTOSAVE_AFTER + std::time::Duration::from_millis(100));
    harness.step();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), v1, "never written");
    drop(harness);
    let (back, _, _) = factdesk::review::project::open(&imported).unwrap();
    assert_eq!(back.fact(verified).unwrap().status, Status::Unreviewed);
    assert_eq!(back.fact(rejected).unwrap().status, Status::Rejected);
}

/// Ten key presses in one frame's input (as a fast typist or a key repeat delivers them).
fn press_in_one_frame(harness: &mut Harness<'_, FactdeskApp>, key: Key, times: usize) {
    for _ in 0..times {
        for pressed in [true, false] {
            harness.event(egui::Event::Key {
                key,
                physical_key: None,
                pressed,
                repeat: false,
                modifiers: Modifiers::NONE,
            });
        }
    }
    harness.step();
    harness.run();
}

#[test]
fn every_key_press_of_a_frame_counts() {
    let mut harness = open_app();
    let rows = harness.state().session.view.rows().to_vec();
    assert!(rows.len() > 30);
    harness.state_mut().session.select(rows[0]);
    harness.run();
    press_in_one_frame(&mut harness, Key::J, 10);
    assert_eq!(
        harness.state().session.selected(),
        Some(rows[10]),
        "ten j, ten rows"
    );
    press_in_one_frame(&mut harness, Key::K, 3);
    assert_eq!(
        harness.state().session.selected(),
        Some(rows[7]),
        "three k, three rows"
    );
    let verified = harness.state().session.workbench.summary().verified;
    press_in_one_frame(&mut harness, Key::A, 10);
    let app = harness.state();
    assert_eq!(
        app.session.workbench.summary().verified,
        verified + 10,
        "ten a, ten facts"
    );
    for row in &rows[7..17] {
        assert_eq!(
            app.session.workbench.fact(*row).unwrap().status,
            Status::Verified
        );
    }
}

/// Whether `command` was applied since `since` actions.
fn applied_since(harness: &Harness<'_, FactdeskApp>, since: usize, command: Command) -> bool {
    harness.state().applied[since..].contains(&Action::Run(command))
}

/// The state each command needs to act: a selected fact; for the edit's commands an edit; for
/// merging a marked fact.
fn prepare_for(harness: &mut Harness<'_, FactdeskApp>, command: Command) {
    let rows = harness.state().session.view.rows().to_vec();
    let app = harness.state_mut();
    app.path_prompt = None;
    app.session.cancel_edit();
    app.session.select(rows[2]);
    match command {
        Command::SaveEdit | Command::CancelEdit => {
            app.session.apply(Action::Run(Command::Edit));
        }
        Command::Merge => {
            // A fact of the same kind as the selected one.
            let kind = app.session.workbench.fact(rows[2]).unwrap().fields.kind;
            let other = rows
                .iter()
                .copied()
                .find(|r| {
                    *r != rows[2] && app.session.workbench.fact(*r).unwrap().fields.kind == kind
                })
                .unwrap();
            app.session.marked = [other].into();
        }
        Command::Undo => {
            app.session.apply(Action::Run(Command::Reject));
            app.session.select(rows[2]);
        }
        Command::Redo => {
            app.session.apply(Action::Run(Command::Reject));
            app.session.apply(Action::Run(Command::Undo));
            app.session.select(rows[2]);
        }
        _ => {}
    }
    harness.run();
}

#[test]
fn every_command_of_the_table_is_reachable_from_its_shortcut_its_button_and_the_help_menu() {
    walk_the_commands(Language::English);
}

#[test]
fn in_chinese_every_command_is_reachable_from_its_shortcut_its_button_and_the_help_menu() {
    walk_the_commands(Language::Chinese);
}

fn walk_the_commands(l: Language) {
    let mut harness = open_app_in(l);
    for spec in COMMANDS {
        if spec.command == Command::Quit {
            continue; // would close the harness's window; its key and entry are checked below
        }
        // The shortcut.
        for shortcut in spec.shortcuts {
            prepare_for(&mut harness, spec.command);
            let since = harness.state().applied.len();
            let modifiers = Modifiers {
                command: shortcut.command,
                ctrl: shortcut.command,
                shift: shortcut.shift,
                ..Modifiers::NONE
            };
            harness.key_press_modifiers(modifiers, egui_key(shortcut.key));
            harness.run();
            assert!(
                applied_since(&harness, since, spec.command),
                "{}: {} does not reach it",
                spec.id,
                shortcut.label()
            );
        }
        // The button, in its menu.
        prepare_for(&mut harness, spec.command);
        let since = harness.state().applied.len();
        let menu = match spec.menu {
            Menu::File => tr!(l, "menu.file"),
            Menu::Edit => tr!(l, "menu.edit"),
            Menu::Review => tr!(l, "menu.review"),
            Menu::View => tr!(l, "menu.view"),
        };
        harness.get_by_role_and_label(Role::Button, menu).click();
        harness.run();
        // A button's accessible name is its label, then the shortcut it shows.
        let label = spec.label(l);
        let name = match spec.shortcuts.first() {
            Some(first) => format!("{label} {}", first.label()),
            None => label.to_string(),
        };
        harness
            .get_all_by_role_and_label(Role::Button, &name)
            .next()
            .unwrap_or_else(|| panic!("{}: no button {label}", spec.id))
            .click();
        harness.run();
        assert!(
            applied_since(&harness, since, spec.command),
            "{}: its button does not reach it",
            spec.id
        );
        harness.key_press(Key::Escape);
        harness.run();
    }
    // The Help menu lists every command with its keys, from the same table.
    prepare_for(&mut harness, Command::Next);
    harness
        .get_by_role_and_label(Role::Button, tr!(l, "menu.help"))
        .click();
    harness.run();
    for spec in COMMANDS {
        harness.get_by_label(&spec.help_line(l));
    }
}

#[test]
fn quit_is_a_file_menu_entry_and_a_key() {
    let mut harness = open_app();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    harness.run();
    assert!(harness.state().quitting());
}

#[test]
fn merging_two_facts_in_the_window_is_undone_by_ctrl_z() {
    let quarter = "三季度，规模以上工业增加值同比增长6.0%。";
    let wb = Workbench::from_extractions(["2016.txt", "2025.txt"].map(|name| {
        (
            document(name, quarter),
            shared_extractor().extract(name, quarter),
        )
    }));
    let mut harness = open_app_on(wb);
    let ids: Vec<FactId> = harness
        .state()
        .session
        .workbench
        .live_facts()
        .filter(|f| f.mentions.iter().any(|m| m.mention.surface == "6.0%"))
        .map(|f| f.id)
        .collect();
    assert_eq!(ids.len(), 2, "an undated quarter in two reports: two facts");
    harness.state_mut().session.select(ids[0]);
    harness.state_mut().push(Action::ToggleMark(ids[1]));
    harness.run();
    harness.key_press(Key::M);
    harness.run();
    let app = harness.state();
    assert_eq!(
        app.session.workbench.fact(ids[0]).unwrap().document_count(),
        2
    );
    assert!(!app.session.workbench.fact(ids[1]).unwrap().is_live());
    harness
        .get_all_by_label("2 documents")
        .next()
        .expect("the table says it spans two");
    harness.key_press(Key::A);
    harness.run();
    let message = harness.state().session.message.clone().unwrap().text;
    assert!(message.contains("2 documents"), "{message}");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(
        harness
            .state()
            .session
            .workbench
            .fact(ids[1])
            .unwrap()
            .is_live()
    );
    assert_eq!(
        harness
            .state()
            .session
            .workbench
            .fact(ids[0])
            .unwrap()
            .mentions
            .len(),
        1
    );
}

#[test]
fn the_typed_path_field_takes_the_keyboard_when_it_appears() {
    let mut harness = open_app();
    harness.state_mut().push(Action::Run(Command::ExportJson));
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Path");
    assert!(
        harness.ctx.text_edit_focused(),
        "the path field has the keyboard"
    );
    // No dialog was tried (--no-native-dialogs): nothing claims one was.
    assert!(
        harness
            .query_by_label_contains("No file was chosen")
            .is_none()
    );
    harness.event(egui::Event::Text("/tmp/x".into()));
    harness.run();
    assert_eq!(harness.state().path_prompt.as_ref().unwrap().text, "/tmp/x");
    assert!(harness.state().session.query.search.is_empty());
}

#[test]
fn at_the_default_size_the_document_sources_and_period_columns_are_on_screen() {
    let harness = open_app();
    // The fact panel (its first button) starts where the table must end.
    let panel_left = harness
        .get_all_by_role(Role::Button)
        .filter(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with("Verify"))
        })
        .map(|n| n.rect().min.x)
        .fold(f32::MAX, f32::min);
    assert!(
        panel_left > 1000.0,
        "the fact panel keeps its width: {panel_left}"
    );
    for header in ["period", "document", "sources"] {
        // The table's header is the lowest button of that name (a filter may share it); its
        // label carries the sort arrow when sorted.
        let rect = harness
            .get_all_by_role(Role::Button)
            .filter(|n| {
                n.accesskit_node()
                    .label()
                    .is_some_and(|l| l == header || l.starts_with(&format!("{header} ")))
            })
            .map(|n| n.rect())
            .max_by(|a, b| a.min.y.total_cmp(&b.min.y))
            .unwrap_or_else(|| panic!("no {header} header"));
        assert!(
            rect.max.x <= panel_left,
            "{header} ends at {} (the fact panel at {panel_left})",
            rect.max.x
        );
    }
}

#[test]
fn the_title_names_the_project_and_whether_it_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.factdesk");
    let mut harness = open_app();
    assert!(harness.state().title().contains("no project"));
    harness.state_mut().session.save_project_as(&path);
    harness.run();
    assert_eq!(harness.state().title(), "review.factdesk — factdesk");
    // A note being typed is not yet a change; a selection not yet written is shown.
    let second = harness.state().session.view.rows()[1];
    harness.state_mut().session.select(second);
    harness.step();
    assert!(
        harness.state().title().contains('•'),
        "{}",
        harness.state().title()
    );
}

#[test]
fn opening_a_folder_over_an_open_corpus_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.txt"), RELEASE).unwrap();
    let mut harness = open_app();
    let docs = harness.state().session.workbench.documents().len();
    harness.state_mut().push(Action::Run(Command::OpenFolder));
    harness.run();
    retype(&mut harness, "Path", &dir.path().display().to_string());
    harness.key_press(Key::Enter);
    harness.run();
    assert!(harness.state().pending_open.is_some(), "asks before adding");
    assert_eq!(harness.state().session.workbench.documents().len(), docs);
    harness
        .get_by_role_and_label(Role::Button, "Open as a new corpus")
        .click();
    // One frame takes the click and starts the load; `run` would wait for the spinner of a load
    // still in flight (it settles only once the worker is done, however long the machine takes).
    harness.step();
    harness.state_mut().wait_for_loads();
    harness.run();
    let names: Vec<String> = harness
        .state()
        .session
        .workbench
        .documents()
        .iter()
        .map(|d| d.name.clone())
        .collect();
    assert_eq!(names, ["x.txt"]);
}

/// A file dropped on the window, as the windowing integration hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn files_dropped_on_an_open_corpus_ask_first() {
    let dir = tempfile::tempdir().unwrap();
    let dropped = dir.path().join("x.txt");
    std::fs::write(&dropped, RELEASE).unwrap();
    let mut harness = open_app();
    let docs = harness.state().session.workbench.documents().len();
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(dropped)));
    harness.run();
    assert!(harness.state().pending_open.is_some(), "asks before adding");
    assert!(!harness.state().is_loading(), "nothing is loaded yet");
    assert_eq!(harness.state().session.workbench.documents().len(), docs);
    harness
        .get_by_role_and_label(Role::Button, "Add to this corpus")
        .click();
    harness.step();
    harness.state_mut().wait_for_loads();
    harness.run();
    assert_eq!(
        harness.state().session.workbench.documents().len(),
        docs + 1,
        "added once asked"
    );
}

#[test]
fn choosing_the_export_scope_keeps_the_file_menu_open() {
    let mut harness = open_app();
    harness.get_by_role_and_label(Role::Button, "File").click();
    harness.run();
    harness.get_by_label("all facts with their status").click();
    harness.run();
    assert_eq!(harness.state().session.export_options.scope, Scope::All);
    // Still open: its export entry is there to press.
    harness
        .get_all_by_label_contains("Export JSON")
        .next()
        .expect("the File menu is still open");
    harness.get_by_label("the facts shown").click();
    harness.run();
    assert_eq!(harness.state().session.export_options.scope, Scope::Shown);
}

/// The main flows of the window in one language, with the strings an analyst reads in it:
/// open the seeds, select a fact, verify it with its key and with its button, the Help menu,
/// the export scope and the typed path of the export, and the status line that reports it.
struct Words {
    file: &'static str,
    help: &'static str,
    verify_button: &'static str,
    verified_status: &'static str,
    fact: &'static str,
    verified_total: fn(usize, usize) -> String,
    help_line_of_verify: &'static str,
    scope_all: &'static str,
    export_json: &'static str,
    path: &'static str,
    exported: &'static str,
    kind_money: &'static str,
    column_subject: &'static str,
}

const ENGLISH: Words = Words {
    file: "File",
    help: "Help",
    verify_button: "Verify a",
    verified_status: "verified",
    fact: "Fact #",
    verified_total: |v, t| format!("verified {v} / total {t}"),
    help_line_of_verify: "a or Enter  Verify: mark the fact verified and move on",
    scope_all: "all facts with their status",
    export_json: "Export JSON…",
    path: "Path",
    exported: "exported ",
    kind_money: "money",
    column_subject: "subject",
};

const CHINESE: Words = Words {
    file: "文件",
    help: "帮助",
    verify_button: "核实 a",
    verified_status: "已核实",
    fact: "事实 #",
    verified_total: |v, t| format!("已核实 {v} / 共 {t}"),
    help_line_of_verify: "a 或 Enter  核实：将事实标为已核实并转到下一条",
    scope_all: "全部事实及其状态",
    export_json: "导出 JSON…",
    path: "路径",
    exported: "已导出 ",
    kind_money: "金额",
    column_subject: "主体",
};

fn main_flows(language: Language, words: &Words) {
    let mut harness = open_app_in(language);
    let total = harness.state().session.workbench.summary().total;
    harness.get_by_label(&(words.verified_total)(0, total));
    assert!(harness.get_all_by_label(words.kind_money).next().is_some());
    harness.get_by_role_and_label(Role::Button, words.column_subject);

    // Select a fact and verify it with its key: the inspector names its status in the language.
    let trade = fact_with_surface(&harness, "948亿美元");
    harness.state_mut().session.select(trade);
    harness.run();
    harness.key_press(Key::A);
    harness.run();
    assert_eq!(fact_of(&harness, trade).status, Status::Verified);
    harness.get_by_label(&(words.verified_total)(1, total));

    // And the next one with the button.
    let next = harness.state().session.selected().unwrap();
    harness
        .get_by_role_and_label(Role::Button, words.verify_button)
        .click();
    harness.run();
    assert_eq!(fact_of(&harness, next).status, Status::Verified);
    harness.get_by_label(&(words.verified_total)(2, total));
    // Back on it: the inspector names it and its status (the status filter's toggle is the
    // other label with that word; the table shows a glyph).
    let unverified = harness.state().session.selected().unwrap();
    harness.state_mut().session.select(unverified);
    harness.run();
    assert_eq!(harness.get_all_by_label(words.verified_status).count(), 1);
    harness.state_mut().session.select(next);
    harness.run();
    harness.get_by_label(&format!("{}{}", words.fact, next.0));
    assert_eq!(
        harness.get_all_by_label(words.verified_status).count(),
        2,
        "the inspector says {}",
        words.verified_status
    );

    // The keyboard reference.
    harness
        .get_by_role_and_label(Role::Button, words.help)
        .click();
    harness.run();
    harness.get_by_label(words.help_line_of_verify);
    harness.key_press(Key::Escape);
    harness.run();

    // The export: its scope in the File menu, then the typed path field.
    harness
        .get_by_role_and_label(Role::Button, words.file)
        .click();
    harness.run();
    harness.get_by_label(words.scope_all).click();
    harness.run();
    assert_eq!(harness.state().session.export_options.scope, Scope::All);
    harness
        .get_all_by_label_contains(words.export_json)
        .next()
        .expect("the export entry")
        .click();
    harness.run();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("facts.json");
    harness
        .get_by_role_and_label(Role::TextInput, words.path)
        .type_text(&out.display().to_string());
    harness.key_press(Key::Enter);
    harness.run();
    assert!(out.exists(), "the export was written");
    let message = harness.state().session.message.clone().unwrap();
    assert!(message.text.starts_with(words.exported), "{message:?}");
    harness.get_by_label(&message.text);
    // The export keeps the contract's English codes whatever the window's language.
    let json = std::fs::read_to_string(&out).unwrap();
    assert!(json.contains("\"status\": \"verified\"") || json.contains("\"status\":\"verified\""));
    assert!(json.contains("\"money\""), "kinds as codes");
    assert!(
        !json.contains("已核实") && !json.contains("金额\""),
        "no window names"
    );
}

#[test]
fn the_main_flows_in_english() {
    main_flows(Language::English, &ENGLISH);
}

#[test]
fn the_main_flows_in_chinese() {
    main_flows(Language::Chinese, &CHINESE);
}

#[test]
fn the_language_is_switched_in_the_view_menu_and_remembered_for_the_next_start() {
    let config = tempfile::tempdir().unwrap();
    let path = config.path().join("factdesk").join("settings.toml");
    let mut harness = open_app_with(Startup {
        native_dialogs: false,
        settings_path: Some(path.clone()),
        ..Startup::default()
    });
    harness.get_by_role_and_label(Role::Button, "File");
    harness.get_by_role_and_label(Role::Button, "View").click();
    harness.run();
    harness.get_by_label("Language / 语言");
    harness.get_by_label("中文（简体）").click();
    harness.run();
    assert!(
        harness
            .state()
            .applied
            .contains(&Action::SetLanguage(Language::Chinese)),
        "through the session's queue"
    );
    // The next frame is in Chinese: menus, status bar, filters, column headers.
    harness.run();
    for word in ["文件", "编辑", "审核", "视图", "帮助"] {
        harness.get_by_role_and_label(Role::Button, word);
    }
    assert!(harness.query_by_label("File").is_none());
    let total = harness.state().session.workbench.summary().total;
    harness.get_by_label(&format!("已核实 0 / 共 {total}"));
    harness.get_by_label("搜索");
    // Remembered: the next start reads it back.
    let settings = factdesk::settings::Settings::load(&path).unwrap();
    assert_eq!(settings.language(), Some(Language::Chinese));
    assert_eq!(
        factdesk::settings::startup_language(None, settings.language(), Some("en-US")),
        Language::Chinese
    );
    // And back to English.
    harness.get_by_role_and_label(Role::Button, "视图").click();
    harness.run();
    harness.get_by_label("English").click();
    harness.run();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "File");
    let settings = factdesk::settings::Settings::load(&path).unwrap();
    assert_eq!(settings.language(), Some(Language::English));
}

#[test]
fn editing_in_chinese_names_the_fields_and_choices_in_chinese_and_saves_the_codes() {
    let mut harness = open_app_in(Language::Chinese);
    let trade = fact_with_surface(&harness, "948亿美元");
    harness.state_mut().session.select(trade);
    harness.run();
    harness.key_press(Key::E);
    harness.run();
    // The fields are named in Chinese for screen readers and tests alike.
    harness.get_by_role_and_label(Role::TextInput, "主体");
    retype(&mut harness, "主体", "中国同中亚五国贸易额");
    harness.key_press(Key::Enter);
    harness.run();
    let fact = fact_of(&harness, trade);
    assert_eq!(fact.fields.subject, "中国同中亚五国贸易额");
    assert_eq!(fact.fields.kind.as_str(), "money", "the code is kept");
    // The table shows the kind's name; the history its change in Chinese.
    assert!(harness.get_all_by_label("金额").count() >= 2);
    harness.get_by_label("历史").click();
    harness.run();
    // `<time> 执行 主体 <was> → <now>`: the trail's action and the field, named in Chinese.
    assert!(
        harness.query_by_label_contains("执行 主体 ").is_some(),
        "the history line is in Chinese"
    );
}

#[test]
fn in_chinese_a_refused_value_is_said_in_chinese_beside_the_field_and_in_the_status_bar() {
    let mut harness = open_app_in(Language::Chinese);
    let trade = fact_with_surface(&harness, "948亿美元");
    harness.state_mut().session.select(trade);
    harness.run();
    harness.key_press(Key::E);
    harness.run();
    retype(&mut harness, "数值", "948亿");
    harness.key_press(Key::Enter);
    harness.run();
    let session = harness
        .state()
        .session
        .editing
        .as_ref()
        .expect("still editing");
    assert_eq!(session.draft.value, "948亿", "kept as typed");
    let said = "“948亿”不是数字（只能用数字，可带正负号和小数点）";
    // In the fact panel, beside the field's name, and in the status line.
    harness.get_by_label(&format!("数值：{said}"));
    harness.get_by_label(&format!("未保存：数值：{said}"));
    let fact = fact_of(&harness, trade);
    assert_eq!(fact.fields, fact.original, "nothing was saved");
}

/// A 1 MB document (the five seed articles, one after another until a megabyte is reached):
/// selecting its last fact scrolls the source to it, laying out only the paragraphs in view.
#[test]
fn a_one_megabyte_document_scrolls_to_its_last_fact_laying_out_only_what_is_in_view() {
    let seeds = factdesk::seeds::documents();
    let mut text = String::new();
    while text.len() < 1 << 20 {
        for d in &seeds {
            text.push_str(&d.text);
            text.push('\n');
        }
    }
    let extraction = shared_extractor().extract("long.txt", &text);
    let wb = Workbench::from_extractions([(document("long.txt", &text), extraction)]);
    let last = wb
        .live_facts()
        .max_by_key(|f| f.mentions[0].mention.start)
        .expect("facts")
        .id;
    let mut harness = open_app_on(wb);
    harness.state_mut().push(Action::Select(last));
    harness.run();
    let app = harness.state();
    let m = &app.session.workbench.fact(last).unwrap().mentions[0];
    assert!(
        m.mention.start > 1_000_000 / 3,
        "near the end of a long text"
    );
    assert!(
        app.source_view
            .char_rect(m.doc_id, m.mention.start)
            .is_some(),
        "the mention is in view"
    );
    let (measured, paragraphs) = app.source_view.measured_paragraphs();
    assert!(paragraphs > 1000, "{paragraphs} paragraphs");
    assert!(
        measured < 200,
        "{measured} of {paragraphs} paragraphs laid out"
    );
}

/// Yearly grain bulletins (2021 has a slipped digit); the engine reads each total as 全国粮食总产量
/// in 吨 for its year.
fn grain_bulletins() -> Workbench {
    let texts = [
        (
            "grain-2020.txt",
            "新华社北京12月10日电 国家统计局今天发布公告，2020年全国粮食总产量66949万吨。",
        ),
        (
            "grain-2019.txt",
            "新华社北京12月12日电 国家统计局今天发布公告，2019年全国粮食总产量66384万吨。",
        ),
        (
            "grain-2021.txt",
            "新华社北京12月6日电 国家统计局今天发布公告，2021年全国粮食总产量682850万吨。",
        ),
        (
            "grain-2022.txt",
            "新华社北京12月12日电 国家统计局今天发布公告，2022年全国粮食总产量68653万吨。",
        ),
    ];
    Workbench::from_extractions(
        texts.map(|(name, text)| (document(name, text), shared_extractor().extract(name, text))),
    )
}

#[test]
fn the_chart_panel_draws_the_selected_figures_series_and_a_click_on_a_point_selects_its_fact() {
    let mut harness = open_app_on(grain_bulletins());
    let latest = fact_with_surface(&harness, "68653万吨");
    let earliest = fact_with_surface(&harness, "66384万吨");
    harness.state_mut().session.select(latest);
    harness.run();
    assert!(
        harness.state().chart.point_positions.is_empty(),
        "hidden at first"
    );

    harness.key_press(Key::G);
    harness.run();
    assert!(harness.state().session.charts_shown);
    harness.get_by_label("Review progress");
    harness.get_by_label("全国粮食总产量 · 吨 · level · 12 months · 4 points; outliers (red): 1");
    let positions = harness.state().chart.point_positions.clone();
    assert_eq!(positions.len(), 4);
    let (_, at) = *positions
        .iter()
        .find(|(fact, _)| *fact == earliest)
        .expect("the 2019 total is a point of the series");
    // The earliest year is drawn leftmost.
    assert!(positions.iter().all(|(_, p)| p.x >= at.x));

    let since = harness.state().applied.len();
    harness.hover_at(at);
    harness.run();
    harness.drag_at(at);
    harness.drop_at(at);
    harness.run();
    assert!(
        harness.state().applied[since..].contains(&Action::Select(earliest)),
        "the click is an action for the session"
    );
    assert_eq!(harness.state().session.selected(), Some(earliest));

    // Off every point, a click selects nothing new.
    let since = harness.state().applied.len();
    let away = at + egui::vec2(0.0, -60.0);
    harness.hover_at(away);
    harness.run();
    harness.drag_at(away);
    harness.drop_at(away);
    harness.run();
    assert!(
        !harness.state().applied[since..]
            .iter()
            .any(|a| matches!(a, Action::Select(_)))
    );

    harness.key_press(Key::G);
    harness.run();
    assert!(!harness.state().session.charts_shown);
}

#[test]
fn chinese_headers_are_chosen_in_the_file_menu_and_the_cells_keep_the_codes() {
    let mut harness = open_app();
    harness.get_by_role_and_label(Role::Button, "File").click();
    harness.run();
    harness
        .get_by_label("Chinese (事实编号, 数值, 所属时期)")
        .click();
    harness.run();
    assert_eq!(
        harness.state().session.export_options.headers,
        factdesk::review::export::HeaderLanguage::Chinese
    );
    harness.key_press(Key::Escape);
    harness.run();
    harness.state_mut().session.export_options.scope = Scope::All;
    harness.state_mut().push(Action::Run(Command::ExportCsv));
    harness.run();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("facts.csv");
    retype(&mut harness, "Path", &out.display().to_string());
    harness.key_press(Key::Enter);
    harness.run();
    let csv = std::fs::read_to_string(&out).expect("the export was written");
    let header = csv.lines().next().unwrap();
    assert!(header.contains("事实编号"), "{header}");
    assert!(!header.contains("fact_id"), "{header}");
    assert!(csv.contains(",money,"), "cells are the contract's codes");
}
