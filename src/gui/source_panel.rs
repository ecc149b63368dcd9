//! The source panel: the selected fact's document, its mention highlighted and scrolled into
//! view, every other mention marked. Clicking a marked mention selects its fact.
//!
//! A document is shown as paragraphs (its lines, and long lines cut at a sentence end), each a
//! read-only text field of its own, so text can be selected and copied within a paragraph. Only
//! the paragraphs in view are laid out and drawn; the others count with their height as last
//! laid out, or as estimated from their length, so a 1 MB document costs what its visible part
//! costs. A paragraph's layout is cached and rebuilt only when its marks, the model's content,
//! the width or the theme change: selecting another fact re-lays the two paragraphs whose
//! highlight changed, not the document.

use std::collections::HashMap;
use std::sync::Arc;

use eframe::egui::{self, Color32, Galley, Stroke, TextFormat, text::CCursor, text::LayoutJob};

use super::app::FactdeskApp;
use crate::review::{DocId, FactId, Workbench};

/// Lines longer than this many chars are cut (at a sentence end where one is near), so that no
/// paragraph is expensive to lay out.
const MAX_PARAGRAPH_CHARS: usize = 2000;
/// Space between paragraphs, in rows of body text.
const PARAGRAPH_GAP_ROWS: f32 = 0.35;
/// Paragraphs laid out beyond the viewport on each side, in points (smooth wheel scrolling).
const OVERSCAN: f32 = 300.0;
/// Frames a scroll to a mention is repeated while estimated heights above it are replaced.
const SCROLL_SETTLE_FRAMES: u8 = 4;

/// One paragraph of a document: chars `[start, end)` and its bytes.
#[derive(Debug, Clone, Copy)]
struct Paragraph {
    start: usize,
    end: usize,
    start_byte: usize,
    end_byte: usize,
}

/// What a paragraph's layout depends on besides its text.
#[derive(Debug, Clone, Copy, PartialEq)]
struct LayoutKey {
    /// The selected fact, when it has a mention in the paragraph.
    fact: Option<FactId>,
    /// The highlighted mention, when it is in the paragraph.
    focus: Option<(usize, usize)>,
    revision: u64,
    width: f32,
    dark: bool,
}

/// A paragraph drawn last frame: where, and its text field's id.
#[derive(Debug, Clone)]
struct Shown {
    index: usize,
    id: egui::Id,
    galley: Arc<Galley>,
    galley_pos: egui::Pos2,
    clip: egui::Rect,
}

/// The document being shown, cut into paragraphs, with their heights.
#[derive(Default)]
struct Layout {
    doc: Option<DocId>,
    /// Which text the paragraphs were cut from (a document of another corpus has the same id).
    text: (usize, usize, u64),
    paragraphs: Vec<Paragraph>,
    /// Each paragraph's height at `width`: laid out, or estimated when `!measured[i]`.
    heights: Vec<f32>,
    measured: Vec<bool>,
    /// Top of each paragraph (prefix sums of heights and gaps), rebuilt when a height changes.
    tops: Vec<f32>,
    tops_stale: bool,
    width: f32,
    dark: bool,
    revision: u64,
    galleys: HashMap<usize, (LayoutKey, Arc<Galley>)>,
}

#[derive(Default)]
pub struct SourceView {
    layout: Layout,
    shown: Vec<Shown>,
    /// A scroll to this char of the shown document, repeated for a few frames.
    pending_scroll: Option<(usize, u8)>,
    /// The text selected in the source last frame: (document, start, end) in chars.
    pub selection: Option<(DocId, usize, usize)>,
}

impl SourceView {
    /// Whether `id` is one of the source's text fields (focus there is not typing).
    pub fn owns(&self, id: egui::Id) -> bool {
        self.shown.iter().any(|s| s.id == id)
    }

