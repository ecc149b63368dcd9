//! The extraction engine: Chinese text in, grounded quantitative facts out.
//!
//! The pipeline for one document:
//! 1. [`clean`]: a cleaned view of the text, with a map back to original char offsets;
//! 2. [`lexicon::Traps`]: idioms, slogans and names whose numerals are not facts;
//! 3. [`grammar`]: numerals with their units, qualifiers and ranges, as figures;
//! 4. each figure is mapped back to its exact original span and given its sentence and subject.
//!
//! Nothing here knows about files or the GUI; an [`Extractor`] is cheap to share across threads.

pub mod clean;
pub mod frame;
pub mod grammar;
pub mod lexicon;
pub mod numeral;
pub mod segment;
pub mod sentence;
pub mod subject;

use rust_decimal::Decimal;

use crate::fact::{Kind, Mention, Value};
use clean::CleanText;
use frame::{FrameStage, Framed};
use grammar::{Figure, Grammar};
use lexicon::Lexicon;
use subject::SubjectFinder;

/// What one document yields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    pub mentions: Vec<Mention>,
    /// The publication date, ISO 8601 (partial when the text gives no year), from a dateline.
    pub published: Option<String>,
}

/// A bare number found by [`Extractor::numbers`], offsets in chars of the original text.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberSpan {
    pub start: usize,
    pub end: usize,
    pub value: Decimal,
    pub value_max: Option<Decimal>,
}

/// The engine, with its lexicons and segmenter loaded once.
pub struct Extractor {
    lexicon: Lexicon,
    subjects: SubjectFinder,
    frames: FrameStage,
}

impl Default for Extractor {
    fn default() -> Self {
        Self::new()
    }
}

pub(crate) use sentence::ends_sentence;

/// A small deterministic random source for the engine's randomised tests (a 64-bit LCG):
/// `next(n)` is in `0..n`.
#[cfg(test)]
pub(crate) fn test_random(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize % n
    }
}

