//! The menu bar (open, export, undo, view) and the typed-path field offered when no native file
//! dialog can be shown.

use std::path::PathBuf;

use eframe::egui;

use super::app::{FactdeskApp, PathPurpose};
use super::commands;
use crate::i18n::Language;
use crate::review::export::{CsvFlavour, HeaderLanguage, Scope};
use crate::session::{Action, Menu};
use crate::tr;

pub fn ui(app: &mut FactdeskApp, ui: &mut egui::Ui) {
    let ctx = ui.ctx().clone();
    let l = app.session.language;
    egui::MenuBar::new().ui(ui, |ui| {
        // Clicks inside the File menu (the export scope) keep it open; its entries close it.
        let keep_open = egui::containers::menu::MenuConfig::new()
            .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
        egui::containers::menu::MenuButton::new(tr!(l, "menu.file"))
            .config(keep_open)
            .ui(ui, |ui| {
                commands::menu_entries(app, ui, Menu::File);
                ui.separator();
                if ui
                    .add_enabled(
                        app.session.project.is_some(),
                        egui::Button::new(tr!(l, "menu.reextract")),
                    )
                    .on_hover_text(tr!(l, "menu.reextract_help"))
                    .clicked()
                {
                    ui.close();
                    app.reextract(&ctx);
                }
                if ui.button(tr!(l, "menu.bundled")).clicked() {
                    ui.close();
                    app.load(&ctx, crate::review::loader::Source::BundledSeeds);
                }
                ui.separator();
                ui.label(tr!(l, "menu.export_scope"));
                // Choosing the scope keeps the menu open: the export entries are right above.
                for scope in [Scope::Verified, Scope::All, Scope::Shown] {
                    let name = crate::session::scope_name(l, scope);
                    ui.radio_value(&mut app.session.export_options.scope, scope, name);
                }
                ui.label(tr!(l, "menu.csv_for"));
                let csv = &mut app.session.export_options.csv;
                ui.radio_value(csv, CsvFlavour::Excel, tr!(l, "menu.csv_excel"))
                    .on_hover_text(tr!(l, "menu.csv_excel_hint"));
                ui.radio_value(csv, CsvFlavour::Data, tr!(l, "menu.csv_data"))
                    .on_hover_text(tr!(l, "menu.csv_data_hint"));
                // The header row only: cells keep the contract's codes in either language.
                ui.label(tr!(l, "menu.headers"));
                let headers = &mut app.session.export_options.headers;
                ui.radio_value(
                    headers,
                    HeaderLanguage::English,
                    tr!(l, "menu.headers_codes"),
                )
                .on_hover_text(tr!(l, "menu.headers_codes_hint"));
                ui.radio_value(
                    headers,
                    HeaderLanguage::Chinese,
                    tr!(l, "menu.headers_chinese"),
                );
            });
        ui.menu_button(tr!(l, "menu.edit"), |ui| {
            commands::menu_entries(app, ui, Menu::Edit)
        });
        ui.menu_button(tr!(l, "menu.review"), |ui| {
            commands::menu_entries(app, ui, Menu::Review)
        });
        ui.menu_button(tr!(l, "menu.view"), |ui| {
            commands::menu_entries(app, ui, Menu::View);
            ui.separator();
            ui.label(tr!(l, "menu.columns"));
            for column in crate::review::view::Column::ALL {
                let mut shown = !app.session.hidden_columns.contains(&column);
                let title = crate::i18n::code_name(l, "column", column.title());
                if ui.checkbox(&mut shown, title).changed() {
                    app.session.show_column(column, shown);
                }
            }
            ui.separator();
            ui.label(tr!(l, "menu.language"));
            for language in Language::ALL {
                if ui.radio(l == language, language.native_name()).clicked() {
                    app.push(Action::SetLanguage(language));
                    ui.close();
                }
            }
        });
        ui.menu_button(tr!(l, "menu.help"), |ui| commands::help(ui, l));
    });
    path_prompt_ui(app, ui);
    pending_open_ui(app, ui);
}

/// A native dialog for `purpose`; `None` when cancelled or when none can be shown.
pub fn native_dialog(purpose: PathPurpose, l: Language) -> Option<Vec<PathBuf>> {
    match purpose {
        PathPurpose::Open => rfd::FileDialog::new()
            .add_filter(tr!(l, "dialog.filter_text"), &["txt", "md"])
            .pick_files(),
        PathPurpose::OpenFolder => rfd::FileDialog::new().pick_folder().map(|p| vec![p]),
        PathPurpose::OpenProject => rfd::FileDialog::new()
            .add_filter(tr!(l, "dialog.filter_project"), &["factdesk", "json"])
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
    let l = app.session.language;
    ui.horizontal(|ui| {
        let target = match &app.session.project {
            Some(p) => tr!(l, "dialog.target_project", path = p.path.display()),
            None => tr!(l, "dialog.target_corpus").to_string(),
        };
        ui.label(tr!(
            l,
            "dialog.open_paths",
            count = paths.len(),
            target = target
        ));
        if ui.button(tr!(l, "dialog.add_to_corpus")).clicked() {
            app.pending_open = None;
            app.open_paths(&ctx, paths.clone());
        }
        if ui.button(tr!(l, "dialog.open_as_new")).clicked() {
            app.pending_open = None;
            app.open_as_new_corpus(&ctx, paths.clone());
        }
        if ui.button(tr!(l, "dialog.cancel")).clicked() {
            app.pending_open = None;
        }
    });
}

fn path_prompt_ui(app: &mut FactdeskApp, ui: &mut egui::Ui) {
    let l = app.session.language;
    let Some(prompt) = &mut app.path_prompt else {
        return;
    };
    let purpose = prompt.purpose;
    let what = match purpose {
        PathPurpose::Open | PathPurpose::OpenFolder => {
            tr!(l, "dialog.open_file_or_folder").to_string()
        }
        PathPurpose::OpenProject => tr!(l, "dialog.open_project").to_string(),
        PathPurpose::SaveProject => tr!(l, "dialog.save_project").to_string(),
        PathPurpose::Export(f) => {
            tr!(
                l,
                "dialog.export_to_file",
                format = f.extension().to_uppercase()
            )
        }
    };
    let mut submit = false;
    let mut cancel = false;
    ui.horizontal(|ui| {
        if prompt.after_dialog {
            ui.label(tr!(l, "dialog.no_file_chosen", what = what));
        } else {
            ui.label(tr!(l, "dialog.ask", what = what));
        }
        let label = ui.label(tr!(l, "dialog.path"));
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut prompt.text)
                    .hint_text(tr!(l, "dialog.path_hint"))
                    .desired_width(420.0),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut prompt.focus) {
            response.request_focus();
        }
        if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            submit = true;
        }
        if ui.button(tr!(l, "dialog.ok")).clicked() {
            submit = true;
        }
        if ui.button(tr!(l, "dialog.cancel")).clicked() {
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
