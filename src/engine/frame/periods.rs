//! Time phrases and their resolution against the publication date (FACTS.md, "The frame":
//! `period`).
//!
//! A time phrase is a date or period figure of the grammar (`2016年`, `前三季度`, `6月18日`), a
//! relative word from `assets/frame_times.tsv` (`今年`, `去年`, `目前`), a year word joined to a
//! partial figure (`今年前三季度`), `X以来` (X to the publication date), or a span of years around
//! the publication (`近十年来`, `未来3年`). Each resolves to an ISO 8601 date or interval; what the
//! text leaves open and no publication date fills stays partial (`--01/--09`).

use rust_decimal::prelude::ToPrimitive;

use crate::engine::grammar::Figure;
use crate::engine::lexicon::{PairFilter, WordTable, rows};
use crate::fact::{Kind, Value};

const TIMES: &str = include_str!("../../../assets/frame_times.tsv");

/// A point in time, as precise as the text makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Point {
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
    /// Hours and minutes, when a date carries a time of day.
    pub clock: Option<(u32, u32)>,
}

impl Point {
    pub fn year(year: i32) -> Point {
        Point {
            year: Some(year),
            ..Point::default()
        }
    }

    /// Reads an ISO 8601 (partial) date: `2025-06-18`, `2025-06`, `2025`, `--06-18`, `--06`,
    /// `---18`, `2007-03-05T20:18`. `None` for anything else.
    pub fn parse(iso: &str) -> Option<Point> {
        let (date, clock) = match iso.split_once('T') {
            Some((d, t)) => {
                let (h, m) = t.split_once(':')?;
                (d, Some((h.parse().ok()?, m.get(..2)?.parse().ok()?)))
            }
            None => (iso, None),
        };
        let num = |s: &str| -> Option<u32> {
            (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        // A component that is absent is `None`; one that is present must be digits.
        let optional = |s: Option<&str>| -> Option<Option<u32>> {
            match s {
                None => Some(None),
                Some(s) => num(s).map(Some),
            }
        };
        let point = if let Some(day) = date.strip_prefix("---") {
            Point {
                day: Some(num(day)?),
                ..Point::default()
            }
        } else if let Some(rest) = date.strip_prefix("--") {
            let mut parts = rest.split('-');
            Point {
                month: Some(num(parts.next()?)?),
                day: optional(parts.next())?,
                ..Point::default()
            }
        } else {
            let mut parts = date.split('-');
            let year = parts.next()?;
            if year.len() != 4 {
                return None;
            }
            Point {
                year: Some(i32::try_from(num(year)?).ok()?),
                month: optional(parts.next())?,
                day: optional(parts.next())?,
                ..Point::default()
            }
        };
        // A month, day or clock that no calendar has is no date (`2025-13-40`, `T25:99`).
        let valid_day = match (point.month, point.day) {
            (Some(m), Some(d)) => d >= 1 && d <= point.last_day().day.unwrap_or(31) && m >= 1,
            (None, Some(d)) => (1..=31).contains(&d),
            _ => true,
        };
        let valid_month = point.month.is_none_or(|m| (1..=12).contains(&m));
        let valid_clock = clock.is_none_or(|(h, m)| h < 24 && m < 60);
        (valid_day && valid_month && valid_clock).then_some(Point { clock, ..point })
    }

    pub fn iso(&self) -> String {
        let mut s = String::with_capacity(16);
        self.write_iso(&mut s);
        s
    }

    /// Writes the ISO form into `out`, digit by digit: this runs for every figure, and `format!`
    /// was a tenth of the frame stage's time.
    fn write_iso(&self, out: &mut String) {
        fn digits(out: &mut String, n: u32, width: usize) {
            let mut buf = [b'0'; 10];
            let mut i = buf.len();
            let mut n = n;
            while n > 0 || buf.len() - i < width {
                i -= 1;
                buf[i] = b'0' + (n % 10) as u8;
                n /= 10;
            }
            out.extend(buf[i..].iter().map(|&b| b as char));
        }
        if self.year.is_none() && self.month.is_none() && self.day.is_none() {
            return;
        }
        if self.year.is_none() && self.month.is_none() && self.day.is_none() {
            return;
        }
        match self.year {
            Some(y) if y < 0 => {
                out.push('-');
                digits(out, y.unsigned_abs(), 4);
            }
            Some(y) => digits(out, y.unsigned_abs(), 4),
            None => out.push_str(if self.month.is_some() { "--" } else { "---" }),
        }
        if let Some(m) = self.month {
            if self.year.is_some() {
                out.push('-');
            }
            digits(out, m, 2);
        }
        if let Some(d) = self
            .day
            .filter(|_| self.month.is_some() || self.year.is_none())
        {
            if self.month.is_some() {
                out.push('-');
            }
            digits(out, d, 2);
            if let Some((h, m)) = self.clock {
                out.push('T');
                digits(out, h, 2);
                out.push(':');
                digits(out, m, 2);
            }
        }
    }

    /// The last day of this point's month (of December for a bare year).
    pub fn last_day(&self) -> Point {
        let month = self.month.unwrap_or(12);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            _ => match self.year {
                Some(y) if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
                _ => 28,
            },
        };
        Point {
            month: Some(month),
            day: Some(days),
            ..*self
        }
    }

    /// Months since year 0, for comparing and stepping; `None` without a year and month.
    fn month_index(&self) -> Option<i64> {
        Some(i64::from(self.year?) * 12 + i64::from(self.month?) - 1)
    }

    fn from_month_index(index: i64) -> Option<Point> {
        Some(Point {
            year: Some(i32::try_from(index.div_euclid(12)).ok()?),
            month: Some(u32::try_from(index.rem_euclid(12) + 1).ok()?),
            ..Point::default()
        })
    }

    /// This point `days` days later (earlier when negative), for a point with a full date.
    fn add_days(&self, days: i64) -> Option<Point> {
        let (y, m, d) = (self.year?, self.month?, self.day?);
        let n = days_from_civil(i64::from(y), i64::from(m), i64::from(d)).checked_add(days)?;
        let (y, m, d) = civil_from_days(n);
        Some(Point {
            year: Some(i32::try_from(y).ok()?),
            month: Some(u32::try_from(m).ok()?),
            day: Some(u32::try_from(d).ok()?),
            clock: None,
        })
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// A resolved time: one point or an interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Time {
    Point(Point),
    Span(Point, Point),
}

impl Time {
    pub fn iso(&self) -> String {
        let mut s = String::with_capacity(24);
        match self {
            Time::Point(p) => p.write_iso(&mut s),
            Time::Span(a, b) if a == b => a.write_iso(&mut s),
            Time::Span(a, b) => {
                a.write_iso(&mut s);
                s.push('/');
                b.write_iso(&mut s);
            }
        }
        s
    }

    /// The year the time holds in (its start's), for `比上年` → the year before.
    pub fn year(&self) -> Option<i32> {
        match self {
            Time::Point(p) | Time::Span(p, _) => p.year,
        }
    }

    fn with_year(&self, year: i32) -> Time {
        let set = |p: &Point| Point {
            year: p.year.or(Some(year)),
            ..*p
        };
        match self {
            Time::Point(p) => Time::Point(set(p)),
            Time::Span(a, b) => {
                let (a, mut b) = (set(a), set(b));
                // `12月至2月`: the end falls in the next year.
                if let (Some(ia), Some(ib)) = (a.month_index(), b.month_index())
                    && ib < ia
                    && b.year == Some(year)
                {
                    b.year = year.checked_add(1);
                }
                Time::Span(a, b)
            }
        }
    }

    fn start(&self) -> &Point {
        match self {
            Time::Point(p) | Time::Span(p, _) => p,
        }
    }

    /// A day written without its month (`17日`) is in the month of `month`.
    fn with_month(&self, month: Option<u32>) -> Time {
        let set = |p: &Point| Point {
            month: p.month.or(if p.day.is_some() { month } else { None }),
            ..*p
        };
        match self {
            Time::Point(p) => Time::Point(set(p)),
            Time::Span(a, b) => Time::Span(set(a), set(b)),
        }
    }

    /// Fills what the text leaves out from the publication date: a day's month, then the year —
    /// the publication year, or the year before when that would put the time more than half a
    /// year after publication (`12月` in a January report is last December). A time that names
    /// its year keeps it, and an interval's end takes its start's year.
    pub fn resolve(&self, published: Option<&Point>) -> Time {
        if let Some(year) = self.start().year {
            return self.with_year(year);
        }
        let Some((pubd, year)) = published.and_then(|p| Some((p, p.year?))) else {
            return *self;
        };
        let filled = self.with_month(pubd.month);
        let candidate = filled.with_year(year);
        let ahead = match (candidate.start().month_index(), pubd.month_index()) {
            (Some(a), Some(b)) => a - b > 6,
            _ => false,
        };
        match (ahead, year.checked_sub(1)) {
            (true, Some(before)) => filled.with_year(before),
            _ => candidate,
        }
    }
}

/// A rule for a relative time word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Relative {
    Year(i32),
    Month(i32),
    Day(i32),
    Quarter(i32),
    YearToDate,
    Now,
}

/// The relative time words of `assets/frame_times.tsv`.
#[derive(Debug)]
pub struct TimeWords {
    words: WordTable<Relative>,
    /// The first two chars of each word, when every word has two chars or more: the chars that
    /// start one (`上`, `年`, `前`…) are common, and most of them are passed with this test,
    /// without searching their words.
    pairs: Option<PairFilter<64>>,
}

impl TimeWords {
    pub fn bundled() -> Self {
        let mut words = WordTable::default();
        for row in rows(TIMES) {
            let (word, rule) = (row[0], row.get(1).copied().unwrap_or(""));
            let offset = |p: &str| rule.strip_prefix(p).and_then(|n| n.parse::<i32>().ok());
            let relative = if let Some(n) = offset("year:") {
                Relative::Year(n)
            } else if let Some(n) = offset("month:") {
                Relative::Month(n)
            } else if let Some(n) = offset("day:") {
                Relative::Day(n)
            } else if let Some(n) = offset("quarter:") {
                Relative::Quarter(n)
            } else if rule == "ytd" {
                Relative::YearToDate
            } else if rule == "now" {
                Relative::Now
            } else {
                panic!("assets/frame_times.tsv: bad rule {rule:?} for {word}");
            };
            words.insert(word, relative);
        }
        let mut pairs = PairFilter::new();
        let mut all_pairs = true;
        for row in rows(TIMES) {
            let mut chars = row[0].chars();
            match (chars.next(), chars.next()) {
                (Some(a), Some(b)) => pairs.insert(a, b),
                _ => all_pairs = false,
            }
        }
        TimeWords {
            words,
            pairs: all_pairs.then_some(pairs),
        }
    }

