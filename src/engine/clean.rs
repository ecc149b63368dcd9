//! The cleaned view: the text the grammar reads, with a map back to the original.
//!
//! Real articles are messy: hard-wrapped columns split `948\n亿美元`, justified lines put spaces
//! between characters, digits come full-width, markdown leaves `**` and `#`. The grammar should not
//! care, so it reads a cleaned copy in which:
//!
//! - a single line break inside a paragraph is removed (a soft wrap), unless the line before ends a
//!   sentence or is a heading; a blank line becomes one `\n` (a paragraph break);
//! - spaces vanish, except one between two Latin letters or digits (`2025 2026` stays two numbers);
//! - full-width forms fold to ASCII (`３０００` → `3000`, `％` → `%`, `－` → `-`), but `，` stays;
//! - variant characters fold to their canonical form (`萬` → `万`, `屆` → `届`, from `assets/`);
//! - markdown emphasis (`*`), heading marks (`#`), quote marks (`>`) and list bullets go.
//!
//! Every cleaned char is one original char (folded or not), so `origin.at(i)` gives the original
//! char offset of cleaned char `i`, and a span of the cleaned view maps back to an exact original
//! span whose surface includes the line breaks and spaces that were removed.

use super::lexicon::Variants;

/// The cleaned view of one document.
#[derive(Debug, Clone)]
pub struct CleanText {
    pub chars: Vec<char>,
    /// For each cleaned char, the offset of the original char it came from.
    pub origin: Origin,
}

/// The offsets of [`CleanText::origin`], as runs: a cleaned char's original offset is its own
/// offset plus a shift that changes only where the cleaning dropped a char (a line break, a
/// space, a markdown mark), so one (start, shift) pair stands for a whole run of chars. A map of
/// one offset a char was 4 bytes a char (28 MB for a text of 20 MB, each page of it a page the
/// system must hand out); news text has a run every line or so. Offsets are 4 bytes where the
/// text has at most `u32::MAX` chars, 8 beyond.
#[derive(Debug, Clone)]
pub enum Origin {
    Narrow(Runs<u32>),
    Wide(Runs<usize>),
}

/// Runs of cleaned chars with the same shift to their original offsets.
#[derive(Debug, Clone, Default)]
pub struct Runs<O> {
    /// The cleaned offset where each run starts, ascending (the first run at 0).
    starts: Vec<O>,
    /// Per run: original offset minus cleaned offset, never negative (the view only drops
    /// chars), growing from run to run.
    shifts: Vec<O>,
    /// How many cleaned chars the runs cover.
    len: usize,
}

impl<O: Offset> Runs<O> {
    fn with_capacity(capacity: usize) -> Self {
        Runs {
            starts: Vec::with_capacity(capacity),
            shifts: Vec::with_capacity(capacity),
            len: 0,
        }
    }

    /// Appends `count` cleaned chars whose original offsets run on from `original`.
    #[inline]
    fn push_run(&mut self, original: usize, count: usize) {
        if count == 0 {
            return;
        }
        // The view never holds more chars than it has read, so the shift is never negative.
        debug_assert!(original >= self.len);
        let shift = original.saturating_sub(self.len);
        if self.shifts.last().is_none_or(|&last| last.get() != shift) {
            self.starts.push(O::of(self.len));
            self.shifts.push(O::of(shift));
        }
        self.len += count;
    }

    #[inline]
    fn at(&self, i: usize) -> usize {
        debug_assert!(i < self.len);
        // The last run starting at or before `i` (the first starts at 0).
        let run = self
            .starts
            .partition_point(|&s| s.get() <= i)
            .saturating_sub(1);
        i + self.shifts[run].get()
    }
}

