//! The grammar of quantitative expressions, run over the cleaned view.
//!
//! A figure is a numeral plus what makes it a fact: a unit, currency, `%`, time unit or
//! classifier after it, `第` before it, a date structure around it. Qualifiers on either side set
//! `approx`; a second numeral after a range separator sets `value_max`; a unit written once for a
//! list (`120亿、85亿、43.5亿元`) applies to every item. Bare numbers are not facts.

use rust_decimal::Decimal;

use super::lexicon::{Lexicon, TrapCursor, UnitClass};
use super::numeral::{self, Form, Numeral};
use crate::fact::{Approx, Kind, Value};

/// A fact found in the cleaned view, before it is mapped back and given a subject and sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Cleaned-view span `[start, end)`.
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub value: Value,
    pub value_max: Option<Value>,
    pub unit: Option<String>,
    pub approx: Option<Approx>,
    pub confidence: f32,
    /// For a price, the unit it is per (`2536美元/盎司` → `盎司`).
    pub per: Option<String>,
}

/// Separators of a range: `200到300公里`, `2025至2026年`, `5-8%`.
fn is_range_separator(c: char) -> bool {
    matches!(c, '至' | '到' | '~' | '～' | '〜' | '—' | '–' | '-')
}

/// A web address starting at `text[i]` (`http://`, `https://`, `www.`): where it ends. The
/// numbers in it (`%20`, `issue=9`) are not facts.
pub fn url_end(text: &[char], i: usize) -> Option<usize> {
    if i > 0 && text[i - 1].is_ascii_alphanumeric() {
        return None;
    }
    let rest = &text[i..];
    let starts = |p: &str| rest.len() >= p.len() && p.chars().zip(rest).all(|(a, &b)| a == b);
    if !(starts("http://") || starts("https://") || starts("www.")) {
        return None;
    }
    Some(
        rest.iter()
            .position(|c| !c.is_ascii_graphic())
            .map_or(text.len(), |p| i + p),
    )
}

/// Words after a decimal that make it the name of a version or generation (`2.0版`).
const VERSION_WORDS: [&str; 3] = ["版本", "版", "时代"];

/// A CJK ideograph (a word goes on after it).
fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// Extensions of files named in news text; a date or number inside such a name
/// (`2024-05-01_report.pdf`, `附件20230815.xlsx`) is part of the name.
const FILE_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "csv", "txt", "ppt", "pptx", "zip", "rar", "jpg", "jpeg",
    "png", "gif", "mp4", "mp3", "wps", "json", "xml", "html", "htm", "md",
];

/// A file name starting at `text[i]` (ASCII letters, digits, `_`, `-`, `.`, ending in a known
/// extension): where it ends. Only at the start of an ASCII token.
pub fn file_name_end(text: &[char], i: usize) -> Option<usize> {
    let name_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    if i > 0 && name_char(text[i - 1]) {
        return None;
    }
    let end = (i..text.len())
        .find(|&j| !name_char(text[j]))
        .unwrap_or(text.len());
    let token = &text[i..end];
    let dot = token.iter().rposition(|&c| c == '.')?;
    let extension: String = token[dot + 1..]
        .iter()
        .collect::<String>()
        .to_ascii_lowercase();
    // A name before the extension, and the extension not a decimal (`3.5`).
    (dot > 0 && FILE_EXTENSIONS.contains(&extension.as_str())).then_some(end)
}

/// Separators of a list whose last item carries the unit: `120亿、85亿、43.5亿元`.
fn is_list_separator(c: char) -> bool {
    matches!(c, '、' | '和' | '与' | '及' | '或')
}

/// Chars before `十` that make a numeral vague: `数十`, `几十万`, `若十`. (`上千`, `成百` need no
/// rule: a multiplier with no digit is not a numeral.)
fn is_vague_prefix(c: char) -> bool {
    matches!(c, '数' | '几' | '若')
}

/// Chars before `数` that make it a noun (`指数`, `人数`, `次数`), not "several" (`数十亿`).
fn forms_word_with_shu(c: char) -> bool {
    matches!(
        c,
        '指' | '分'
            | '总'
            | '人'
            | '次'
            | '倍'
            | '基'
            | '系'
            | '户'
            | '件'
            | '位'
            | '岁'
            | '字'
            | '票'
            | '天'
            | '股'
            | '家'
            | '台'
            | '车'
            | '场'
            | '名'
            | '个'
            | '项'
            | '笔'
            | '单'
            | '函'
            | '变'
            | '参'
            | '常'
            | '整'
            | '实'
            | '复'
            | '奇'
            | '偶'
            | '少'
            | '多'
            | '无'
            | '点'
            | '页'
            | '行'
            | '度'
            | '额'
            | '量'
            | '级'
            | '码'
    )
}

/// Chars after `成` that make it a word (`成员`, `成立`), not a tenth (`三成`).
fn continues_cheng_word(c: char) -> bool {
    matches!(
        c,
        '员' | '立'
            | '为'
            | '功'
            | '果'
            | '本'
            | '绩'
            | '长'
            | '熟'
            | '就'
            | '交'
            | '都'
            | '型'
            | '品'
            | '效'
            | '分'
            | '套'
            | '批'
    )
}

struct DatePoint {
    year: Option<u32>,
    month: Option<u32>,
    day: Option<u32>,
}

impl DatePoint {
    fn iso(&self) -> String {
        match (self.year, self.month, self.day) {
            (Some(y), Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
            (Some(y), Some(m), None) => format!("{y:04}-{m:02}"),
            (Some(y), None, _) => format!("{y:04}"),
            (None, Some(m), Some(d)) => format!("--{m:02}-{d:02}"),
            (None, Some(m), None) => format!("--{m:02}"),
            (None, None, Some(d)) => format!("---{d:02}"),
            (None, None, None) => String::new(),
        }
    }

    /// Fills the components this point lacks above its own from `earlier` (`6月16日至18日`).
    fn inherit(mut self, earlier: &DatePoint) -> DatePoint {
        if self.year.is_none() {
            self.year = earlier.year;
            if self.month.is_none() && self.day.is_some() {
                self.month = earlier.month;
            }
        }
        self
    }
}

/// Month span of a season expression, and the char after it.
struct Season {
    first_month: u32,
    last_month: u32,
    end: usize,
}

pub struct Grammar<'a> {
    text: &'a [char],
    lex: &'a Lexicon,
    /// The numerals last read, by position: the readings tried at one position (a date, a
    /// range, an amount) each ask for the numeral there and right after it.
    numerals: std::cell::RefCell<[Option<NumeralRead>; 2]>,
}

/// A position and the numeral read there (`None`: none could be).
type NumeralRead = (usize, Option<Numeral>);

enum Step {
    Figure(Figure),
    /// A numeral with no unit: not a fact on its own, but a list may give it one.
    Bare(Numeral),
    /// Nothing here; resume scanning at this position.
    Skip(usize),
}

impl<'a> Grammar<'a> {
    pub fn new(text: &'a [char], lex: &'a Lexicon) -> Self {
        Grammar {
            text,
            lex,
            numerals: Default::default(),
        }
    }

    fn at(&self, i: usize) -> Option<char> {
        self.text.get(i).copied()
    }

    fn starts_with(&self, i: usize, s: &str) -> bool {
        (i..).zip(s.chars()).all(|(j, c)| self.at(j) == Some(c))
    }

    /// A multiplier char that begins a unit word (`千瓦`, `千米`) ends the numeral instead.
    fn numeral_at(&self, i: usize) -> Option<Numeral> {
        let mut memo = self.numerals.borrow_mut();
        if let Some((_, n)) = memo.iter().flatten().find(|(at, _)| *at == i) {
            return n.clone();
        }
        let stops = |j: usize| self.lex.begins_unit_word(self.text, j);
        let n = numeral::scan(self.text, i, &stops);
        // The older entry goes.
        memo.swap(0, 1);
        memo[0] = Some((i, n.clone()));
        n
    }