    /// Whether a time word may start at `text[at]`: false only where none does.
    fn may_start_at(&self, text: &[char], at: usize) -> bool {
        let Some(pairs) = &self.pairs else {
            return true;
        };
        match (text.get(at), text.get(at + 1)) {
            (Some(&a), Some(&b)) => pairs.may_hold(a, b),
            _ => false,
        }
    }
}

/// A time phrase found in the text, already resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct TimePhrase {
    /// Cleaned-view span.
    pub start: usize,
    pub end: usize,
    pub time: Time,
}

/// The time a relative word stands for, given the publication date.
fn relative_time(rule: Relative, published: Option<&Point>) -> Option<Time> {
    let p = published?;
    let month_of = |n: i32| -> Option<Time> {
        let i = p.month_index()?.checked_add(i64::from(n))?;
        Some(Time::Point(Point::from_month_index(i)?))
    };
    Some(match rule {
        Relative::Year(n) => Time::Point(Point::year(p.year?.checked_add(n)?)),
        Relative::Month(n) => month_of(n)?,
        Relative::Day(n) => Time::Point(p.add_days(i64::from(n))?),
        Relative::Quarter(n) => {
            let q = (p.month_index()? / 3).checked_add(i64::from(n))?;
            let a = Point::from_month_index(q * 3)?;
            let b = Point::from_month_index(q * 3 + 2)?;
            Time::Span(a, b)
        }
        // `今年以来`: this year to the publication date, as `X以来` is X to it.
        Relative::YearToDate => Time::Span(Point::year(p.year?), *p),
        Relative::Now => Time::Point(*p),
    })
}

