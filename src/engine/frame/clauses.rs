//! A document read as paragraphs, sentences and clauses: the structure the frame's carry rules
//! follow (a clause's topic carries to the next clause of its sentence; a sentence's time carries
//! through its paragraph).
//!
//! Built once per document in one pass over the cleaned view.

/// One clause: a run of text between clause punctuation, with the sentence and paragraph it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clause {
    /// Cleaned-view span `[start, end)`, without the closing punctuation.
    pub start: usize,
    pub end: usize,
    /// Index of the sentence, counted over the whole document.
    pub sentence: usize,
    /// Index of the paragraph, counted over the whole document.
    pub paragraph: usize,
}

/// Chars that close a clause. `、` does not: it joins list items inside one clause.
fn closes_clause(c: char) -> bool {
    matches!(c, '，' | ',' | '：' | ':') || closes_sentence(c)
}

/// [`closes_clause`] in a few compares: every char it names is ASCII below 64 (`\n!,:;?`),
/// `。`, or in U+FF00..U+FF40 (`！，：；？`), so two 64-bit masks and one compare decide, and an
/// ideograph fails all three. [`Layout::new`] asks it of every char.
#[inline(always)]
fn closes_clause_fast(c: char) -> bool {
    const ASCII: u64 = 1 << b'\n' | 1 << b'!' | 1 << b',' | 1 << b':' | 1 << b';' | 1 << b'?';
    const FULL: u64 = 1 << 0x01 | 1 << 0x0C | 1 << 0x1A | 1 << 0x1B | 1 << 0x1F;
    let n = c as u32;
    let full = n.wrapping_sub(0xFF00);
    (n < 64 && ASCII >> n & 1 != 0) || (full < 64 && FULL >> full & 1 != 0) || c == '。'
}

/// Chars that close a sentence (a line break closes its paragraph too). A semicolon does too:
/// statistical prose lists parallel statements with it (`第一产业…增长3.5%；第二产业…`), and
/// what one says of its time or topic is not the next one's.
fn closes_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';' | '\n')
}

/// The offset of the first char of `chars` that closes a clause. This runs over the whole
/// text: ideographs, and every char from U+3003 to U+FEFF, close none, so one compare passes
/// most chars, and four of them are passed with one branch.
fn first_closing(chars: &[char]) -> Option<usize> {
    let quiet = |c: char| ('\u{3003}'..'\u{FF00}').contains(&c);
    let mut blocks = chars.chunks_exact(4);
    let mut at = 0;
    for block in &mut blocks {
        if !(quiet(block[0]) & quiet(block[1]) & quiet(block[2]) & quiet(block[3])) {
            break;
        }
        at += 4;
    }
    chars[at..]
        .iter()
        .position(|&c| !quiet(c) && closes_clause_fast(c))
        .map(|p| at + p)
}

/// The longest clause kept as one; longer runs without punctuation (tables, lists of figures one
/// per line without breaks) are cut, so no lookup in a clause costs more than this.
pub const MAX_CLAUSE: usize = 400;

/// The clauses of a document, in order: 16 bytes each where the text has at most `u32::MAX`
/// chars (a clause comes every ten chars or so of news text, and each page of them is a page the
/// system must hand out), 32 beyond.
#[derive(Debug, Clone)]
pub enum Clauses {
    /// `[start, end, sentence, paragraph]`.
    Narrow(Vec<[u32; 4]>),
    Wide(Vec<Clause>),
}

impl Default for Clauses {
    fn default() -> Self {
        Clauses::Narrow(Vec::new())
    }
}

impl Clauses {
    fn for_text(len: usize) -> Self {
        // Room for a clause every eight chars (news text has one every ten or so): pages of it
        // that are never written are never handed out, and the vector is seldom regrown.
        let capacity = len / 8 + 1;
        if u32::try_from(len).is_ok() {
            Clauses::Narrow(Vec::with_capacity(capacity))
        } else {
            Clauses::Wide(Vec::with_capacity(capacity))
        }
    }