    /// Every figure in the text, in order. `traps` are sorted cleaned-view char ranges to skip.
    pub fn figures(&self, traps: &[(usize, usize)]) -> Vec<Figure> {
        // News text holds a figure every hundred chars or so: sized for that, a long document's
        // list is not copied again and again as it grows (reserved memory costs nothing untouched).
        let mut found: Vec<Step> = Vec::with_capacity(self.text.len() / 128);
        let mut trap = TrapCursor::new(traps);
        let mut i = 0;
        while i < self.text.len() {
            // At a char that starts no step, `step` only moves on: go straight to the next one
            // that does. (Whether a trap covers a position depends on that position alone, so
            // the trap check can wait for it.)
            match self.text[i..].iter().position(|&c| starts_a_step(c)) {
                Some(skip) => i += skip,
                None => break,
            }
            if let Some(after) = trap.skip_from(i) {
                i = after;
                continue;
            }
            match self.step(i) {
                Step::Skip(next) => i = next.max(i + 1),
                Step::Figure(f) => {
                    i = f.end.max(i + 1);
                    found.push(Step::Figure(f));
                }
                Step::Bare(n) => {
                    i = n.end.max(i + 1);
                    found.push(Step::Bare(n));
                }
            }
        }
        self.share_list_units(found)
    }

    /// `120亿、85亿、43.5亿元`: bare numerals that lead into a figure through list separators take
    /// its kind and unit. Works right to left so a whole chain inherits.
    fn share_list_units(&self, found: Vec<Step>) -> Vec<Figure> {
        let mut out: Vec<Figure> = Vec::with_capacity(found.len());
        let mut next: Option<Figure> = None; // the figure right after the current item
        for step in found.into_iter().rev() {
            match step {
                Step::Figure(f) => {
                    next = Some(f.clone());
                    out.push(f);
                }
                Step::Bare(n) => {
                    let shared = next.as_ref().filter(|f| {
                        matches!(
                            f.kind,
                            Kind::Money | Kind::Percent | Kind::Quantity | Kind::Duration
                        ) && n.end + 1 == f.start
                            && self.at(n.end).is_some_and(is_list_separator)
                    });
                    if let Some(f) = shared {
                        let figure = Figure {
                            start: n.start,
                            end: n.end,
                            kind: f.kind,
                            value: Value::number(n.value),
                            value_max: n.max.map(Value::number),
                            unit: f.unit.clone(),
                            approx: n.approx,
                            confidence: f.confidence * 0.9,
                            per: None,
                        };
                        next = Some(figure.clone());
                        out.push(figure);
                    } else {
                        next = None;
                    }
                }
                Step::Skip(_) => next = None,
            }
        }
        out.reverse();
        out
    }

    fn step(&self, i: usize) -> Step {
        let c = self.text[i];
        if !starts_a_step(c) {
            return Step::Skip(i + 1);
        }
        if matches!(c, 'h' | 'w')
            && let Some(end) = url_end(self.text, i)
        {
            return Step::Skip(end);
        }
        if c.is_ascii_alphanumeric()
            && let Some(end) = file_name_end(self.text, i)
        {
            return Step::Skip(end);
        }
        let figure = match c {
            '第' => self.ordinal(i),
            '百' | '千' | '万' | '亿' | '仟' | '佰' if self.fraction_denominator(i).is_some() => {
                self.per_hundred(i)
            }
            '对' | '半' if matches!(self.at(i + 1), Some('折' | '成')) => self.half_discount(i),
            '$' | '¥' | '￥' | '€' | '£' => self.prefixed_money(i),
            '上' | '下' | '前' | '半' => self
                .season(i, None)
                .map(|(f, _)| f)
                .or_else(|| self.half_duration(i))
                .or_else(|| self.vague_amount(i)),
            '数' | '几' => self.vague_amount(i),
            _ if numeral::is_numeral_char(c) || c == '-' || c == '负' => {
                let (at, negative) = numeral::sign(self.text, i);
                if at == i && !numeral::is_numeral_char(c) {
                    return Step::Skip(i + 1);
                }
                return match self.numeral_at(at) {
                    Some(n) => self.figure_of_numeral(n, negative),
                    None => Step::Skip(self.unreadable_end(at)),
                };
            }
            _ => None,
        };
        match figure {
            Some(f) => Step::Figure(f),
            None if numeral::is_numeral_char(c) => Step::Skip(self.unreadable_end(i)),
            None => Step::Skip(i + 1),
        }
    }

    /// Where to resume after a numeral at `at` that makes no figure: after the whole run of
    /// numeral chars, and after the numerator of a rate it denominates (`千万亿亿亿分之一`), so
    /// that no tail of it is read as a smaller number.
    fn unreadable_end(&self, at: usize) -> usize {
        let end = numeral::run_end(self.text, at);
        if self.starts_with(end, "分之") {
            let (j, _) = numeral::sign(self.text, end + 2);
            if self.at(j).is_some_and(numeral::is_numeral_char) {
                return numeral::run_end(self.text, j);
            }
        }
        end
    }

    /// Vague amounts (FACTS.md): `数十亿元` 10^9–10^10 about, `几十万块` 10^5–10^6 about,
    /// `上百万` 10^6 more_than, `数百家` 100–1000 about. A magnitude of 万 or more is a figure
    /// even without a unit.
    fn vague_amount(&self, i: usize) -> Option<Figure> {
        let prefix = self.text[i];
        let before = self.at(i.wrapping_sub(1));
        let blocked = match prefix {
            '数' => before.is_some_and(forms_word_with_shu),
            '几' => before.is_some_and(numeral::is_numeral_char),
            '上' => before.is_some_and(|b| matches!(b, '以' | '之' | '向' | '往' | '马')),
            _ => true,
        };
        if blocked {
            return None;
        }
        let mut j = i + 1;
        let mut power: u32 = 0;
        // `几个亿`: a few 亿, counted with 个 as in speech.
        if prefix == '几' && self.starts_with(j, "个亿") && self.at(j + 2) != Some('万') {
            j += 2;
            power = 8;
        }
        while let Some(p) = self.at(j).and_then(numeral::multiplier_power) {
            if self.lex.begins_unit_word(self.text, j) {
                break;
            }
            power = power.saturating_add(p);
            j += 1;
        }
        // `数十个国家`, `几十年` stay words (the contract's not-facts): a vague amount needs a
        // magnitude of at least 百.
        if power < 2 {
            return None;
        }
        let low = numeral::pow10(power)?;
        let (max, approx) = if prefix == '上' {
            (None, Approx::MoreThan)
        } else {
            (Some(numeral::pow10(power.checked_add(1)?)?), Approx::About)
        };
        let n = Numeral {
            start: i,
            end: j,
            value: low,
            max,
            approx: None,
            form: Form::Chinese,
        };
        let f = match self.with_suffix(&n, low, i) {
            Some(f) if !matches!(f.kind, Kind::Percent | Kind::Date | Kind::Period) => f,
            Some(_) => return None,
            None if power >= 4 => Figure {
                start: i,
                end: j,
                kind: Kind::Quantity,
                value: Value::number(low),
                value_max: max.map(Value::number),
                unit: None,
                approx: None,
                confidence: 0.6,
                per: None,
            },
            None => return None,
        };
        Some(Figure {
            approx: Some(approx),
            confidence: f.confidence.min(0.7),
            ..f
        })
    }

    /// Extends `start` over a qualifier written before it (`超过`, `近`, `约`).
    fn qualifier_before(&self, start: usize) -> Option<(usize, Approx)> {
        self.lex
            .qualifiers_before
            .longest_ending_at(self.text, start)
            .and_then(|(len, &approx)| Some((start - len, approx?)))
    }

    /// Extends `end` over a qualifier written after it (`以上`, `左右`).
    fn qualifier_after(&self, end: usize, allow_more: bool) -> Option<(usize, Approx)> {
        let (len, &approx) = self.lex.qualifiers_after.longest_at(self.text, end)?;
        let approx = approx?;
        let word = &self.text[end..end + len];
        if !allow_more && (word == ['多'] || word == ['余']) {
            return None;
        }
        Some((end + len, approx))
    }

