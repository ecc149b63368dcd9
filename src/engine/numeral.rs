//! Numerals: Arabic (`1,234.5`), Chinese (`一亿两千万`, `两千多`, `十余`), mixed (`3.65亿`,
//! `80多万`, `1229.1万余`), positional (`二〇二五`) and adjacent-digit ranges (`两三`, `三四百`).
//!
//! Values are exact decimals: no float ever enters the parsing path, so `16.4亿` is 1640000000.

use rust_decimal::Decimal;

use crate::fact::Approx;

/// A numeral found in the cleaned view, `[start, end)` in cleaned chars.
#[derive(Debug, Clone, PartialEq)]
pub struct Numeral {
    pub start: usize,
    pub end: usize,
    pub value: Decimal,
    /// Upper end for an adjacent-digit range (`两三个` is 2–3).
    pub max: Option<Decimal>,
    /// `多`/`余` inside the numeral (`两千多`, `80多万`) make it a lower bound.
    pub approx: Option<Approx>,
    pub form: Form,
}

/// Where the run of numeral chars starting at `text[at]` ends: digits, multipliers, and the
/// `.`/`,`/`点`/`多`/`余` between them. A numeral that cannot be read (one too large to hold
/// exactly) is skipped whole, so no part of it is read as a smaller number.
pub fn run_end(text: &[char], at: usize) -> usize {
    let numeral_at = |i: usize| text.get(i).copied().is_some_and(is_numeral_char);
    let mut i = at;
    while let Some(&c) = text.get(i) {
        let joins = match c {
            '.' | ',' | '，' => {
                i > at
                    && text[i - 1].is_ascii_digit()
                    && text.get(i + 1).is_some_and(char::is_ascii_digit)
            }
            '点' | '多' | '余' => i > at && numeral_at(i - 1) && numeral_at(i + 1),
            _ => is_numeral_char(c),
        };
        if !joins {
            break;
        }
        i += 1;
    }
    i.max(at + 1)
}

/// How a numeral was written; dates care whether it is a plain integer and how many digits it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Arabic digits only, no separator, decimal point or multiplier: `2025`, `06`.
    PlainDigits { digits: usize },
    /// Chinese digits read one by one: `二〇二五`.
    PositionalChinese { digits: usize },
    /// Any other Arabic or mixed numeral: `1,234`, `3.65亿`.
    Arabic,
    /// A Chinese numeral with multipliers or a single Chinese digit: `十八`, `两千多`, `三`.
    Chinese,
}

impl Numeral {
    /// A plain integer written with `digits` digits, Arabic or Chinese positional.
    pub fn plain_digits(&self) -> Option<usize> {
        match self.form {
            Form::PlainDigits { digits } | Form::PositionalChinese { digits } => Some(digits),
            _ => None,
        }
    }

    /// The value as a small integer when it is one (for months, days, years).
    pub fn as_integer(&self) -> Option<u32> {
        if self.max.is_some() || self.approx.is_some() {
            return None;
        }
        // Most are written without a fraction: no division, and no `fract` (which costs more
        // than the rest of this together, and is zero at scale 0).
        if self.value.scale() == 0 {
            return u32::try_from(self.value.mantissa()).ok();
        }
        if !self.value.fract().is_zero() {
            return None;
        }
        let unit = 10i128.checked_pow(self.value.scale())?;
        u32::try_from(self.value.mantissa() / unit).ok()
    }

    /// A single Chinese digit, as in `三成` or the indefinite `一`.
    pub fn is_single_chinese_digit(&self) -> bool {
        self.form == Form::Chinese && self.end - self.start == 1
    }
}

pub const fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' | '幺' => 1,
        '二' | '贰' | '两' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// Multipliers inside a numeral: the power of ten each stands for.
pub const fn multiplier_power(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 1,
        '百' | '佰' => 2,
        '千' | '仟' => 3,
        '万' => 4,
        '亿' => 8,
        '兆' => 12,
        _ => return None,
    })
}

#[inline]
pub fn is_numeral_char(c: char) -> bool {
    let n = c as usize;
    if n < 0x10000 {
        NUMERAL_CHARS[n / 64] & (1 << (n % 64)) != 0
    } else {
        false
    }
}

pub(crate) const fn numeral_char_by_rule(c: char) -> bool {
    c.is_ascii_digit()
        || chinese_digit(c).is_some()
        || multiplier_power(c).is_some()
        || matches!(c, '廿' | '卅' | '卌')
}

/// One bit per char of the Basic Multilingual Plane (where every numeral char is): whether it
/// is a numeral char. The grammar and the frame ask at nearly every char of a text, and a bit
/// costs less than the chain of comparisons the rule compiles to.
static NUMERAL_CHARS: [u64; 1024] = {
    let mut bits = [0u64; 1024];
    let mut n = 0;
    while n < 0x10000 {
        if let Some(c) = char::from_u32(n as u32)
            && numeral_char_by_rule(c)
        {
            bits[n / 64] |= 1 << (n % 64);
        }
        n += 1;
    }
    bits
};

/// `廿` (20), `卅` (30), `卌` (40): one char for a tens digit and 十.
fn tens_digit(c: char) -> Option<char> {
    match c {
        '廿' => Some('二'),
        '卅' => Some('三'),
        '卌' => Some('四'),
        _ => None,
    }
}

/// 10^p, or `None` when a decimal cannot hold it (p > 28).
pub fn pow10(p: u32) -> Option<Decimal> {
    Decimal::try_from_i128_with_scale(10i128.checked_pow(p)?, 0).ok()
}

