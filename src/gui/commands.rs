//! Buttons and menu entries drawn from the table of commands ([`crate::session::COMMANDS`]):
//! the label and the shortcut shown are the table's, and a click queues the command, exactly as
//! its key does.

use eframe::egui;

use super::app::FactdeskApp;
use crate::i18n::Language;
use crate::session::{COMMANDS, Command, CommandSpec, Menu};
use crate::tr;

/// A button for `command`: greyed out when it cannot act now; a click queues it.
pub fn button(app: &mut FactdeskApp, ui: &mut egui::Ui, command: Command) -> bool {
    let spec = CommandSpec::of(command);
    let language = app.session.language;
    let mut button = egui::Button::new(spec.label(language));
    if let Some(first) = spec.shortcuts.first() {
        button = button.shortcut_text(first.label());
    }
    let clicked = ui
        .add_enabled(app.session.can_run(command), button)
        .on_hover_text(spec.help(language))
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
pub fn help(ui: &mut egui::Ui, language: Language) {
    for spec in COMMANDS {
        ui.label(spec.help_line(language));
    }
    ui.separator();
    ui.label(tr!(language, "help.drop_down"));
    ui.label(tr!(language, "help.reason"));
    ui.label(tr!(language, "help.mark"));
    ui.label(tr!(language, "help.documents"));
    ui.label(tr!(language, "help.language"));
}