    /// Puts qualifiers on both sides of a finished figure.
    fn qualify(&self, mut f: Figure, allow_more_after: bool) -> Figure {
        if let Some((end, approx)) = self.qualifier_after(f.end, allow_more_after) {
            f.end = end;
            f.approx = f.approx.or(Some(approx));
        }
        if let Some((start, approx)) = self.qualifier_before(f.start) {
            f.start = start;
            f.approx = Some(approx);
        }
        f
    }

    fn figure_of_numeral(&self, n: Numeral, negative: bool) -> Step {
        let start = if negative { n.start - 1 } else { n.start };
        // Numbers glued to Latin letters are names (`G20`, `5G`, `C919`).
        let latin_before = self
            .at(start.wrapping_sub(1))
            .is_some_and(|c| c.is_ascii_alphabetic());
        if latin_before {
            return Step::Skip(n.end);
        }
        // `数十`, `几百`: vague, not a figure.
        if n.form == Form::Chinese
            && self
                .at(n.start)
                .and_then(numeral::multiplier_power)
                .is_some()
            && self
                .at(n.start.wrapping_sub(1))
                .is_some_and(is_vague_prefix)
        {
            return Step::Skip(n.end);
        }
        if !negative
            && n.as_integer().is_some()
            && let Some(f) = self.date_expression(n.start)
        {
            return Step::Figure(f);
        }
        // `2.0版`, `3.5版本`, `4.0时代`: a decimal naming a version or generation.
        if self.text[n.start..n.end].contains(&'.')
            && let Some(word) = VERSION_WORDS.iter().find(|w| self.starts_with(n.end, w))
        {
            return Step::Skip(n.end + word.chars().count());
        }
        let value = if negative { -n.value } else { n.value };
        let Some(mut f) = self.with_suffix(&n, value, start) else {
            return match self.range_without_unit(n, value, start) {
                Step::Bare(n) => match self.bare_after_currency(&n, value, start) {
                    Some(f) => Step::Figure(f),
                    None => self.bare_measurement(n, value, start),
                },
                Step::Figure(f) => Step::Figure(self.currency_before(f)),
                step => step,
            };
        };
        // A range: `200到300公里`, `5%-8%`, `2至3天`, `1万元(含)-5万元`.
        if let Some(after_sep) = self.range_separator_end(f.end)
            && let Some(m) = self.numeral_at(after_sep)
            && let Some(upper) = self.with_suffix(&m, m.value, m.start)
            && upper.kind == f.kind
            && upper.unit == f.unit
            && m.value > value
            && !self.change_reaching_a_level(start, f.end, value, m.value)
        {
            f.value_max = Some(Value::number(m.value));
            f.end = upper.end;
            f.per = upper.per;
        }
        if n.is_single_chinese_digit() && self.at(n.start) == Some('一') && f.kind == Kind::Quantity
        {
            // The indefinite 一 (`一份文件`, `一条大路`) is not a count (the formal 壹 is).
            let class = self.lex.units.longest_at(self.text, n.end).map(|(_, c)| *c);
            if class == Some(UnitClass::Count) {
                return Step::Skip(f.end);
            }
            // `一度` before a verb is "once" (`一度跌至`, `曾一度中断`), not one degree (`一度电`).
            if f.unit.as_deref() == Some("度") && self.once_not_degree(f.end) {
                return Step::Skip(f.end);
            }
        }
        let allow_more = matches!(f.kind, Kind::Duration) || self.is_measure(&f);
        Step::Figure(self.currency_before(self.qualify(f, allow_more)))
    }

    /// A currency written before the amount (`港币两千九百六十元`, `新台币177.1亿元`): it names
    /// the currency a generic `元` leaves open, and belongs to the span. A bare number after it
    /// is an amount of it (`人民币3.14`).
    fn currency_before(&self, mut f: Figure) -> Figure {
        let Some((len, code)) = self
            .lex
            .currencies_before
            .longest_ending_at(self.text, f.start)
        else {
            return f;
        };
        let explicit_cny = self.text[f.start..f.end]
            .windows(3)
            .any(|w| w == ['人', '民', '币']);
        match f.kind {
            Kind::Money if f.unit.as_deref() == Some(code.as_str()) => {}
            Kind::Money if f.unit.as_deref() == Some("CNY") && !explicit_cny => {
                f.unit = Some(code.clone());
            }
            Kind::Quantity if f.unit.is_none() => {
                f.kind = Kind::Money;
                f.unit = Some(code.clone());
            }
            _ => return f,
        }
        f.start -= len;
        // `约合港币12.5亿元`: a qualifier before the currency qualifies the amount.
        if f.approx.is_none()
            && let Some((start, approx)) = self.qualifier_before(f.start)
        {
            f.start = start;
            f.approx = Some(approx);
        }
        f
    }

    /// `人民币3.14`, `美元100`: a number with no unit after a currency name is an amount of it.
    fn bare_after_currency(&self, n: &Numeral, value: Decimal, start: usize) -> Option<Figure> {
        let qualified = self.qualifier_before(start).map_or(start, |(s, _)| s);
        [start, qualified]
            .iter()
            .find_map(|&at| self.lex.currencies_before.longest_ending_at(self.text, at))?;
        if self
            .at(n.end)
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.')
        {
            return None;
        }
        let f = Figure {
            start,
            end: n.end,
            kind: Kind::Quantity,
            value: Value::number(value),
            value_max: n.max.map(Value::number),
            unit: None,
            approx: n.approx,
            confidence: 0.8,
            per: None,
        };
        Some(self.currency_before(self.qualify(f, false)))
    }

    /// Whether the word after `一度` (at `after`) makes it the adverb "once": a word follows
    /// (not 电, which makes it a kilowatt-hour, and not a qualifier).
    fn once_not_degree(&self, after: usize) -> bool {
        self.at(after).is_some_and(|c| is_cjk(c) && c != '电')
            && self
                .lex
                .qualifiers_after
                .longest_at(self.text, after)
                .is_none()
    }

    /// A bare Arabic decimal (`指数从2.24降至0.21`) is a measurement without a unit; any other
    /// bare number is not a fact (but may still take a list's unit).
    fn bare_measurement(&self, n: Numeral, value: Decimal, start: usize) -> Step {
        let decimal = n.form == Form::Arabic && !n.value.fract().is_zero() && n.approx.is_none();
        let glued = self
            .at(n.end)
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.');
        if !decimal || glued || self.at(n.end).is_some_and(is_list_separator) {
            return Step::Bare(n);
        }
        Step::Figure(Figure {
            start,
            end: n.end,
            kind: Kind::Quantity,
            value: Value::number(value),
            value_max: None,
            unit: None,
            approx: None,
            confidence: 0.4,
            per: None,
        })
    }

    fn is_measure(&self, f: &Figure) -> bool {
        f.kind == Kind::Quantity
            && f.unit.as_deref().is_some_and(|u| {
                let chars: Vec<char> = u.chars().collect();
                self.lex
                    .units
                    .longest_at(&chars, 0)
                    .is_some_and(|(_, c)| *c == UnitClass::Measure)
            })
    }