    /// The screen rectangle of char `index` of `doc` as drawn last frame, if it was visible.
    pub fn char_rect(&self, doc: DocId, index: usize) -> Option<egui::Rect> {
        if self.layout.doc != Some(doc) {
            return None;
        }
        // The paragraph the char is in; the end of one (a cursor after its last char) only
        // when no paragraph starts there.
        let rect_in = |s: &Shown, end_too: bool| {
            let p = self.layout.paragraphs.get(s.index)?;
            if index < p.start || index > p.end || (index == p.end && !end_too) {
                return None;
            }
            let rect = s
                .galley
                .pos_from_cursor(CCursor::new(index - p.start))
                .translate(s.galley_pos.to_vec2());
            s.clip.contains(rect.center()).then_some(rect)
        };
        (self.shown.iter().find_map(|s| rect_in(s, false)))
            .or_else(|| self.shown.iter().find_map(|s| rect_in(s, true)))
    }

    /// How many paragraphs of the shown document are laid out (the rest are estimated).
    pub fn measured_paragraphs(&self) -> (usize, usize) {
        let l = &self.layout;
        (
            l.measured.iter().filter(|m| **m).count(),
            l.paragraphs.len(),
        )
    }
}

impl Layout {
    /// Cuts `doc` into paragraphs when it is not the one cut last.
    fn prepare(&mut self, wb: &Workbench, doc: DocId, width: f32, dark: bool, ui: &egui::Ui) {
        let revision = wb.content_revision();
        let text = text_identity(&wb.document(doc).text);
        if self.doc != Some(doc) || self.text != text {
            (self.doc, self.text) = (Some(doc), text);
            self.paragraphs = paragraphs(&wb.document(doc).text);
            self.width = f32::NAN; // estimates below
        }
        if self.width != width || self.dark != dark {
            self.galleys.clear();
            let (row, em) = metrics(ui);
            let per_row = (width / em).floor().max(1.0);
            self.heights = self
                .paragraphs
                .iter()
                .map(|p| ((p.end - p.start) as f32 / per_row).ceil().max(1.0) * row)
                .collect();
            self.measured = vec![false; self.paragraphs.len()];
            self.tops_stale = true;
            (self.width, self.dark) = (width, dark);
        }
        if self.revision != revision {
            // Marks moved; the text and its heights did not.
            self.galleys.clear();
            self.revision = revision;
        }
    }

    fn gap(ui: &egui::Ui) -> f32 {
        metrics(ui).0 * PARAGRAPH_GAP_ROWS
    }

    fn refresh_tops(&mut self, gap: f32) {
        if !self.tops_stale {
            return;
        }
        let mut y = 0.0;
        self.tops = self
            .heights
            .iter()
            .map(|h| {
                let top = y;
                y += h + gap;
                top
            })
            .collect();
        self.tops_stale = false;
    }

    fn total_height(&self) -> f32 {
        match (self.tops.last(), self.heights.last()) {
            (Some(top), Some(h)) => top + h,
            _ => 0.0,
        }
    }

    /// The paragraph holding char `index` (where a long line was cut, the piece that starts
    /// there).
    fn paragraph_of(&self, index: usize) -> usize {
        self.paragraphs
            .partition_point(|p| p.end <= index)
            .min(self.paragraphs.len().saturating_sub(1))
    }

    /// Paragraph `i` laid out for the current selection, from the cache when nothing it depends
    /// on changed; its height is measured from now on.
    fn galley(
        &mut self,
        wb: &Workbench,
        i: usize,
        fact: Option<FactId>,
        focus: Option<(usize, usize)>,
        ui: &egui::Ui,
    ) -> Arc<Galley> {
        let Some(doc) = self.doc else {
            return ui.fonts_mut(|f| f.layout_job(LayoutJob::default()));
        };
        let p = self.paragraphs[i];
        let marks = marks_in(wb, doc, p);
        let key = LayoutKey {
            fact: fact.filter(|f| marks.iter().any(|m| m.2 == *f)),
            focus: focus.filter(|(s, e)| *s >= p.start && *e <= p.end),
            revision: self.revision,
            width: self.width,
            dark: self.dark,
        };
        if let Some((k, galley)) = self.galleys.get(&i)
            && *k == key
        {
            return galley.clone();
        }
        let text = wb
            .document(doc)
            .text
            .get(p.start_byte..p.end_byte)
            .unwrap_or_default();
        let mut job = highlighted(text, p.start, marks, key.fact, key.focus, ui);
        job.wrap.max_width = self.width;
        let galley = ui.fonts_mut(|f| f.layout_job(job));
        let height = galley.rect.height();
        if !self.measured[i] || self.heights[i] != height {
            self.heights[i] = height;
            self.measured[i] = true;
            self.tops_stale = true;
        }
        self.galleys.insert(i, (key, galley.clone()));
        galley
    }
}

