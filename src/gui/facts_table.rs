//! The facts table: filters and search above, then one virtualised row per fact (only the
//! visible rows are built, so 100k facts scroll smoothly). Headers sort; columns resize; the
//! selected row edits in place.

use eframe::egui::{self, Color32, RichText, Sense, Stroke, StrokeKind};
use egui_extras::{Column as TableColumn, TableBuilder};

use super::app::{EditSession, FactdeskApp};
use crate::fact::{Approx, Kind, Measure};
use crate::i18n::{self, Language};
use crate::review::edit::{Draft, Field};
use crate::review::view::Column;
use crate::review::{FactFields, ReviewFact, Status, Workbench};
use crate::session::{Action, Command, Place};
use crate::tr;

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
    let l = app.session.language;
    ui.horizontal(|ui| {
        let label = ui.label(tr!(l, "table.search"));
        let search = ui
            .add(
                egui::TextEdit::singleline(&mut app.session.query.search)
                    .hint_text(tr!(l, "table.search_hint"))
                    .desired_width(260.0),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut app.focus_search) {
            search.request_focus();
        }
        if search.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            search.surrender_focus();
        }
        if !app.session.query.search.is_empty() && ui.small_button(tr!(l, "table.clear")).clicked()
        {
            app.session.query.search.clear();
        }
        if let Some(doc) = app.session.query.document {
            ui.separator();
            let name = app.session.workbench.document(doc).name.clone();
            if ui
                .button(tr!(l, "table.document_filter", name = name))
                .on_hover_text(tr!(l, "table.document_filter_help"))
                .clicked()
            {
                app.session.query.document = None;
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.label(tr!(l, "table.kind"));
        for kind in Kind::ALL {
            let mut on = app.session.query.kinds.contains(&kind);
            let name = i18n::code_name(l, "kind", kind.as_str());
            if ui.toggle_value(&mut on, name).changed() {
                toggle(&mut app.session.query.kinds, kind, on);
            }
        }
        ui.separator();
        ui.label(tr!(l, "table.status"));
        for status in Status::ALL {
            let mut on = app.session.query.statuses.contains(&status);
            let name = i18n::code_name(l, "status_name", status.as_str());
            if ui.toggle_value(&mut on, name).changed() {
                toggle(&mut app.session.query.statuses, status, on);
            }
        }
        ui.separator();
        ui.label(tr!(l, "table.measure"));
        for measure in Measure::ALL {
            let mut on = app.session.query.measures.contains(&measure);
            let name = i18n::code_name(l, "measure", measure.as_str());
            if ui.toggle_value(&mut on, name).changed() {
                toggle(&mut app.session.query.measures, measure, on);
            }
        }
        ui.separator();
        ui.label(tr!(l, "table.shown", count = app.session.view.rows().len()));
    });
}

fn toggle<T: Ord>(set: &mut std::collections::BTreeSet<T>, item: T, on: bool) {
    if on {
        set.insert(item);
    } else {
        set.remove(&item);
    }
}

fn width_of(column: Column) -> f32 {
    match column {
        // At the default 1500×900 every default column fits beside the side panels; the
        // drop-down columns are wide enough for their longest choice (`quantity`, `more_than`).
        Column::Status => 28.0,
        Column::Kind => 74.0,
        Column::Surface => 84.0,
        Column::Value => 84.0,
        Column::Unit => 44.0,
        Column::Approx => 80.0,
        Column::Subject => 96.0,
        Column::Measure => 76.0,
        Column::Direction => 64.0,
        Column::Basis => 90.0,
        Column::Period => 100.0,
        Column::Document => 76.0,
        Column::Sources => 36.0,
    }
}