    /// A numeral without a unit of its own, as the lower end of a range whose upper end has one:
    /// `3至5万人`, `200到300公里`, `十八至三十万日元`, `10~15k元`, `1万(含)-5万元`. After a verb of
    /// change, `增加1.4万至24.9万人` is a change reaching a level: two figures sharing the unit.
    fn range_without_unit(&self, n: Numeral, value: Decimal, start: usize) -> Step {
        let Some(after_sep) = self.range_separator_end(n.end) else {
            return Step::Bare(n);
        };
        let Some(m) = self.numeral_at(after_sep) else {
            return Step::Bare(n);
        };
        let Some(upper) = self.with_suffix(&m, m.value, m.start) else {
            return Step::Bare(n);
        };
        if matches!(upper.kind, Kind::Date | Kind::Period | Kind::Ordinal) {
            return Step::Bare(n);
        }
        // The lower end takes the magnitude written only on the upper end (`3至5万`, `十八至三十
        // 万`, `10~15k`) when it has none of its own and does not exceed the upper's head.
        let magnitude = self.trailing_magnitude(m.start, m.end);
        let mut low = value;
        if magnitude > 0 && self.magnitude_in(n.start, n.end) == 0 {
            let Some(scale) = numeral::pow10(magnitude) else {
                return Step::Skip(upper.end);
            };
            let head = numeral::exact_div(m.value, scale);
            if head.is_some_and(|h| value <= h) {
                let Some(scaled) = numeral::exact_mul(value, scale) else {
                    return Step::Skip(upper.end);
                };
                low = scaled;
            }
        }
        let Some(Value::Number(high)) = Some(upper.value.clone()) else {
            return Step::Bare(n);
        };
        if low >= high {
            return Step::Bare(n);
        }
        if self.change_reaching_a_level(start, n.end, low, high) {
            return Step::Figure(Figure {
                start,
                end: n.end,
                value: Value::number(low),
                value_max: None,
                approx: n.approx,
                confidence: upper.confidence * 0.9,
                per: None,
                ..upper
            });
        }
        let f = Figure {
            start,
            end: upper.end,
            kind: upper.kind,
            value: Value::number(low),
            value_max: Some(Value::number(high)),
            unit: upper.unit.clone(),
            approx: None,
            confidence: upper.confidence * 0.95,
            per: upper.per.clone(),
        };
        let allow_more = f.kind == Kind::Duration;
        Step::Figure(self.qualify(f, allow_more))
    }

    /// The end of a range separator at `i`: one of `至`, `到`, `~`, or one or two dashes
    /// (`2——3万`), after an optional `(含)` that says the lower end is included.
    fn range_separator_end(&self, i: usize) -> Option<usize> {
        let i = if self.starts_with(i, "(含)") {
            i + 3
        } else {
            i
        };
        let c = self.at(i)?;
        if !is_range_separator(c) {
            return None;
        }
        let is_dash = |c: char| matches!(c, '—' | '–' | '-');
        if is_dash(c) && self.at(i + 1).is_some_and(is_dash) {
            return Some(i + 2);
        }
        Some(i + 1)
    }

    /// The power of ten of the magnitude words ending `[start, end)`: `万` 4, `亿` 8, `万亿` 12,
    /// a thousands `k` 3; the small multipliers (`十`, `百`, `千`) belong to the number itself.
    fn trailing_magnitude(&self, start: usize, end: usize) -> u32 {
        if end > start && matches!(self.text[end - 1], 'k' | 'K') {
            return 3;
        }
        self.text[start..end]
            .iter()
            .rev()
            .map_while(|&c| numeral::multiplier_power(c).filter(|&p| p >= 4))
            .sum()
    }

    /// The power of the magnitude words anywhere in `[start, end)` (0 when there are none).
    fn magnitude_in(&self, start: usize, end: usize) -> u32 {
        self.text[start..end]
            .iter()
            .filter_map(|&c| match c {
                'k' | 'K' => Some(3),
                _ => numeral::multiplier_power(c).filter(|&p| p >= 4),
            })
            .sum()
    }

    /// `增加1.4万至24.9万人`: after a verb of change, `至`/`到` leads to the level reached, not
    /// to the upper end of a range, when the second figure is far (four times) above the first.
    fn change_reaching_a_level(
        &self,
        start: usize,
        low_end: usize,
        low: Decimal,
        high: Decimal,
    ) -> bool {
        let word_sep = matches!(self.at(low_end), Some('至' | '到'));
        let after_change = self
            .lex
            .change_verbs
            .longest_ending_at(self.text, start)
            .is_some();
        let far =
            low > Decimal::ZERO && low.checked_mul(Decimal::from(4)).is_some_and(|l| l <= high);
        word_sep && after_change && far
    }

    /// The figure a numeral makes with what follows it, or `None` when nothing does.
    fn with_suffix(&self, n: &Numeral, value: Decimal, start: usize) -> Option<Figure> {
        // `30多年`, `3300多公里`, `10余场`: 多/余 between a numeral and its unit.
        if n.approx.is_none()
            && self.at(n.end).is_some_and(|c| c == '多' || c == '余')
            && self.has_unit_at(n.end + 1)
        {
            let widened = Numeral {
                end: n.end + 1,
                approx: Some(Approx::MoreThan),
                ..n.clone()
            };
            return self.with_suffix(&widened, value, start);
        }
        let e = n.end;
        let base_confidence = if n.form == Form::Chinese { 0.85 } else { 0.92 };
        let figure =
            |end: usize, kind: Kind, value: Decimal, unit: Option<&str>, confidence: f32| Figure {
                start,
                end,
                kind,
                value: Value::number(value),
                value_max: n.max.map(Value::number),
                unit: unit.map(str::to_string),
                approx: n.approx,
                confidence,
                per: None,
            };
        let next = self.at(e)?;
        if next.is_ascii_alphabetic() && self.lex.units.longest_at(self.text, e).is_none() {
            return None; // `5G`, `3D`: part of a name
        }
        match next {
            '%' => {
                return Some(figure(
                    e + 1,
                    Kind::Percent,
                    value,
                    Some("%"),
                    base_confidence + 0.05,
                ));
            }
            '‰' => {
                return Some(figure(
                    e + 1,
                    Kind::Percent,
                    numeral::exact_div(value, Decimal::TEN)?,
                    Some("%"),
                    base_confidence,
                ));
            }
            _ => {}
        }
        // `四分之一公升`, `三分之一个月`: a fraction of a measure, time or currency is that much
        // of it (a quotient without an exact decimal keeps 15 significant digits).
        if self.starts_with(e, "分之")
            && let Some(num) = self.numeral_at(e + 2)
            && !n.value.is_zero()
            && num.max.is_none()
            && (self.currency_at(num.end).is_some()
                || self.lex.time_units.longest_at(self.text, num.end).is_some()
                || self
                    .lex
                    .units
                    .longest_at(self.text, num.end)
                    .is_some_and(|(_, c)| *c == UnitClass::Measure))
        {
            let q = numeral::round_significant(num.value.checked_div(value)?);
            let whole = Numeral {
                start: n.start,
                end: num.end,
                value: q,
                max: None,
                approx: num.approx,
                form: n.form,
            };
            return self.with_suffix(&whole, q, start);
        }
        // `五分之一`: a fraction, as a percentage.
        if self.starts_with(e, "分之")
            && let Some(num) = self.numeral_at(e + 2)
            && !n.value.is_zero()
        {
            let pct = num
                .value
                .checked_mul(Decimal::ONE_HUNDRED)?
                .checked_div(value)?
                .round_dp(2)
                .normalize();
            return Some(figure(num.end, Kind::Percent, pct, Some("%"), 0.8));
        }
        if let Some((len, code)) = self.currency_at(e) {
            let mut end = e + len;
            // `15亿元人民币`: a second name of the same currency belongs to the figure.
            if let Some((len2, code2)) = self.currency_at(end)
                && code2 == code
            {
                end += len2;
            }
            let mut value = value;
            if n.max.is_none() && n.approx.is_none() {
                (value, end) = self.sub_units(code, value, end);
            }
            let f = figure(end, Kind::Money, value, Some(code), base_confidence + 0.05);
            return Some(self.price_per(f));
        }
        if self.at(e) == Some('块') && self.informal_yuan(n, value, e) {
            let mut end = e + 1;
            let mut value = value;
            if n.max.is_none() && n.approx.is_none() {
                (value, end) = self.sub_units("CNY", value, end);
            }
            let f = figure(end, Kind::Money, value, Some("CNY"), base_confidence);
            return Some(self.price_per(f));
        }
        // `34美分`, `5便士`: a sub-unit of two or more chars is money on its own, converted.
        if let Some((len, code, divisor)) = self.sub_unit_at(e)
            && len >= 2
        {
            let value = numeral::exact_div(value, divisor)?;
            let mut f = figure(e + len, Kind::Money, value, Some(code), base_confidence);
            if let Some(m) = n.max {
                f.value_max = Some(Value::number(numeral::exact_div(m, divisor)?));
            }
            return Some(self.price_per(f));
        }
        // `收复18000点`, `上涨35.5点`: index levels and moves in points.
        if self.at(e) == Some('点') && self.is_index_points(n, value, e) {
            return Some(figure(
                e + 1,
                Kind::Quantity,
                value,
                Some("点"),
                base_confidence - 0.1,
            ));
        }
        // `3个多月`, `一个半小时`, `两年半`: 个 and 多/半 around a time unit.
        let mut t = e;
        let mut approx_extra = None;
        let mut half = Decimal::ZERO;
        if self.at(t) == Some('个') {
            match self.at(t + 1) {
                Some('多' | '余') if self.lex.time_units.longest_at(self.text, t + 2).is_some() =>
                {
                    approx_extra = Some(Approx::MoreThan);
                    t += 2;
                }
                Some('半') if self.lex.time_units.longest_at(self.text, t + 2).is_some() => {
                    half = Decimal::new(5, 1);
                    t += 2;
                }
                _ => {}
            }
        }
        if let Some((len, unit)) = self.lex.time_units.longest_at(self.text, t) {
            let word: String = self.text[t..t + len].iter().collect();
            let quarter = word == "季度" && n.as_integer().is_some_and(|q| (1..=4).contains(&q));
            if quarter && t == e {
                let q = n.as_integer()?;
                let (first, last) = (3 * q - 2, 3 * q);
                return Some(self.season_figure(start, e + len, None, first, last));
            }
            let mut end = t + len;
            if self.at(end) == Some('半') && half.is_zero() {
                half = Decimal::new(5, 1);
                end += 1;
            }
            let mut value = numeral::checked_add_exact(value, half)?;
            let mut unit = unit.as_str();
            // `两小时十分`, `1年3个月`, `3天5小时`: a whole number of a unit and some of the next
            // smaller one are one duration, in the smaller unit.
            if half.is_zero()
                && n.max.is_none()
                && approx_extra.is_none()
                && let Some((total, smaller, after)) = self.compound_duration(unit, value, end)
            {
                (value, unit, end) = (total, smaller, after);
            }
            // `12年前`, `两年来`: the direction word belongs to the span, not the value.
            for tail in ["以来", "来", "前"] {
                if self.starts_with(end, tail) {
                    end += tail.chars().count();
                    break;
                }
            }
            let mut f = figure(end, Kind::Duration, value, Some(unit), base_confidence);
            f.approx = f.approx.or(approx_extra);
            if n.value == Decimal::ONE && n.is_single_chinese_digit() {
                f.confidence = 0.6;
            }
            return Some(f);
        }
        if let Some((len, class)) = self.lex.units.longest_at(self.text, e) {
            let mut unit: String = self.text[e..e + len].iter().collect();
            let mut end = e + len;
            let mut value = value;
            // `三斤半`, `两公里半`: a half after a whole number of a measure.
            if *class == UnitClass::Measure
                && self.at(end) == Some('半')
                && value.fract().is_zero()
                && n.max.is_none()
                && let Some(v) = numeral::checked_add_exact(value, Decimal::new(5, 1))
            {
                value = v;
                end += 1;
            }
            if *class == UnitClass::Measure
                && let Some((after, per)) = self.per_unit(end)
            {
                unit.push_str(&per);
                end = after;
            }
            return Some(match class {
                // `基点` (basis points) is its own unit: a hundredth of a `百分点`.
                UnitClass::Point if unit.ends_with("基点") => {
                    figure(end, Kind::Quantity, value, Some("基点"), base_confidence)
                }
                UnitClass::Point => {
                    figure(end, Kind::Quantity, value, Some("百分点"), base_confidence)
                }
                UnitClass::Count | UnitClass::Measure => {
                    figure(end, Kind::Quantity, value, Some(&unit), base_confidence)
                }
            });
        }
        if let Some(f) = self.tenths(n, value, start) {
            return Some(f);
        }
        None
    }