impl Extractor {
    /// Builds the bundled lexicons (jieba's dictionary is compiled in: see [`segment`]).
    pub fn new() -> Self {
        Extractor {
            lexicon: Lexicon::bundled(),
            subjects: SubjectFinder::new(),
            frames: FrameStage::bundled(),
        }
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The cleaned view and the trap ranges in it.
    fn prepare(&self, text: &str) -> (CleanText, Vec<(usize, usize)>) {
        let view = clean::clean(text, &self.lexicon.variants);
        let traps = self
            .lexicon
            .traps
            .find_in(&view.chars)
            .into_iter()
            .filter(|&(start, _)| !self.trap_continues_a_number(&view.chars, start))
            .collect();
        (view, traps)
    }

    /// A trap that starts right after a numeral char is part of a figure (`十一起案件` holds the
    /// trap `一起`), and an ASCII trap inside a longer ASCII word is not the name (`64GB` ⊅ `4G`).
    fn trap_continues_a_number(&self, chars: &[char], start: usize) -> bool {
        let (Some(&first), Some(&before)) = (
            chars.get(start),
            start.checked_sub(1).and_then(|p| chars.get(p)),
        ) else {
            return false;
        };
        (numeral::is_numeral_char(first) && (numeral::is_numeral_char(before) || before == '第'))
            || (first.is_ascii_alphanumeric() && before.is_ascii_alphanumeric())
    }

    /// Every quantitative fact in `text`, the document named `doc`, with the publication date
    /// found in the text.
    pub fn extract(&self, doc: &str, text: &str) -> Extraction {
        self.extract_published(doc, text, None)
    }

    /// As [`Extractor::extract`], with the publication date given (ISO 8601, e.g. from a corpus's
    /// metadata or the analyst): a given date wins over one found in the text, and relative times
    /// (`今年`, `上半年`) are resolved against it.
    pub fn extract_published(&self, doc: &str, text: &str, published: Option<&str>) -> Extraction {
        let (view, traps) = self.prepare(text);
        let figures = Grammar::new(&view.chars, &self.lexicon).figures(&traps);
        let published = published
            .map(str::to_string)
            .or_else(|| publication_date(&view.chars, &figures));
        let frames = self
            .frames
            .frame(&view.chars, &figures, published.as_deref(), &self.subjects);
        let mut bytes = ByteOffsets::new(text);
        let mut cursor = MentionCursor::default();
        let mentions = figures
            .into_iter()
            .zip(frames)
            .map(|(f, framed)| self.mention(doc, text, &mut bytes, &mut cursor, &view, f, framed))
            .collect();
        Extraction {
            mentions,
            published,
        }
    }

    /// The publication date [`Extractor::extract`] finds in `text` (a dateline, a header), without
    /// framing the figures: for mentions extracted elsewhere (a batch run) and read back.
    pub fn publication_date(&self, text: &str) -> Option<String> {
        let (view, traps) = self.prepare(text);
        let figures = Grammar::new(&view.chars, &self.lexicon).figures(&traps);
        publication_date(&view.chars, &figures)
    }

    /// As [`Extractor::extract_published`], but a failure inside the engine (a panic: a bug, never
    /// expected) is returned as an error naming the document and what failed, so that a batch
    /// goes on with its other documents.
    pub fn try_extract_published(
        &self,
        doc: &str,
        text: &str,
        published: Option<&str>,
    ) -> Result<Extraction, String> {
        // The extractor holds no state a panic could leave half-changed: it is only read.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.extract_published(doc, text, published)
        }))
        .map_err(|payload| format!("{doc}: extraction failed: {}", panic_message(&*payload)))
    }

    #[allow(clippy::too_many_arguments)]
    fn mention(
        &self,
        doc: &str,
        text: &str,
        bytes: &mut ByteOffsets,
        cursor: &mut MentionCursor,
        view: &CleanText,
        f: Figure,
        framed: Framed,
    ) -> Mention {
        let (start, end) = view.original_span_near(f.start, f.end, &mut cursor.origin_run);
        let surface = text[bytes.of(start)..bytes.of(end)].to_string();
        let chars = &view.chars;
        let (s, e) = cursor.spans.span(chars, f.start, f.end);
        let sentence = cursor.get(chars, s, e);
        Mention {
            doc: doc.to_string(),
            start,
            end,
            surface,
            kind: f.kind,
            value: f.value,
            value_max: f.value_max,
            unit: f.unit,
            approx: f.approx,
            subject: framed.subject,
            sentence,
            confidence: f.confidence,
            measure: framed.frame.measure,
            direction: framed.frame.direction,
            basis: framed.frame.basis,
            period: framed.frame.period,
            per: f.per,
        }
    }

    /// Every number in `text`, bare or not (`十斤` gives `十`): the numeral layer on its own, for
    /// tools that want numbers rather than facts.
    pub fn numbers(&self, text: &str) -> Vec<NumberSpan> {
        let (view, traps) = self.prepare(text);
        let grammar_text = &view.chars;
        let stops = |j: usize| self.lexicon.begins_unit_word(grammar_text, j);
        let mut out = Vec::new();
        let mut trap = lexicon::TrapCursor::new(&traps);
        let mut i = 0;
        while i < grammar_text.len() {
            if let Some(after) = trap.skip_from(i) {
                i = after;
                continue;
            }
            match self.number_at(&view, i, &stops) {
                Some(n) => {
                    let (start, end) = view.original_span(i, n.end);
                    out.push(NumberSpan {
                        start,
                        end,
                        value: n.value,
                        value_max: n.max,
                    });
                    i = n.end;
                }
                // A numeral too large to hold is skipped whole, not read from a later digit.
                None if numeral::is_numeral_char(grammar_text[i]) => {
                    i = numeral::run_end(grammar_text, i)
                }
                None => i += 1,
            }
        }
        out
    }

    /// The number at cleaned position `i` for [`Extractor::numbers`]. Thousands separators
    /// followed by a space in the original (`1, 234, 567`) separate numbers instead.
    fn number_at(
        &self,
        view: &CleanText,
        i: usize,
        stops: &dyn Fn(usize) -> bool,
    ) -> Option<numeral::Number> {
        let chars = &view.chars;
        let n = numeral::scan_number(chars, i, stops)?;
        let spaced_separator = (i..n.end).find(|&k| {
            matches!(chars[k], ',' | '，')
                && k + 1 < n.end
                && view.origin.at(k + 1) > view.origin.at(k) + 1
        });
        match spaced_separator {
            Some(k) => numeral::scan_number(&chars[..k], i, stops),
            None => Some(n),
        }
    }
}

/// What the mentions of a document, made in text order, carry from one to the next: where the
/// last one's original offsets and sentence were found, and its sentence made into a string
/// (figures in a row mostly share one).
#[derive(Default)]
struct MentionCursor {
    spans: sentence::SentenceSpans,
    /// See `Origin::at_near`.
    origin_run: usize,
    /// The span of the sentence in `text`.
    span: Option<(usize, usize)>,
    text: String,
    /// The UTF-8 of the sentence being made, reused from one sentence to the next.
    bytes: Vec<u8>,
}

impl MentionCursor {
    /// The sentence `chars[s..e]`, trimmed.
    fn get(&mut self, chars: &[char], s: usize, e: usize) -> String {
        if self.span != Some((s, e)) {
            clean::utf8_into(&chars[s..e], &mut self.bytes);
            // Valid by construction; the check is one fast pass.
            self.text = match simdutf8::basic::from_utf8(&self.bytes) {
                Ok(whole) => whole.trim().to_owned(),
                Err(_) => clean::string_of(&chars[s..e]).trim().to_owned(),
            };
            self.span = Some((s, e));
        }
        self.text.clone()
    }
}

/// Char offset → byte offset in one text, for offsets asked in (nearly) increasing order: each
/// call walks on from the last one, so a whole document costs one pass and no table.
struct ByteOffsets<'a> {
    text: &'a str,
    char_at: usize,
    byte_at: usize,
}

