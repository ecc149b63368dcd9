//! The sentence around a figure, bounded so that its cost never depends on the document.
//!
//! A sentence ends at sentence punctuation or a line break of the cleaned view. Text without
//! either (a table flattened by soft-wrap removal, a megabyte of digits) would otherwise make
//! every figure's sentence the whole document: quadratic output. So each side of the figure is
//! also capped at [`MAX_SIDE`] chars, and a capped side is cut back to the farthest clause
//! boundary (`，`, `、`, `：`, a space) inside the cap, so it still starts and ends on a clause.

/// Chars that end a sentence in the cleaned view (also used for facts added by hand).
pub fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';' | '\n')
}

/// Chars that end a clause: where a capped sentence may be cut.
fn ends_clause(c: char) -> bool {
    matches!(c, '，' | ',' | '、' | '：' | ':' | ' ' | '…')
}

/// The most chars a sentence reaches on each side of its figure. News sentences rarely run to
/// 150 chars in all; a side longer than this is not a sentence but a run-on of layout.
pub const MAX_SIDE: usize = 150;

/// The sentence holding `chars[start..end)`: `(s, e)` with `s <= start`, `e >= end`, including
/// its own closing punctuation (not a closing line break). At most [`MAX_SIDE`] chars on each
/// side of the span; the cost is O(`MAX_SIDE`), whatever the length of `chars`.
pub fn sentence_span(chars: &[char], start: usize, end: usize) -> (usize, usize) {
    let end = end.min(chars.len());
    let start = start.min(end);
    (sentence_start(chars, start).0, sentence_end(chars, end).0)
}

/// Where the sentence holding a figure that starts at `start` begins, and that same offset
/// again if a sentence end (or the text's start) bounds it rather than the cap.
fn sentence_start(chars: &[char], start: usize) -> (usize, Option<usize>) {
    // Backwards: stop after a sentence end; remember the farthest clause end within the cap.
    let floor = start.saturating_sub(MAX_SIDE);
    let mut s = start;
    let mut clause_cut = None;
    while s > floor && !ends_sentence(chars[s - 1]) {
        if ends_clause(chars[s - 1]) {
            clause_cut = Some(s);
        }
        s -= 1;
    }
    if s == floor && s > 0 && !ends_sentence(chars[s - 1]) {
        return (clause_cut.unwrap_or(floor), None);
    }
    (s, Some(s))
}

/// Where the sentence holding a figure that ends at `end` ends, and the offset of its closing
/// sentence end (or the text's length) if one bounds it rather than the cap.
fn sentence_end(chars: &[char], end: usize) -> (usize, Option<usize>) {
    // Forwards: stop at a sentence end, keeping it unless it is a line break.
    let ceiling = end.saturating_add(MAX_SIDE).min(chars.len());
    let mut e = end;
    let mut clause_cut = None;
    while e < ceiling && !ends_sentence(chars[e]) {
        if ends_clause(chars[e]) {
            clause_cut = Some(e);
        }
        e += 1;
    }
    if e == chars.len() || ends_sentence(chars[e]) {
        (closing(chars, e), Some(e))
    } else {
        (clause_cut.unwrap_or(ceiling), None)
    }
}

/// [`sentence_span`] for figures asked in text order, as the mentions of a document are made:
/// where the last figure's sentence was bounded by its punctuation (not cut at the cap), the
/// next figure inside it has the same sentence, found by checking only the chars between the
/// two figures instead of reading the sentence again on both sides. The answer is always
/// [`sentence_span`]'s (a test compares the two).
#[derive(Debug, Default)]
pub struct SentenceSpans {
    last: Option<Known>,
}

#[derive(Debug)]
struct Known {
    /// The figure last asked for, clamped as [`sentence_span`] clamps it.
    start: usize,
    end: usize,
    /// The sentence's first char, when the sentence began after a sentence end (or at the text's
    /// start) rather than where the cap cut it. No sentence end lies in `open..start`.
    open: Option<usize>,
    /// Where the sentence ends: the offset of its closing sentence end, or the text's length,
    /// when it was found within the cap. No sentence end lies in `end..close`.
    close: Option<usize>,
}