    /// `三成` (30%), `七成六` (76%), `三成半` (35%), `9.5成`; `八折` (80%), `八五折`/`85折` (85%).
    fn tenths(&self, n: &Numeral, value: Decimal, start: usize) -> Option<Figure> {
        let e = n.end;
        let next = self.at(e)?;
        let is_cheng = next == '成' && !self.at(e + 1).is_some_and(continues_cheng_word);
        let is_zhe = next == '折'
            && !matches!(
                self.at(e + 1),
                Some('合' | '算' | '旧' | '扣' | '叠' | '射' | '线')
            );
        if (!is_cheng && !is_zhe) || n.max.is_some() || n.approx.is_some() || value <= Decimal::ZERO
        {
            return None;
        }
        let two_digit_discount =
            is_zhe && n.plain_digits() == Some(2) && value < Decimal::ONE_HUNDRED;
        if (value > Decimal::TEN || (is_zhe && value == Decimal::TEN)) && !two_digit_discount {
            return None;
        }
        let mut pct = if two_digit_discount {
            value
        } else {
            value.checked_mul(Decimal::TEN)?
        };
        let mut end = e + 1;
        // A trailing digit or 半 after 成 adds the next decimal place: 七成六, 三成半.
        if is_cheng && value < Decimal::TEN {
            if let Some(d) = self
                .at(end)
                .and_then(numeral::chinese_digit)
                .filter(|&d| d > 0)
            {
                pct += Decimal::from(d);
                end += 1;
            } else if self.at(end) == Some('半') {
                pct += Decimal::from(5);
                end += 1;
            }
        }
        let confidence = if is_cheng { 0.8 } else { 0.7 };
        Some(Figure {
            start,
            end,
            kind: Kind::Percent,
            value: Value::number(pct),
            value_max: None,
            unit: Some("%".into()),
            approx: None,
            confidence,
            per: None,
        })
    }

    /// The smaller part of a compound duration after `value` `unit` ending at `end`: the total
    /// in the smaller unit, that unit and the end. Only a whole number of the larger unit and a
    /// part below one of it (`两小时十分`, not `两小时九十分`).
    fn compound_duration(
        &self,
        unit: &str,
        value: Decimal,
        end: usize,
    ) -> Option<(Decimal, &'static str, usize)> {
        let (factor, smaller): (u32, &'static str) = match unit {
            "年" => (12, "月"),
            "天" => (24, "小时"),
            "小时" => (60, "分钟"),
            "分钟" => (60, "秒"),
            _ => return None,
        };
        if !value.fract().is_zero() {
            return None;
        }
        let part = self.numeral_at(end)?;
        if part.max.is_some() || part.approx.is_some() || part.value >= Decimal::from(factor) {
            return None;
        }
        let after = match self.lex.time_units.longest_at(self.text, part.end) {
            // `三年五月` is a date (a reign year and a month); only `个月` counts months.
            Some(_) if smaller == "月" && self.at(part.end) != Some('个') => return None,
            Some((len, u)) if u == smaller => part.end + len,
            // `十分` after hours is minutes (`两小时十分`), never "very".
            _ if smaller == "分钟" && self.at(part.end) == Some('分') => part.end + 1,
            _ => return None,
        };
        let total = value
            .checked_mul(Decimal::from(factor))?
            .checked_add(part.value)?;
        Some((total, smaller, after))
    }

    /// A price: money followed by `/` or `每` and the unit it is per (`2536美元/盎司`,
    /// `3元每斤`, `80元/人`) keeps its amount and currency and records the unit in `per`.
    fn price_per(&self, mut f: Figure) -> Figure {
        let sep = self.at(f.end);
        if !matches!(sep, Some('/' | '每')) {
            return f;
        }
        let word = f.end + 1;
        let len = self
            .lex
            .units
            .longest_at(self.text, word)
            .filter(|(_, class)| **class != UnitClass::Point)
            .map(|(len, _)| len)
            .or_else(|| {
                self.lex
                    .time_units
                    .longest_at(self.text, word)
                    .map(|(len, _)| len)
            });
        if let Some(len) = len {
            f.per = Some(self.text[word..word + len].iter().collect());
            f.end = word + len;
        }
        f
    }