/// Tells texts apart without reading them whole: where the text is, its length, and a hash of
/// its two ends.
fn text_identity(text: &str) -> (usize, usize, u64) {
    use std::hash::{Hash, Hasher};
    let bytes = text.as_bytes();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes[..bytes.len().min(256)].hash(&mut hasher);
    bytes[bytes.len().saturating_sub(256)..].hash(&mut hasher);
    (text.as_ptr() as usize, text.len(), hasher.finish())
}

/// Height of a row of body text, and the width of a CJK char (the widest common glyph: an
/// estimate from it never makes a paragraph too short for long).
fn metrics(ui: &egui::Ui) -> (f32, f32) {
    let font = egui::TextStyle::Body.resolve(ui.style());
    ui.fonts_mut(|f| (f.row_height(&font), f.glyph_width(&font, '中').max(1.0)))
}

/// The lines of `text` (without their `\r\n` or `\n`), each cut at sentence ends into pieces of
/// at most [`MAX_PARAGRAPH_CHARS`] chars (a sentence longer than that is cut where it reaches it).
fn paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let (mut char_at, mut byte_at) = (0usize, 0usize);
    for line in text.split('\n') {
        let body = line.strip_suffix('\r').unwrap_or(line);
        let mut start = (char_at, byte_at);
        // Just after the last sentence end of the current piece: (char, byte).
        let mut cut: Option<(usize, usize)> = None;
        let (mut c, mut b) = (char_at, byte_at);
        for ch in body.chars() {
            c += 1;
            b += ch.len_utf8();
            if matches!(ch, '。' | '！' | '？' | '；' | '.' | '!' | '?' | ';') {
                cut = Some((c, b));
            }
            if c - start.0 >= MAX_PARAGRAPH_CHARS {
                let (end_c, end_b) = cut.filter(|&(cc, _)| cc > start.0).unwrap_or((c, b));
                out.push(Paragraph {
                    start: start.0,
                    end: end_c,
                    start_byte: start.1,
                    end_byte: end_b,
                });
                start = (end_c, end_b);
                cut = None;
            }
        }
        // The rest of the line, or the whole of an empty line (it is a paragraph too).
        if c > start.0 || start.0 == char_at {
            out.push(Paragraph {
                start: start.0,
                end: c,
                start_byte: start.1,
                end_byte: b,
            });
        }
        // The line break belongs to no paragraph.
        let tail = line.len() - body.len();
        char_at = c + tail + 1;
        byte_at = b + tail + 1;
    }
    out
}

/// The marks of `doc` that overlap paragraph `p`.
fn marks_in(wb: &Workbench, doc: DocId, p: Paragraph) -> &[(usize, usize, FactId)] {
    let marks = wb.marks(doc);
    // Marks are sorted by start; a mention is far shorter than a paragraph, so one that starts
    // before it and reaches into it is among the few just before the first that starts in it.
    let inside = marks.partition_point(|&(start, _, _)| start < p.start);
    let mut from = inside.saturating_sub(8);
    from += marks[from..inside]
        .iter()
        .take_while(|&&(_, end, _)| end <= p.start)
        .count();
    let to = marks.partition_point(|&(start, _, _)| start < p.end);
    &marks[from.min(to)..to]
}

