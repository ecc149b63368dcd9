//! The bundled CJK font, installed before the first frame so Chinese renders the same on every
//! machine, with no Chinese fonts installed and no system font fallback.

use std::sync::Arc;

use eframe::egui::{self, FontData, FontDefinitions, FontFamily};

/// Noto Sans SC Regular, subset to the seeds, GB2312 and the 8105 standard characters plus
/// punctuation (`scripts/subset_font.py`; licence in `fonts/OFL.txt`).
pub const CJK_FONT: &[u8] = include_bytes!("../../fonts/NotoSansSC-Regular-subset.ttf");

/// The name the font is registered under; also a family of its own, for coverage checks.
pub const CJK_FONT_NAME: &str = "Noto Sans SC";

/// egui's default fonts with the CJK font first in the proportional family (so CJK punctuation
/// and full-width forms come from it) and second in monospace (after Hack, so Latin digits stay
/// aligned).
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        CJK_FONT_NAME.to_owned(),
        Arc::new(FontData::from_static(CJK_FONT)),
    );
    fonts
        .families
        .entry(FontFamily::Proportional)
        .or_default()
        .insert(0, CJK_FONT_NAME.to_owned());
    let mono = fonts.families.entry(FontFamily::Monospace).or_default();
    mono.insert(mono.len().min(1), CJK_FONT_NAME.to_owned());
    fonts.families.insert(
        FontFamily::Name(CJK_FONT_NAME.into()),
        vec![CJK_FONT_NAME.to_owned()],
    );
    fonts
}

pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}