/// The decimal written as `digits` (ASCII digits with at most one `.`), only when it is held
/// exactly: `Decimal`'s parser rounds digits beyond its 28–29 and a wrong number is worse than none.
pub fn parse_exact(digits: &str) -> Option<Decimal> {
    let value: Decimal = digits.parse().ok()?;
    // Up to 28 digits a decimal holds the number exactly, scale included (its mantissa holds
    // any 28 digits), so only longer ones are checked digit by digit.
    if digits.len() <= 28 && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Some(value);
    }
    let fraction_len = digits.split_once('.').map_or(0, |(_, f)| f.len());
    let written: String = digits.chars().filter(|&c| c != '.').collect();
    let written = written.trim_start_matches('0');
    let held = value.mantissa().unsigned_abs().to_string();
    let held = if value.is_zero() { "" } else { held.as_str() };
    (value.scale() as usize == fraction_len && held == written).then_some(value)
}

/// `a + b` only when the sum is exact (a decimal rounds a sum whose digits it cannot hold).
pub fn checked_add_exact(a: Decimal, b: Decimal) -> Option<Decimal> {
    let sum = a.checked_add(b)?;
    (sum.checked_sub(a)? == b).then_some(sum)
}

/// `a × b` only when the product is exact (`b` a power of ten, as for multipliers).
pub fn exact_mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    let product = a.checked_mul(b)?;
    (product.checked_div(b)? == a).then_some(product)
}

/// `a / b` only when the quotient is exact (`b` a power of ten, or any divisor that leaves no
/// remainder within a decimal's precision).
pub fn exact_div(a: Decimal, b: Decimal) -> Option<Decimal> {
    let q = a.checked_div(b)?;
    (q.checked_mul(b)? == a).then_some(q)
}

/// Scans the numeral starting at `text[at]`, if one does.
///
/// `stops_multiplier(i)` says whether a multiplier char at `i` actually begins a unit word
/// (`千瓦`, `千米`): then it ends the numeral instead of scaling it.
pub fn scan(text: &[char], at: usize, stops_multiplier: &dyn Fn(usize) -> bool) -> Option<Numeral> {
    let c = *text.get(at)?;
    let n = if c.is_ascii_digit() {
        scan_arabic(text, at, stops_multiplier)?
    } else if is_numeral_char(c) {
        scan_chinese(text, at, stops_multiplier)?
    } else {
        return None;
    };
    Some(counted_magnitude(text, n))
}

/// `两个亿`, `3个亿`: spoken Chinese counts 亿 with the classifier 个; the numeral is then that
/// many 亿. Only after a numeral without a magnitude of its own. (`3个万亩园区` is three parks:
/// 万 is not counted so.)
fn counted_magnitude(text: &[char], n: Numeral) -> Numeral {
    // `亿万` (亿万富翁) is a word of its own, not 亿.
    let magnitude =
        (text.get(n.end + 1) == Some(&'亿') && text.get(n.end + 2) != Some(&'万')).then_some(8);
    let has_magnitude = text[n.start..n.end]
        .iter()
        .any(|&c| multiplier_power(c).is_some_and(|p| p >= 4));
    let (Some(p), Some('个'), false) = (magnitude, text.get(n.end), has_magnitude) else {
        return n;
    };
    let Some(scale) = pow10(p) else { return n };
    let (Some(value), max) = (
        exact_mul(n.value, scale),
        n.max.map(|m| exact_mul(m, scale)),
    ) else {
        return n;
    };
    if max.is_some_and(|m| m.is_none()) {
        return n;
    }
    Numeral {
        end: n.end + 2,
        value,
        max: max.flatten(),
        form: match n.form {
            Form::PlainDigits { .. } => Form::Arabic,
            Form::PositionalChinese { .. } => Form::Chinese,
            form => form,
        },
        ..n
    }
}

fn is_more_than_infix(c: char) -> bool {
    c == '多' || c == '余'
}

/// A `k`/`K` (thousand) right after an Arabic number (`40k`, `12k个`; a small `k` also after
/// one space, `52.5 k`), and not the start of a Latin word (`5kg`, `3km`): the position of the
/// letter. A capital `K` before a Chinese word is a grade, not thousands (`4K电视`, `18K金`).
fn thousand_suffix(text: &[char], i: usize) -> Option<usize> {
    let k = if text.get(i) == Some(&' ') && text.get(i + 1) == Some(&'k') {
        i + 1
    } else {
        i
    };
    let after = text.get(k + 1).copied();
    let thousand = match text.get(k) {
        Some('k') => true,
        Some('K') => after.is_none_or(|c| c <= '\u{2E7F}'),
        _ => false,
    };
    (thousand && !after.is_some_and(|c| c.is_ascii_alphanumeric())).then_some(k)
}