impl Origin {
    /// The original offset of cleaned char `i`.
    #[inline]
    pub fn at(&self, i: usize) -> usize {
        match self {
            Origin::Narrow(runs) => runs.at(i),
            Origin::Wide(runs) => runs.at(i),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Origin::Narrow(runs) => runs.len,
            Origin::Wide(runs) => runs.len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// An offset as [`Origin`] stores it.
pub trait Offset: Copy {
    /// `i`, which the caller has checked fits.
    fn of(i: usize) -> Self;
    fn get(self) -> usize;
}

impl Offset for u32 {
    #[inline]
    fn of(i: usize) -> Self {
        // `clean` uses u32 offsets only for texts of at most u32::MAX chars.
        i as u32
    }
    #[inline]
    fn get(self) -> usize {
        self as usize
    }
}

impl Offset for usize {
    #[inline]
    fn of(i: usize) -> Self {
        i
    }
    #[inline]
    fn get(self) -> usize {
        self
    }
}

impl CleanText {
    /// The original char span `[start, end)` covered by cleaned span `[start, end)`.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        debug_assert!(start < end && end <= self.chars.len());
        (self.origin.at(start), self.origin.at(end - 1) + 1)
    }

    pub fn as_string(&self) -> String {
        string_of(&self.chars)
    }
}

/// The string of `chars` (see [`utf8_of`]).
pub fn string_of(chars: &[char]) -> String {
    // Valid by construction; the check is one fast pass (std's reads Chinese a char at a time),
    // and the copy out of the buffer another.
    let bytes = utf8_of(chars);
    match simdutf8::basic::from_utf8(&bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => chars.iter().collect(),
    }
}

/// The UTF-8 bytes of `chars`, written into a buffer allocated once: collecting chars into a
/// `String` grows it again and again on a large document and copies every multi-byte char with
/// a `memcpy` call.
pub fn utf8_of(chars: &[char]) -> Vec<u8> {
    let mut bytes = Vec::new();
    utf8_into(chars, &mut bytes);
    bytes
}

/// [`utf8_of`] into a buffer that is reused.
pub fn utf8_into(chars: &[char], bytes: &mut Vec<u8>) {
    bytes.clear();
    // Room for the widest chars, so no push below grows the buffer.
    bytes.reserve(chars.len().saturating_mul(4));
    for &c in chars {
        let n = c as u32;
        if n < 0x80 {
            bytes.push(n as u8);
        } else if n < 0x800 {
            bytes.extend_from_slice(&[0xC0 | (n >> 6) as u8, 0x80 | (n & 0x3F) as u8]);
        } else if n < 0x10000 {
            bytes.extend_from_slice(&[
                0xE0 | (n >> 12) as u8,
                0x80 | ((n >> 6) & 0x3F) as u8,
                0x80 | (n & 0x3F) as u8,
            ]);
        } else {
            bytes.extend_from_slice(&[
                0xF0 | (n >> 18) as u8,
                0x80 | ((n >> 12) & 0x3F) as u8,
                0x80 | ((n >> 6) & 0x3F) as u8,
                0x80 | (n & 0x3F) as u8,
            ]);
        }
    }
}

/// `char::is_whitespace` without the Unicode table for most chars: no whitespace char lies
/// above U+3000 (the ideographic space), and CJK text is made of chars above it.
#[inline]
pub fn is_whitespace(c: char) -> bool {
    match c as u32 {
        0..=0x7F => matches!(c, ' ' | '\t'..='\r'),
        0x80..=0x3000 => c.is_whitespace(),
        _ => false,
    }
}

/// Chars that end a sentence, so a line break after them is a real break, not a soft wrap.
pub fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '!' | '?' | '；' | ';' | '…' | '：' | ':' | '」' | '』' | '”' | '"'
    )
}

fn is_space(c: char) -> bool {
    c != '\n' && c != '\r' && is_whitespace(c) || c == '\u{feff}' || c == '\u{200b}'
}

fn is_line_break(c: char) -> bool {
    c == '\n' || c == '\r'
}

#[inline]
fn fold_char(c: char, variants: &Variants) -> char {
    match c {
        // Full-width ASCII forms, except the Chinese comma, which marks clauses.
        '\u{FF01}'..='\u{FF5E}' if c != '，' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{2212}' => '-', // minus sign
        _ => variants.get(c).unwrap_or(c),
    }
}

