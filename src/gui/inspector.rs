//! The selected fact: its decision, original and corrected readings side by side, its note,
//! and its sources (each can be shown in the source panel or split off into its own fact).
//! The fact is borrowed from the model, not copied: this panel is drawn every frame.

use eframe::egui::{self, RichText};

use super::app::FactdeskApp;
use super::commands;
use crate::i18n::{self, Language};
use crate::review::edit::{Draft, Field};
use crate::review::{FactFields, FactId, Status};
use crate::session::{Action, Command};
use crate::tr;

pub fn ui(app: &mut FactdeskApp, ui: &mut egui::Ui) {
    let l = app.session.language;
    let Some((id, status, added_by_hand)) = app
        .session
        .selected()
        .and_then(|id| app.session.workbench.fact(id))
        .map(|f| (f.id, f.status, f.added_by_hand))
    else {
        ui.heading(tr!(l, "inspector.none_selected"));
        ui.label(tr!(l, "inspector.select_hint"));
        return;
    };
    ui.horizontal(|ui| {
        ui.heading(tr!(l, "inspector.fact", id = id.0));
        let status_name = i18n::code_name(l, "status_name", status.as_str());
        ui.label(RichText::new(status_name).strong());
        if added_by_hand {
            ui.label(RichText::new(tr!(l, "inspector.added_by_hand")).italics());
        }
    });
    actions_ui(app, ui, status);
    if let Some(session) = &app.session.editing {
        for (field, error) in &session.errors {
            let field = i18n::code_name(l, "field", field.as_str());
            let error = i18n::edit_error_text(l, error);
            ui.colored_label(
                ui.visuals().error_fg_color,
                tr!(l, "inspector.field_error", field = field, error = error),
            );
        }
    }
    let note_done = details_ui(app, ui, id);
    if note_done {
        app.session.save_note();
    }
    sources_ui(app, ui, id);
}

/// The buttons for every review action, from the table of commands (the keys do the same).
fn actions_ui(app: &mut FactdeskApp, ui: &mut egui::Ui, status: Status) {
    let _ = status;
    ui.horizontal_wrapped(|ui| {
        if app.session.editing.is_some() {
            commands::button(app, ui, Command::SaveEdit);
            commands::button(app, ui, Command::CancelEdit);
            return;
        }
        for command in [
            Command::Verify,
            Command::Reject,
            Command::Unreview,
            Command::Edit,
            Command::Merge,
        ] {
            commands::button(app, ui, command);
        }
        if !app.session.marked.is_empty() {
            let count = app.session.marked.len();
            ui.label(tr!(app.session.language, "inspector.marked", count = count));
        }
    });
}

