//! The selected fact: its decision, original and corrected readings side by side, its note,
//! and its sources (each can be shown in the source panel or split off into its own fact).
//! The fact is borrowed from the model, not copied: this panel is drawn every frame.

use eframe::egui::{self, RichText};

use super::app::FactdeskApp;
use super::commands;
use crate::review::edit::{Draft, Field};
use crate::review::{FactFields, FactId, Status};
use crate::session::{Action, Command};

pub fn ui(app: &mut FactdeskApp, ui: &mut egui::Ui) {
    let Some((id, status, added_by_hand)) = app
        .session
        .selected()
        .and_then(|id| app.session.workbench.fact(id))
        .map(|f| (f.id, f.status, f.added_by_hand))
    else {
        ui.heading("No fact selected");
        ui.label("Select a row in the table (↑/↓ or j/k).");
        return;
    };
    ui.horizontal(|ui| {
        ui.heading(format!("Fact #{}", id.0));
        ui.label(RichText::new(status.as_str()).strong());
        if added_by_hand {
            ui.label(RichText::new("added by hand").italics());
        }
    });
    actions_ui(app, ui, status);
    if let Some(session) = &app.session.editing {
        for (field, error) in &session.errors {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("{}: {error}", field.as_str()),
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
            ui.label(format!("{} marked", app.session.marked.len()));
        }
    });
}

/// Problems, readings, note and history. Returns whether the note field lost focus (save it).
fn details_ui(app: &mut FactdeskApp, ui: &mut egui::Ui, id: FactId) -> bool {
    let Some(fact) = app.session.workbench.fact(id) else {
        return false;
    };
    for problem in fact.fields.problems() {
        ui.colored_label(ui.visuals().warn_fg_color, problem);
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
            RichText::new(format!(
                "{} published {}{}",
                d.name,
                d.published.as_deref().unwrap_or("— (no date)"),
                if d.published_given { " (given)" } else { "" }
            ))
            .small(),
        );
    }

    let draft = match &mut app.session.note_draft {
        Some((draft_id, text)) if *draft_id == id => text,
        other => &mut other.insert((id, fact.note.clone())).1,
    };
    let label = ui.label("Note");
    let note = ui
        .add(
            egui::TextEdit::multiline(draft)
                .id_salt(("note", id.0))
                .hint_text("note")
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);

    egui::CollapsingHeader::new("History")
        .id_salt("history")
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("history_scroll")
                .max_height(90.0)
                .show(ui, |ui| {
                    for entry in app.session.workbench.trail_of(id) {
                        let reason = entry
                            .reason
                            .map(|r| format!(" ({})", r.label()))
                            .unwrap_or_default();
                        ui.label(
                            RichText::new(format!(
                                "{} {} {}{reason}",
                                entry.at,
                                entry.action,
                                describe(&entry.change)
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
    let Some(fact) = app.session.workbench.fact(id) else {
        return;
    };
    ui.label(RichText::new(format!("Sources ({})", fact.mentions.len())).strong());
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
                            .small_button("split off")
                            .on_hover_text(
                                "this mention is a different figure: make it a fact of its own",
                            )
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
                ui.label(field.as_str());
                let (was, now) = (was.get(field), now.get(field));
                match session.as_deref_mut() {
                    Some(session) if editable.contains(&field) => {
                        ui.horizontal(|ui| {
                            if was != now {
                                ui.label(RichText::new(format!("{was} →")).weak());
                            }
                            let salt = session.fact.0;
                            commit |= super::facts_table::editor(
                                ui,
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
fn describe(change: &crate::review::Change) -> String {
    use crate::review::Change;
    match change {
        Change::Status { from, to, .. } => format!("status {from} → {to}"),
        Change::Note { to, .. } => format!("note → “{to}”"),
        Change::Fields { from, to, .. } => {
            let mut parts = Vec::new();
            if from.kind != to.kind {
                parts.push(format!("kind {} → {}", from.kind, to.kind));
            }
            if from.value_text() != to.value_text() {
                parts.push(format!("value {} → {}", from.value_text(), to.value_text()));
            }
            if from.unit != to.unit {
                parts.push(format!(
                    "unit {} → {}",
                    from.unit.as_deref().unwrap_or("—"),
                    to.unit.as_deref().unwrap_or("—")
                ));
            }
            if from.approx != to.approx {
                parts.push("approx changed".to_string());
            }
            if from.subject != to.subject {
                parts.push(format!("subject {} → {}", from.subject, to.subject));
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
                    parts.push(format!(
                        "{} {} → {}",
                        field.as_str(),
                        show(was.get(field)),
                        show(now.get(field))
                    ));
                }
            }
            parts.join(", ")
        }
        Change::Published {
            from, to, facts, ..
        } => format!(
            "publication date {} → {} ({} fact(s) re-framed)",
            from.date.as_deref().unwrap_or("—"),
            to.date.as_deref().unwrap_or("—"),
            facts.len()
        ),
        Change::MoveMention { from, to, .. } => format!("mention moved #{} → #{}", from.0, to.0),
        Change::AddMention { mention, .. } => format!("added by hand: {}", mention.surface),
        Change::RemoveMention { mention, .. } => format!("removed: {}", mention.surface),
        Change::AddFact { mention, .. } => format!("added by hand: {}", mention.surface),
        Change::RemoveFact { mention, .. } => format!("taken away: {}", mention.surface),
        Change::Regroup { moves } => {
            let mut from: Vec<u32> = moves.iter().map(|m| m.from.0).collect();
            from.dedup();
            let to = moves.first().map_or(0, |m| m.to.0);
            format!(
                "{} mention(s) regrouped from {} into #{to}",
                moves.len(),
                from.iter()
                    .map(|f| format!("#{f}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    }
}