fn table_ui(app: &mut FactdeskApp, ui: &mut egui::Ui) {
    let l = app.session.language;
    app.session.refresh_view();
    ui.style_mut().interaction.selectable_labels = false;
    let columns = app.session.visible_columns();
    let mut table = TableBuilder::new(ui)
        .id_salt(("facts", columns.len()))
        .striped(true)
        .sense(Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
    for (i, &column) in columns.iter().enumerate() {
        table = table.column(if i + 1 == columns.len() {
            TableColumn::remainder().at_least(50.0).clip(true)
        } else {
            TableColumn::initial(width_of(column))
                .at_least(36.0)
                .resizable(true)
                .clip(true)
        });
    }
    if std::mem::take(&mut app.scroll_table)
        && let Some(row) = app.session.view.selected_row()
    {
        table = table.scroll_to_row(row, None);
    }
    let mut clicked = None;
    let mut double_clicked = None;
    let mut commit = false;
    let owns_enter = app.ime.owns_enter();
    let rows = app.session.view.rows();
    let selected = app.session.view.selected();
    table
        .header(22.0, |mut header| {
            for &column in &columns {
                header.col(|ui| {
                    let arrow = match (
                        app.session.query.sort == column,
                        app.session.query.descending,
                    ) {
                        (true, false) => " ▲",
                        (true, true) => " ▼",
                        _ => "",
                    };
                    let title = i18n::code_name(l, "column", column.title());
                    if ui
                        .button(RichText::new(format!("{title}{arrow}")).strong())
                        .on_hover_text(tr!(l, "table.sort_help"))
                        .clicked()
                    {
                        app.session.query.sort_by(column);
                    }
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, rows.len(), |mut row| {
                let id = rows[row.index()];
                let Some(fact) = app.session.workbench.fact(id) else {
                    return;
                };
                row.set_selected(selected == Some(id));
                match app.session.editing.as_mut().filter(|s| s.fact == id) {
                    Some(session) => {
                        for &column in &columns {
                            row.col(|ui| {
                                commit |= edit_cell(
                                    ui,
                                    l,
                                    column,
                                    fact,
                                    session,
                                    &app.session.workbench,
                                    owns_enter,
                                );
                            });
                        }
                    }
                    None => {
                        for &column in &columns {
                            row.col(|ui| fact_cell(ui, l, column, fact, &app.session.workbench));
                        }
                    }
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
        if ui.input(|i| i.modifiers.command) {
            app.push(Action::ToggleMark(id));
        } else {
            // Selecting in place: the row is on screen already, the table must not jump.
            app.push(Action::SelectInPlace {
                fact: id,
                place: Place::Table,
            });
        }
    }
    if let Some(id) = double_clicked {
        app.push(Action::SelectInPlace {
            fact: id,
            place: Place::Table,
        });
        if app.session.editing.as_ref().is_none_or(|s| s.fact != id) {
            app.push(Command::Edit);
        }
    }
    if commit {
        app.push(Command::SaveEdit);
    }
}

fn status_text(status: Status) -> RichText {
    match status {
        // A glyph, so the narrow column leaves room for the document and sources at 1500 px;
        // the word is its hover text.
        Status::Unreviewed => RichText::new("○").weak(),
        Status::Verified => RichText::new("●").color(Color32::from_rgb(40, 150, 60)),
        Status::Rejected => RichText::new("×").color(Color32::from_rgb(200, 60, 60)),
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

/// The field a column shows and edits, if it is one.
fn field_of(column: Column) -> Option<Field> {
    match column {
        Column::Kind => Some(Field::Kind),
        Column::Value => Some(Field::Value),
        Column::Unit => Some(Field::Unit),
        Column::Approx => Some(Field::Approx),
        Column::Subject => Some(Field::Subject),
        Column::Measure => Some(Field::Measure),
        Column::Direction => Some(Field::Direction),
        Column::Basis => Some(Field::Basis),
        Column::Period => Some(Field::Period),
        Column::Status | Column::Surface | Column::Document | Column::Sources => None,
    }
}

/// A field's text as the table shows it (without allocating for the common fields).
fn field_text<'a>(fields: &'a FactFields, value_text: &'a str, field: Field) -> &'a str {
    match field {
        Field::Kind => fields.kind.as_str(),
        Field::Value | Field::ValueMax => value_text,
        Field::Unit => fields.unit.as_deref().unwrap_or(""),
        Field::Approx => fields.approx.map(Approx::as_str).unwrap_or(""),
        Field::Subject => &fields.subject,
        Field::Measure => fields.measure.map(Measure::as_str).unwrap_or(""),
        Field::Direction => fields.direction.map(|d| d.as_str()).unwrap_or(""),
        Field::Basis => fields.basis.as_deref().unwrap_or(""),
        Field::Period => fields.period.as_deref().unwrap_or(""),
    }
}

fn field_changed(f: &FactFields, o: &FactFields, field: Field) -> bool {
    match field {
        Field::Kind => f.kind != o.kind,
        Field::Value | Field::ValueMax => f.value != o.value || f.value_max != o.value_max,
        Field::Unit => f.unit != o.unit,
        Field::Approx => f.approx != o.approx,
        Field::Subject => f.subject != o.subject,
        Field::Measure => f.measure != o.measure,
        Field::Direction => f.direction != o.direction,
        Field::Basis => f.basis != o.basis,
        Field::Period => f.period != o.period,
    }
}

/// One cell of a row that is not being edited. A corrected field is in italics, the extracted
/// original on hover.
fn fact_cell(ui: &mut egui::Ui, l: Language, column: Column, fact: &ReviewFact, wb: &Workbench) {
    match column {
        Column::Status => {
            ui.label(status_text(fact.status))
                .on_hover_text(i18n::code_name(l, "status_name", fact.status.as_str()));
        }
        Column::Surface => {
            ui.add(egui::Label::new(surface(fact)).truncate());
        }
        Column::Document => {
            // A fact grouped across articles says so: a decision on it decides for all of them.
            let docs = fact.document_count();
            let name = if docs > 1 {
                tr!(l, "table.documents", count = docs)
            } else {
                document_name(fact, wb).to_string()
            };
            let label = egui::Label::new(name).truncate();
            if docs > 1 {
                ui.add(label).on_hover_text(tr!(
                    l,
                    "table.grouped",
                    count = docs,
                    first = document_name(fact, wb)
                ));
            } else {
                ui.add(label);
            }
        }
        Column::Sources => {
            ui.label(fact.mentions.len().to_string());
        }
        _ => {
            let Some(field) = field_of(column) else {
                return;
            };
            let (f, o) = (&fact.fields, &fact.original);
            let text = i18n::field_value(l, field, field_text(f, &fact.value_text, field));
            if field_changed(f, o, field) {
                let was = if field == Field::Value {
                    o.value_text()
                } else {
                    i18n::field_value(l, field, Draft::of(o).get(field)).to_string()
                };
                ui.add(egui::Label::new(RichText::new(text).italics()).truncate())
                    .on_hover_text(tr!(l, "table.changed", was = was, now = text));
            } else {
                ui.add(egui::Label::new(text).truncate());
            }
        }
    }
}

/// One cell of the row being edited. Returns whether the analyst pressed Enter to save.
fn edit_cell(
    ui: &mut egui::Ui,
    l: Language,
    column: Column,
    fact: &ReviewFact,
    session: &mut EditSession,
    wb: &Workbench,
    ime_owns_enter: bool,
) -> bool {
    let salt = fact.id.0;
    match column {
        Column::Value => {
            let half = (ui.available_width() - 12.0) / 2.0;
            let mut commit = field_edit(ui, l, session, Field::Value, salt, half, ime_owns_enter);
            ui.label("–");
            commit |= field_edit(ui, l, session, Field::ValueMax, salt, half, ime_owns_enter);
            commit
        }
        _ => match field_of(column) {
            Some(field) => editor(ui, l, session, field, salt, ime_owns_enter),
            None => {
                fact_cell(ui, l, column, fact, wb);
                false
            }
        },
    }
}

/// The editor of one field: a drop-down for fields with fixed choices, a text field otherwise.
/// Returns whether Enter was pressed in a text field (and not for the IME). Also used by the fact
/// panel for fields whose column is hidden.
pub(crate) fn editor(
    ui: &mut egui::Ui,
    l: Language,
    session: &mut EditSession,
    field: Field,
    salt: u32,
    ime_owns_enter: bool,
) -> bool {
    if field.choices().is_some() {
        choice_edit(ui, l, session, field, salt);
        false
    } else {
        let w = ui.available_width();
        field_edit(ui, l, session, field, salt, w, ime_owns_enter)
    }
}

/// A drop-down for a field with fixed choices. Focused (Tab), ↑/↓ step through the choices
/// without opening the list (see `FactdeskApp::shortcuts`).
fn choice_edit(ui: &mut egui::Ui, l: Language, session: &mut EditSession, field: Field, salt: u32) {
    let none_label = if field == Field::Approx {
        tr!(l, "table.exact")
    } else {
        "—"
    };
    let current = i18n::field_value(l, field, session.draft.get(field)).to_string();
    let response = egui::ComboBox::from_id_salt(("edit", salt, field.as_str()))
        .selected_text(if current.is_empty() {
            none_label.to_string()
        } else {
            current
        })
        .width(ui.available_width())
        .show_ui(ui, |ui| {
            for &choice in field.choices().unwrap_or(&[]) {
                let label = if choice.is_empty() {
                    none_label
                } else {
                    i18n::field_value(l, field, choice)
                };
                ui.selectable_value(session.draft.get_mut(field), choice.to_string(), label);
            }
        })
        .response;
    name_for_screen_readers(ui, &response, i18n::code_name(l, "field", field.as_str()));
    let error = session.error(field).map(|e| i18n::edit_error_text(l, e));
    if session.focus == Some(field) {
        response.request_focus();
        session.focus = None;
    }
    if response.has_focus() {
        // ↑/↓ change the choice here; they do not move the focus or the table's selection.
        ui.memory_mut(|m| {
            m.set_focus_lock_filter(
                response.id,
                egui::EventFilter {
                    vertical_arrows: true,
                    ..Default::default()
                },
            )
        });
        session.choice_focus = Some((field, response.id.value()));
    } else if session.choice_focus.is_some_and(|(f, _)| f == field) {
        session.choice_focus = None;
    }
    mark_error(ui, &response, error.as_deref());
}

/// One text field of the edit; returns whether Enter was pressed in it (and not for the IME).
fn field_edit(
    ui: &mut egui::Ui,
    l: Language,
    session: &mut EditSession,
    field: Field,
    salt: u32,
    width: f32,
    ime_owns_enter: bool,
) -> bool {
    let error = session.error(field).map(|e| i18n::edit_error_text(l, e));
    let name = i18n::code_name(l, "field", field.as_str());
    let hint = match field {
        Field::Period => tr!(l, "table.period_hint"),
        Field::Basis => tr!(l, "table.basis_hint"),
        _ => name,
    };
    let response = ui.add(
        egui::TextEdit::singleline(session.draft.get_mut(field))
            .id_salt(("edit", salt, field.as_str()))
            .hint_text(hint)
            .desired_width(width.max(30.0)),
    );
    name_for_screen_readers(ui, &response, name);
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
