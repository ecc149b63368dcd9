//! The facts table: filters and search above, then one virtualised row per fact (only the
//! visible rows are built, so 100k facts scroll smoothly). Headers sort; columns resize; the
//! selected row edits in place.

use eframe::egui::{self, Color32, RichText, Sense, Stroke, StrokeKind};
use egui_extras::{Column as TableColumn, TableBuilder};

use super::app::{EditSession, FactdeskApp};
use crate::fact::{Approx, Kind};
use crate::review::edit::Field;
use crate::review::view::Column;
use crate::review::{ReviewFact, Status, Workbench};

const ROW_HEIGHT: f32 = 24.0;

pub fn ui(app: &mut FactdeskApp, ui: &mut egui::Ui) {
    filters_ui(app, ui);
    ui.separator();
    // Narrow windows scroll the table sideways rather than squeezing columns to nothing.
    egui::ScrollArea::horizontal()
        .id_salt("facts_sideways")
        .show(ui, |ui| table_ui(app, ui));
}

fn filters_ui(app: &mut FactdeskApp, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        let label = ui.label("Search");
        let search = ui
            .add(
                egui::TextEdit::singleline(&mut app.query.search)
                    .hint_text("surface, subject, sentence, note  ( / )")
                    .desired_width(260.0),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut app.focus_search) {
            search.request_focus();
        }
        if search.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            search.surrender_focus();
        }
        if !app.query.search.is_empty() && ui.small_button("clear").clicked() {
            app.query.search.clear();
        }
        if let Some(doc) = app.query.document {
            ui.separator();
            let name = app.workbench.document(doc).name.clone();
            if ui
                .button(format!("document: {name} ×"))
                .on_hover_text("show facts of every document")
                .clicked()
            {
                app.query.document = None;
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.label("Kind:");
        for kind in Kind::ALL {
            let mut on = app.query.kinds.contains(&kind);
            if ui.toggle_value(&mut on, kind.as_str()).changed() {
                toggle(&mut app.query.kinds, kind, on);
            }
        }
        ui.separator();
        ui.label("Status:");
        for status in Status::ALL {
            let mut on = app.query.statuses.contains(&status);
            if ui.toggle_value(&mut on, status.as_str()).changed() {
                toggle(&mut app.query.statuses, status, on);
            }
        }
        ui.separator();
        ui.label(format!("{} shown", app.view.rows().len()));
    });
}

fn toggle<T: Ord>(set: &mut std::collections::BTreeSet<T>, item: T, on: bool) {
    if on {
        set.insert(item);
    } else {
        set.remove(&item);
    }
}

