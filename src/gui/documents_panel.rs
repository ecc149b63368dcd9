//! The documents panel: each document with its publication date, fact count and review progress;
//! clicking one filters the table to it and offers its publication date for correction. Files that
//! failed to load are listed with the reason.

use eframe::egui::{self, RichText};

use super::app::FactdeskApp;
use crate::review::DocId;
use crate::tr;

const ROW_HEIGHT: f32 = 40.0;

pub fn ui(app: &mut FactdeskApp, ui: &mut egui::Ui) {
    let l = app.session.language;
    ui.heading(tr!(l, "documents.heading"));
    let all = app.session.query.document.is_none();
    if ui
        .selectable_label(
            all,
            tr!(
                l,
                "documents.all",
                count = app.session.workbench.documents().len()
            ),
        )
        .clicked()
    {
        app.session.query.document = None;
    }
    ui.separator();
    let errors =
        app.session.workbench.load_errors().len() + app.session.workbench.load_warnings().len();
    let report_lines = app.session.restore_report.as_ref().map_or(0, |r| {
        r.changed.len() + r.moved.len() + r.missing.len() + r.unanchored.len() + r.vanished.len()
    });
    let errors_height = if errors + report_lines > 0 {
        160.0
    } else {
        0.0
    } + if app.session.query.document.is_some() {
        90.0
    } else {
        0.0
    };
    let count = app.session.workbench.documents().len();
    egui::ScrollArea::vertical()
        .id_salt("documents")
        .max_height((ui.available_height() - errors_height).max(80.0))
        .auto_shrink([false, true])
        .show_rows(ui, ROW_HEIGHT, count, |ui, range| {
            for i in range {
                let id = DocId(i as u32);
                let doc = app.session.workbench.document(id);
                let stats = app.session.workbench.document_stats(id);
                let selected = app.session.query.document == Some(id);
                let text = tr!(
                    l,
                    "documents.row",
                    name = doc.name,
                    date = doc
                        .published
                        .as_deref()
                        .unwrap_or(tr!(l, "documents.no_date")),
                    given = if doc.published_given {
                        tr!(l, "documents.given")
                    } else {
                        ""
                    },
                    facts = stats.facts,
                    reviewed = stats.reviewed
                );
                let response = ui.selectable_label(selected, text);
                if response.clicked() {
                    app.session.query.document = if selected { None } else { Some(id) };
                }
                let progress = if stats.facts == 0 {
                    1.0
                } else {
                    stats.reviewed as f32 / stats.facts as f32
                };
                ui.add(egui::ProgressBar::new(progress).desired_height(3.0));
            }
        });
    if let Some(doc) = app.session.query.document {
        publication_date_ui(app, ui, doc);
    }
    if report_lines > 0 {
        project_check_ui(app, ui);
    }
    if errors > 0 {
        ui.separator();
        let (failed, warned) = (
            app.session.workbench.load_errors().len(),
            app.session.workbench.load_warnings().len(),
        );
        if failed > 0 {
            ui.label(
                RichText::new(tr!(l, "documents.not_loaded", count = failed))
                    .color(ui.visuals().error_fg_color),
            );
        }
        if warned > 0 {
            ui.label(
                RichText::new(tr!(l, "documents.damaged", count = warned))
                    .color(ui.visuals().warn_fg_color),
            );
        }
        egui::ScrollArea::vertical()
            .id_salt("load_errors")
            .show(ui, |ui| {
                for e in app.session.workbench.load_errors() {
                    ui.label(RichText::new(e.to_string()).small());
                }
                for w in app.session.workbench.load_warnings() {
                    ui.label(RichText::new(w.to_string()).small());
                }
            });
    }
}

/// What opening the project found that the analyst should look at: changed, moved and missing
/// documents, and mentions that could not be placed again or are no longer extracted (their facts
/// are kept; click one to select it).
fn project_check_ui(app: &mut FactdeskApp, ui: &mut egui::Ui) {
    let l = app.session.language;
    let Some(report) = &app.session.restore_report else {
        return;
    };
    ui.separator();
    ui.label(RichText::new(tr!(l, "documents.since_saved")).strong());
    let mut select = None;
    egui::ScrollArea::vertical()
        .id_salt("project_check")
        .max_height(120.0)
        .show(ui, |ui| {
            for name in &report.changed {
                ui.label(RichText::new(tr!(l, "documents.changed", name = name)).small());
            }
            for name in &report.moved {
                ui.label(RichText::new(tr!(l, "documents.moved", name = name)).small());
            }
            for e in &report.missing {
                ui.label(
                    RichText::new(tr!(l, "documents.missing", error = e))
                        .small()
                        .color(ui.visuals().error_fg_color),
                );
            }
            for (label, list) in [
                (tr!(l, "documents.not_found_again"), &report.unanchored),
                (tr!(l, "documents.no_longer_extracted"), &report.vanished),
            ] {
                for (fact, m) in list {
                    let text = tr!(
                        l,
                        "documents.report_line",
                        label = label,
                        fact = fact.0,
                        surface = m.surface,
                        doc = m.doc,
                        start = m.start
                    );
                    if ui.link(RichText::new(text).small()).clicked() {
                        select = Some(*fact);
                    }
                }
            }
        });
    if let Some(fact) = select {
        app.push(crate::session::Action::Reveal(fact));
    }
}

/// The publication date of the selected document, to set or correct: Enter (or Set) extracts the
/// document again with it and re-resolves its facts' periods, as one undoable change.
fn publication_date_ui(app: &mut FactdeskApp, ui: &mut egui::Ui, doc: DocId) {
    if app.session.date_edit.as_ref().is_none_or(|e| e.doc != doc) {
        app.session.begin_date_edit(doc);
    }
    let l = app.session.language;
    let document = app.session.workbench.document(doc);
    let source = match (&document.published, document.published_given) {
        (None, _) => tr!(l, "documents.source_none"),
        (Some(_), true) => tr!(l, "documents.source_given"),
        (Some(_), false) => tr!(l, "documents.source_found"),
    };
    ui.separator();
    ui.label(RichText::new(tr!(l, "documents.publication_date_from", source = source)).strong());
    let mut commit = false;
    let mut clear = false;
    ui.horizontal(|ui| {
        let Some(edit) = &mut app.session.date_edit else {
            return;
        };
        let response = ui.add(
            egui::TextEdit::singleline(&mut edit.text)
                .id_salt(("published", doc.0))
                .hint_text("2016-10-19")
                .desired_width(110.0),
        );
        ui.ctx().accesskit_node_builder(response.id, |node| {
            node.set_label(tr!(l, "documents.publication_date"))
        });
        if let Some(error) = &edit.error {
            ui.painter().rect_stroke(
                response.rect,
                2.0,
                egui::Stroke::new(1.5, ui.visuals().error_fg_color),
                egui::StrokeKind::Outside,
            );
            response.clone().on_hover_text(error.clone());
        }
        if response.changed() {
            edit.error = None;
        }
        commit |= response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        commit |= ui
            .button(tr!(l, "documents.set_date"))
            .on_hover_text(tr!(l, "documents.set_date_help"))
            .clicked();
        clear = document.published_given
            && ui
                .small_button(tr!(l, "documents.use_texts"))
                .on_hover_text(tr!(l, "documents.use_texts_help"))
                .clicked();
    });
    if let Some(error) = app.session.date_edit.as_ref().and_then(|e| e.error.clone()) {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
    if clear && let Some(edit) = &mut app.session.date_edit {
        edit.text.clear();
        commit = true;
    }
    if commit {
        app.session.commit_date_edit();
    }
}
