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

    /// How many runs there are.
    fn runs(&self) -> usize {
        self.starts.len()
    }

    /// Back to the first `runs` runs, covering `len` chars: as the runs stood when they were
    /// that many and covered that much (a run only grows at the end).
    fn truncate(&mut self, runs: usize, len: usize) {
        self.starts.truncate(runs);
        self.shifts.truncate(runs);
        self.len = len;
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

    /// [`Runs::at`] for offsets asked in (nearly) increasing order: `run` is where the last
    /// answer was found, and the next one is mostly in it or a few runs on, so the runs are
    /// walked from there rather than searched (a search of a long text's runs misses the cache
    /// at nearly every step). Other offsets are searched as `at` does.
    #[inline]
    fn at_near(&self, i: usize, run: &mut usize) -> usize {
        debug_assert!(i < self.len);
        let starts = &self.starts;
        let mut r = *run;
        if starts.get(r).is_none_or(|s| s.get() > i) {
            r = starts.partition_point(|&s| s.get() <= i).saturating_sub(1);
        } else {
            // The last run starting at or before `i`: a few steps on, else searched.
            let mut steps = 0;
            while starts.get(r + 1).is_some_and(|s| s.get() <= i) {
                r += 1;
                steps += 1;
                if steps == 8 {
                    r += starts[r + 1..].partition_point(|&s| s.get() <= i);
                    break;
                }
            }
        }
        *run = r;
        i + self.shifts[r].get()
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

    /// [`Origin::at`] for offsets asked in (nearly) increasing order, with `run` kept between
    /// the calls (start it at 0).
    #[inline]
    pub fn at_near(&self, i: usize, run: &mut usize) -> usize {
        match self {
            Origin::Narrow(runs) => runs.at_near(i, run),
            Origin::Wide(runs) => runs.at_near(i, run),
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

    /// [`CleanText::original_span`] for spans asked in text order (see [`Origin::at_near`]).
    pub fn original_span_near(&self, start: usize, end: usize, run: &mut usize) -> (usize, usize) {
        debug_assert!(start < end && end <= self.chars.len());
        let first = self.origin.at_near(start, run);
        (first, self.origin.at_near(end - 1, run) + 1)
    }

    pub fn as_string(&self) -> String {
        string_of(&self.chars)
    }
}

/// The string of `chars`, in a buffer sized for ideographs at once (collecting grows it again
/// and again from a byte a char).
pub fn string_of(chars: &[char]) -> String {
    let mut s = String::with_capacity(chars.len().saturating_mul(3));
    s.extend(chars);
    s
}

/// The UTF-8 bytes of `chars`, written into `bytes` (cleared first), a buffer that is reused.
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

/// The length of each line of `text` that holds any (`\n`-separated, counted without white
/// space).
fn line_lengths(text: &str) -> Vec<usize> {
    text.split('\n')
        .map(|line| line.chars().filter(|&c| !is_whitespace(c)).count())
        .filter(|&n| n > 0)
        .collect()
}

/// The BMP chars that, inside a line, the cleaned view does not surely copy as they are, before
/// the variants: white space, the markdown `*`, the byte-order mark, the zero-width space, the
/// minus sign and the full-width ASCII forms but the Chinese comma (which marks clauses). One bit
/// per char; [`Variants`] adds its own and answers [`Variants::is_plain`] with one probe.
pub static SPECIAL_CHARS: [u64; 1024] = {
    let mut bits = [0u64; 1024];
    let mut n = 0;
    while n < 0x10000 {
        let special = matches!(n, 0x09..=0x0D | 0x20 | 0x2A | 0x85 | 0xA0 | 0x1680)
            || matches!(
                n,
                0x2000..=0x200B | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x2212
            )
            || matches!(n, 0x3000 | 0xFEFF)
            || (0xFF01 <= n && n <= 0xFF5E && n != 0xFF0C);
        if special {
            bits[n / 64] |= 1 << (n % 64);
        }
        n += 1;
    }
    bits
};

/// Builds the cleaned view of `original`.
pub fn clean(original: &str, variants: &Variants) -> CleanText {
    // A text has no more chars than bytes.
    if u32::try_from(original.len()).is_ok() {
        let (chars, origin) = clean_chars::<u32>(original, variants);
        CleanText {
            chars,
            origin: Origin::Narrow(origin),
        }
    } else {
        let (chars, origin) = clean_chars::<usize>(original, variants);
        CleanText {
            chars,
            origin: Origin::Wide(origin),
        }
    }
}

/// How much of a text's start is read to guess its wrap length (see [`clean_chars`]).
const GUESS_FROM: usize = 64 * 1024;

/// How many breaks the wrap length decides between two places [`clean_chars`] may start again.
const BREAKS_PER_RESTART: usize = 64;

/// The cleaned chars of `original` and their origins.
///
/// Whether a single line break is a soft wrap depends on the length of the document's lines,
/// known only once all of it is read; reading it twice (once for the lengths, once to clean) was
/// a fifth of the cost of the view. So the text is cleaned once with the wrap length of its start,
/// which measures the lines as it goes, and the breaks that length decided are checked against
/// the true one: from the first that comes out otherwise (in a document whose start is not like
/// the rest), the cleaning is done again, from a place it stood at before.
fn clean_chars<O: Offset>(original: &str, variants: &Variants) -> (Vec<char>, Runs<O>) {
    let mut guess_end = original.len().min(GUESS_FROM);
    while !original.is_char_boundary(guess_end) {
        guess_end -= 1;
    }
    let guess = shortest_wrapped_line(line_lengths(&original[..guess_end]));
    let mut cleaner = Cleaner {
        variants,
        // The view never holds more chars than the text: counted first (a fast pass over the
        // bytes), because a view allocated for as many chars as bytes and shrunk afterwards is
        // copied by allocators that move a block shrunk below half its size (mimalloc does):
        // 27 MB copied and 7,000 more pages handed out for a 20 MB text.
        view: Vec::with_capacity(original.chars().count()),
        // A run a line is typical; the runs grow past this where lines are short.
        origin: Runs::with_capacity(original.len() / 128 + 1),
    };
    let mut survey = Survey::default();
    cleaner.run(Place::start(original), guess, Some(&mut survey));
    let min_wrap = shortest_wrapped_line(survey.lengths);
    let differs = survey
        .decided
        .iter()
        .position(|&len| (len < guess) != (len < min_wrap));
    if let Some(k) = differs
        && let Some(place) = survey.restarts.get(k / BREAKS_PER_RESTART)
    {
        cleaner.view.truncate(place.view_len);
        cleaner.origin.truncate(place.runs, place.view_len);
        cleaner.run(place.clone(), min_wrap, None);
    }
    // What the cleaning dropped (spaces, line breaks, marks) is given back; mostly a few per
    // cent, which allocators shrink in place.
    cleaner.view.shrink_to_fit();
    (cleaner.view, cleaner.origin)
}

/// Where the cleaning stands between two chars: all it carries from one to the next.
#[derive(Clone)]
struct Place<'a> {
    /// The chars not read yet, and the offset of the first of them.
    rest: std::str::Chars<'a>,
    i: usize,
    at_line_start: bool,
    line_is_heading: bool,
    /// The chars of the line so far, as the wrap test counts them.
    line_len: usize,
    /// How much of the view and of its runs was written.
    view_len: usize,
    runs: usize,
}

impl<'a> Place<'a> {
    fn start(text: &'a str) -> Self {
        Place {
            rest: text.chars(),
            i: 0,
            at_line_start: true,
            line_is_heading: false,
            line_len: 0,
            view_len: 0,
            runs: 0,
        }
    }
}

/// Appends to `view` the plain chars `text` begins with; returns how many bytes and chars they
/// are. Nearly every char of a text passes here: the chars are decoded into a buffer on the
/// stack and appended a block at a time, as a push a char reads and writes the vector's length
/// in memory each time.
#[inline]
fn copy_plain_run(text: &str, variants: &Variants, view: &mut Vec<char>) -> (usize, usize) {
    let mut rest = text.chars();
    let mut chars = 0;
    let mut block = ['\0'; 64];
    loop {
        let mut filled = 0;
        let mut ended = false;
        while filled < block.len() {
            let before = rest.as_str();
            match rest.next() {
                Some(c) if variants.is_plain(c) => {
                    block[filled] = c;
                    filled += 1;
                }
                _ => {
                    rest = before.chars();
                    ended = true;
                    break;
                }
            }
        }
        view.extend_from_slice(&block[..filled]);
        chars += filled;
        if ended {
            return (text.len() - rest.as_str().len(), chars);
        }
    }
}

/// What a first cleaning measures: the length of every line (counted without white space),
/// the line length of every break the wrap length decided, and a place to start again before
/// every [`BREAKS_PER_RESTART`] of them.
#[derive(Default)]
struct Survey<'a> {
    lengths: Vec<usize>,
    decided: Vec<usize>,
    restarts: Vec<Place<'a>>,
}

struct Cleaner<'v, O> {
    variants: &'v Variants,
    view: Vec<char>,
    origin: Runs<O>,
}

