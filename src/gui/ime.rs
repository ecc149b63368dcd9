//! Knows whether an input method is composing, so the Enter that picks an IME candidate does not
//! also save the cell being edited.

use eframe::egui::{self, ImeEvent};

#[derive(Debug)]
pub struct ImeGuard {
    composing: bool,
    /// Frames since the last composition ended (commit or cancel); `u8::MAX` when long ago.
    frames_since_end: u8,
}

impl Default for ImeGuard {
    fn default() -> Self {
        ImeGuard {
            composing: false,
            frames_since_end: u8::MAX,
        }
    }
}

impl ImeGuard {
    /// Reads this frame's IME events; call before any widget.
    pub fn observe(&mut self, ctx: &egui::Context) {
        self.frames_since_end = self.frames_since_end.saturating_add(1);
        ctx.input(|i| {
            for event in &i.events {
                if let egui::Event::Ime(ime) = event {
                    let was_composing = self.composing;
                    match ime {
                        ImeEvent::Preedit { text, .. } => self.composing = !text.is_empty(),
                        ImeEvent::Commit(_) => self.composing = false,
                        _ => {}
                    }
                    if was_composing && !self.composing || matches!(ime, ImeEvent::Commit(_)) {
                        self.frames_since_end = 0;
                    }
                }
            }
        });
    }

    /// Whether an Enter this frame belongs to the input method rather than to the app: during a
    /// composition, and in the frame it ends and the next (platforms deliver the Enter that
    /// picked the candidate in the same or the following frame).
    pub fn owns_enter(&self) -> bool {
        self.composing || self.frames_since_end <= 1
    }
}