fn scan_arabic(
    text: &[char],
    at: usize,
    stops_multiplier: &dyn Fn(usize) -> bool,
) -> Option<Numeral> {
    let digit = |i: usize| text.get(i).is_some_and(|c| c.is_ascii_digit());
    let mut i = at;
    let mut number = String::new();
    while digit(i) {
        number.push(text[i]);
        i += 1;
    }
    let mut plain = true;
    // Thousands separators: 1,234 or 1，234 — groups of exactly three digits.
    if number.len() <= 3 {
        while matches!(text.get(i), Some(',' | '，'))
            && digit(i + 1)
            && digit(i + 2)
            && digit(i + 3)
            && !digit(i + 4)
        {
            number.extend(&text[i + 1..i + 4]);
            i += 4;
            plain = false;
        }
    }
    // A dotted sequence (`2025.06.16`, `1.2.3`) is integers joined by dots, not a decimal.
    let dotted_before = at >= 2 && text[at - 1] == '.' && digit(at - 2);
    if text.get(i) == Some(&'.') && digit(i + 1) && !dotted_before {
        let mut j = i + 1;
        while digit(j) {
            j += 1;
        }
        if !(text.get(j) == Some(&'.') && digit(j + 1)) {
            number.push('.');
            number.extend(&text[i + 1..j]);
            i = j;
            plain = false;
        }
    }
    let digits = number.len();
    let mut value = parse_exact(&number)?;
    if let Some(k) = thousand_suffix(text, i) {
        return Some(Numeral {
            start: at,
            end: k + 1,
            value: exact_mul(value, Decimal::ONE_THOUSAND)?,
            max: None,
            approx: None,
            form: Form::Arabic,
        });
    }
    let mut approx = None;
    // `80多万`, `30余亿`: the infix only counts when a multiplier follows.
    if text.get(i).copied().is_some_and(is_more_than_infix)
        && text
            .get(i + 1)
            .copied()
            .and_then(multiplier_power)
            .is_some()
        && !stops_multiplier(i + 1)
    {
        approx = Some(Approx::MoreThan);
        i += 1;
    }
    let multiplier_at = |j: usize| {
        text.get(j)
            .copied()
            .and_then(multiplier_power)
            .filter(|_| !stops_multiplier(j))
    };
    // Allocated only for a numeral with multipliers.
    let mut tokens: Vec<Token> = Vec::new();
    let mut scaled = false;
    while let Some(p) = multiplier_at(i) {
        if tokens.is_empty() {
            tokens.push(Token::Number(value, false));
        }
        tokens.push(Token::Multiplier(p));
        scaled = true;
        i += 1;
    }
    // Further sections after a multiplier: `5万4千6百`, `1千零1`, `2千零30万`, `3万4000`.
    let mut last_power = tokens.iter().rev().find_map(|t| match t {
        Token::Multiplier(p) => Some(*p),
        _ => None,
    });
    while let Some(limit) = last_power
        && approx.is_none()
    {
        let zero = text.get(i) == Some(&'零') && digit(i + 1);
        let mut j = if zero { i + 1 } else { i };
        if !digit(j) {
            break;
        }
        let from = j;
        while digit(j) {
            j += 1;
        }
        let section = parse_exact(&text[from..j].iter().collect::<String>())?;
        let mut section_tokens = vec![Token::Number(section, false)];
        if zero {
            section_tokens.insert(0, Token::Zero);
        }
        match multiplier_at(j) {
            Some(p) if p < limit || p >= 4 => {
                section_tokens.push(Token::Multiplier(p));
                tokens.extend(section_tokens);
                i = j + 1;
                last_power = Some(p);
            }
            Some(_) => break,
            None => {
                // A last section of plain units, below the last multiplier: written with as
                // many digits as that multiplier has zeros, or after 零; a year is not one.
                let fits = section < pow10(limit)? && (zero || j - from == limit as usize);
                if fits && !matches!(text.get(j), Some('年' | '.' | '%')) && !digit(j) {
                    tokens.extend(section_tokens);
                    i = j;
                }
                break;
            }
        }
    }
    if scaled {
        value = evaluate(tokens)?;
    }
    if scaled && approx.is_none() && text.get(i).copied().is_some_and(is_more_than_infix) {
        // `1229.1万余`: only when the next char is not a numeral (then it is a new number).
        approx = Some(Approx::MoreThan);
        i += 1;
    }
    let form = if plain && !scaled && approx.is_none() {
        Form::PlainDigits { digits }
    } else {
        Form::Arabic
    };
    Some(Numeral {
        start: at,
        end: i,
        value,
        max: None,
        approx,
        form,
    })
}

/// Financial digits that, standing alone, are words rather than numerals: 陆 (大陆, 陆续),
/// 伍 (队伍, 入伍), 肆 (放肆, 肆意).
fn is_word_digit(c: char) -> bool {
    matches!(c, '陆' | '伍' | '肆')
}

