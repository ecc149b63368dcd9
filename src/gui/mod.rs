//! The desktop window (feature `gui`): a view over [`crate::review`]. One file per panel; the
//! app state and every action live in [`app`], so tests drive the same code without a window.

pub mod app;
mod commands;
mod documents_panel;
mod facts_table;
pub mod fonts;
mod ime;
mod inspector;
mod menu_bar;
mod source_panel;
mod status_bar;

pub use app::{FactdeskApp, Startup};

/// Opens the window and runs until it is closed.
pub fn run(startup: Startup) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: eframe::egui::ViewportBuilder::default()
            .with_title("factdesk")
            .with_app_id("factdesk")
            .with_inner_size([1500.0, 900.0])
            .with_min_inner_size([800.0, 500.0]),
        // The bundled font covers what the corpus needs; a system fallback would make
        // rendering depend on the machine (and block start-up while fonts are enumerated).
        system_font_fallback: false,
        ..Default::default()
    };
    eframe::run_native(
        "factdesk",
        options,
        Box::new(move |cc| Ok(Box::new(FactdeskApp::new(cc, startup)))),
    )
}
