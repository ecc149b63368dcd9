//! The documents panel: each document with its date, fact count and review progress; clicking
//! one filters the table to it. Files that failed to load are listed with the reason.

use eframe::egui::{self, RichText};

use super::app::FactdeskApp;
use crate::review::DocId;

const ROW_HEIGHT: f32 = 40.0;

pub fn ui(app: &mut FactdeskApp, ui: &mut egui::Ui) {
    ui.heading("Documents");
    let all = app.query.document.is_none();
    if ui
        .selectable_label(
            all,
            format!("All documents ({})", app.workbench.documents().len()),
        )
        .clicked()
    {
        app.query.document = None;
    }
    ui.separator();
    let errors = app.workbench.load_errors().len();
    let report_lines = app.restore_report.as_ref().map_or(0, |r| {
        r.changed.len() + r.moved.len() + r.missing.len() + r.unanchored.len() + r.vanished.len()
    });
    let errors_height = if errors + report_lines > 0 {
        160.0
    } else {
        0.0
    };
    let count = app.workbench.documents().len();
    egui::ScrollArea::vertical()
        .id_salt("documents")
        .max_height((ui.available_height() - errors_height).max(80.0))
        .auto_shrink([false, true])
        .show_rows(ui, ROW_HEIGHT, count, |ui, range| {
            for i in range {
                let id = DocId(i as u32);
                let doc = app.workbench.document(id);
                let stats = app.workbench.document_stats(id);
                let selected = app.query.document == Some(id);
                let text = format!(
                    "{}\n{} · {} facts · {}/{} reviewed",
                    doc.name,
                    doc.published.as_deref().unwrap_or("no date"),
                    stats.facts,
                    stats.reviewed,
                    stats.facts
                );
                let response = ui.selectable_label(selected, text);
                if response.clicked() {
                    app.query.document = if selected { None } else { Some(id) };
                }
                let progress = if stats.facts == 0 {
                    1.0
                } else {
                    stats.reviewed as f32 / stats.facts as f32
                };
                ui.add(egui::ProgressBar::new(progress).desired_height(3.0));
            }
        });
    if report_lines > 0 {
        project_check_ui(app, ui);
    }
    if errors > 0 {
        ui.separator();
        ui.label(
            RichText::new(format!("{errors} file(s) not loaded"))
                .color(ui.visuals().error_fg_color),
        );
        egui::ScrollArea::vertical()
            .id_salt("load_errors")
            .show(ui, |ui| {
                for e in app.workbench.load_errors() {
                    ui.label(RichText::new(e.to_string()).small());
                }
            });
    }
}

/// What opening the project found that the analyst should look at: changed, moved and missing
/// documents, and mentions that could not be placed again or are no longer extracted (their facts
/// are kept; click one to select it).
fn project_check_ui(app: &mut FactdeskApp, ui: &mut egui::Ui) {
    let Some(report) = &app.restore_report else {
        return;
    };
    ui.separator();
    ui.label(RichText::new("Since the project was saved").strong());
    let mut select = None;
    egui::ScrollArea::vertical()
        .id_salt("project_check")
        .max_height(120.0)
        .show(ui, |ui| {
            for name in &report.changed {
                ui.label(RichText::new(format!("changed: {name}")).small());
            }
            for name in &report.moved {
                ui.label(RichText::new(format!("moved: {name}")).small());
            }
            for e in &report.missing {
                ui.label(
                    RichText::new(format!("missing: {e}"))
                        .small()
                        .color(ui.visuals().error_fg_color),
                );
            }
            for (label, list) in [
                ("not found again", &report.unanchored),
                ("no longer extracted", &report.vanished),
            ] {
                for (fact, m) in list {
                    let text = format!(
                        "{label}: #{} {} ({} @{})",
                        fact.0, m.surface, m.doc, m.start
                    );
                    if ui.link(RichText::new(text).small()).clicked() {
                        select = Some(*fact);
                    }
                }
            }
        });
    if let Some(fact) = select {
        app.query = crate::review::view::Query::default();
        app.refresh_view();
        app.select(fact);
    }
}