fn scan_chinese(
    text: &[char],
    at: usize,
    stops_multiplier: &dyn Fn(usize) -> bool,
) -> Option<Numeral> {
    let mut i = at;
    let mut body: Vec<char> = Vec::new();
    let mut approx = None;
    // The smallest multiplier below 万 since the last 万/亿/兆: within a group they only fall
    // (`三百五十`), so `五十千` and `七十百` end before the second one.
    let mut last_small: Option<u32> = None;
    while let Some(&c) = text.get(i) {
        let prev_numeral = body.last().is_some_and(|&p| is_numeral_char(p));
        if let Some(tens) = tens_digit(c) {
            if last_small.is_some() {
                break;
            }
            body.extend([tens, '十']);
            last_small = Some(1);
        } else if chinese_digit(c).is_some() {
            body.push(c);
        } else if let Some(p) = multiplier_power(c) {
            if stops_multiplier(i) || (p < 4 && last_small.is_some_and(|q| q <= p)) {
                break;
            }
            last_small = (p < 4).then_some(p);
            body.push(c);
        } else if c == '几'
            && body.last().is_some_and(|&p| chinese_digit(p) == Some(0))
            && approx.is_none()
        {
            // `一百零几万`: an unknown last digit, read as more than the rest.
            approx = Some(Approx::MoreThan);
        } else if c == '点'
            && prev_numeral
            && !body.contains(&'点')
            && text.get(i + 1).copied().and_then(chinese_digit).is_some()
            && text.get(i + 1) != Some(&'两')
        {
            body.push(c);
        } else if is_more_than_infix(c) && prev_numeral && approx.is_none() && !body.contains(&'点')
        {
            // `两千多`, `十余`, `三千多万`; but not `一多半`.
            if body.len() == 1 && body[0] != '十' && multiplier_power(body[0]).is_none() {
                break;
            }
            approx = Some(Approx::MoreThan);
        } else if c == '几' && body.last() == Some(&'十') && approx.is_none() {
            approx = Some(Approx::MoreThan); // 十几: more than ten
        } else {
            break;
        }
        i += 1;
    }
    // A lone 陆/伍/肆 is a word, unless it is a fraction's numerator (`万分之肆`).
    let numerator = at >= 1 && text[at - 1] == '之';
    if body.is_empty() || (body.len() == 1 && is_word_digit(body[0]) && !numerator) {
        return None;
    }
    // A bare multiplier with nothing to scale (`百姓`, `万物`, `千年`) is a word, not a numeral,
    // unless a more-than infix makes it a count (`百余项`, `千余人`). `十` alone is ten.
    let first = body[0];
    if first != '十'
        && multiplier_power(first).is_some()
        && approx.is_none()
        && !body.iter().any(|&c| chinese_digit(c).is_some())
    {
        return None;
    }
    let (value, max, form) = parse_chinese(&body)?;
    Some(Numeral {
        start: at,
        end: i,
        value,
        max,
        approx,
        form,
    })
}

/// Significant digits kept for computed values (quotients and powers): a quotient such as 1/3
/// has no exact decimal, so it is rounded here; exact results shorter than this are unchanged.
pub const COMPUTED_DIGITS: u32 = 15;

/// `v` rounded to [`COMPUTED_DIGITS`] significant digits (half away from zero), normalised.
pub fn round_significant(v: Decimal) -> Decimal {
    let digits = v
        .mantissa()
        .unsigned_abs()
        .checked_ilog10()
        .map_or(1, |d| d + 1);
    let scale = v.scale();
    if digits <= COMPUTED_DIGITS || scale < digits - COMPUTED_DIGITS {
        return v.normalize();
    }
    v.round_dp_with_strategy(
        scale - (digits - COMPUTED_DIGITS),
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    )
    .normalize()
}

/// A number as [`scan_number`] reads it, `[start, end)` in cleaned chars.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    pub start: usize,
    pub end: usize,
    pub value: Decimal,
    pub max: Option<Decimal>,
}

/// A sign at `at`: `-` (not after another `-` or a letter or digit) or `负` before a number.
/// Returns the position after the signs and whether they make the number negative.
pub fn sign(text: &[char], at: usize) -> (usize, bool) {
    let c = text.get(at).copied();
    let next = text.get(at + 1).copied();
    let starts_number = next.is_some_and(|n| {
        n.is_ascii_digit() || (n == '.' && text.get(at + 2).is_some_and(char::is_ascii_digit))
    });
    let before = at.checked_sub(1).and_then(|p| text.get(p)).copied();
    match c {
        Some('-')
            if starts_number
                && !before.is_some_and(|b| b == '-' || b.is_ascii_alphanumeric() || b == '.') =>
        {
            (at + 1, true)
        }
        Some('负') if next.is_some_and(is_numeral_char) => (at + 1, true),
        _ => (at, false),
    }
}

/// A numeral as [`scan`] reads it (no range), a leading-dot decimal or `半百`: value and end.
/// (Multipliers alone before `分之` are a rate, `百分之五`: its number is the numerator.)
fn denominator_or_numeral(
    text: &[char],
    at: usize,
    stops_multiplier: &dyn Fn(usize) -> bool,
) -> Option<(Decimal, usize)> {
    if text.get(at) == Some(&'.') {
        // `.5`: a decimal written without its leading zero.
        let before = at.checked_sub(1).and_then(|p| text.get(p));
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || *b == '.') {
            return None;
        }
        let mut e = at + 1;
        while text.get(e).is_some_and(char::is_ascii_digit) {
            e += 1;
        }
        if e == at + 1 {
            return None;
        }
        let digits: String = text[at..e].iter().collect();
        return Some((parse_exact(&format!("0{digits}"))?, e));
    }
    if text.get(at) == Some(&'半')
        && let Some(p) = text.get(at + 1).copied().and_then(multiplier_power)
        && p >= 2
        && !text
            .get(at + 2)
            .is_some_and(|&c| is_numeral_char(c) || c == '分')
    {
        // `半百` (50), `半千`: half of a bare multiplier.
        return Some((pow10(p)?.checked_div(Decimal::TWO)?, at + 2));
    }
    let n = scan(text, at, stops_multiplier)?;
    (n.max.is_none()).then_some((n.value, n.end))
}