    /// Whether `点` at `e` after numeral `n` is a points figure (`18000点`, `35.5点`) rather
    /// than an hour (`10点`, `3点半`) or a decimal point: decimals, or 25 and above, with no
    /// minutes or numeral after.
    fn is_index_points(&self, n: &Numeral, value: Decimal, e: usize) -> bool {
        let next = self.at(e + 1);
        let clock_or_decimal = next.is_some_and(|c| {
            numeral::is_numeral_char(c)
                || c.is_ascii_digit()
                || matches!(c, '分' | '钟' | '半' | '整' | '多')
        });
        let points = !value.fract().is_zero() || value >= Decimal::from(25);
        n.max.is_none() && !clock_or_decimal && points
    }

    /// Whether `块` at `e` after numeral `n` is the spoken yuan (`十块三毛`, `3.04块以上`,
    /// `几十万块`) rather than the classifier (`两块金牌`, `一块土地`): a sub-unit follows, the
    /// amount has decimals, or nothing but punctuation or a qualifier follows a sum of ten or more.
    fn informal_yuan(&self, n: &Numeral, value: Decimal, e: usize) -> bool {
        let next = self.at(e + 1);
        let sub_unit_follows = self
            .numeral_at(e + 1)
            .and_then(|m| self.sub_unit_at(m.end))
            .is_some_and(|(_, code, _)| code == "CNY");
        let decimal = !value.fract().is_zero();
        let ends_clause = next.is_none_or(|c| !is_cjk(c))
            || self
                .lex
                .qualifiers_after
                .longest_at(self.text, e + 1)
                .is_some();
        let large = value >= Decimal::TEN || n.max.is_some() || n.approx.is_some();
        // `切成10块`, `分为12块`: pieces that something is divided into.
        let divided_into = matches!(self.at(n.start.wrapping_sub(1)), Some('成' | '为'));
        sub_unit_follows || decimal || (ends_clause && large && !divided_into)
    }

    /// A currency name at `i`: its length and ISO code. Sub-units (`美分`, `角`) are not
    /// currencies on their own; see [`Grammar::sub_units`].
    fn currency_at(&self, i: usize) -> Option<(usize, &'a str)> {
        self.lex
            .currencies
            .longest_at(self.text, i)
            .filter(|(_, code)| !code.contains('/'))
            .map(|(len, code)| (len, code.as_str()))
    }

    /// A sub-unit of a currency at `i` (`美分` is `USD/100`): its length, code and divisor. Not
    /// when a longer unit or time word starts there (`分钟`).
    fn sub_unit_at(&self, i: usize) -> Option<(usize, &'a str, Decimal)> {
        let (len, entry) = self.lex.currencies.longest_at(self.text, i)?;
        let (code, divisor) = entry.split_once('/')?;
        let divisor: Decimal = divisor.parse().ok()?;
        let longer = |l: Option<usize>| l.is_some_and(|l| l > len);
        if longer(self.lex.time_units.longest_at(self.text, i).map(|(l, _)| l))
            || longer(self.lex.units.longest_at(self.text, i).map(|(l, _)| l))
        {
            return None;
        }
        Some((len, code, divisor))
    }

    /// `5元3角2分`, `两美元又三美分`, `五元三毛`: smaller units of the same currency after an
    /// amount add to it, each smaller than the last. Returns the value and the end.
    fn sub_units(&self, code: &str, mut value: Decimal, mut end: usize) -> (Decimal, usize) {
        let mut smallest = Decimal::ONE;
        loop {
            let at = if self.at(end) == Some('又') || self.at(end) == Some('零') {
                end + 1
            } else {
                end
            };
            let Some(n) = self.numeral_at(at) else { break };
            if n.max.is_some() || n.approx.is_some() || n.value.is_zero() {
                break;
            }
            let Some((len, sub, divisor)) = self.sub_unit_at(n.end) else {
                break;
            };
            let Some(part) = numeral::exact_div(n.value, divisor) else {
                break;
            };
            if sub != code
                || divisor <= smallest
                || n.value >= divisor
                || !n.value.fract().is_zero()
            {
                break;
            }
            let Some(sum) = numeral::checked_add_exact(value, part) else {
                break;
            };
            value = sum;
            smallest = divisor;
            end = n.end + len;
            // `三毛钱`, `五分钱`
            if self.at(end) == Some('钱') {
                end += 1;
            }
        }
        (value, end)
    }

    fn has_unit_at(&self, i: usize) -> bool {
        self.currency_at(i).is_some()
            || self.lex.time_units.longest_at(self.text, i).is_some()
            || self.lex.units.longest_at(self.text, i).is_some()
    }

    /// `公斤/秒`, `千米每小时`: a measure per time or per measure unit, as one compound unit.
    fn per_unit(&self, at: usize) -> Option<(usize, String)> {
        let (sep_len, sep) = if self.at(at) == Some('/') {
            (1, "/")
        } else if self.at(at) == Some('每') {
            (1, "每")
        } else {
            return None;
        };
        let word = at + sep_len;
        let len = self
            .lex
            .time_units
            .longest_at(self.text, word)
            .map(|(len, _)| len)
            .or_else(|| {
                self.lex
                    .units
                    .longest_at(self.text, word)
                    .filter(|(_, c)| **c == UnitClass::Measure)
                    .map(|(len, _)| len)
            })?;
        let unit: String = self.text[word..word + len].iter().collect();
        Some((word + len, format!("{sep}{unit}")))
    }

    fn ordinal(&self, i: usize) -> Option<Figure> {
        let n = self.numeral_at(i + 1)?;
        let value = n.as_integer()?;
        let e = n.end;
        // `第一季度`: a quarter, not an ordinal.
        if self.starts_with(e, "季度") && (1..=4).contains(&value) {
            return Some(self.season_figure(i, e + 2, None, 3 * value - 2, 3 * value));
        }
        let unit_len = self
            .lex
            .units
            .longest_at(self.text, e)
            .filter(|(_, c)| **c == UnitClass::Count)
            .map(|(len, _)| len)
            .or_else(|| {
                self.lex
                    .time_units
                    .longest_at(self.text, e)
                    .map(|(len, _)| len)
            })
            .unwrap_or(0);
        let unit: String = self.text[e..e + unit_len].iter().collect();
        Some(Figure {
            start: i,
            end: e + unit_len,
            kind: Kind::Ordinal,
            value: Value::number(value.into()),
            value_max: None,
            unit: (!unit.is_empty()).then_some(unit),
            approx: None,
            confidence: if unit_len > 0 { 0.9 } else { 0.75 },
            per: None,
        })
    }

    /// A denominator written with multipliers only (`百`, `千`, `百万`) before `分之`: its value
    /// and the position after `分之`.
    fn fraction_denominator(&self, i: usize) -> Option<(Decimal, usize)> {
        let mut j = i;
        let mut power: u32 = 0;
        while let Some(p) = self.at(j).and_then(numeral::multiplier_power) {
            power = power.saturating_add(p);
            j += 1;
        }
        if j == i || !self.starts_with(j, "分之") {
            return None;
        }
        Some((numeral::pow10(power)?, j + 2))
    }

    /// `打对折`, `半折` (50%), `半成` (5%).
    fn half_discount(&self, i: usize) -> Option<Figure> {
        let zhe = self.at(i + 1) == Some('折');
        if self.text[i] == '对' && (!zhe || self.at(i.wrapping_sub(1)) != Some('打')) {
            return None;
        }
        let pct = if zhe { 50 } else { 5 };
        Some(Figure {
            start: i,
            end: i + 2,
            kind: Kind::Percent,
            value: Value::number(Decimal::from(pct)),
            value_max: None,
            unit: Some("%".into()),
            approx: None,
            confidence: 0.7,
            per: None,
        })
    }