fn table_ui(app: &mut FactdeskApp, ui: &mut egui::Ui) {
    app.refresh_view();
    ui.style_mut().interaction.selectable_labels = false;
    let widths = [92.0, 64.0, 110.0, 120.0, 54.0, 76.0, 130.0, 120.0];
    let mut table = TableBuilder::new(ui)
        .id_salt("facts")
        .striped(true)
        .sense(Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
    for width in widths {
        table = table.column(
            TableColumn::initial(width)
                .at_least(36.0)
                .resizable(true)
                .clip(true),
        );
    }
    table = table.column(TableColumn::remainder().at_least(50.0).clip(true));
    if std::mem::take(&mut app.scroll_table)
        && let Some(row) = app.view.selected_row()
    {
        table = table.scroll_to_row(row, None);
    }
    let mut clicked = None;
    let mut double_clicked = None;
    let mut commit = false;
    let owns_enter = app.ime.owns_enter();
    let rows = app.view.rows();
    let selected = app.view.selected();
    table
        .header(22.0, |mut header| {
            for column in Column::ALL {
                header.col(|ui| {
                    let arrow = match (app.query.sort == column, app.query.descending) {
                        (true, false) => " ▲",
                        (true, true) => " ▼",
                        _ => "",
                    };
                    if ui
                        .button(RichText::new(format!("{}{arrow}", column.title())).strong())
                        .on_hover_text("sort by this column; again to reverse")
                        .clicked()
                    {
                        app.query.sort_by(column);
                    }
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, rows.len(), |mut row| {
                let id = rows[row.index()];
                let Some(fact) = app.workbench.fact(id) else {
                    return;
                };
                row.set_selected(selected == Some(id));
                match app.editing.as_mut().filter(|s| s.fact == id) {
                    Some(session) => {
                        commit |= edit_row(&mut row, fact, session, &app.workbench, owns_enter)
                    }
                    None => fact_row(&mut row, fact, &app.workbench),
                }
                let response = row.response();
                if response.double_clicked() {
                    double_clicked = Some(id);
                } else if response.clicked() {
                    clicked = Some(id);
                }
            });
        });
    if let Some(id) = clicked {
        app.select(id);
        app.scroll_table = false;
    }
    if let Some(id) = double_clicked {
        app.select(id);
        app.scroll_table = false;
        if app.editing.as_ref().is_none_or(|s| s.fact != id) {
            app.begin_edit(Field::Value);
        }
    }
    if commit {
        app.commit_edit();
    }
}

fn status_text(status: Status) -> RichText {
    match status {
        Status::Unreviewed => RichText::new("○ unreviewed").weak(),
        Status::Verified => RichText::new("● verified").color(Color32::from_rgb(40, 150, 60)),
        Status::Rejected => RichText::new("× rejected").color(Color32::from_rgb(200, 60, 60)),
    }
}

fn surface(fact: &ReviewFact) -> &str {
    fact.primary()
        .map(|m| m.mention.surface.as_str())
        .unwrap_or("")
}

fn document_name<'a>(fact: &ReviewFact, wb: &'a Workbench) -> &'a str {
    fact.primary()
        .map(|m| wb.document(m.doc_id).name.as_str())
        .unwrap_or("")
}

fn fact_row(row: &mut egui_extras::TableRow<'_, '_>, fact: &ReviewFact, wb: &Workbench) {
    let edited = |changed: bool, text: &str| {
        if changed {
            RichText::new(text).italics()
        } else {
            RichText::new(text)
        }
    };
    let (f, o) = (&fact.fields, &fact.original);
    row.col(|ui| {
        ui.label(status_text(fact.status));
    });
    row.col(|ui| {
        ui.label(edited(f.kind != o.kind, f.kind.as_str()));
    });
    row.col(|ui| {
        ui.add(egui::Label::new(surface(fact)).truncate());
    });
    row.col(|ui| {
        let changed = f.value != o.value || f.value_max != o.value_max;
        let label = ui.add(egui::Label::new(edited(changed, &fact.value_text)).truncate());
        if changed {
            label.on_hover_text(format!("{} → {}", o.value_text(), fact.value_text));
        }
    });
    row.col(|ui| {
        ui.label(edited(f.unit != o.unit, f.unit.as_deref().unwrap_or("")));
    });
    row.col(|ui| {
        ui.label(edited(
            f.approx != o.approx,
            f.approx.map(Approx::as_str).unwrap_or(""),
        ));
    });
    row.col(|ui| {
        ui.add(egui::Label::new(edited(f.subject != o.subject, &f.subject)).truncate());
    });
    row.col(|ui| {
        ui.add(egui::Label::new(document_name(fact, wb)).truncate());
    });
    row.col(|ui| {
        ui.label(fact.mentions.len().to_string());
    });
}

/// The selected row, editable in place. Returns whether the analyst pressed Enter to save.
fn edit_row(
    row: &mut egui_extras::TableRow<'_, '_>,
    fact: &ReviewFact,
    session: &mut EditSession,
    wb: &Workbench,
    ime_owns_enter: bool,
) -> bool {
    let mut commit = false;
    let salt = fact.id.0;
    row.col(|ui| {
        ui.label(status_text(fact.status));
    });
    row.col(|ui| {
        let response = egui::ComboBox::from_id_salt(("edit-kind", salt))
            .selected_text(session.draft.kind.clone())
            .width(ui.available_width())
            .show_ui(ui, |ui| {
                for kind in Kind::ALL {
                    ui.selectable_value(
                        &mut session.draft.kind,
                        kind.as_str().to_string(),
                        kind.as_str(),
                    );
                }
            });
        name_for_screen_readers(ui, &response.response, "kind");
        mark_error(ui, &response.response, session.error(Field::Kind));
    });
    row.col(|ui| {
        ui.add(egui::Label::new(surface(fact)).truncate());
    });
    row.col(|ui| {
        let half = (ui.available_width() - 12.0) / 2.0;
        commit |= field_edit(ui, session, Field::Value, salt, half, ime_owns_enter);
        ui.label("–");
        commit |= field_edit(ui, session, Field::ValueMax, salt, half, ime_owns_enter);
    });
    row.col(|ui| {
        let w = ui.available_width();
        commit |= field_edit(ui, session, Field::Unit, salt, w, ime_owns_enter);
    });
    row.col(|ui| {
        let current = session.draft.approx.clone();
        let response = egui::ComboBox::from_id_salt(("edit-approx", salt))
            .selected_text(if current.is_empty() {
                "exact".to_string()
            } else {
                current
            })
            .width(ui.available_width())
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut session.draft.approx, String::new(), "exact");
                for a in [
                    Approx::MoreThan,
                    Approx::LessThan,
                    Approx::About,
                    Approx::Nearly,
                ] {
                    ui.selectable_value(
                        &mut session.draft.approx,
                        a.as_str().to_string(),
                        a.as_str(),
                    );
                }
            });
        name_for_screen_readers(ui, &response.response, "approx");
        mark_error(ui, &response.response, session.error(Field::Approx));
    });
    row.col(|ui| {
        let w = ui.available_width();
        commit |= field_edit(ui, session, Field::Subject, salt, w, ime_owns_enter);
    });
    row.col(|ui| {
        ui.add(egui::Label::new(document_name(fact, wb)).truncate());
    });
    row.col(|ui| {
        ui.label(fact.mentions.len().to_string());
    });
    commit
}

/// One text field of the edit; returns whether Enter was pressed in it (and not for the IME).
fn field_edit(
    ui: &mut egui::Ui,
    session: &mut EditSession,
    field: Field,
    salt: u32,
    width: f32,
    ime_owns_enter: bool,
) -> bool {
    let error = session.error(field).map(str::to_owned);
    let response = ui.add(
        egui::TextEdit::singleline(session.draft.get_mut(field))
            .id_salt(("edit", salt, field.as_str()))
            .hint_text(field.as_str())
            .desired_width(width.max(30.0)),
    );
    name_for_screen_readers(ui, &response, field.as_str());
    if session.focus == Some(field) {
        response.request_focus();
        session.focus = None;
    }
    mark_error(ui, &response, error.as_deref());
    response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) && !ime_owns_enter
}

/// A drop-down without a visible label still needs a name for screen readers.
fn name_for_screen_readers(ui: &egui::Ui, response: &egui::Response, name: &str) {
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_label(name));
}

fn mark_error(ui: &egui::Ui, response: &egui::Response, error: Option<&str>) {
    if let Some(error) = error {
        ui.painter().rect_stroke(
            response.rect,
            2.0,
            Stroke::new(1.5, ui.visuals().error_fg_color),
            StrokeKind::Outside,
        );
        response.clone().on_hover_text(error.to_string());
    }
}