impl<'a> ByteOffsets<'a> {
    fn new(text: &'a str) -> Self {
        ByteOffsets {
            text,
            char_at: 0,
            byte_at: 0,
        }
    }

    fn of(&mut self, char_offset: usize) -> usize {
        // Behind the cursor (overlapping figures ask for a start before the last end): walk
        // back, so the cost is the distance, not the whole prefix.
        if char_offset < self.char_at {
            let back = self.char_at - char_offset;
            self.byte_at = self.text[..self.byte_at]
                .char_indices()
                .rev()
                .nth(back - 1)
                .map_or(0, |(b, _)| b);
            self.char_at = char_offset;
            return self.byte_at;
        }
        // Forwards: whole blocks of bytes while at least a block's worth of chars is left (a
        // block holds at most as many chars as bytes, counted by their lead bytes), then a
        // char's width is read from its first byte.
        let bytes = self.text.as_bytes();
        let mut at = self.byte_at;
        let mut left = char_offset - self.char_at;
        const BLOCK: usize = 32;
        while left >= BLOCK
            && let Some(block) = bytes.get(at..at + BLOCK)
        {
            left -= block.iter().filter(|&&b| (b as i8) >= -0x40).count();
            at += BLOCK;
        }
        // A block may end inside a char, whose lead byte it counted.
        while bytes.get(at).is_some_and(|&b| (b as i8) < -0x40) {
            at += 1;
        }
        for _ in 0..left {
            let Some(&lead) = bytes.get(at) else { break };
            at += match lead {
                0..=0x7F => 1,
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
        }
        self.byte_at = at.min(bytes.len());
        self.char_at = char_offset;
        self.byte_at
    }
}

/// The publication date from a dateline (`新华社北京6月18日电`), with the year taken from the
/// dated figures of the text when the dateline has none: the year written with the same month
/// if there is one, else the year written most often.
fn publication_date(chars: &[char], figures: &[Figure]) -> Option<String> {
    let is_dateline = |f: &Figure| {
        f.kind == Kind::Date
            && matches!(chars.get(f.end), Some('电' | '讯'))
            && text_of(&f.value).len() >= 7
    };
    let Some(dateline) = figures.iter().find(|f| is_dateline(f)) else {
        return header_date(chars, figures);
    };
    let iso = text_of(&dateline.value);
    if !iso.starts_with("--") {
        return Some(iso.to_string());
    }
    let month = &iso[2..4];
    let years = figures
        .iter()
        .filter(|f| matches!(f.kind, Kind::Date | Kind::Period))
        .filter_map(|f| {
            let v = text_of(&f.value);
            (v.len() >= 4 && !v.starts_with('-'))
                .then(|| (v[..4].to_string(), v.get(5..7) == Some(month)))
        });
    let mut counts: std::collections::BTreeMap<String, (usize, bool)> = Default::default();
    for (year, same_month) in years {
        let entry = counts.entry(year).or_default();
        entry.0 += 1;
        entry.1 |= same_month;
    }
    let year = counts
        .iter()
        .max_by_key(|(_, (count, same_month))| (*same_month, *count))
        .map(|(year, _)| year.clone());
    Some(match year {
        Some(y) => format!("{y}-{}", &iso[2..]),
        None => iso.to_string(),
    })
}

/// How far into a document a header date may stand.
const HEADER_SPAN: usize = 400;

/// A full date on a short line near the top, as release headers write it: `（2016年10月19日）`
/// under the title, `2020年10月19日 10:00 国家统计局网站`, `发布日期: 2020-04-16`.
fn header_date(chars: &[char], figures: &[Figure]) -> Option<String> {
    figures
        .iter()
        .take_while(|f| f.start < HEADER_SPAN)
        .filter(|f| f.kind == Kind::Date && text_of(&f.value).len() >= 10)
        .find(|f| {
            let line_start = chars[..f.start]
                .iter()
                .rposition(|&c| c == '\n')
                .map_or(0, |i| i + 1);
            let line_end = chars[f.end..]
                .iter()
                .position(|&c| c == '\n')
                .map_or(chars.len(), |i| f.end + i);
            line_end - line_start <= 40
        })
        .map(|f| text_of(&f.value).to_string())
}

fn text_of(v: &Value) -> &str {
    match v {
        Value::Text(s) => s,
        Value::Number(_) => "",
    }
}

/// What a panic said (its payload is a `&str` or a `String` when it was given a message).
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_message_naming_what_failed() {
        let caught = std::panic::catch_unwind(|| panic!("Number exceeds maximum value"));
        assert_eq!(
            panic_message(&*caught.unwrap_err()),
            "Number exceeds maximum value"
        );
        let code = 7;
        let caught = std::panic::catch_unwind(|| panic!("bad value {code}"));
        assert_eq!(panic_message(&*caught.unwrap_err()), "bad value 7");
    }
}