    /// `百分之三十五`, `千分之五`, `万分之三`, `百万分之五`.
    fn per_hundred(&self, i: usize) -> Option<Figure> {
        let (denominator, after) = self.fraction_denominator(i)?;
        let divisor = numeral::exact_div(denominator, Decimal::ONE_HUNDRED)?;
        // `百分之百`: a multiplier alone after 分之 is one of it.
        let n = self.numeral_at(after).or_else(|| {
            let p = self.at(after).and_then(numeral::multiplier_power)?;
            if self.at(after + 1).is_some_and(numeral::is_numeral_char) {
                return None;
            }
            Some(Numeral {
                start: after,
                end: after + 1,
                value: numeral::pow10(p)?,
                max: None,
                approx: None,
                form: Form::Chinese,
            })
        })?;
        let value = numeral::exact_div(n.value, divisor)?;
        let mut end = n.end;
        let mut max = match n.max {
            Some(m) => Some(numeral::exact_div(m, divisor)?),
            None => None,
        };
        // `百分之三十至百分之四十`, `百分之三十至四十`.
        if let Some(sep) = self.at(end)
            && is_range_separator(sep)
        {
            let mut j = end + 1;
            if self.starts_with(j, "百分之") {
                j += 3;
            }
            if let Some(m) = self.numeral_at(j)
                && let Some(high) = numeral::exact_div(m.value, divisor)
                && high > value
            {
                max = Some(high);
                end = m.end;
            }
        }
        let f = Figure {
            start: i,
            end,
            kind: Kind::Percent,
            value: Value::number(value),
            value_max: max.map(Value::number),
            unit: Some("%".into()),
            approx: n.approx,
            confidence: 0.9,
            per: None,
        };
        Some(self.qualify(f, false))
    }

    /// `$100`, `￥3.5万`, `€20亿`.
    fn prefixed_money(&self, i: usize) -> Option<Figure> {
        let code = match self.text[i] {
            '$' => "USD",
            '¥' | '￥' => "CNY",
            '€' => "EUR",
            _ => "GBP",
        };
        let n = self.numeral_at(i + 1)?;
        let mut end = n.end;
        // `$100美元` repeats the currency; keep it in the span.
        if let Some((len, c)) = self.currency_at(end)
            && c == code
        {
            end += len;
        }
        let f = Figure {
            start: i,
            end,
            kind: Kind::Money,
            value: Value::number(n.value),
            value_max: n.max.map(Value::number),
            unit: Some(code.into()),
            approx: n.approx,
            confidence: 0.9,
            per: None,
        };
        Some(self.qualify(f, false))
    }

    /// `半年`, `半个月`: half a time unit, unless part of `上半年`, `多半`.
    fn half_duration(&self, i: usize) -> Option<Figure> {
        if self.text[i] != '半'
            || self.at(i.wrapping_sub(1)).is_some_and(|p| {
                matches!(
                    p,
                    '上' | '下' | '前' | '后' | '多' | '大' | '一' | '过' | '减' | '近'
                )
            })
        {
            return None;
        }
        let t = if self.at(i + 1) == Some('个') {
            i + 2
        } else {
            i + 1
        };
        let Some((len, unit)) = self.lex.time_units.longest_at(self.text, t) else {
            // `半公升`, `半吨`: half a unit of measurement (not half a count: `半个苹果`).
            let (len, class) = self.lex.units.longest_at(self.text, i + 1)?;
            if *class != UnitClass::Measure {
                return None;
            }
            let f = Figure {
                start: i,
                end: i + 1 + len,
                kind: Kind::Quantity,
                value: Value::number(Decimal::new(5, 1)),
                value_max: None,
                unit: Some(self.text[i + 1..i + 1 + len].iter().collect()),
                approx: None,
                confidence: 0.6,
                per: None,
            };
            return Some(self.qualify(f, false));
        };
        let f = Figure {
            start: i,
            end: t + len,
            kind: Kind::Duration,
            value: Value::number(Decimal::new(5, 1)),
            value_max: None,
            unit: Some(unit.clone()),
            approx: None,
            confidence: 0.6,
            per: None,
        };
        Some(self.qualify(f, false))
    }

    fn season_figure(
        &self,
        start: usize,
        end: usize,
        year: Option<u32>,
        first: u32,
        last: u32,
    ) -> Figure {
        let point = |month| {
            DatePoint {
                year,
                month: Some(month),
                day: None,
            }
            .iso()
        };
        Figure {
            start,
            end,
            kind: Kind::Period,
            value: Value::Text(point(first)),
            value_max: Some(Value::Text(point(last))),
            unit: None,
            approx: None,
            confidence: 0.85,
            per: None,
        }
    }

    /// Quarters, half-years and leading months: `一季度`, `前三季度`, `上半年`, `前5个月`.
    fn season_months(&self, i: usize) -> Option<Season> {
        if self.starts_with(i, "上半年") {
            return Some(Season {
                first_month: 1,
                last_month: 6,
                end: i + 3,
            });
        }
        if self.starts_with(i, "下半年") {
            return Some(Season {
                first_month: 7,
                last_month: 12,
                end: i + 3,
            });
        }
        let leading = self.at(i) == Some('前');
        let ordinal = self.at(i) == Some('第');
        let at = if leading || ordinal { i + 1 } else { i };
        let n = self.numeral_at(at)?;
        let count = n.as_integer()?;
        if self.starts_with(n.end, "季度") && (1..=4).contains(&count) {
            let first = if leading { 1 } else { 3 * count - 2 };
            return Some(Season {
                first_month: first,
                last_month: 3 * count,
                end: n.end + 2,
            });
        }
        if leading && self.starts_with(n.end, "个月") && (1..=12).contains(&count) {
            return Some(Season {
                first_month: 1,
                last_month: count,
                end: n.end + 2,
            });
        }
        None
    }

    fn season(&self, i: usize, year: Option<u32>) -> Option<(Figure, usize)> {
        let s = self.season_months(i)?;
        Some((
            self.season_figure(i, s.end, year, s.first_month, s.last_month),
            s.end,
        ))
    }

    fn is_year(n: &Numeral) -> bool {
        n.plain_digits() == Some(4) && n.as_integer().is_some_and(|y| (1500..=2199).contains(&y))
    }

    /// One date: `2025年6月16日`, `2025年6月`, `2013年`, `6月18日`, `18日`, `2025-06-16`.
    fn date_point(&self, i: usize) -> Option<(DatePoint, usize)> {
        let n = self.numeral_at(i)?;
        let v = n.as_integer()?;
        let e = n.end;
        let sep = self.at(e)?;
        if sep == '年' && Self::is_year(&n) {
            let mut point = DatePoint {
                year: Some(v),
                month: None,
                day: None,
            };
            let mut end = e + 1;
            if let Some((month, day, after)) = self.month_day(end) {
                point.month = Some(month);
                point.day = day;
                end = after;
            }
            return Some((point, end));
        }
        if matches!(sep, '-' | '/' | '.') && Self::is_year(&n) {
            let m = self
                .numeral_at(e + 1)
                .filter(|m| matches!(m.plain_digits(), Some(1 | 2)))?;
            let month = m.as_integer().filter(|m| (1..=12).contains(m))?;
            if self.at(m.end) != Some(sep) {
                return None;
            }
            let d = self
                .numeral_at(m.end + 1)
                .filter(|d| matches!(d.plain_digits(), Some(1 | 2)))?;
            let day = d.as_integer().filter(|d| (1..=31).contains(d))?;
            if self.at(d.end).is_some_and(|c| c.is_ascii_digit()) {
                return None;
            }
            return Some((
                DatePoint {
                    year: Some(v),
                    month: Some(month),
                    day: Some(day),
                },
                d.end,
            ));
        }
        if let Some((month, day, after)) = self.month_day(i) {
            return Some((
                DatePoint {
                    year: None,
                    month: Some(month),
                    day,
                },
                after,
            ));
        }
        if sep == '日'
            && (1..=31).contains(&v)
            && n.approx.is_none()
            && self.currency_at(e).is_none()
            && self
                .lex
                .span_words
                .longest_ending_at(self.text, i)
                .is_none()
        {
            return Some((
                DatePoint {
                    year: None,
                    month: None,
                    day: Some(v),
                },
                e + 1,
            ));
        }
        None
    }