    #[inline(always)]
    fn push(&mut self, c: Clause) {
        if let Clauses::Narrow(v) = self {
            // The start is below the end; the sentence and paragraph counts are too (each
            // follows a char before the clause ends), but all are checked.
            let widest = c.end.max(c.start).max(c.sentence).max(c.paragraph);
            if u32::try_from(widest).is_ok() {
                v.push([c.start, c.end, c.sentence, c.paragraph].map(|n| n as u32));
                return;
            }
            // Not for a text `for_text` sized, whose offsets and counts all fit; kept exact anyway.
            *self = Clauses::Wide(v.iter().map(|&n| widen(n)).collect());
        }
        if let Clauses::Wide(v) = self {
            v.push(c);
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Clauses::Narrow(v) => v.len(),
            Clauses::Wide(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Clause `i`, which must exist.
    #[inline]
    pub fn at(&self, i: usize) -> Clause {
        match self {
            Clauses::Narrow(v) => widen(v[i]),
            Clauses::Wide(v) => v[i],
        }
    }

    pub fn last(&self) -> Option<Clause> {
        self.len().checked_sub(1).map(|i| self.at(i))
    }

    pub fn iter(&self) -> impl Iterator<Item = Clause> + '_ {
        (0..self.len()).map(|i| self.at(i))
    }

    /// The number of clauses that end at or before `pos`.
    fn ending_by(&self, pos: usize) -> usize {
        self.ending_by_in(0, self.len(), pos)
    }

    /// [`Clauses::ending_by`], counting from `lo` where the answer is known to lie in
    /// `[lo, hi]`.
    fn ending_by_in(&self, lo: usize, hi: usize, pos: usize) -> usize {
        lo + match self {
            Clauses::Narrow(v) => v[lo..hi].partition_point(|c| c[1] as usize <= pos),
            Clauses::Wide(v) => v[lo..hi].partition_point(|c| c.end <= pos),
        }
    }

    #[inline]
    fn end_of(&self, i: usize) -> usize {
        match self {
            Clauses::Narrow(v) => v[i][1] as usize,
            Clauses::Wide(v) => v[i].end,
        }
    }

    /// [`Clauses::ending_by`], searched outwards from `hint` (an answer near by): the frame
    /// asks in text order, so the answer is at or a little after the last one, and a search of
    /// the whole list (megabytes for a long text) would miss the cache at nearly every step.
    fn ending_by_near(&self, pos: usize, hint: usize) -> usize {
        let n = self.len();
        let hint = hint.min(n);
        if hint < n && self.end_of(hint) <= pos {
            // Further on: every clause before `lo` ends by `pos`; gallop until one does not.
            let (mut lo, mut step) = (hint + 1, 1);
            let mut bound = lo;
            while bound < n && self.end_of(bound) <= pos {
                lo = bound + 1;
                bound = lo + step;
                step *= 2;
            }
            self.ending_by_in(lo, bound.min(n), pos)
        } else if hint > 0 && self.end_of(hint - 1) > pos {
            // Further back: clause `hi` ends after `pos`, so the answer is at most `hi`.
            let (mut hi, mut step) = (hint - 1, 1);
            let lo = loop {
                let probe = hi.saturating_sub(step);
                if probe == 0 {
                    break 0;
                }
                if self.end_of(probe - 1) <= pos {
                    break probe;
                }
                hi = probe - 1;
                step *= 2;
            };
            self.ending_by_in(lo, hi, pos)
        } else {
            hint
        }
    }
}

#[inline]
fn widen([start, end, sentence, paragraph]: [u32; 4]) -> Clause {
    Clause {
        start: start as usize,
        end: end as usize,
        sentence: sentence as usize,
        paragraph: paragraph as usize,
    }
}

/// The clauses of a document, in order, and which paragraphs are headings.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub clauses: Clauses,
    /// Per paragraph: a heading (a short line with no full stop, `一、农业生产基本稳定`), which
    /// ends the passage before it.
    pub headings: Vec<bool>,
}

/// The longest line taken for a heading.
const MAX_HEADING: usize = 60;

impl Layout {
    pub fn new(text: &[char]) -> Self {
        let mut clauses = Clauses::for_text(text.len());
        let mut headings = Vec::new();
        let (mut sentence, mut paragraph) = (0, 0);
        let mut start = 0;
        let (mut line_start, mut line_stopped) = (0, false);
        let mut i = 0;
        while let Some(&c) = text.get(i) {
            // Most chars close nothing: for them only the length cap applies, so a run of them
            // up to the cap is passed at once (below, such a char only counts towards the cap).
            if !closes_clause_fast(c) && i - start < MAX_CLAUSE {
                let cap = (start + MAX_CLAUSE).min(text.len());
                i += first_closing(&text[i..cap]).unwrap_or(cap - i);
                continue;
            }
            if matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';') {
                line_stopped = true;
            }
            if c == '\n' {
                headings.push(!line_stopped && i - line_start <= MAX_HEADING);
                (line_start, line_stopped) = (i + 1, false);
            }
            let cut = closes_clause(c) || i - start >= MAX_CLAUSE;
            if !cut {
                i += 1;
                continue;
            }
            let end = if closes_clause(c) { i } else { i + 1 };
            if end > start {
                clauses.push(Clause {
                    start,
                    end,
                    sentence,
                    paragraph,
                });
            }
            start = end + usize::from(closes_clause(c));
            if closes_sentence(c) {
                sentence += 1;
            }
            if c == '\n' {
                paragraph += 1;
            }
            i += 1;
        }
        if text.len() > start {
            clauses.push(Clause {
                start,
                end: text.len(),
                sentence,
                paragraph,
            });
        }
        headings.push(!line_stopped && text.len() - line_start <= MAX_HEADING);
        Layout { clauses, headings }
    }