/// Problems, readings, note and history. Returns whether the note field lost focus (save it).
fn details_ui(app: &mut FactdeskApp, ui: &mut egui::Ui, id: FactId) -> bool {
    let l = app.session.language;
    let Some(fact) = app.session.workbench.fact(id) else {
        return false;
    };
    for problem in fact.fields.problems() {
        ui.colored_label(ui.visuals().warn_fg_color, i18n::problem_text(l, problem));
    }
    // Fields whose table column is hidden are edited here.
    let hidden: Vec<Field> = [
        (crate::review::view::Column::Direction, Field::Direction),
        (crate::review::view::Column::Basis, Field::Basis),
    ]
    .into_iter()
    .filter(|(c, _)| app.session.hidden_columns.contains(c))
    .map(|(_, f)| f)
    .collect();
    let owns_enter = app.ime.owns_enter();
    let session = app.session.editing.as_mut().filter(|s| s.fact == id);
    let commit = readings_ui(
        ui,
        l,
        &fact.original,
        &fact.fields,
        session,
        &hidden,
        owns_enter,
    );
    // The date its periods were resolved against.
    if let Some(doc) = fact.primary().map(|m| m.doc_id) {
        let d = app.session.workbench.document(doc);
        ui.label(
            RichText::new(tr!(
                l,
                "inspector.published",
                name = d.name,
                date = d
                    .published
                    .as_deref()
                    .unwrap_or(tr!(l, "inspector.no_date")),
                given = if d.published_given {
                    tr!(l, "inspector.given")
                } else {
                    ""
                }
            ))
            .small(),
        );
    }

    let draft = match &mut app.session.note_draft {
        Some((draft_id, text)) if *draft_id == id => text,
        other => &mut other.insert((id, fact.note.clone())).1,
    };
    let label = ui.label(tr!(l, "inspector.note"));
    let note = ui
        .add(
            egui::TextEdit::multiline(draft)
                .id_salt(("note", id.0))
                .hint_text(tr!(l, "inspector.note_hint"))
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);

    egui::CollapsingHeader::new(tr!(l, "inspector.history"))
        .id_salt("history")
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("history_scroll")
                .max_height(90.0)
                .show(ui, |ui| {
                    for entry in app.session.workbench.trail_of(id) {
                        let reason = entry
                            .reason
                            .map(|r| tr!(l, "history.reason", reason = i18n::reason_name(l, r)))
                            .unwrap_or_default();
                        ui.label(
                            RichText::new(tr!(
                                l,
                                "history.line",
                                at = entry.at,
                                action = i18n::code_name(l, "trail", &entry.action),
                                change = describe(l, &entry.change),
                                reason = reason
                            ))
                            .small(),
                        );
                    }
                });
        });
    if commit {
        app.push(Command::SaveEdit);
    }
    note.lost_focus()
}

/// Every mention of the fact: show one in the source panel, or split it off.
fn sources_ui(app: &mut FactdeskApp, ui: &mut egui::Ui, id: FactId) {
    let l = app.session.language;
    let Some(fact) = app.session.workbench.fact(id) else {
        return;
    };
    let count = fact.mentions.len();
    ui.label(RichText::new(tr!(l, "inspector.sources", count = count)).strong());
    let mut split = None;
    let mut show = None;
    egui::ScrollArea::vertical()
        .id_salt("sources")
        .max_height(110.0)
        .show(ui, |ui| {
            for (i, m) in fact.mentions.iter().enumerate() {
                ui.horizontal(|ui| {
                    let doc = &app.session.workbench.document(m.doc_id).name;
                    let text = format!("{doc} @{}: {}", m.mention.start, m.mention.surface);
                    if ui
                        .selectable_label(app.session.source_mention == i, text)
                        .clicked()
                    {
                        show = Some(i);
                    }
                    if fact.mentions.len() > 1
                        && ui
                            .small_button(tr!(l, "inspector.split_off"))
                            .on_hover_text(tr!(l, "inspector.split_off_help"))
                            .clicked()
                    {
                        split = Some(i);
                    }
                });
            }
        });
    if let Some(i) = show {
        app.push(Action::ShowMention(i));
    }
    if let Some(i) = split {
        app.push(Action::SplitOff(i));
    }
}

/// Original → corrected, field by field, as the editor writes them (the frame included). While
/// the fact is edited, the fields in `editable` get their editor here. Returns whether Enter was
/// pressed in one of them.
fn readings_ui(
    ui: &mut egui::Ui,
    l: Language,
    original: &FactFields,
    fields: &FactFields,
    mut session: Option<&mut crate::gui::app::EditSession>,
    editable: &[Field],
    ime_owns_enter: bool,
) -> bool {
    let (was, now) = (Draft::of(original), Draft::of(fields));
    let mut commit = false;
    egui::Grid::new("readings")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for field in Field::ALL {
                ui.label(i18n::code_name(l, "field", field.as_str()));
                let (was, now) = (
                    i18n::field_value(l, field, was.get(field)),
                    i18n::field_value(l, field, now.get(field)),
                );
                match session.as_deref_mut() {
                    Some(session) if editable.contains(&field) => {
                        ui.horizontal(|ui| {
                            if was != now {
                                ui.label(RichText::new(format!("{was} →")).weak());
                            }
                            let salt = session.fact.0;
                            commit |= super::facts_table::editor(
                                ui,
                                l,
                                session,
                                field,
                                salt,
                                ime_owns_enter,
                            );
                        });
                    }
                    _ if was == now => {
                        ui.label(if now.is_empty() { "—" } else { now });
                    }
                    _ => {
                        let show = |s: &str| {
                            if s.is_empty() {
                                "—".to_string()
                            } else {
                                s.to_string()
                            }
                        };
                        ui.label(RichText::new(format!("{} → {}", show(was), show(now))).strong());
                    }
                }
                ui.end_row();
            }
        });
    commit
}

