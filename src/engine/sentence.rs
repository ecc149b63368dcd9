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
        s = clause_cut.unwrap_or(floor);
    }
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
    if e < chars.len() && ends_sentence(chars[e]) {
        if chars[e] != '\n' {
            e += 1; // the sentence's own full stop
        }
    } else if e == ceiling && e < chars.len() {
        e = clause_cut.unwrap_or(ceiling);
    }
    (s, e)
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
