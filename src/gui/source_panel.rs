//! The source panel: the selected fact's document, its mention highlighted and scrolled into
//! view, every other mention marked. Clicking a marked mention selects its fact. The text is a
//! read-only text field, so it can be selected and copied; its layout is cached and rebuilt only
//! when the document, the selection, the model or the width changes.

use std::sync::Arc;

use eframe::egui::{self, Color32, Galley, Stroke, TextFormat, text::CCursor, text::LayoutJob};

use super::app::FactdeskApp;
use crate::review::{DocId, FactId, Workbench};

#[derive(Default)]
pub struct SourceView {
    cached: Option<(LayoutKey, Arc<Galley>)>,
    /// Where the text was drawn last frame, for [`SourceView::char_rect`].
    shown: Option<(DocId, egui::Pos2, egui::Rect)>,
    /// The text selected in the source last frame: (document, start, end) in chars.
    pub selection: Option<(DocId, usize, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct LayoutKey {
    doc: DocId,
    fact: Option<FactId>,
    mention_start: Option<usize>,
    revision: u64,
    wrap_width: f32,
    dark: bool,
}

impl SourceView {
    pub fn widget_id(&self) -> egui::Id {
        egui::Id::unique("source_text")
    }

    /// The screen rectangle of char `index` of `doc` as drawn last frame, if it was visible.
    pub fn char_rect(&self, doc: DocId, index: usize) -> Option<egui::Rect> {
        let (shown_doc, galley_pos, clip) = self.shown?;
        let (_, galley) = self.cached.as_ref()?;
        let rect = galley
            .pos_from_cursor(CCursor::new(index))
            .translate(galley_pos.to_vec2());
        (shown_doc == doc && clip.contains(rect.center())).then_some(rect)
    }
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
    let widget_id = source_view.widget_id();
    let mut layouter = |ui: &egui::Ui, _text: &dyn egui::TextBuffer, wrap_width: f32| {
        let key = LayoutKey {
            doc: doc_id,
            fact: fact_id,
            mention_start: focus.map(|f| f.0),
            // Marks change with content, not with decisions: verifying keeps the layout.
            revision: workbench.content_revision(),
            wrap_width,
            dark,
        };
        if let Some((k, galley)) = &source_view.cached
            && *k == key
        {
            return galley.clone();
        }
        let mut job = highlighted(workbench, doc_id, fact_id, focus, ui);
        job.wrap.max_width = wrap_width;
        let galley = ui.fonts_mut(|f| f.layout_job(job));
        source_view.cached = Some((key, galley.clone()));
        galley
    };
    let mut text: &str = &workbench.document(doc_id).text;
    let output = egui::ScrollArea::vertical()
        .id_salt("source_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let output = egui::TextEdit::multiline(&mut text)
                .id(widget_id)
                .desired_width(f32::INFINITY)
                .layouter(&mut layouter)
                .show(ui);
            if std::mem::take(scroll_source)
                && let Some((start, _)) = focus
            {
                let rect = output
                    .galley
                    .pos_from_cursor(CCursor::new(start))
                    .translate(output.galley_pos.to_vec2());
                ui.scroll_to_rect(rect, Some(egui::Align::Center));
            }
            output
        })
        .inner;
    source_view.shown = Some((doc_id, output.galley_pos, output.text_clip_rect));
    source_view.selection = output.cursor_range.filter(|r| !r.is_empty()).map(|r| {
        let (a, b) = (usize::from(r.primary.index), usize::from(r.secondary.index));
        (doc_id, a.min(b), a.max(b))
    });
    if output.response.response.clicked()
        && let Some(range) = output.cursor_range
        && range.is_empty()
        && let clicked_char = usize::from(range.primary.index)
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
        app.session.select(fact);
        app.session.take_effects();
        app.session.source_mention = index;
        app.scroll_source = false;
    }
}

/// The document text with mentions marked: the selected mention strongly, the selected fact's
/// other mentions lightly, every other fact's mentions underlined.
fn highlighted(
    wb: &Workbench,
    doc: DocId,
    fact: Option<FactId>,
    focus: Option<(usize, usize)>,
    ui: &egui::Ui,
) -> LayoutJob {
    let text = &wb.document(doc).text;
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
    for &(start, end, mark_fact) in wb.marks(doc) {
        if start < written_char {
            continue; // overlapping mentions: the first one wins
        }
        let start_byte = byte_at(start);
        let end_byte = byte_at(end);
        job.append(&text[written_byte..start_byte], 0.0, plain.clone());
        let mut format = plain.clone();
        if Some((start, end)) == focus {
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