/// The time a date or period figure states, resolved against `published`: `8月末`, `2024年底`
/// are the last day of that month or year (a balance at month end is a point, not the month).
pub fn figure_time(text: &[char], f: &Figure, published: Option<&Point>) -> Option<Time> {
    let time = stated_time(f)?.resolve(published);
    let last = f.end.checked_sub(1).and_then(|i| text.get(i)).copied();
    let next = text.get(f.end).copied();
    let at_end = [last, next].iter().any(|c| matches!(c, Some('末' | '底')));
    match time {
        Time::Point(p) if at_end && p.day.is_none() => Some(Time::Point(p.last_day())),
        t => Some(t),
    }
}

fn stated_time(f: &Figure) -> Option<Time> {
    fn text(v: &Value) -> Option<&str> {
        match v {
            Value::Text(s) => Some(s),
            Value::Number(_) => None,
        }
    }
    let start = Point::parse(text(&f.value)?)?;
    match (f.kind, f.value_max.as_ref().and_then(text)) {
        (Kind::Date, _) => Some(Time::Point(start)),
        (Kind::Period, Some(end)) => {
            let mut end = Point::parse(end)?;
            if end.year.is_none() && start.year.is_some() {
                end.year = start.year;
            }
            Some(Time::Span(start, end))
        }
        _ => None,
    }
}