fn is_latin_or_digit(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// How long a line must be to have been wrapped: three fifths of the document's typical line,
/// the length at which half of its text stands in lines at least that long (counted without
/// spaces). A column hard-wrapped at 15 chars has 15-char lines; a text with one paragraph a line
/// has long ones, however many short titles and captions stand between them.
fn shortest_wrapped_line(mut lengths: Vec<usize>) -> usize {
    lengths.sort_unstable_by(|a, b| b.cmp(a));
    let total: usize = lengths.iter().sum();
    let mut seen = 0;
    for n in lengths {
        seen += n;
        if seen * 2 >= total {
            return n * 3 / 5;
        }
    }
    0
}

/// The chars of `original` and the length of each of its lines that holds any (`\n`-separated,
/// counted without white space), in one pass.
fn chars_and_line_lengths(original: &str) -> (Vec<char>, Vec<usize>) {
    // Counted first, so the buffer is allocated once at its size and written in place.
    let mut src = vec!['\0'; original.chars().count()];
    let mut lengths = Vec::new();
    let mut line = 0;
    for (slot, c) in src.iter_mut().zip(original.chars()) {
        *slot = c;
        if c == '\n' {
            if line > 0 {
                lengths.push(line);
            }
            line = 0;
        } else if !is_whitespace(c) {
            line += 1;
        }
    }
    if line > 0 {
        lengths.push(line);
    }
    (src, lengths)
}

/// Whether `c`, inside a line, goes into the cleaned view as it is: not white space, not a
/// markdown `*`, and folded to nothing else. Most chars of a text are, so runs of them are copied
/// whole.
#[inline]
fn is_plain(c: char, variants: &Variants) -> bool {
    let n = c as u32;
    let special = if n > 0x3000 {
        // Only the byte-order mark and the full-width ASCII forms but the Chinese comma (which
        // marks clauses) lie above U+FEFF: one compare for the ideographs, which lie below.
        n >= 0xFEFF && (n == 0xFEFF || ((0xFF01..=0xFF5E).contains(&n) && c != '，'))
    } else if n < 0x80 {
        c == '*' || matches!(c, ' ' | '\t'..='\r')
    } else {
        is_whitespace(c) || c == '\u{200b}' || c == '\u{2212}'
    };
    !special && !variants.may_fold(c)
}

/// Builds the cleaned view of `original`.
pub fn clean(original: &str, variants: &Variants) -> CleanText {
    let (src, line_lengths) = chars_and_line_lengths(original);
    if u32::try_from(src.len()).is_ok() {
        let (chars, origin) = clean_chars::<u32>(src, line_lengths, variants);
        CleanText {
            chars,
            origin: Origin::Narrow(origin),
        }
    } else {
        let (chars, origin) = clean_chars::<usize>(src, line_lengths, variants);
        CleanText {
            chars,
            origin: Origin::Wide(origin),
        }
    }
}

/// The cleaned chars of `src` (a document's chars) and their origins.
fn clean_chars<O: Offset>(
    mut src: Vec<char>,
    line_lengths: Vec<usize>,
    variants: &Variants,
) -> (Vec<char>, Runs<O>) {
    // The view is written over the chars as they are read, into `src[..written]`: it never holds
    // more chars than it has read (`written <= i`), so nothing is overwritten before it is read,
    // and a document's chars take one buffer, not two.
    let mut written = 0;
    // A run a line is typical; the runs grow past this where lines are short.
    let mut origin = Runs::with_capacity(src.len() / 64 + 1);
    let mut at_line_start = true;
    let mut line_is_heading = false;
    let min_wrap = shortest_wrapped_line(line_lengths);
    let mut line_len = 0;
    let mut i = 0;
    while i < src.len() {
        let c = src[i];
        if !at_line_start && is_plain(c, variants) {
            // A run of chars that are copied as they are: what the general case below does to
            // each, at once.
            let run_start = i;
            while src.get(i).is_some_and(|&c| is_plain(c, variants)) {
                i += 1;
            }
            if written != run_start {
                src.copy_within(run_start..i, written);
            }
            written += i - run_start;
            origin.push_run(run_start, i - run_start);
            line_len += i - run_start;
            continue;
        }
        if is_space(c) || is_line_break(c) {
            // A run of whitespace: how many line breaks does it hold?
            let run_start = i;
            let mut breaks = 0;
            while i < src.len() && (is_space(src[i]) || is_line_break(src[i])) {
                if src[i] == '\n' || (src[i] == '\r' && src.get(i + 1) != Some(&'\n')) {
                    breaks += 1;
                }
                i += 1;
            }
            let prev = written.checked_sub(1).map(|k| src[k]);
            let next = src.get(i).copied();
            // A line much shorter than the document's lines was not wrapped: it is a title, a
            // heading or a caption (`一、农业生产基本稳定`, `资料图：… 摄`), and ends there.
            let short_line = line_len < min_wrap;
            let hard_break = breaks >= 2
                || (breaks == 1
                    && (line_is_heading
                        || short_line
                        || prev.is_none_or(ends_sentence)
                        || next == Some('#')));
            if hard_break {
                if prev.is_some() && prev != Some('\n') {
                    let first_break = (run_start..i).find(|&j| is_line_break(src[j])).unwrap();
                    src[written] = '\n';
                    written += 1;
                    origin.push_run(first_break, 1);
                }
            } else if let (Some(p), Some(n)) = (prev, next)
                && is_latin_or_digit(p)
                && is_latin_or_digit(fold_char(n, variants))
            {
                src[written] = ' ';
                written += 1;
                origin.push_run(run_start, 1);
            }
            if breaks > 0 {
                at_line_start = true;
                line_is_heading = false;
                line_len = 0;
            }
            continue;
        }
        line_len += 1;
        if at_line_start {
            at_line_start = false;
            // Markdown block marks: headings, quotes, list bullets ("- " or "* ").
            if c == '#' || c == '>' {
                line_is_heading = c == '#';
                while i < src.len() && (src[i] == '#' || src[i] == '>') {
                    i += 1;
                }
                continue;
            }
            if (c == '-' || c == '*' || c == '+') && src.get(i + 1).is_some_and(|&n| is_space(n)) {
                i += 1;
                continue;
            }
        }
        if c == '*' {
            i += 1; // markdown emphasis
            continue;
        }
        src[written] = fold_char(c, variants);
        written += 1;
        origin.push_run(i, 1);
        i += 1;
    }
    src.truncate(written);
    (src, origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(s: &str) -> String {
        clean(s, &Variants::new([('萬', '万')])).as_string()
    }

    #[test]
    fn fast_paths_agree_with_the_standard_library() {
        let all: Vec<char> = (0..0x11_0000).filter_map(char::from_u32).collect();
        for &c in &all {
            assert_eq!(is_whitespace(c), c.is_whitespace(), "{c:?}");
        }
        assert_eq!(string_of(&all), all.iter().collect::<String>());
        assert_eq!(utf8_of(&all), all.iter().collect::<String>().into_bytes());
        // The plain chars: neither white space, a markdown `*`, a full-width form other than
        // the Chinese comma, a zero-width space, the byte-order mark, a minus sign nor folded.
        let variants = Variants::new([('萬', '万')]);
        for &c in &all {
            let special = c.is_whitespace()
                || c == '*'
                || (('\u{FF01}'..='\u{FF5E}').contains(&c) && c != '，')
                || matches!(c, '\u{feff}' | '\u{200b}' | '\u{2212}');
            let plain = !special && !variants.may_fold(c);
            assert_eq!(is_plain(c, &variants), plain, "{c:?}");
        }
    }

    #[test]
    fn soft_wraps_and_spaces_vanish() {
        assert_eq!(view("去年达到948\n亿美元"), "去年达到948亿美元");
        assert_eq!(view("宣布 2025\n至 2026 年"), "宣布2025至2026年");
        assert_eq!(view("3000 个培训名\r\n额"), "3000个培训名额");
    }

    #[test]
    fn paragraphs_and_sentence_ends_stay() {
        assert_eq!(view("第一段。\n第二段"), "第一段。\n第二段");
        assert_eq!(view("甲\n\n乙"), "甲\n乙");
        assert_eq!(view("# 标题\n正文"), "标题\n正文");
    }

    #[test]
    fn short_lines_among_long_ones_are_not_wrapped() {
        let body = "全国夏粮总产量13926万吨，比上年减少162万吨，下降1.2%，是历史第二高产年";
        let text = format!("一、农业生产基本稳定\n{body}。\n资料图 摄\n{body}\n{body}。");
        let v = view(&text);
        assert!(v.starts_with("一、农业生产基本稳定\n全国夏粮"), "{v}");
        assert!(v.contains("。\n资料图摄\n全国夏粮"), "{v}");
        // A long line with no full stop is still a wrap.
        assert!(v.contains("高产年全国夏粮"), "{v}");
    }

    #[test]
    fn full_width_markdown_and_variants_fold() {
        assert_eq!(view("**３０００**个，增长１５％"), "3000个，增长15%");
        assert_eq!(view("- 一萬"), "一万");
        assert_eq!(view("2025 2026"), "2025 2026");
    }

    /// The offsets of a text too long for `u32` are the same, only wider; and every cleaned char
    /// maps to the original char it came from, in order.
    #[test]
    fn wide_offsets_are_the_narrow_ones() {
        let text = "# 标题\n**３０００**个，\r\n增长１５％ 2025\n2026\n\n- 一萬\u{feff}元\n\n甲 乙  丙\n丁";
        let variants = Variants::new([('萬', '万')]);
        let (src, lengths) = chars_and_line_lengths(text);
        let narrow = clean_chars::<u32>(src.clone(), lengths.clone(), &variants);
        let wide = clean_chars::<usize>(src.clone(), lengths, &variants);
        assert_eq!(narrow.0, wide.0);
        assert_eq!(narrow.1.len, narrow.0.len());
        let mut last = None;
        for (i, &c) in narrow.0.iter().enumerate() {
            let at = narrow.1.at(i);
            assert_eq!(at, wide.1.at(i));
            assert!(last.is_none_or(|l| at > l), "offsets ascend at {i}");
            last = Some(at);
            let from = src[at];
            let kept = fold_char(from, &variants) == c
                || (c == '\n' && is_line_break(from))
                // The space kept between two numbers stands for the run of white space there.
                || (c == ' ' && (is_space(from) || is_line_break(from)));
            assert!(kept, "{i}: {c:?} from {from:?}");
        }
        assert!(matches!(clean(text, &variants).origin, Origin::Narrow(_)));
    }

    #[test]
    fn spans_map_back_to_original() {
        let original = "达到948\n亿美元";
        let view = clean(original, &Variants::new([]));
        let start = view.chars.iter().position(|&c| c == '9').unwrap();
        let end = view.chars.iter().position(|&c| c == '元').unwrap() + 1;
        let (s, e) = view.original_span(start, end);
        let surface: String = original.chars().skip(s).take(e - s).collect();
        assert_eq!(surface, "948\n亿美元");
    }
}
