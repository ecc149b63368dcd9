//! The menu bar (open, export, undo, view) and the typed-path field offered when no native file
//! dialog can be shown.

use std::path::PathBuf;

use eframe::egui;

use super::app::{FactdeskApp, PathPurpose};
use super::commands;
use crate::review::export::Scope;
use crate::session::Menu;

pub fn ui(app: &mut FactdeskApp, ui: &mut egui::Ui) {
    let ctx = ui.ctx().clone();
    egui::MenuBar::new().ui(ui, |ui| {
        // Clicks inside the File menu (the export scope) keep it open; its entries close it.
        let keep_open = egui::containers::menu::MenuConfig::new()
            .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
        egui::containers::menu::MenuButton::new("File")
            .config(keep_open)
            .ui(ui, |ui| {
                commands::menu_entries(app, ui, Menu::File);
                ui.separator();
                if ui
                    .add_enabled(
                        app.session.project.is_some(),
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
                ui.label("Export scope");
                // Choosing the scope keeps the menu open: the export entries are right above.
                for scope in [Scope::Verified, Scope::All, Scope::Shown] {
                    ui.radio_value(&mut app.session.export_options.scope, scope, scope.label());
                }
                ui.checkbox(
                    &mut app.session.export_options.csv_bom,
                    "CSV with UTF-8 BOM (Excel, WPS)",
                );
            });
        ui.menu_button("Edit", |ui| commands::menu_entries(app, ui, Menu::Edit));
        ui.menu_button("Review", |ui| commands::menu_entries(app, ui, Menu::Review));
        ui.menu_button("View", |ui| {
            commands::menu_entries(app, ui, Menu::View);
            ui.separator();
            ui.label("Table columns");
            for column in crate::review::view::Column::ALL {
                let mut shown = !app.session.hidden_columns.contains(&column);
                if ui.checkbox(&mut shown, column.title()).changed() {
                    app.session.show_column(column, shown);
                }
            }
        });
        ui.menu_button("Help", commands::help);
    });
    path_prompt_ui(app, ui);
    pending_open_ui(app, ui);
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

/// Files chosen while a corpus is open: the analyst says whether they join it.
fn pending_open_ui(app: &mut FactdeskApp, ui: &mut egui::Ui) {
    let Some(paths) = app.pending_open.clone() else {
        return;
    };
    let ctx = ui.ctx().clone();
    ui.horizontal(|ui| {
        let target = match &app.session.project {
            Some(p) => format!("the project {}", p.path.display()),
            None => "the open corpus".to_string(),
        };
        ui.label(format!(
            "Open {} path(s): add them to {target}?",
            paths.len()
        ));
        if ui.button("Add to this corpus").clicked() {
            app.pending_open = None;
            app.open_paths(&ctx, paths.clone());
        }
        if ui.button("Open as a new corpus").clicked() {
            app.pending_open = None;
            app.open_as_new_corpus(&ctx, paths.clone());
        }
        if ui.button("Cancel").clicked() {
            app.pending_open = None;
        }
    });
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
        if prompt.after_dialog {
            ui.label(format!(
                "No file was chosen in a dialog (or none can be shown here). {what}:"
            ));
        } else {
            ui.label(format!("{what}:"));
        }
        let label = ui.label("Path");
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut prompt.text)
                    .hint_text("path")
                    .desired_width(420.0),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut prompt.focus) {
            response.request_focus();
        }
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