pub fn ui(app: &mut FactdeskApp, ui: &mut egui::Ui) {
    let selected = app
        .session
        .selected()
        .and_then(|id| app.session.workbench.fact(id));
    let mention = selected.and_then(|f| f.mentions.get(app.session.source_mention).or(f.primary()));
    let doc_id = match (mention, app.session.query.document) {
        (Some(m), _) => m.doc_id,
        (None, Some(d)) => d,
        (None, None) if !app.session.workbench.documents().is_empty() => DocId(0),
        _ => {
            app.source_view.shown.clear();
            ui.label(crate::tr!(app.session.language, "source.no_document"));
            return;
        }
    };
    let focus = mention.map(|m| (m.mention.start, m.mention.end));
    let fact_id = selected.map(|f| f.id);
    let doc = app.session.workbench.document(doc_id);
    let mut add_selection = None;
    ui.horizontal(|ui| {
        ui.strong(&doc.name);
        let l = app.session.language;
        ui.label(crate::tr!(
            l,
            "source.document_line",
            date = doc
                .published
                .as_deref()
                .unwrap_or(crate::tr!(l, "source.no_date")),
            encoding = doc.encoding,
            chars = doc.chars
        ));
    });
    ui.horizontal(|ui| {
        // Always laid out (greyed out without a selection, and while the mouse is still
        // dragging one), so the text below never moves under the pointer.
        let dragging = ui.input(|i| i.pointer.any_down());
        let selection = app
            .source_view
            .selection
            .filter(|(sel_doc, _, _)| *sel_doc == doc_id && !dragging);
        if ui
            .add_enabled(
                selection.is_some(),
                egui::Button::new(crate::tr!(app.session.language, "source.add_selection")),
            )
            .on_hover_text(crate::tr!(
                app.session.language,
                "source.add_selection_help"
            ))
            .clicked()
        {
            add_selection = selection;
        }
        if selection.is_none() {
            ui.weak(crate::tr!(app.session.language, "source.select_hint"));
        }
    });
    if let Some((doc, start, end)) = add_selection {
        app.push(crate::session::Action::AddByHand { doc, start, end });
        return;
    }

    let FactdeskApp {
        session,
        source_view,
        scroll_source,
        ..
    } = app;
    let workbench = &session.workbench;
    let dark = ui.visuals().dark_mode;
    // The width the scroll area will give its content (its scroll bar floats over it).
    let width = ui.available_width().max(40.0);
    let layout = &mut source_view.layout;
    layout.prepare(workbench, doc_id, width, dark, ui);
    let gap = Layout::gap(ui);
    if std::mem::take(scroll_source)
        && let Some((start, _)) = focus
    {
        source_view.pending_scroll = Some((start, SCROLL_SETTLE_FRAMES));
    }
    // Lays out the paragraph of the mention to scroll to before anything is placed, so its
    // height (and the offset of the mention in it) is known, not estimated.
    let scroll_to = source_view.pending_scroll.map(|(char_index, _)| {
        let i = layout.paragraph_of(char_index);
        let galley = layout.galley(workbench, i, fact_id, focus, ui);
        let local = char_index.saturating_sub(layout.paragraphs[i].start);
        (i, galley.pos_from_cursor(CCursor::new(local)).center().y)
    });
    layout.refresh_tops(gap);
    let mut area = egui::ScrollArea::vertical()
        .id_salt(("source_scroll", doc_id))
        .auto_shrink([false, false]);
    if let Some((i, y_in)) = scroll_to {
        let view_height = ui.available_height();
        area = area.vertical_scroll_offset((layout.tops[i] + y_in - view_height / 2.0).max(0.0));
    }
    let base_id = egui::Id::unique("source_text").with(doc_id);
    let mut shown = Vec::new();
    let mut selection = None;
    let mut clicked = None;
    area.show_viewport(ui, |ui, viewport| {
        ui.set_height(layout.total_height());
        let origin = ui.max_rect().min;
        let first = layout
            .tops
            .partition_point(|top| *top < viewport.min.y - OVERSCAN)
            .saturating_sub(1);
        let mut i = first;
        while i < layout.paragraphs.len() && layout.tops[i] <= viewport.max.y + OVERSCAN {
            let galley = layout.galley(workbench, i, fact_id, focus, ui);
            let p = layout.paragraphs[i];
            let rect = egui::Rect::from_min_size(
                origin + egui::vec2(0.0, layout.tops[i]),
                egui::vec2(width, galley.rect.height().max(1.0)),
            );
            let id = base_id.with(i);
            let mut text: &str = workbench
                .document(doc_id)
                .text
                .get(p.start_byte..p.end_byte)
                .unwrap_or_default();
            let cached = galley.clone();
            let mut layouter = move |_: &egui::Ui, _: &dyn egui::TextBuffer, _: f32| cached.clone();
            let output = ui
                .scope_builder(egui::UiBuilder::new().max_rect(rect), |ui| {
                    egui::TextEdit::multiline(&mut text)
                        .id(id)
                        .frame(egui::Frame::NONE)
                        .margin(egui::Margin::ZERO)
                        .desired_width(width)
                        .desired_rows(1)
                        .layouter(&mut layouter)
                        .show(ui)
                })
                .inner;
            let response = &output.response.response;
            if response.has_focus()
                && let Some(range) = output.cursor_range.filter(|r| !r.is_empty())
            {
                let (a, b) = (
                    usize::from(range.primary.index),
                    usize::from(range.secondary.index),
                );
                selection = Some((doc_id, p.start + a.min(b), p.start + a.max(b)));
            }
            if response.clicked()
                && let Some(range) = output.cursor_range.filter(|r| r.is_empty())
            {
                clicked = Some(p.start + usize::from(range.primary.index));
            }
            shown.push(Shown {
                index: i,
                id,
                galley,
                galley_pos: output.galley_pos,
                clip: output.text_clip_rect,
            });
            i += 1;
        }
    });
    // Heights measured this frame moved what is below them: draw again with the paragraphs
    // where they now are, and keep the scroll target a few frames.
    if layout.tops_stale {
        ui.ctx().request_repaint();
    }
    source_view.pending_scroll = match source_view.pending_scroll {
        Some((at, left)) if layout.tops_stale && left > 1 => Some((at, left - 1)),
        _ => None,
    };
    layout.refresh_tops(gap);
    source_view.shown = shown;
    source_view.selection = selection;
    if let Some(clicked_char) = clicked
        && let Some(fact) = workbench.fact_at(doc_id, clicked_char)
    {
        let index = workbench
            .fact(fact)
            .and_then(|f| {
                f.mentions.iter().position(|m| {
                    m.doc_id == doc_id
                        && m.mention.start <= clicked_char
                        && clicked_char < m.mention.end
                })
            })
            .unwrap_or(0);
        // Selected in place: the clicked text is on screen, neither panel may jump.
        app.push(crate::session::Action::SelectInPlace {
            fact,
            place: crate::session::Place::Source { mention: index },
        });
        app.source_view.pending_scroll = None;
    }
}