/// One line for a change: what changed from what to what.
fn describe(l: Language, change: &crate::review::Change) -> String {
    use crate::review::Change;
    let status = |s: &Status| i18n::code_name(l, "status_name", s.as_str());
    let kind = |k: &crate::fact::Kind| i18n::code_name(l, "kind", k.as_str());
    match change {
        Change::Status { from, to, .. } => {
            tr!(l, "history.status", from = status(from), to = status(to))
        }
        Change::Note { to, .. } => tr!(l, "history.note", to = to),
        Change::Fields { from, to, .. } => {
            let mut parts = Vec::new();
            if from.kind != to.kind {
                parts.push(tr!(
                    l,
                    "history.kind",
                    from = kind(&from.kind),
                    to = kind(&to.kind)
                ));
            }
            if from.value_text() != to.value_text() {
                let (was, now) = (from.value_text(), to.value_text());
                parts.push(tr!(l, "history.value", from = was, to = now));
            }
            if from.unit != to.unit {
                parts.push(tr!(
                    l,
                    "history.unit",
                    from = from.unit.as_deref().unwrap_or("—"),
                    to = to.unit.as_deref().unwrap_or("—")
                ));
            }
            if from.approx != to.approx {
                parts.push(tr!(l, "history.approx_changed").to_string());
            }
            if from.subject != to.subject {
                parts.push(tr!(
                    l,
                    "history.subject",
                    from = from.subject,
                    to = to.subject
                ));
            }
            let (was, now) = (Draft::of(from), Draft::of(to));
            for field in [
                Field::Measure,
                Field::Direction,
                Field::Basis,
                Field::Period,
            ] {
                if was.get(field) != now.get(field) {
                    let show = |s: &str| {
                        if s.is_empty() {
                            "—".to_string()
                        } else {
                            s.to_string()
                        }
                    };
                    parts.push(tr!(
                        l,
                        "history.field",
                        field = i18n::code_name(l, "field", field.as_str()),
                        from = show(i18n::field_value(l, field, was.get(field))),
                        to = show(i18n::field_value(l, field, now.get(field)))
                    ));
                }
            }
            parts.join(tr!(l, "history.separator"))
        }
        Change::Published {
            from, to, facts, ..
        } => tr!(
            l,
            "history.published",
            from = from.date.as_deref().unwrap_or("—"),
            to = to.date.as_deref().unwrap_or("—"),
            count = facts.len()
        ),
        Change::MoveMention { from, to, .. } => {
            tr!(l, "history.mention_moved", from = from.0, to = to.0)
        }
        Change::AddMention { mention, .. } => {
            tr!(l, "history.added_by_hand", surface = mention.surface)
        }
        Change::RemoveMention { mention, .. } => {
            tr!(l, "history.removed", surface = mention.surface)
        }
        Change::AddFact { mention, .. } => {
            tr!(l, "history.added_by_hand", surface = mention.surface)
        }
        Change::RemoveFact { mention, .. } => {
            tr!(l, "history.taken_away", surface = mention.surface)
        }
        Change::Regroup { moves } => {
            let mut from: Vec<u32> = moves.iter().map(|m| m.from.0).collect();
            from.dedup();
            let to = moves.first().map_or(0, |m| m.to.0);
            let from = from
                .iter()
                .map(|f| format!("#{f}"))
                .collect::<Vec<_>>()
                .join(tr!(l, "history.separator"));
            tr!(
                l,
                "history.regrouped",
                count = moves.len(),
                from = from,
                to = to
            )
        }
    }
}