    /// The index of the clause holding cleaned position `pos`, if any (punctuation is in none).
    pub fn clause_at(&self, pos: usize) -> Option<usize> {
        let i = self.clauses.ending_by(pos);
        self.holding(i, pos)
    }

    /// [`Layout::clause_at`] for a position near the one `cursor` was left at; moves `cursor`
    /// there. Asked in text order, each lookup reads only the clauses near by.
    pub fn clause_near(&self, pos: usize, cursor: &mut usize) -> Option<usize> {
        let i = self.clauses.ending_by_near(pos, *cursor);
        *cursor = i;
        self.holding(i, pos)
    }

    /// Clause `i` if it holds `pos`, `i` being the number of clauses that end by `pos`.
    fn holding(&self, i: usize, pos: usize) -> Option<usize> {
        (i < self.clauses.len() && self.clauses.at(i).start <= pos).then_some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(s: &str) -> (Vec<char>, Layout) {
        let chars: Vec<char> = s.chars().collect();
        let l = Layout::new(&chars);
        (chars, l)
    }

    #[test]
    fn clauses_sentences_and_paragraphs() {
        let (chars, l) = layout("前三季度，出口增长3.7%；进口下降1.2%。全年如此\n新段落，有数");
        let texts: Vec<String> = l
            .clauses
            .iter()
            .map(|c| chars[c.start..c.end].iter().collect())
            .collect();
        assert_eq!(
            texts,
            [
                "前三季度",
                "出口增长3.7%",
                "进口下降1.2%",
                "全年如此",
                "新段落",
                "有数"
            ]
        );
        let sentences: Vec<usize> = l.clauses.iter().map(|c| c.sentence).collect();
        assert_eq!(sentences, [0, 0, 1, 2, 3, 3]);
        let paragraphs: Vec<usize> = l.clauses.iter().map(|c| c.paragraph).collect();
        assert_eq!(paragraphs, [0, 0, 0, 0, 1, 1]);
        assert_eq!(l.clause_at(0), Some(0));
        assert_eq!(l.clause_at(4), None, "the comma is in no clause");
        assert_eq!(l.clause_at(7), Some(1));
        assert_eq!(l.headings, [false, true]);
        let mut wide = Clauses::Wide(Vec::new());
        l.clauses.iter().for_each(|c| wide.push(c));
        assert!(matches!(l.clauses, Clauses::Narrow(_)));
        assert!(l.clauses.iter().eq(wide.iter()));
    }

    #[test]
    fn the_fast_closing_test_is_the_definition() {
        let chars = (0..=0x10FFFF).filter_map(char::from_u32);
        for c in chars {
            assert_eq!(closes_clause_fast(c), closes_clause(c), "{c:?}");
        }
        let text: Vec<char> = "数据显示2024年1—9月，全国。abc;".chars().collect();
        for start in 0..text.len() {
            for end in start..=text.len() {
                let slice = &text[start..end];
                let expected = slice.iter().position(|&c| closes_clause(c));
                assert_eq!(first_closing(slice), expected, "{start} {end}");
            }
        }
    }

    /// Clauses, sentences, paragraphs and headings as the definition says, one char at a time.
    fn layout_by_definition(text: &[char]) -> (Vec<Clause>, Vec<bool>) {
        let mut clauses = Vec::new();
        let mut headings = Vec::new();
        let (mut sentence, mut paragraph, mut start) = (0, 0, 0);
        let (mut line_start, mut line_stopped) = (0, false);
        for (i, &c) in text.iter().enumerate() {
            if matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';') {
                line_stopped = true;
            }
            if c == '\n' {
                headings.push(!line_stopped && i - line_start <= MAX_HEADING);
                (line_start, line_stopped) = (i + 1, false);
            }
            if !closes_clause(c) && i - start < MAX_CLAUSE {
                continue;
            }
            let end = if closes_clause(c) { i } else { i + 1 };
            if end > start {
                clauses.push(Clause {
                    start,
                    end,
                    sentence,
                    paragraph,
                });
            }
            start = end + usize::from(closes_clause(c));
            sentence += usize::from(closes_sentence(c));
            paragraph += usize::from(c == '\n');
        }
        if text.len() > start {
            clauses.push(Clause {
                start,
                end: text.len(),
                sentence,
                paragraph,
            });
        }
        headings.push(!line_stopped && text.len() - line_start <= MAX_HEADING);
        (clauses, headings)
    }