/// `N分之M` (M/N) or `A/B` at `at` after a numeral worth `denominator_or_a` ending at `at`:
/// the value and the end. `slash` allows the `/` form (Arabic numerals only).
fn fraction_after(
    text: &[char],
    value: Decimal,
    at: usize,
    slash: bool,
    stops_multiplier: &dyn Fn(usize) -> bool,
) -> Option<(Decimal, usize)> {
    if text.get(at) == Some(&'分') && text.get(at + 1) == Some(&'之') {
        let (j, negative) = sign(text, at + 2);
        let (numerator, end) = denominator_or_numeral(text, j, stops_multiplier)?;
        if value.is_zero() || text.get(j) == Some(&'.') || text.get(j) == Some(&'半') {
            return None;
        }
        let q = round_significant(numerator.checked_div(value)?);
        return Some((if negative { -q } else { q }, end));
    }
    if slash && text.get(at) == Some(&'/') && text.get(at + 1).is_some_and(char::is_ascii_digit) {
        let d = scan(text, at + 1, &|_| true)?;
        let after = d.end;
        // `2025/6/18`, `6/18/2025`: a date, not a fraction.
        if d.plain_digits().is_none()
            || d.value.is_zero()
            || text.get(after) == Some(&'/')
            || (at >= 2
                && text[at - 1].is_ascii_digit()
                && text.get(at.wrapping_sub(2)) == Some(&'/'))
        {
            return None;
        }
        return Some((round_significant(value.checked_div(d.value)?), after));
    }
    None
}

/// `e5`, `E-3` (times a power of ten) or `^2`, `^-1`, `^--23` (a power) after an Arabic number.
fn exponent_after(text: &[char], value: Decimal, at: usize) -> Option<(Decimal, usize)> {
    let op = *text.get(at)?;
    if !matches!(op, 'e' | 'E' | '^') {
        return None;
    }
    let mut j = at + 1;
    let mut negative = false;
    while let Some(&c) = text.get(j)
        && matches!(c, '+' | '-')
        && (op == '^' || j == at + 1)
    {
        negative ^= c == '-';
        j += 1;
    }
    let from = j;
    while text.get(j).is_some_and(char::is_ascii_digit) {
        j += 1;
    }
    if j == from
        || j - from > 2
        || text
            .get(j)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '.')
    {
        return None;
    }
    let e: u32 = text[from..j].iter().collect::<String>().parse().ok()?;
    let result = if op == '^' {
        let mut power = Decimal::ONE;
        for _ in 0..e {
            power = power.checked_mul(value)?;
        }
        round_significant(if negative {
            Decimal::ONE.checked_div(power)?
        } else {
            power
        })
    } else {
        let scale = pow10(e)?;
        if negative {
            exact_div(value, scale)?
        } else {
            value.checked_mul(scale)?
        }
    };
    Some((result, j))
}

/// A number for the numbers layer, starting at `text[at]`: a numeral as [`scan`] reads it, with
/// what only makes sense for bare numbers: a sign (`-5`, `负三十二`), a leading-dot decimal
/// (`.5`), `半百`, fractions (`五分之一`, `百万分之五`, `3/5`), mixed numbers (`一又二分之一`,
/// `1 3/5`), exponents (`2e5`, `1.1^23`). Computed values are rounded by [`round_significant`].
pub fn scan_number(
    text: &[char],
    at: usize,
    stops_multiplier: &dyn Fn(usize) -> bool,
) -> Option<Number> {
    let (j, negative) = sign(text, at);
    let first = *text.get(j)?;
    if !(is_numeral_char(first) || first == '.' || first == '半') {
        return None;
    }
    let arabic = first.is_ascii_digit() || first == '.';
    let (mut value, mut end, max) = if is_numeral_char(first) {
        let n = scan(text, j, stops_multiplier)?;
        (n.value, n.end, n.max)
    } else {
        let (v, e) = denominator_or_numeral(text, j, stops_multiplier)?;
        (v, e, None)
    };
    if max.is_none() {
        let plain_arabic = arabic && text[j..end].iter().all(char::is_ascii_digit);
        if let Some((v, e)) = fraction_after(text, value, end, plain_arabic, stops_multiplier) {
            (value, end) = (v, e);
        } else if text.get(end) == Some(&'又') || (plain_arabic && text.get(end) == Some(&' ')) {
            // A whole number and a fraction: `三百五又三分之一`, `1 3/5`.
            let spaced = text.get(end) == Some(&' ');
            if let Some((d, de)) = denominator_or_numeral(text, end + 1, stops_multiplier)
                && (!spaced || text.get(end + 1).is_some_and(char::is_ascii_digit))
                && let Some((f, fe)) = fraction_after(
                    text,
                    d,
                    de,
                    spaced || text.get(end + 1).is_some_and(char::is_ascii_digit),
                    stops_multiplier,
                )
                && (!spaced || text.get(de) == Some(&'/'))
            {
                value = round_significant(checked_add_exact(value, f)?);
                end = fe;
            }
        } else if arabic && let Some((v, e)) = exponent_after(text, value, end) {
            (value, end) = (v, e);
        }
    }
    let sign = if negative {
        -Decimal::ONE
    } else {
        Decimal::ONE
    };
    Some(Number {
        start: at,
        end,
        value: value * sign,
        max: max.map(|m| m * sign),
    })
}

/// Whether two adjacent digits form a range (`两三` 2–3, `三五` 3–5, `七八` 7–8).
fn is_range_pair(low: u32, high: u32) -> bool {
    low >= 1 && (high == low + 1 || (low, high) == (3, 5))
}

