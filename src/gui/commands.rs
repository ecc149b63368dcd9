//! Buttons and menu entries drawn from the table of commands ([`crate::session::COMMANDS`]):
//! the label and the shortcut shown are the table's, and a click queues the command, exactly as
//! its key does.

use eframe::egui;

use super::app::FactdeskApp;
use crate::session::{COMMANDS, Command, CommandSpec, Menu};

/// A button for `command`: greyed out when it cannot act now; a click queues it.
pub fn button(app: &mut FactdeskApp, ui: &mut egui::Ui, command: Command) -> bool {
    let spec = CommandSpec::of(command);
    let mut button = egui::Button::new(spec.label);
    if let Some(first) = spec.shortcuts.first() {
        button = button.shortcut_text(first.label());
    }
    let clicked = ui
        .add_enabled(app.session.can_run(command), button)
        .on_hover_text(spec.help)
        .clicked();
    if clicked {
        app.push(command);
    }
    clicked
}

/// Every command of `menu`, as menu entries; a click closes the menu.
pub fn menu_entries(app: &mut FactdeskApp, ui: &mut egui::Ui, menu: Menu) {
    for spec in COMMANDS.iter().filter(|s| s.menu == menu) {
        if button(app, ui, spec.command) {
            ui.close();
        }
    }
}

/// The Help menu: one line per command, written from the table.
pub fn help(ui: &mut egui::Ui) {
    for spec in COMMANDS {
        ui.label(spec.help_line());
    }
    ui.separator();
    ui.label("Tab to a drop-down, ↑/↓  change it while editing");
    ui.label("Alt+1 … Alt+7  the reason for a correction, while editing");
    ui.label("Ctrl+click a row  mark it for merging");
    ui.label("Documents panel: select a document to set its publication date");
}
