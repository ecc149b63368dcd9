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
        if self.max.is_some() || self.approx.is_some() || !self.value.fract().is_zero() {
            return None;
        }
        u32::try_from(self.value.mantissa() / 10i128.pow(self.value.scale())).ok()
    }

    /// A single Chinese digit, as in `三成` or the indefinite `一`.
    pub fn is_single_chinese_digit(&self) -> bool {
        self.form == Form::Chinese && self.end - self.start == 1
    }
}

pub fn chinese_digit(c: char) -> Option<u32> {
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
pub fn multiplier_power(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 1,
        '百' | '佰' => 2,
        '千' | '仟' => 3,
        '万' => 4,
        '亿' => 8,
        _ => return None,
    })
}

pub fn is_numeral_char(c: char) -> bool {
    c.is_ascii_digit() || chinese_digit(c).is_some() || multiplier_power(c).is_some() || c == '廿'
}

fn pow10(p: u32) -> Decimal {
    Decimal::from_i128_with_scale(10i128.pow(p), 0)
}

/// Scans the numeral starting at `text[at]`, if one does.
///
/// `stops_multiplier(i)` says whether a multiplier char at `i` actually begins a unit word
/// (`千瓦`, `千米`): then it ends the numeral instead of scaling it.
pub fn scan(text: &[char], at: usize, stops_multiplier: &dyn Fn(usize) -> bool) -> Option<Numeral> {
    let c = *text.get(at)?;
    if c.is_ascii_digit() {
        scan_arabic(text, at, stops_multiplier)
    } else if is_numeral_char(c) {
        scan_chinese(text, at, stops_multiplier)
    } else {
        None
    }
}

fn is_more_than_infix(c: char) -> bool {
    c == '多' || c == '余'
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
    if text.get(i) == Some(&'.') && digit(i + 1) {
        number.push('.');
        i += 1;
        while digit(i) {
            number.push(text[i]);
            i += 1;
        }
        plain = false;
    }
    let digits = number.len();
    let mut value: Decimal = number.parse().ok()?;
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
    let mut scaled = false;
    while let Some(p) = text.get(i).copied().and_then(multiplier_power) {
        if stops_multiplier(i) {
            break;
        }
        value = value.checked_mul(pow10(p))?;
        scaled = true;
        i += 1;
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

fn scan_chinese(
    text: &[char],
    at: usize,
    stops_multiplier: &dyn Fn(usize) -> bool,
) -> Option<Numeral> {
    let mut i = at;
    let mut body: Vec<char> = Vec::new();
    let mut approx = None;
    while let Some(&c) = text.get(i) {
        let prev_numeral = body.last().is_some_and(|&p| is_numeral_char(p));
        if c == '廿' {
            body.extend(['二', '十']);
        } else if chinese_digit(c).is_some() {
            body.push(c);
        } else if multiplier_power(c).is_some() {
            if stops_multiplier(i) {
                break;
            }
            body.push(c);
        } else if c == '点'
            && prev_numeral
            && !body.contains(&'点')
            && text.get(i + 1).copied().and_then(chinese_digit).is_some()
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
    if body.is_empty() {
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
    let fraction = match frac_part {
        Some(f) => {
            let digits: String = f
                .iter()
                .map(|&c| chinese_digit(c).map(|d| char::from_digit(d, 10).unwrap()))
                .collect::<Option<_>>()?;
            format!("0.{digits}").parse::<Decimal>().ok()?
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
                v = v * Decimal::TEN + Decimal::from(d.as_ref().copied()?);
            }
            return Some((
                v + fraction,
                None,
                Form::PositionalChinese {
                    digits: int_part.len(),
                },
            ));
        }
        let d = digits.first().copied().flatten().unwrap_or(0);
        return Some((Decimal::from(d) + fraction, None, Form::Chinese));
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
        evaluate_with_multipliers(int_part)? + fraction,
        None,
        Form::Chinese,
    ))
}

/// Evaluates an integer with multipliers: 一亿两千万, 三万五千, 一百零五, and the shorthand 三万五.
fn evaluate_with_multipliers(chars: &[char]) -> Option<Decimal> {
    let mut total = Decimal::ZERO; // completed 亿 groups
    let mut wan = Decimal::ZERO; // completed 万 group inside the current 亿
    let mut section = Decimal::ZERO; // below 万
    let mut pending: Option<Decimal> = None; // a digit waiting for its multiplier
    let mut last_power: Option<u32> = None;
    let mut saw_zero = false;
    for &c in chars {
        if let Some(d) = chinese_digit(c) {
            if d == 0 {
                saw_zero = true;
                continue;
            }
            if pending.is_some() {
                return None; // two digits in a row without a multiplier
            }
            pending = Some(d.into());
        } else {
            let p = multiplier_power(c)?;
            let digit = pending.take();
            match p {
                8 => {
                    total = (total + wan + section + digit.unwrap_or(Decimal::ZERO))
                        .checked_mul(pow10(8))?;
                    if total.is_zero() {
                        return None;
                    }
                    wan = Decimal::ZERO;
                    section = Decimal::ZERO;
                }
                4 => {
                    let group = section + digit.unwrap_or(Decimal::ZERO);
                    if group.is_zero() && wan.is_zero() {
                        return None;
                    }
                    wan = (wan + group) * pow10(4);
                    section = Decimal::ZERO;
                }
                _ => section += digit.unwrap_or(Decimal::ONE) * pow10(p),
            }
            last_power = Some(p);
            saw_zero = false;
        }
    }
    if let Some(d) = pending {
        // 三万五 = 35000: a trailing digit right after a multiplier counts one order lower.
        let scale = match last_power {
            Some(p) if !saw_zero && p >= 1 => pow10(p - 1),
            _ => Decimal::ONE,
        };
        section += d * scale;
    }
    Some(total + wan + section)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