    #[test]
    fn layout_is_the_definition_on_awkward_text() {
        let long = "数".repeat(MAX_CLAUSE - 3);
        let digits = "1234567890".repeat(MAX_CLAUSE / 7);
        for text in [
            String::new(),
            "，，。\n\n;;::!?".to_string(),
            format!("{long}12，a,b{long}增长3.5%：{digits}\n{long}x\n标题"),
            format!("{digits}{long}{long}。{}", "“引号”、（括号）".repeat(60)),
            format!("短标题\n{long}；一、{digits}！？\r\n末"),
        ] {
            let chars: Vec<char> = text.chars().collect();
            let l = Layout::new(&chars);
            let (clauses, headings) = layout_by_definition(&chars);
            assert!(l.clauses.iter().eq(clauses.iter().copied()), "{text}");
            assert_eq!(l.headings, headings, "{text}");
        }
    }

    #[test]
    fn a_clause_found_near_is_the_one_found_by_search() {
        let text = "前三季度，出口增长3.7%；进口下降1.2%。全年如此\n新段落，有数。，末".repeat(9);
        let (chars, l) = layout(&text);
        for hint in 0..=l.clauses.len() + 2 {
            for pos in 0..=chars.len() + 1 {
                let mut cursor = hint;
                assert_eq!(
                    l.clause_near(pos, &mut cursor),
                    l.clause_at(pos),
                    "{hint} {pos}"
                );
            }
        }
    }

    #[test]
    fn runaway_text_is_cut() {
        let text = "数".repeat(MAX_CLAUSE * 3 + 5);
        let (_, l) = layout(&text);
        assert!(l.clauses.iter().all(|c| c.end - c.start <= MAX_CLAUSE + 1));
        assert_eq!(l.clauses.last().unwrap().end, MAX_CLAUSE * 3 + 5);
    }
}