/// A paragraph's text (starting at char `offset` of its document) with mentions marked: the
/// selected mention strongly, the selected fact's other mentions lightly, every other fact's
/// mentions underlined. `marks` are the document's marks that overlap the paragraph.
fn highlighted(
    text: &str,
    offset: usize,
    marks: &[(usize, usize, FactId)],
    fact: Option<FactId>,
    focus: Option<(usize, usize)>,
    ui: &egui::Ui,
) -> LayoutJob {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let color = ui.visuals().text_color();
    let dark = ui.visuals().dark_mode;
    let plain = TextFormat::simple(font.clone(), color);
    let (focus_bg, same_bg, other_line) = if dark {
        (
            Color32::from_rgb(120, 90, 0),
            Color32::from_rgb(70, 60, 20),
            Color32::from_rgb(90, 150, 230),
        )
    } else {
        (
            Color32::from_rgb(255, 210, 80),
            Color32::from_rgb(255, 240, 190),
            Color32::from_rgb(40, 110, 220),
        )
    };
    let chars = text.chars().count();
    let mut job = LayoutJob::default();
    // Char offsets to byte offsets in one pass: marks come sorted, so the walk only advances.
    let mut walked = (0usize, 0usize); // (char, byte)
    let mut byte_at = |target: usize| -> usize {
        let (mut c, mut b) = walked;
        for ch in text[b..].chars() {
            if c >= target {
                break;
            }
            b += ch.len_utf8();
            c += 1;
        }
        walked = (c, b);
        b
    };
    let mut written_byte = 0;
    let mut written_char = 0;
    for &(start, end, mark_fact) in marks {
        // In paragraph chars, clipped to the paragraph (a mention cut by a long line's cut).
        let (start, end) = (
            start.saturating_sub(offset).min(chars),
            end.saturating_sub(offset).min(chars),
        );
        if start < written_char || start >= end {
            continue; // overlapping mentions: the first one wins
        }
        let start_byte = byte_at(start);
        let end_byte = byte_at(end);
        job.append(&text[written_byte..start_byte], 0.0, plain.clone());
        let mut format = plain.clone();
        if Some((start + offset, end + offset)) == focus {
            format.background = focus_bg;
        } else if Some(mark_fact) == fact {
            format.background = same_bg;
        } else {
            format.underline = Stroke::new(1.0, other_line);
        }
        job.append(&text[start_byte..end_byte], 0.0, format);
        written_byte = end_byte;
        written_char = end;
    }
    job.append(&text[written_byte..], 0.0, plain);
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, ps: &[Paragraph]) -> Vec<&'a str> {
        ps.iter().map(|p| &text[p.start_byte..p.end_byte]).collect()
    }

    #[test]
    fn lines_are_paragraphs_and_offsets_are_the_documents() {
        let text = "第一段，948亿美元。\r\n\n第三段";
        let ps = paragraphs(text);
        assert_eq!(texts(text, &ps), ["第一段，948亿美元。", "", "第三段"]);
        let chars: Vec<char> = text.chars().collect();
        for p in &ps {
            let by_chars: String = chars[p.start..p.end].iter().collect();
            assert_eq!(by_chars, &text[p.start_byte..p.end_byte]);
        }
    }

    #[test]
    fn a_long_line_is_cut_at_sentence_ends_and_nothing_is_lost() {
        let sentence = "中亚五国同中国贸易额达到948亿美元。"; // 18 chars
        let text = sentence.repeat(500) + "\n尾";
        let ps = paragraphs(&text);
        assert!(ps.len() > 4, "{} paragraphs", ps.len());
        for p in &ps {
            assert!(p.end - p.start <= MAX_PARAGRAPH_CHARS);
        }
        // Cut after a 。, never inside a sentence, and every char in exactly one paragraph.
        assert!(
            texts(&text, &ps[..ps.len() - 1])
                .iter()
                .all(|t| t.ends_with('。'))
        );
        let joined: String = texts(&text, &ps).concat();
        assert_eq!(joined, text.replace('\n', ""));
        for pair in ps.windows(2) {
            assert!(pair[0].end <= pair[1].start);
        }
    }

    #[test]
    fn a_line_without_a_sentence_end_is_cut_at_the_limit() {
        let text = "一".repeat(MAX_PARAGRAPH_CHARS * 2 + 5);
        let ps = paragraphs(&text);
        let lens: Vec<usize> = ps.iter().map(|p| p.end - p.start).collect();
        assert_eq!(lens, [MAX_PARAGRAPH_CHARS, MAX_PARAGRAPH_CHARS, 5]);
    }

    #[test]
    fn a_char_where_a_long_line_was_cut_is_in_the_piece_that_starts_there() {
        let text = "中亚五国同中国贸易额达到948亿美元。".repeat(200);
        let layout = Layout {
            paragraphs: paragraphs(&text),
            ..Layout::default()
        };
        let cut = layout.paragraphs[1].start;
        assert_eq!(layout.paragraph_of(cut), 1);
        assert_eq!(layout.paragraph_of(cut - 1), 0);
        let end = layout.paragraphs.last().unwrap().end;
        assert_eq!(layout.paragraph_of(end), layout.paragraphs.len() - 1);
    }

    #[test]
    fn empty_text_is_one_empty_paragraph() {
        assert_eq!(paragraphs("").len(), 1);
        assert_eq!(paragraphs("\n").len(), 2);
    }
}
