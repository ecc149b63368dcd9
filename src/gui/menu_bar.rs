//! The menu bar (open, export, undo, view) and the typed-path field offered when no native file
//! dialog can be shown.

use std::path::PathBuf;

use eframe::egui;

use super::app::{FactdeskApp, PathPurpose};
use crate::review::export::{ExportFormat, Scope};

pub fn ui(app: &mut FactdeskApp, ui: &mut egui::Ui) {
    let ctx = ui.ctx().clone();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if ui.button("Open files…").clicked() {
                ui.close();
                app.ask_path(&ctx, PathPurpose::Open);
            }
            if ui.button("Open folder…").clicked() {
                ui.close();
                app.ask_path(&ctx, PathPurpose::OpenFolder);
            }
            if ui.button("Open project…").clicked() {
                ui.close();
                app.ask_path(&ctx, PathPurpose::OpenProject);
            }
            if ui.button("Save project as…").clicked() {
                ui.close();
                app.ask_path(&ctx, PathPurpose::SaveProject);
            }
            if ui
                .add_enabled(
                    app.project.is_some(),
                    egui::Button::new("Re-extract corpus"),
                )
                .on_hover_text(
                    "read and extract the corpus again with this engine; decisions carry over",
                )
                .clicked()
            {
                ui.close();
                app.reextract(&ctx);
            }
            if ui.button("Open bundled corpus").clicked() {
                ui.close();
                app.load(&ctx, crate::review::loader::Source::BundledSeeds);
            }
            ui.separator();
            ui.label("Export");
            for scope in [Scope::Verified, Scope::All, Scope::Shown] {
                ui.radio_value(&mut app.export_options.scope, scope, scope.label());
            }
            ui.checkbox(
                &mut app.export_options.csv_bom,
                "CSV with UTF-8 BOM (Excel, WPS)",
            );
            if ui.button("Export JSON…").clicked() {
                ui.close();
                app.ask_path(&ctx, PathPurpose::Export(ExportFormat::Json));
            }
            if ui.button("Export CSV…").clicked() {
                ui.close();
                app.ask_path(&ctx, PathPurpose::Export(ExportFormat::Csv));
            }
        });
        ui.menu_button("Edit", |ui| {
            if ui
                .add_enabled(
                    app.workbench.can_undo(),
                    egui::Button::new("Undo").shortcut_text("Ctrl+Z"),
                )
                .clicked()
            {
                app.undo();
            }
            if ui
                .add_enabled(
                    app.workbench.can_redo(),
                    egui::Button::new("Redo").shortcut_text("Ctrl+Shift+Z"),
                )
                .clicked()
            {
                app.redo();
            }
        });
        ui.menu_button("View", |ui| {
            ui.label("Table columns");
            for column in crate::review::view::Column::ALL {
                let mut shown = !app.hidden_columns.contains(&column);
                if ui.checkbox(&mut shown, column.title()).changed() {
                    app.show_column(column, shown);
                }
            }
        });
        ui.menu_button("Help", |ui| {
            ui.label("↑/↓ or j/k  move");
            ui.label("Enter or a  verify");
            ui.label("x  reject · u  back to unreviewed");
            ui.label("e or double-click  edit · Esc  leave the edit");
            ui.label("Tab to a drop-down, ↑/↓  change it while editing");
            ui.label("/  search · Ctrl+Z  undo");
            ui.label("Documents panel: select a document to set its publication date");
        });
    });
    path_prompt_ui(app, ui);
}

/// A native dialog for `purpose`; `None` when cancelled or when none can be shown.
pub fn native_dialog(purpose: PathPurpose) -> Option<Vec<PathBuf>> {
    match purpose {
        PathPurpose::Open => rfd::FileDialog::new()
            .add_filter("text", &["txt", "md"])
            .pick_files(),
        PathPurpose::OpenFolder => rfd::FileDialog::new().pick_folder().map(|p| vec![p]),
        PathPurpose::OpenProject => rfd::FileDialog::new()
            .add_filter("factdesk project", &["factdesk", "json"])
            .pick_file()
            .map(|p| vec![p]),
        PathPurpose::SaveProject => rfd::FileDialog::new()
            .set_file_name("review.factdesk")
            .save_file()
            .map(|p| vec![p]),
        PathPurpose::Export(format) => rfd::FileDialog::new()
            .set_file_name(format!("factdesk-export.{}", format.extension()))
            .save_file()
            .map(|p| vec![p]),
    }
}

fn path_prompt_ui(app: &mut FactdeskApp, ui: &mut egui::Ui) {
    let Some(prompt) = &mut app.path_prompt else {
        return;
    };
    let purpose = prompt.purpose;
    let what = match purpose {
        PathPurpose::Open | PathPurpose::OpenFolder => "Open a file or folder".to_string(),
        PathPurpose::OpenProject => "Open a project".to_string(),
        PathPurpose::SaveProject => "Save the project as".to_string(),
        PathPurpose::Export(f) => format!("Export {} to a file", f.extension().to_uppercase()),
    };
    let mut submit = false;
    let mut cancel = false;
    ui.horizontal(|ui| {
        ui.label(format!(
            "No file was chosen in a dialog (or none can be shown here). {what}:"
        ));
        let label = ui.label("Path");
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut prompt.text)
                    .hint_text("path")
                    .desired_width(420.0),
            )
            .labelled_by(label.id);
        if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            submit = true;
        }
        if ui.button("OK").clicked() {
            submit = true;
        }
        if ui.button("Cancel").clicked() {
            cancel = true;
        }
    });
    if cancel {
        app.path_prompt = None;
    } else if submit && !prompt.text.trim().is_empty() {
        let path = PathBuf::from(prompt.text.trim());
        app.path_prompt = None;
        let ctx = ui.ctx().clone();
        app.use_paths(&ctx, purpose, vec![path]);
    }
}