/// Every time phrase of a document, in text order, resolved against `published`.
pub fn time_phrases(
    text: &[char],
    figures: &[Figure],
    words: &TimeWords,
    published: Option<&Point>,
) -> Vec<TimePhrase> {
    let mut phrases = Vec::new();
    let mut next_figure = 0;
    let mut i = 0;
    while i < text.len() {
        while next_figure < figures.len() && figures[next_figure].end <= i {
            next_figure += 1;
        }
        // Up to the next figure's start (or, when it started before `i`, its end: no other
        // figure is looked at before that), only a time word can begin here: go straight to the
        // next char that may start one.
        let limit = match figures.get(next_figure) {
            Some(f) if f.start >= i => f.start,
            Some(f) => f.end,
            None => text.len(),
        }
        .min(text.len());
        if limit > i {
            match text[i..limit]
                .iter()
                .position(|&c| words.words.may_start(c))
            {
                Some(0) => {}
                Some(skip) => {
                    i += skip;
                    continue;
                }
                None => {
                    i = limit;
                    continue;
                }
            }
        }
        let figure = figures.get(next_figure).filter(|f| f.start == i);
        if let Some(f) = figure {
            if let Some(phrase) = figure_phrase(text, f, published) {
                i = phrase.end.max(i + 1);
                phrases.push(phrase);
            } else {
                i = f.end.max(i + 1);
            }
            continue;
        }
        if !words.may_start_at(text, i) {
            i += 1;
            continue;
        }
        if let Some((len, &rule)) = words.words.longest_at(text, i) {
            let end = i + len;
            // `今年前三季度`, `去年6月`: a year word gives a partial figure after it its year.
            let joined = figures
                .get(next_figure)
                .filter(|f| f.start == end && matches!(f.kind, Kind::Date | Kind::Period))
                .and_then(|f| Some((f, stated_time(f)?)));
            if let (Relative::Year(_), Some((f, time))) = (rule, joined)
                && let Some(Time::Point(Point {
                    year: Some(year), ..
                })) = relative_time(rule, published)
                && time.year().is_none()
            {
                phrases.push(TimePhrase {
                    start: i,
                    end: f.end,
                    time: time.with_year(year),
                });
                i = f.end;
                continue;
            }
            if let Some(time) = relative_time(rule, published) {
                phrases.push(TimePhrase {
                    start: i,
                    end,
                    time,
                });
            }
            i = end;
            continue;
        }
        i += 1;
    }
    phrases
}