impl<O: Offset> Cleaner<'_, O> {
    /// Cleans from `at` to the end, taking a line shorter than `min_wrap` to be unwrapped; with a
    /// survey, fills it.
    fn run<'a>(&mut self, at: Place<'a>, min_wrap: usize, mut survey: Option<&mut Survey<'a>>) {
        let variants = self.variants;
        let view = &mut self.view;
        let origin = &mut self.origin;
        let Place {
            mut rest,
            mut i,
            mut at_line_start,
            mut line_is_heading,
            mut line_len,
            ..
        } = at;
        let peek = |rest: &std::str::Chars| rest.clone().next();
        // The chars of the current `\n`-line but white space, for the survey.
        let mut line_chars = 0;
        while let Some(c) = peek(&rest) {
            if !at_line_start && variants.is_plain(c) {
                // A run of chars that are copied as they are: what the general case below does
                // to each, at once.
                let run_start = i;
                let (bytes, chars) = copy_plain_run(rest.as_str(), variants, view);
                rest = rest.as_str().get(bytes..).unwrap_or_default().chars();
                i += chars;
                origin.push_run(run_start, i - run_start);
                line_len += i - run_start;
                line_chars += i - run_start;
                continue;
            }
            if is_space(c) || is_line_break(c) {
                let before = survey.is_some().then(|| Place {
                    rest: rest.clone(),
                    i,
                    at_line_start,
                    line_is_heading,
                    line_len,
                    view_len: view.len(),
                    runs: origin.runs(),
                });
                // A run of whitespace: how many line breaks does it hold?
                let run_start = i;
                let mut first_break = None;
                let mut breaks = 0;
                while let Some(c) = peek(&rest)
                    && (is_space(c) || is_line_break(c))
                {
                    rest.next();
                    if is_line_break(c) {
                        first_break = first_break.or(Some(i));
                    }
                    if c == '\n' || (c == '\r' && peek(&rest) != Some('\n')) {
                        breaks += 1;
                    }
                    if c == '\n'
                        && let Some(survey) = survey.as_deref_mut()
                    {
                        if line_chars > 0 {
                            survey.lengths.push(line_chars);
                        }
                        line_chars = 0;
                    } else if !is_whitespace(c) {
                        // The byte-order mark and the zero-width space: dropped, but not white
                        // space, so they count in the line's length.
                        line_chars += 1;
                    }
                    i += 1;
                }
                let prev = view.last().copied();
                let next = peek(&rest);
                let hard_anyway = breaks >= 2
                    || (breaks == 1
                        && (line_is_heading
                            || prev.is_none_or(ends_sentence)
                            || next == Some('#')));
                // A line much shorter than the document's lines was not wrapped: it is a title,
                // a heading or a caption (`一、农业生产基本稳定`, `资料图：… 摄`), and ends there.
                let short_line = line_len < min_wrap;
                if breaks == 1
                    && !hard_anyway
                    && let (Some(survey), Some(before)) = (survey.as_deref_mut(), before)
                {
                    if survey.decided.len() % BREAKS_PER_RESTART == 0 {
                        survey.restarts.push(before);
                    }
                    survey.decided.push(line_len);
                }
                let hard_break = hard_anyway || (breaks == 1 && short_line);
                if hard_break {
                    // A hard break holds a line break.
                    if let Some(first_break) = first_break
                        && prev.is_some_and(|p| p != '\n')
                    {
                        view.push('\n');
                        origin.push_run(first_break, 1);
                    }
                } else if let (Some(p), Some(n)) = (prev, next)
                    && is_latin_or_digit(p)
                    && is_latin_or_digit(fold_char(n, variants))
                {
                    view.push(' ');
                    origin.push_run(run_start, 1);
                }
                if breaks > 0 {
                    at_line_start = true;
                    line_is_heading = false;
                    line_len = 0;
                }
                continue;
            }
            rest.next();
            line_len += 1;
            line_chars += 1;
            if at_line_start {
                at_line_start = false;
                // Markdown block marks: headings, quotes, list bullets ("- " or "* ").
                if c == '#' || c == '>' {
                    line_is_heading = c == '#';
                    i += 1;
                    while let Some('#' | '>') = peek(&rest) {
                        rest.next();
                        i += 1;
                        line_chars += 1;
                    }
                    continue;
                }
                if (c == '-' || c == '*' || c == '+') && peek(&rest).is_some_and(is_space) {
                    i += 1;
                    continue;
                }
            }
            if c == '*' {
                i += 1; // markdown emphasis
                continue;
            }
            view.push(fold_char(c, variants));
            origin.push_run(i, 1);
            i += 1;
        }
        if let Some(survey) = survey
            && line_chars > 0
        {
            survey.lengths.push(line_chars);
        }
    }
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
        let mut bytes = Vec::new();
        utf8_into(&all, &mut bytes);
        assert_eq!(bytes, all.iter().collect::<String>().into_bytes());
        // The plain chars: neither white space, a markdown `*`, a full-width form other than
        // the Chinese comma, a zero-width space, the byte-order mark, a minus sign nor folded.
        // Above the BMP, a char may be taken for one that is not plain (and go the general way,
        // which copies it the same), never the other way round.
        let variants = Variants::new([('萬', '万'), ('\u{2F81F}', '㓟')]);
        for &c in &all {
            let special = c.is_whitespace()
                || c == '*'
                || (('\u{FF01}'..='\u{FF5E}').contains(&c) && c != '，')
                || matches!(c, '\u{feff}' | '\u{200b}' | '\u{2212}');
            let plain = !special && !variants.may_fold(c);
            if (c as u32) < 0x10000 {
                assert_eq!(variants.is_plain(c), plain, "{c:?}");
            } else if variants.is_plain(c) {
                assert!(plain && variants.get(c).is_none(), "{c:?}");
            }
        }
        assert!(!variants.is_plain('\u{2F81F}'));
    }

    /// The view as it was built before the cleaning measured the lines as it went: the lines
    /// measured first, then cleaned in one run with the wrap length they give.
    fn cleaned_in_two_passes(text: &str, variants: &Variants) -> (Vec<char>, Runs<u32>) {
        let mut cleaner = Cleaner {
            variants,
            view: Vec::new(),
            origin: Runs::default(),
        };
        let min_wrap = shortest_wrapped_line(line_lengths(text));
        cleaner.run(Place::start(text), min_wrap, None);
        (cleaner.view, cleaner.origin)
    }

    /// One pass measures the lines as [`line_lengths`] does, and where the start of a document
    /// is unlike the rest (long lines, then many short ones, wrapped and not), the cleaning done
    /// again from where the wrap length of the start was wrong gives the view of two passes.
    #[test]
    fn one_pass_with_a_guessed_wrap_length_is_two_passes() {
        let variants = Variants::new([('萬', '万')]);
        let long = "全国夏粮总产量一万三千九百二十六万吨比上年减少一百六十二万吨下降";
        let short = "一二三四五六七八九十甲乙丙丁戊己";
        let mut start = String::new();
        while start.len() <= GUESS_FROM {
            start.push_str(long);
            start.push_str("\r\n");
        }
        let mut rest = String::new();
        for k in 0..20_000 {
            rest.push_str(&short[..3 * (8 + k % 9)]);
            rest.push_str(["\n", " \n", "。\n", "\n\n", "\n# 标题\n", "\n  "][k % 6]);
        }
        let shifted = format!("{start}{rest}");
        let mut cut = GUESS_FROM + 1000;
        while !shifted.is_char_boundary(cut) {
            cut += 1;
        }
        let texts = [
            shifted.as_str(),
            &shifted[..cut],
            "# 标题\n**３０００**个，\r\n增长１５％ 2025\n2026\n\n- 一萬\u{feff}元\n\n甲 乙  丙\n丁",
            "",
            "\n",
            " a\u{3000}\n\u{a0}\n\n甲\r乙\r\n",
        ];
        for text in texts {
            let mut cleaner = Cleaner::<u32> {
                variants: &variants,
                view: Vec::new(),
                origin: Runs::default(),
            };
            let mut survey = Survey::default();
            cleaner.run(Place::start(text), 5, Some(&mut survey));
            assert_eq!(survey.lengths, line_lengths(text));
            let (view, origin) = clean_chars::<u32>(text, &variants);
            let (expected, expected_origin) = cleaned_in_two_passes(text, &variants);
            assert_eq!(view, expected);
            assert_eq!(origin.starts, expected_origin.starts);
            assert_eq!(origin.shifts, expected_origin.shifts);
            assert_eq!(origin.len, expected_origin.len);
        }
        // The shifted text does start again: its start guesses its wrap length wrong for some
        // of the breaks it decides.
        let guess = shortest_wrapped_line(line_lengths(&start));
        let min_wrap = shortest_wrapped_line(line_lengths(&shifted));
        let mut cleaner = Cleaner::<u32> {
            variants: &variants,
            view: Vec::new(),
            origin: Runs::default(),
        };
        let mut survey = Survey::default();
        cleaner.run(Place::start(&shifted), guess, Some(&mut survey));
        let wrong = survey
            .decided
            .iter()
            .filter(|&&len| (len < guess) != (len < min_wrap))
            .count();
        assert!(wrong > 0 && survey.restarts.len() > 1, "{guess} {min_wrap}");
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
        let src: Vec<char> = text.chars().collect();
        let narrow = clean_chars::<u32>(text, &variants);
        let wide = clean_chars::<usize>(text, &variants);
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

    /// Offsets looked up near the last one are the offsets, in order, repeated, far on and
    /// going back, over a text with a run of offsets every few chars.
    #[test]
    fn offsets_near_the_last_are_the_offsets() {
        let mut text = String::new();
        for k in 0..3000 {
            text.push_str(["甲乙", "丙 ", "**丁", "戊\n", "己"][k % 5]);
        }
        let view = clean(&text, &Variants::new([]));
        let n = view.chars.len();
        assert!(n > 1000);
        let mut next = crate::engine::test_random(7);
        let mut run = 0;
        let mut i: usize = 0;
        for _ in 0..5000 {
            i = match next(10) {
                0 => i.saturating_sub(next(50)),
                1 => next(n),
                2 => i,
                3 => i + next(400),
                _ => i + next(12),
            } % n;
            assert_eq!(view.origin.at_near(i, &mut run), view.origin.at(i), "{i}");
        }
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
