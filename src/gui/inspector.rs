//! The selected fact: its decision, original and corrected readings side by side, its note,
//! and its sources (each can be shown in the source panel or split off into its own fact).

use eframe::egui::{self, RichText};

use super::app::FactdeskApp;
use crate::review::edit::Field;
use crate::review::{FactFields, Status};

pub fn ui(app: &mut FactdeskApp, ui: &mut egui::Ui) {
    let Some(fact) = app
        .selected()
        .and_then(|id| app.workbench.fact(id))
        .cloned()
    else {
        ui.heading("No fact selected");
        ui.label("Select a row in the table (↑/↓ or j/k).");
        return;
    };
    ui.horizontal(|ui| {
        ui.heading(format!("Fact #{}", fact.id.0));
        ui.label(RichText::new(fact.status.as_str()).strong());
        if fact.added_by_hand {
            ui.label(RichText::new("added by hand").italics());
        }
    });
    ui.horizontal_wrapped(|ui| {
        if app.editing.is_some() {
            if ui.button("Save (Enter)").clicked() {
                app.commit_edit();
            }
            if ui.button("Cancel (Esc)").clicked() {
                app.cancel_edit();
            }
        } else {
            if ui
                .add_enabled(
                    fact.status != Status::Verified,
                    egui::Button::new("Verify (Enter/a)"),
                )
                .clicked()
            {
                app.decide_selected(Status::Verified);
            }
            if ui
                .add_enabled(
                    fact.status != Status::Rejected,
                    egui::Button::new("Reject (x)"),
                )
                .clicked()
            {
                app.decide_selected(Status::Rejected);
            }
            if ui
                .add_enabled(
                    fact.status != Status::Unreviewed,
                    egui::Button::new("Unreview (u)"),
                )
                .clicked()
            {
                app.decide_selected(Status::Unreviewed);
            }
            if ui.button("Edit (e)").clicked() {
                app.begin_edit(Field::Value);
            }
        }
    });
    if let Some(session) = &app.editing {
        for (field, error) in &session.errors {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("{}: {error}", field.as_str()),
            );
        }
    }
    for problem in fact.fields.problems() {
        ui.colored_label(ui.visuals().warn_fg_color, problem);
    }
    readings_ui(ui, &fact.original, &fact.fields);

    let draft = match &mut app.note_draft {
        Some((id, text)) if *id == fact.id => text,
        other => &mut other.insert((fact.id, fact.note.clone())).1,
    };
    let label = ui.label("Note");
    let note = ui
        .add(
            egui::TextEdit::multiline(draft)
                .id_salt(("note", fact.id.0))
                .hint_text("note")
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if note.lost_focus() {
        app.save_note();
    }

    egui::CollapsingHeader::new("History")
        .id_salt("history")
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("history_scroll")
                .max_height(90.0)
                .show(ui, |ui| {
                    for entry in app.workbench.trail_of(fact.id) {
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

    ui.label(RichText::new(format!("Sources ({})", fact.mentions.len())).strong());
    let mut split = None;
    egui::ScrollArea::vertical()
        .id_salt("sources")
        .max_height(110.0)
        .show(ui, |ui| {
            for (i, m) in fact.mentions.iter().enumerate() {
                ui.horizontal(|ui| {
                    let doc = &app.workbench.document(m.doc_id).name;
                    let text = format!("{doc} @{}: {}", m.mention.start, m.mention.surface);
                    if ui.selectable_label(app.source_mention == i, text).clicked() {
                        app.source_mention = i;
                        app.scroll_source = true;
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
    if let Some(i) = split {
        app.split_selected(i);
    }
}

/// Original → corrected, field by field.
fn readings_ui(ui: &mut egui::Ui, original: &FactFields, fields: &FactFields) {
    let text = |f: &FactFields, field: Field| -> String {
        match field {
            Field::Kind => f.kind.as_str().to_string(),
            Field::Value => f.value.to_string(),
            Field::ValueMax => f
                .value_max
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            Field::Unit => f.unit.clone().unwrap_or_default(),
            Field::Approx => f.approx.map(|a| a.as_str().to_string()).unwrap_or_default(),
            Field::Subject => f.subject.clone(),
        }
    };
    egui::Grid::new("readings")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for field in Field::ALL {
                ui.label(field.as_str());
                let (was, now) = (text(original, field), text(fields, field));
                if was == now {
                    ui.label(now);
                } else {
                    ui.label(RichText::new(format!("{was} → {now}")).strong());
                }
                ui.end_row();
            }
        });
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
            parts.join(", ")
        }
        Change::MoveMention { from, to, .. } => format!("mention moved #{} → #{}", from.0, to.0),
        Change::AddMention { mention, .. } => format!("added by hand: {}", mention.surface),
        Change::RemoveMention { mention, .. } => format!("removed: {}", mention.surface),
    }
}