/// The phrase a date, period or duration figure makes, with `以来`/`至今` after a date and the
/// year spans around publication (`近十年来`, `未来3年`).
fn figure_phrase(text: &[char], f: &Figure, published: Option<&Point>) -> Option<TimePhrase> {
    let starts = |at: usize, s: &str| (at..).zip(s.chars()).all(|(j, c)| text.get(j) == Some(&c));
    match f.kind {
        Kind::Date | Kind::Period => {
            let time = figure_time(text, f, published)?;
            // `1—9月份`: the `份` of a month belongs to the phrase.
            let end = if text.get(f.end) == Some(&'份')
                && f.end.checked_sub(1).and_then(|i| text.get(i)) == Some(&'月')
            {
                f.end + 1
            } else {
                f.end
            };
            // `截至2023年12月31日止年度`: the year that ends on that date.
            for tail in ["止年度", "止财政年度", "止财年"] {
                if starts(end, tail)
                    && let Some(year) = time.start().year
                {
                    return Some(TimePhrase {
                        start: f.start,
                        end: end + tail.chars().count(),
                        time: Time::Point(Point::year(year)),
                    });
                }
            }
            // `2013年以来`, `2020年至今`: from that time to publication.
            for tail in ["以来", "至今", "到现在"] {
                if starts(end, tail)
                    && let Some(p) = published
                    && p.year.is_some()
                {
                    let from = match time {
                        Time::Point(a) | Time::Span(a, _) => a,
                    };
                    return Some(TimePhrase {
                        start: f.start,
                        end: end + tail.chars().count(),
                        time: Time::Span(from, *p),
                    });
                }
            }
            Some(TimePhrase {
                start: f.start,
                end,
                time,
            })
        }
        // `近十年来`, `12年前`, `未来两年`: whole years counted from the publication date. An
        // inexact count (`30多年来`) cannot be counted from, so it gives no time.
        Kind::Duration if f.unit.as_deref() == Some("年") && f.approx.is_none() => {
            let p = published?;
            let year = p.year?;
            let n = i32::try_from(f.value.as_number()?.to_i64()?).ok()?;
            if !(1..=100).contains(&n) || f.value_max.is_some() {
                return None;
            }
            let before = |w: &str| {
                let len = w.chars().count();
                f.start >= len && starts(f.start - len, w)
            };
            let surface: String = text[f.start..f.end].iter().collect();
            let time = if ["未来", "今后", "此后", "往后"].iter().any(|w| before(w)) {
                Time::Span(*p, Point::year(year.checked_add(n)?))
            } else if surface.ends_with('前') {
                Time::Point(Point::year(year.checked_sub(n)?))
            } else if ["近", "过去", "最近"].iter().any(|w| before(w)) || surface.ends_with('来')
            {
                Time::Span(Point::year(year.checked_sub(n)?), *p)
            } else {
                return None;
            };
            Some(TimePhrase {
                start: f.start,
                end: f.end,
                time,
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_round_trips() {
        for iso in [
            "2025-06-18",
            "2025-06",
            "2025",
            "--06-18",
            "--06",
            "---18",
            "2007-03-05T20:18",
        ] {
            assert_eq!(Point::parse(iso).unwrap().iso(), iso);
        }
        assert_eq!(Point::parse("25-06"), None);
        assert_eq!(Point::parse("2025-13-01"), None);
        assert_eq!(Point::parse("2025-02-30"), None);
        assert_eq!(Point::parse("2024-02-29").unwrap().iso(), "2024-02-29");
        assert_eq!(Point::parse("2025-06-18T25:99"), None);
        assert_eq!(Point::parse("abcd"), None);
    }

    #[test]
    fn partial_times_take_the_publication_year() {
        let published = Point::parse("2016-10-19");
        let season = Time::Span(Point::parse("--01").unwrap(), Point::parse("--09").unwrap());
        assert_eq!(season.resolve(published.as_ref()).iso(), "2016-01/2016-09");
        let december = Time::Point(Point::parse("--12-30").unwrap());
        let january = Point::parse("2017-01-05");
        assert_eq!(december.resolve(january.as_ref()).iso(), "2016-12-30");
        let across = Time::Span(Point::parse("--12").unwrap(), Point::parse("--02").unwrap());
        assert_eq!(
            across.resolve(Point::parse("2016-12-01").as_ref()).iso(),
            "2016-12/2017-02"
        );
        assert_eq!(season.resolve(None).iso(), "--01/--09");
    }

    #[test]
    fn the_pair_test_passes_every_time_word() {
        let words = TimeWords::bundled();
        assert!(
            words.pairs.is_some(),
            "every bundled time word has two chars or more"
        );
        let text: Vec<char> = "今年上年同期上个月截至目前年初以来，上升年月"
            .chars()
            .collect();
        for at in 0..=text.len() {
            if words.words.longest_at(&text, at).is_some() {
                assert!(words.may_start_at(&text, at), "{at}");
            }
        }
        for row in rows(TIMES) {
            let word: Vec<char> = row[0].chars().collect();
            assert!(words.may_start_at(&word, 0), "{}", row[0]);
        }
        assert!(!words.may_start_at(&['年'], 0));
    }

    #[test]
    fn relative_words() {
        let p = Point::parse("2025-03-01").unwrap();
        let at = |r| relative_time(r, Some(&p)).unwrap().iso();
        assert_eq!(at(Relative::Year(-1)), "2024");
        assert_eq!(at(Relative::Month(-3)), "2024-12");
        assert_eq!(at(Relative::Day(-1)), "2025-02-28");
        assert_eq!(at(Relative::Quarter(-1)), "2024-10/2024-12");
        assert_eq!(at(Relative::YearToDate), "2025/2025-03-01");
        assert_eq!(at(Relative::Now), "2025-03-01");
        assert_eq!(relative_time(Relative::Year(0), None), None);
    }
}