    /// `6月`, `6月18日`, `六月十八号` starting at `i`: month, day and the position after.
    fn month_day(&self, i: usize) -> Option<(u32, Option<u32>, usize)> {
        let m = self.numeral_at(i)?;
        let month = m.as_integer().filter(|m| (1..=12).contains(m))?;
        if self.at(m.end) != Some('月') {
            return None;
        }
        let after_month = m.end + 1;
        if let Some(d) = self.numeral_at(after_month)
            && let Some(day) = d.as_integer().filter(|d| (1..=31).contains(d))
        {
            if matches!(self.at(d.end), Some('日' | '号')) {
                return Some((month, Some(day), d.end + 1));
            }
            // `8月1-18日`: the first day of a span of days, the unit written on the last.
            if self.at(d.end).is_some_and(is_range_separator)
                && let Some(last) = self.numeral_at(d.end + 1)
                && last.as_integer().is_some_and(|l| l > day && l <= 31)
                && matches!(self.at(last.end), Some('日' | '号'))
            {
                return Some((month, Some(day), d.end));
            }
        }
        Some((month, None, after_month))
    }

    /// A date or a period starting at `i`, with the season forms after a year.
    fn date_expression(&self, i: usize) -> Option<Figure> {
        let date = |start, end, value: String, max: Option<String>, confidence| Figure {
            start,
            end,
            kind: if max.is_some() {
                Kind::Period
            } else {
                Kind::Date
            },
            value: Value::Text(value),
            value_max: max.map(Value::Text),
            unit: None,
            approx: None,
            confidence,
            per: None,
        };
        let Some((first, end)) = self.date_point(i) else {
            // `2025至2026年`, `1至5月`, `16至18日`: the unit is written only on the end point.
            let n = self.numeral_at(i)?;
            let low = n.as_integer()?;
            let sep = self.at(n.end)?;
            if !is_range_separator(sep) {
                return None;
            }
            let (second, end) = self.date_point(n.end + 1)?;
            let first = match (second.year, second.month, second.day) {
                (Some(_), _, _) if Self::is_year(&n) => DatePoint {
                    year: Some(low),
                    month: None,
                    day: None,
                },
                (None, Some(_), _) if (1..=12).contains(&low) => DatePoint {
                    year: None,
                    month: Some(low),
                    day: None,
                },
                (None, None, Some(_)) if (1..=31).contains(&low) => DatePoint {
                    year: None,
                    month: None,
                    day: Some(low),
                },
                _ => return None,
            };
            let second = match (second.year, second.month) {
                (Some(y), Some(_)) if first.year.is_some() => DatePoint {
                    year: Some(y),
                    month: None,
                    day: None,
                },
                _ => second,
            };
            return Some(date(i, end, first.iso(), Some(second.iso()), 0.85));
        };
        // A year, then a season: `2019年前三季度`, `2025年上半年`.
        if first.month.is_none()
            && let Some((f, _)) = self.season(end, first.year)
        {
            return Some(Figure { start: i, ..f });
        }
        if let Some(sep) = self.at(end)
            && is_range_separator(sep)
            && let Some((second, end2)) = self.date_point(end + 1)
        {
            let second = second.inherit(&first);
            let same_depth = second.day.is_some() == first.day.is_some() || second.day.is_some();
            if same_depth {
                return Some(date(i, end2, first.iso(), Some(second.iso()), 0.9));
            }
        }
        let confidence = match (first.year, first.month, first.day) {
            (None, None, Some(_)) => 0.6,
            (None, Some(_), None) => 0.7,
            _ => 0.95,
        };
        Some(date(i, end, first.iso(), None, confidence))
    }
}

/// Whether [`Grammar::step`] reads anything at `c`: at every other char it only moves on. The
/// list is the chars its arms match (ASCII for URLs and file names, `第`, multipliers, `对`/`半`,
/// currency signs, season and vague-amount words, signs) and the numeral chars.
#[inline]
fn starts_a_step(c: char) -> bool {
    let n = c as usize;
    n < 0x10000 && STEP_CHARS[n / 64] & (1 << (n % 64)) != 0
}

const fn starts_a_step_by_rule(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || numeral::numeral_char_by_rule(c)
        || matches!(
            c,
            '第' | '百'
                | '千'
                | '万'
                | '亿'
                | '仟'
                | '佰'
                | '对'
                | '半'
                | '$'
                | '¥'
                | '￥'
                | '€'
                | '£'
                | '上'
                | '下'
                | '前'
                | '数'
                | '几'
                | '-'
                | '负'
        )
}

/// [`starts_a_step_by_rule`] for every char of the Basic Multilingual Plane, one bit each.
static STEP_CHARS: [u64; 1024] = {
    let mut bits = [0u64; 1024];
    let mut n = 0;
    while n < 0x10000 {
        if let Some(c) = char::from_u32(n as u32)
            && starts_a_step_by_rule(c)
        {
            bits[n / 64] |= 1 << (n % 64);
        }
        n += 1;
    }
    bits
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Every figure of `s` as (kind, value, unit, span).
    fn figures(s: &str) -> Vec<(Kind, String, Option<String>, usize, usize)> {
        let lex = Lexicon::bundled();
        let text: Vec<char> = s.chars().collect();
        Grammar::new(&text, &lex)
            .figures(&[])
            .into_iter()
            .map(|f| (f.kind, f.value.to_string(), f.unit, f.start, f.end))
            .collect()
    }

    fn money(
        value: &str,
        code: &str,
        start: usize,
        end: usize,
    ) -> (Kind, String, Option<String>, usize, usize) {
        (Kind::Money, value.into(), Some(code.into()), start, end)
    }

    #[test]
    fn sub_units_add_to_an_amount() {
        assert_eq!(figures("50元6角三分"), vec![money("50.63", "CNY", 0, 7)]);
        assert_eq!(figures("两美元又三美分"), vec![money("2.03", "USD", 0, 7)]);
        assert_eq!(figures("五元三毛钱"), vec![money("5.3", "CNY", 0, 5)]);
        assert_eq!(figures("10日元5日本銭"), vec![money("10.05", "JPY", 0, 8)]);
    }

    #[test]
    fn sub_units_are_never_alone_nor_other_words() {
        // 分钟 is a time unit, not cents; a sub-unit must be smaller than the one before.
        let f = figures("5元3分钟");
        assert_eq!(f[0], money("5", "CNY", 0, 2));
        assert_eq!(f[1].0, Kind::Duration);
        assert_eq!(figures("5元12角")[0], money("5", "CNY", 0, 2));
        assert!(figures("三角").iter().all(|f| f.0 != Kind::Money));
        assert!(figures("得了3分").iter().all(|f| f.0 != Kind::Money));
    }

    #[test]
    fn trillions_and_rates() {
        assert_eq!(
            figures("四十九兆九千五百九十二亿元"),
            vec![money("49959200000000", "CNY", 0, 13)]
        );
        assert_eq!(
            figures("百分之百"),
            vec![(Kind::Percent, "100".into(), Some("%".into()), 0, 4)]
        );
        // 百 after 七十 does not multiply it: the rate ends at 七十.
        assert_eq!(
            figures("百分之七十百分位")[0],
            (Kind::Percent, "70".into(), Some("%".into()), 0, 5)
        );
        assert_eq!(
            figures("12k个百分点"),
            vec![(Kind::Quantity, "12000".into(), Some("百分点".into()), 0, 7)]
        );
    }

    #[test]
    fn dotted_dates_and_web_addresses() {
        assert_eq!(
            figures("2025.06.16"),
            vec![(Kind::Date, "2025-06-16".into(), None, 0, 10)]
        );
        assert!(figures("见https://a.com/q?x=30%25%2020%").is_empty());
        assert!(url_end(&"www.a.cn，".chars().collect::<Vec<_>>(), 0) == Some(8));
    }
}
