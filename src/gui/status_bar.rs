//! The status bar: review counts, unsaved state, load progress and the last message.

use eframe::egui::{self, Color32, RichText};

use super::app::FactdeskApp;
use crate::tr;

pub fn ui(app: &mut FactdeskApp, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        let l = app.session.language;
        let s = app.session.workbench.summary();
        ui.label(tr!(
            l,
            "status.verified_total",
            verified = s.verified,
            total = s.total
        ));
        ui.separator();
        ui.label(tr!(l, "status.rejected", count = s.rejected));
        ui.separator();
        ui.label(tr!(l, "status.unreviewed", count = s.unreviewed()));
        ui.separator();
        match &app.session.project {
            Some(p) if p.read_only => {
                ui.label(
                    RichText::new(tr!(l, "status.read_only")).color(ui.visuals().warn_fg_color),
                );
            }
            Some(p) => {
                let name = p
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if app.session.workbench.is_dirty() {
                    ui.label(tr!(l, "status.saving", name = name));
                } else {
                    ui.label(tr!(l, "status.saved", name = name));
                }
            }
            None if app.session.workbench.is_dirty() => {
                ui.label(
                    RichText::new(tr!(l, "status.unsaved")).color(Color32::from_rgb(200, 120, 0)),
                );
            }
            None => {
                ui.label(tr!(l, "status.clean"));
            }
        }
        if app.is_loading() {
            ui.separator();
            let (done, total) = app.load_progress();
            if total == 0 {
                // A project opening (or a load that has not counted its files yet): no count
                // to show, only that work is going on.
                ui.add(egui::Spinner::new());
                ui.label(if app.is_opening_project() {
                    tr!(l, "status.opening_project")
                } else {
                    tr!(l, "status.finding_files")
                });
            } else {
                ui.add(
                    egui::ProgressBar::new(done as f32 / total as f32)
                        .desired_width(180.0)
                        .text(tr!(l, "status.loading", done = done, total = total)),
                );
            }
        }
        if let Some(message) = &app.session.message {
            ui.separator();
            let color = if message.is_error {
                ui.visuals().error_fg_color
            } else {
                ui.visuals().text_color()
            };
            ui.label(RichText::new(&message.text).color(color));
        }
    });
}