/// Parses a Chinese numeral body (no 多/余). Returns value, range maximum and form.
pub fn parse_chinese(body: &[char]) -> Option<(Decimal, Option<Decimal>, Form)> {
    let (int_part, frac_part) = match body.iter().position(|&c| c == '点') {
        Some(p) => (&body[..p], Some(&body[p + 1..])),
        None => (body, None),
    };
    // `三点五亿`, `十二点五万`: a decimal scaled by the magnitude words after its fraction.
    if let Some(f) = frac_part
        && let Some(k) = f.iter().position(|&c| multiplier_power(c).is_some())
    {
        let powers: Option<Vec<u32>> = f[k..].iter().map(|&c| multiplier_power(c)).collect();
        let power: u32 = powers?.iter().sum();
        let int_has_magnitude = int_part
            .iter()
            .any(|&c| multiplier_power(c).is_some_and(|p| p >= 4));
        if k == 0 || int_has_magnitude {
            return None;
        }
        let (value, _, _) = parse_chinese(&body[..body.len() - (f.len() - k)])?;
        return Some((exact_mul(value, pow10(power)?)?, None, Form::Chinese));
    }
    let fraction = match frac_part {
        Some(f) => {
            let digits: String = f
                .iter()
                .map(|&c| chinese_digit(c).map(|d| char::from_digit(d, 10).unwrap()))
                .collect::<Option<_>>()?;
            parse_exact(&format!("0.{digits}"))?
        }
        None => Decimal::ZERO,
    };
    let has_multiplier = int_part.iter().any(|&c| multiplier_power(c).is_some());
    let digits: Vec<Option<u32>> = int_part.iter().map(|&c| chinese_digit(c)).collect();
    // An adjacent pair of non-zero digits: a range (`两三`, `十一二`, `三四百`).
    let pair = (0..int_part.len().saturating_sub(1))
        .find(|&k| matches!((digits[k], digits[k + 1]), (Some(a), Some(b)) if a != 0 && b != 0));
    if !has_multiplier {
        if int_part.len() == 2 && frac_part.is_none() {
            let (a, b) = (digits[0]?, digits[1]?);
            if is_range_pair(a, b) {
                return Some((a.into(), Some(b.into()), Form::Chinese));
            }
        }
        if int_part.len() >= 2 {
            // Read digit by digit: 二〇二五.
            let mut v = Decimal::ZERO;
            for d in &digits {
                v = v
                    .checked_mul(Decimal::TEN)?
                    .checked_add(Decimal::from(d.as_ref().copied()?))?;
            }
            return Some((
                checked_add_exact(v, fraction)?,
                None,
                Form::PositionalChinese {
                    digits: int_part.len(),
                },
            ));
        }
        let d = digits.first().copied().flatten().unwrap_or(0);
        return Some((
            checked_add_exact(Decimal::from(d), fraction)?,
            None,
            Form::Chinese,
        ));
    }
    if let Some(k) = pair {
        let (a, b) = (digits[k]?, digits[k + 1]?);
        if !is_range_pair(a, b) || frac_part.is_some() {
            return None;
        }
        let mut low = int_part.to_vec();
        low.remove(k + 1);
        let mut high = int_part.to_vec();
        high.remove(k);
        return Some((
            evaluate_with_multipliers(&low)?,
            Some(evaluate_with_multipliers(&high)?),
            Form::Chinese,
        ));
    }
    Some((
        checked_add_exact(evaluate_with_multipliers(int_part)?, fraction)?,
        None,
        Form::Chinese,
    ))
}

/// One piece of a numeral with multipliers.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Token {
    /// A number; `true` for a single Chinese digit, which may be shorthand (`三万五` = 35000).
    Number(Decimal, bool),
    /// `零`: a gap in the places.
    Zero,
    /// A multiplier, as its power of ten.
    Multiplier(u32),
}

/// Evaluates an integer with multipliers: 一亿两千万, 三万五千, 一百零五, and the shorthand 三万五.
fn evaluate_with_multipliers(chars: &[char]) -> Option<Decimal> {
    if chars
        .iter()
        .any(|&c| chinese_digit(c).is_none() && multiplier_power(c).is_none())
    {
        return None;
    }
    evaluate(chars.iter().map(|&c| match chinese_digit(c) {
        Some(0) => Token::Zero,
        Some(d) => Token::Number(d.into(), true),
        None => Token::Multiplier(multiplier_power(c).unwrap_or(0)),
    }))
}

