//! The desktop window (feature `gui`): a view over [`crate::review`]. One file per panel; the
//! app state and every action live in [`app`], so tests drive the same code without a window.

pub mod app;
pub mod chart_panel;
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

use std::sync::{Arc, OnceLock};

use eframe::egui;

use crate::review::loader::Loader;

/// The window's icon, the 256 px raster of assets/icon/factdesk.svg.
pub const WINDOW_ICON_PNG: &[u8] = include_bytes!("../../assets/icon/256x256.png");

/// Opens the window and runs until it is closed.
pub fn run(startup: Startup) -> eframe::Result {
    let mut viewport = eframe::egui::ViewportBuilder::default()
        .with_title("factdesk")
        .with_app_id("factdesk")
        .with_inner_size([1500.0, 900.0])
        .with_min_inner_size([800.0, 500.0]);
    // The icon is compiled in (assets/icon/); a bad PNG would be a build mistake, not a reason
    // to refuse to open: the window then keeps the platform's default icon.
    match eframe::icon_data::from_png_bytes(WINDOW_ICON_PNG) {
        Ok(icon) => viewport = viewport.with_icon(icon),
        Err(e) => eprintln!("factdesk: window icon not loaded: {e}"),
    }
    let options = eframe::NativeOptions {
        viewport,
        // The bundled font covers what the corpus needs; a system fallback would make
        // rendering depend on the machine (and block start-up while fonts are enumerated).
        system_font_fallback: false,
        ..Default::default()
    };
    // The corpus is read and extracted while the window and its graphics context are made
    // (that takes longer than extracting the bundled corpus), so the first frames show facts.
    let early = startup.project.is_none().then(|| {
        let window: Arc<OnceLock<egui::Context>> = Arc::default();
        let wake = window.clone();
        let loader = Loader::spawn(startup.source.clone(), move || {
            if let Some(ctx) = wake.get() {
                ctx.request_repaint();
            }
        });
        (window, loader)
    });
    eframe::run_native(
        "factdesk",
        options,
        Box::new(move |cc| {
            Ok(Box::new(match early {
                Some((window, loader)) => {
                    let _ = window.set(cc.egui_ctx.clone());
                    FactdeskApp::with_loader(cc, startup, loader)
                }
                None => FactdeskApp::new(cc, startup),
            }))
        }),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn window_icon_decodes_at_its_size() {
        let icon = eframe::icon_data::from_png_bytes(super::WINDOW_ICON_PNG).expect("icon PNG");
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
    }
}
