//! The bundled CJK font, loaded the way the window loads it, has a glyph for every character of
//! the bundled seeds, of GB2312 and of the 8105 characters of 通用规范汉字表.

#![cfg(feature = "gui")]

use eframe::egui::{self, FontFamily, FontId};
use factdesk::gui::fonts::{self, CJK_FONT_NAME};

const LIST_8105: &str = include_str!("../assets/general-standard-chinese-characters-8105.txt");

/// GB2312 as Python's `gb2312` codec decodes it (encoding_rs only has GBK, a superset).
const GB2312: &str = include_str!("data/gb2312.txt");

fn gb2312_chars() -> Vec<char> {
    GB2312
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::chars)
        .collect()
}

fn missing(chars: impl IntoIterator<Item = char>) -> Vec<char> {
    let ctx = egui::Context::default();
    fonts::install(&ctx);
    // One pass applies the fonts; its texture deltas are not for any GPU here.
    let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
    output.textures_delta.clear();
    let only_cjk = FontId::new(14.0, FontFamily::Name(CJK_FONT_NAME.into()));
    ctx.fonts_mut(|f| {
        chars
            .into_iter()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .filter(|&c| !f.has_glyph(&only_cjk, c))
            .collect()
    })
}

#[test]
fn covers_every_character_of_the_seeds() {
    let text: String = factdesk::seeds::documents()
        .into_iter()
        .map(|d| d.text)
        .collect();
    let missing = missing(text.chars().filter(|c| !c.is_ascii()));
    assert!(missing.is_empty(), "missing in the seeds: {missing:?}");
}

#[test]
fn covers_all_of_gb2312() {
    let chars = gb2312_chars();
    assert_eq!(chars.len(), 7445);
    let missing = missing(chars);
    assert!(missing.is_empty(), "missing from GB2312: {missing:?}");
}

#[test]
fn covers_the_8105_standard_characters() {
    let chars: Vec<char> = LIST_8105
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::chars)
        .filter(|c| !c.is_ascii() && !c.is_whitespace())
        .collect();
    assert_eq!(chars.len(), 8105);
    let missing = missing(chars);
    assert!(
        missing.is_empty(),
        "missing from the 8105 list: {missing:?}"
    );
}

/// Every char of the window's strings, in both catalogues, has a glyph in the fonts the window
/// draws with (the bundled CJK font and egui's own, for arrows and symbols): no boxes in the
/// Chinese menus.
#[test]
fn covers_every_character_of_the_interface_in_both_languages() {
    let ctx = egui::Context::default();
    fonts::install(&ctx);
    let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
    output.textures_delta.clear();
    let proportional = FontId::new(14.0, FontFamily::Proportional);
    for source in [
        include_str!("../assets/i18n/zh.toml"),
        include_str!("../assets/i18n/en.toml"),
    ] {
        let strings: String = source
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .filter_map(|l| l.split_once(" = ").map(|(_, v)| v.to_string()))
            .collect();
        assert!(strings.chars().count() > 1000);
        let missing: Vec<char> = ctx.fonts_mut(|f| {
            strings
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .filter(|&c| !f.has_glyph(&proportional, c))
                .collect()
        });
        assert!(missing.is_empty(), "no glyph for {missing:?}");
    }
    // The language names of the View menu, and the key labels of the Help menu.
    let names: String = factdesk::i18n::Language::ALL
        .map(|l| l.native_name())
        .concat();
    let missing: Vec<char> = ctx.fonts_mut(|f| {
        names
            .chars()
            .chain("↑↓…→×▲▼○●–—“”".chars())
            .filter(|&c| !f.has_glyph(&proportional, c))
            .collect()
    });
    assert!(missing.is_empty(), "no glyph for {missing:?}");
}