/// Evaluates numbers and multipliers. `万`, `亿` and `兆` (10^12) close a group that scales
/// everything below it not yet closed by a larger one: 一万亿 = 10^12, 五兆六十二亿 =
/// 5006200000000, 一万万 = 10^8.
fn evaluate(tokens: impl IntoIterator<Item = Token>) -> Option<Decimal> {
    let mut groups: Vec<(Decimal, u32)> = Vec::new(); // closed groups, largest power first
    let mut section = Decimal::ZERO; // below 万
    let mut pending: Option<(Decimal, bool)> = None; // a number waiting for its multiplier
    let mut last_power: Option<u32> = None;
    let mut saw_zero = false;
    for t in tokens {
        match t {
            Token::Zero => saw_zero = true,
            Token::Number(v, single) => {
                if pending.is_some() {
                    return None; // two numbers in a row without a multiplier
                }
                pending = Some((v, single));
            }
            Token::Multiplier(p) => {
                let number = pending.take().map(|(v, _)| v);
                if p >= 4 {
                    let mut group = checked_add_exact(section, number.unwrap_or(Decimal::ZERO))?;
                    while let Some(&(v, q)) = groups.last()
                        && q <= p
                    {
                        group = checked_add_exact(group, v)?;
                        groups.pop();
                    }
                    if group.is_zero() {
                        return None;
                    }
                    groups.push((exact_mul(group, pow10(p)?)?, p));
                    section = Decimal::ZERO;
                } else {
                    section = checked_add_exact(
                        section,
                        exact_mul(number.unwrap_or(Decimal::ONE), pow10(p)?)?,
                    )?;
                }
                last_power = Some(p);
                saw_zero = false;
            }
        }
    }
    if let Some((d, single)) = pending {
        // 三万五 = 35000: a single digit right after a multiplier counts one order lower.
        let scale = match last_power {
            Some(p) if single && !saw_zero && p >= 1 => pow10(p - 1)?,
            _ => Decimal::ONE,
        };
        section = checked_add_exact(section, exact_mul(d, scale)?)?;
    }
    groups
        .iter()
        .try_fold(section, |total, &(v, _)| checked_add_exact(total, v))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The short-input path of `parse_exact` says what the digit-by-digit check says.
    #[test]
    fn parse_exact_short_inputs_agree_with_the_full_check() {
        let full = |digits: &str| -> Option<Decimal> {
            let value: Decimal = digits.parse().ok()?;
            let fraction_len = digits.split_once('.').map_or(0, |(_, f)| f.len());
            let written: String = digits.chars().filter(|&c| c != '.').collect();
            let written = written.trim_start_matches('0');
            let held = value.mantissa().unsigned_abs().to_string();
            let held = if value.is_zero() { "" } else { held.as_str() };
            (value.scale() as usize == fraction_len && held == written).then_some(value)
        };
        let mut cases: Vec<String> = ["0", "00", "0.0", "5.", ".5", "007.50", "-12", "1_000", "+3"]
            .map(String::from)
            .to_vec();
        for len in 1..=30 {
            cases.push("9".repeat(len));
            cases.push(format!("0.{}", "1".repeat(len)));
            cases.push(format!(
                "{}.{}",
                "7".repeat(len / 2),
                "3".repeat(len - len / 2)
            ));
        }
        for case in &cases {
            assert_eq!(parse_exact(case), full(case), "{case}");
        }
    }

    #[test]
    fn numeral_bitmap_follows_the_rule() {
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            assert_eq!(is_numeral_char(c), numeral_char_by_rule(c), "{c:?}");
        }
    }

    fn read(s: &str) -> (String, Option<String>, Option<Approx>, usize) {
        let text: Vec<char> = s.chars().collect();
        let n = scan(&text, 0, &|_| false).unwrap_or_else(|| panic!("no numeral in {s}"));
        (
            n.value.normalize().to_string(),
            n.max.map(|m| m.normalize().to_string()),
            n.approx,
            n.end,
        )
    }

    fn value(s: &str) -> String {
        read(s).0
    }

    #[test]
    fn chinese_integers() {
        for (s, v) in [
            ("一百二十三", "123"),
            ("十", "10"),
            ("十五", "15"),
            ("二十", "20"),
            ("一百零五", "105"),
            ("一千零五十", "1050"),
            ("三万五千", "35000"),
            ("三万五", "35000"),
            ("一百二", "120"),
            ("一亿两千万", "120000000"),
            ("一万亿", "1000000000000"),
            ("十万亿", "10000000000000"),
            ("两千", "2000"),
            ("零", "0"),
            ("二〇二五", "2025"),
            ("壹仟贰佰", "1200"),
            ("廿三", "23"),
            ("三点一四", "3.14"),
        ] {
            assert_eq!(value(s), v, "{s}");
        }
    }

    #[test]
    fn arabic_and_mixed_are_exact() {
        for (s, v) in [
            ("16.4亿", "1640000000"),
            ("3.65亿", "365000000"),
            ("948亿", "94800000000"),
            ("1.2万亿", "1200000000000"),
            ("1,234", "1234"),
            ("1，234", "1234"),
            ("12,345,678.9", "12345678.9"),
            ("0.1", "0.1"),
            ("5千万", "50000000"),
        ] {
            assert_eq!(value(s), v, "{s}");
        }
    }

    #[test]
    fn more_than_infixes() {
        assert_eq!(
            read("两千多年"),
            ("2000".into(), None, Some(Approx::MoreThan), 3)
        );
        assert_eq!(
            read("十余场"),
            ("10".into(), None, Some(Approx::MoreThan), 2)
        );
        assert_eq!(
            read("80多万"),
            ("800000".into(), None, Some(Approx::MoreThan), 4)
        );
        assert_eq!(
            read("1229.1万余"),
            ("12291000".into(), None, Some(Approx::MoreThan), 8)
        );
        assert_eq!(
            read("百余项"),
            ("100".into(), None, Some(Approx::MoreThan), 2)
        );
        assert_eq!(
            read("三千多万"),
            ("30000000".into(), None, Some(Approx::MoreThan), 4)
        );
    }

    #[test]
    fn adjacent_digits_are_ranges() {
        assert_eq!(read("两三个"), ("2".into(), Some("3".into()), None, 2));
        assert_eq!(read("三四百"), ("300".into(), Some("400".into()), None, 3));
        assert_eq!(read("十一二岁"), ("11".into(), Some("12".into()), None, 3));
        assert_eq!(read("二三十"), ("20".into(), Some("30".into()), None, 3));
    }

    #[test]
    fn words_that_are_not_numerals() {
        let none = |s: &str| {
            let text: Vec<char> = s.chars().collect();
            scan(&text, 0, &|_| false).is_none()
        };
        assert!(none("百姓"));
        assert!(none("万物"));
        assert!(none("千年"));
    }

    #[test]
    fn unit_words_stop_multipliers() {
        let text: Vec<char> = "5千瓦".chars().collect();
        let n = scan(&text, 0, &|i| text[i] == '千').unwrap();
        assert_eq!((n.value, n.end), (Decimal::from(5), 1));
    }

    #[test]
    fn trillions_and_groups() {
        assert_eq!(value("五兆六十二亿四万五千二"), "5006200045200");
        assert_eq!(value("四十九兆九千五百九十二亿"), "49959200000000");
        assert_eq!(value("一万万"), "100000000");
        assert_eq!(value("三亿五千万"), "350000000");
    }

    #[test]
    fn multipliers_within_a_group_only_fall() {
        assert_eq!(read("五十千"), ("50".into(), None, None, 2));
        assert_eq!(read("七十百分位"), ("70".into(), None, None, 2));
        assert_eq!(
            read("一百零几万"),
            ("1000000".into(), None, Some(Approx::MoreThan), 5)
        );
    }

    #[test]
    fn arabic_sections() {
        assert_eq!(read("1千零1"), ("1001".into(), None, None, 4));
        assert_eq!(read("1千零20"), ("1020".into(), None, None, 5));
        assert_eq!(read("2千零30万"), ("20300000".into(), None, None, 6));
        assert_eq!(read("3万4000"), ("34000".into(), None, None, 6));
        assert_eq!(read("5万4千6百"), ("54600".into(), None, None, 6));
        // A year after a multiplier is not its last section.
        assert_eq!(read("3万2025年"), ("30000".into(), None, None, 2));
    }

    #[test]
    fn thousand_suffix_and_dotted_sequences() {
        assert_eq!(read("40k"), ("40000".into(), None, None, 3));
        assert_eq!(read("52.5 k"), ("52500".into(), None, None, 6));
        assert_eq!(read("5kg").3, 1);
        assert_eq!(read("4K电视").0, "4");
        assert_eq!(read("2222.2222.22222.222"), ("2222".into(), None, None, 4));
        let text: Vec<char> = "2222.2222.22222.222".chars().collect();
        let third = scan(&text, 10, &|_| false).unwrap();
        assert_eq!((third.value, third.end), (Decimal::from(22222), 15));
    }

    #[test]
    fn lone_financial_digits_are_words() {
        let at = |s: &str, i: usize| {
            let text: Vec<char> = s.chars().collect();
            scan(&text, i, &|_| false).map(|n| n.value)
        };
        assert_eq!(at("陆地", 0), None);
        assert_eq!(at("队伍", 1), None);
        assert_eq!(at("万分之肆", 3), Some(Decimal::from(4)));
        assert_eq!(at("伍仟", 0), Some(Decimal::from(5000)));
    }

    fn number(s: &str) -> Option<(String, usize)> {
        let text: Vec<char> = s.chars().collect();
        scan_number(&text, 0, &|_| false).map(|n| (n.value.normalize().to_string(), n.end))
    }

    #[test]
    fn signs_and_leading_dots() {
        assert_eq!(number("负三十二"), Some(("-32".into(), 4)));
        assert_eq!(number("负0.2"), Some(("-0.2".into(), 4)));
        assert_eq!(number(".5"), Some(("0.5".into(), 2)));
        assert_eq!(number("-.5"), Some(("-0.5".into(), 3)));
        assert_eq!(number("半百"), Some(("50".into(), 2)));
        assert_eq!(number("--9"), None);
        assert_eq!(number("-9"), Some(("-9".into(), 2)));
    }

    #[test]
    fn fractions_are_quotients() {
        assert_eq!(number("五分之一"), Some(("0.2".into(), 4)));
        assert_eq!(number("一百万分之五"), Some(("0.000005".into(), 6)));
        assert_eq!(
            number("一百分之十万零六百五十一"),
            Some(("1006.51".into(), 12))
        );
        assert_eq!(
            number("负3分之负一百五十七"),
            Some(("52.3333333333333".into(), 10))
        );
        assert_eq!(
            number("三百五又三分之一"),
            Some(("350.333333333333".into(), 8))
        );
        assert_eq!(number("负一又二分之一"), Some(("-1.5".into(), 7)));
        assert_eq!(number("3又一千分之23"), Some(("3.023".into(), 8)));
        assert_eq!(number("-3/2"), Some(("-1.5".into(), 4)));
        assert_eq!(number("1 3/5"), Some(("1.6".into(), 5)));
        // A rate's number is its numerator; dates written with slashes are not fractions.
        assert_eq!(number("百分之五"), None);
        assert_eq!(number("2025/6/18"), Some(("2025".into(), 4)));
        assert_eq!(number("5分之0"), Some(("0".into(), 4)));
        assert_eq!(number("0分之5"), Some(("0".into(), 1)));
    }

    #[test]
    fn exponents_and_powers() {
        assert_eq!(number("2e5"), Some(("200000".into(), 3)));
        assert_eq!(number("-12e-1"), Some(("-1.2".into(), 6)));
        assert_eq!(number("-127.32e13"), Some(("-1273200000000000".into(), 10)));
        assert_eq!(number("2^5"), Some(("32".into(), 3)));
        assert_eq!(number("2.5^-1"), Some(("0.4".into(), 6)));
        // 1.1^23 is exactly 8.95430243255237372246531, given to 15 significant digits.
        assert_eq!(number("1.1^23"), Some(("8.95430243255237".into(), 6)));
        assert_eq!(number("5e"), Some(("5".into(), 1)));
        assert_eq!(number("3em"), Some(("3".into(), 1)));
    }

    #[test]
    fn computed_values_keep_fifteen_digits() {
        let third = Decimal::ONE / Decimal::from(3);
        assert_eq!(round_significant(third).to_string(), "0.333333333333333");
        let big: Decimal = "123456789012345678".parse().unwrap();
        assert_eq!(round_significant(big), big);
        assert_eq!(
            round_significant(Decimal::new(5, 6)).to_string(),
            "0.000005"
        );
    }
}