impl SentenceSpans {
    pub fn span(&mut self, chars: &[char], start: usize, end: usize) -> (usize, usize) {
        let end = end.min(chars.len());
        let start = start.min(end);
        if let Some(known) = &mut self.last
            && let (Some(open), Some(close)) = (known.open, known.close)
            && start >= known.start
            && end >= known.end
            && end <= close
            && start - open <= MAX_SIDE
            && close - end <= MAX_SIDE
            && !chars[known.start..start].iter().any(|&c| ends_sentence(c))
        {
            known.start = start;
            known.end = end;
            return (open, closing(chars, close));
        }
        let (s, open) = sentence_start(chars, start);
        let (e, close) = sentence_end(chars, end);
        self.last = Some(Known {
            start,
            end,
            open,
            close,
        });
        (s, e)
    }
}

/// The end of a sentence whose closing sentence end stands at `close` (or the text's end).
fn closing(chars: &[char], close: usize) -> usize {
    match chars.get(close) {
        Some(&c) if c != '\n' => close + 1, // the sentence's own full stop
        _ => close,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(text: &str, figure: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let byte = text.find(figure).unwrap();
        let start = text[..byte].chars().count();
        let end = start + figure.chars().count();
        let (s, e) = sentence_span(&chars, start, end);
        chars[s..e].iter().collect()
    }

    /// The remembered spans are the spans, on texts of sentences and clauses of every length
    /// (some longer than the cap), for figures asked in order, overlapping, repeated and
    /// sometimes going back.
    #[test]
    fn remembered_spans_are_the_spans() {
        let mut next = crate::engine::test_random(0x9E37_79B9_7F4A_7C15);
        for round in 0..300 {
            let len = 1 + next(if round % 3 == 0 { 40 } else { 900 });
            // Rare punctuation in some texts, so that sentences outgrow the cap.
            let rare = [3, 40, 400][round % 3];
            let chars: Vec<char> = (0..len)
                .map(|_| match next(rare) {
                    0 => ['。', '\n', '；', '！'][next(4)],
                    1 => ['，', '、', ' '][next(3)],
                    _ => '字',
                })
                .collect();
            let mut spans = SentenceSpans::default();
            let mut start: usize = 0;
            for _ in 0..60 {
                start = match next(10) {
                    0 => start.saturating_sub(next(20)),
                    1 => start,
                    _ => start + next(60),
                };
                let end = start + next(8);
                assert_eq!(
                    spans.span(&chars, start, end),
                    sentence_span(&chars, start, end),
                    "round {round}, figure {start}..{end} of {len}"
                );
            }
        }
    }

    #[test]
    fn a_sentence_ends_at_its_punctuation() {
        assert_eq!(
            sentence("上年增长3%。今年出口948亿美元，增长5%！后文", "948亿美元"),
            "今年出口948亿美元，增长5%！"
        );
        assert_eq!(sentence("甲；乙达到5吨；丙", "5吨"), "乙达到5吨；");
        assert_eq!(sentence("第一行\n产量5吨\n第三行", "5吨"), "产量5吨");
        assert_eq!(sentence("5吨", "5吨"), "5吨");
    }

    #[test]
    fn a_run_on_is_capped_at_a_clause() {
        let filler = "数据".repeat(100);
        let text = format!("{filler}，前文，产量5吨，后文，{filler}");
        let got = sentence(&text, "5吨");
        assert!(got.contains("产量5吨"), "{got}");
        assert!(got.chars().count() <= 2 * MAX_SIDE + 2, "{got}");
        // Cut on clause boundaries: no half of the filler on either side.
        assert_eq!(got, "前文，产量5吨，后文");
    }

    #[test]
    fn a_run_on_without_clauses_is_cut_at_the_cap() {
        let text = format!("{}7个{}", "字".repeat(1000), "字".repeat(1000));
        let chars: Vec<char> = text.chars().collect();
        let (s, e) = sentence_span(&chars, 1000, 1002);
        assert_eq!((s, e), (1000 - MAX_SIDE, 1002 + MAX_SIDE));
    }
}
