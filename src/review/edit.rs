//! Raw edits to validated fields: what the analyst types becomes [`FactFields`] only when it is
//! valid for the fact's kind. Nothing is coerced; an invalid entry is reported per field and the
//! draft is kept as typed.

use std::collections::HashSet;
use std::str::FromStr;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use crate::fact::{Approx, Direction, Kind, Measure, Value};
use crate::review::record::FactFields;

const ISO_4217: &str = include_str!("../../assets/iso4217.txt");

static CURRENCY_CODES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    ISO_4217
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// An ISO 8601 calendar date as FACTS.md writes them, partial where the text is partial:
/// `2025-06-16`, `2023-05`, `2013`, `--06-18`, `--03`, `---17`; a full date may carry a time of
/// day (`2007-03-05T20:18`, seconds optional).
static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?)?)?|--(\d{2})(?:-(\d{2}))?|---(\d{2}))$",
    )
    .expect("valid regex")
});

/// Whether `code` is an ISO 4217 currency code (upper case, as the standard writes it).
pub fn is_iso_4217(code: &str) -> bool {
    CURRENCY_CODES.contains(code)
}

/// A field the analyst can edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Kind,
    Value,
    ValueMax,
    Unit,
    Approx,
    Subject,
    Measure,
    Direction,
    Basis,
    Period,
}

impl Field {
    pub const ALL: [Field; 10] = [
        Field::Kind,
        Field::Value,
        Field::ValueMax,
        Field::Unit,
        Field::Approx,
        Field::Subject,
        Field::Measure,
        Field::Direction,
        Field::Basis,
        Field::Period,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Kind => "kind",
            Field::Value => "value",
            Field::ValueMax => "value_max",
            Field::Unit => "unit",
            Field::Approx => "approx",
            Field::Subject => "subject",
            Field::Measure => "measure",
            Field::Direction => "direction",
            Field::Basis => "basis",
            Field::Period => "period",
        }
    }

    /// The fields chosen from a fixed list (drop-downs in the window), with their choices; the
    /// empty choice means unknown / none.
    pub fn choices(self) -> Option<&'static [&'static str]> {
        const KINDS: [&str; 7] = [
            "money", "percent", "quantity", "date", "period", "duration", "ordinal",
        ];
        const APPROX: [&str; 5] = ["", "more_than", "less_than", "about", "nearly"];
        const MEASURES: [&str; 7] = [
            "", "level", "change", "growth", "share", "points", "multiple",
        ];
        const DIRECTIONS: [&str; 3] = ["", "up", "down"];
        match self {
            Field::Kind => Some(&KINDS),
            Field::Approx => Some(&APPROX),
            Field::Measure => Some(&MEASURES),
            Field::Direction => Some(&DIRECTIONS),
            _ => None,
        }
    }
}

/// The fields as text, the way an editor holds them while the analyst types.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Draft {
    pub kind: String,
    pub value: String,
    pub value_max: String,
    pub unit: String,
    pub approx: String,
    pub subject: String,
    pub measure: String,
    pub direction: String,
    pub basis: String,
    pub period: String,
}

impl Draft {
    pub fn of(fields: &FactFields) -> Self {
        Draft {
            kind: fields.kind.as_str().to_string(),
            value: fields.value.to_string(),
            value_max: fields
                .value_max
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            unit: fields.unit.clone().unwrap_or_default(),
            approx: fields
                .approx
                .map(|a| a.as_str().to_string())
                .unwrap_or_default(),
            subject: fields.subject.clone(),
            measure: fields
                .measure
                .map(|m| m.as_str().to_string())
                .unwrap_or_default(),
            direction: fields
                .direction
                .map(|d| d.as_str().to_string())
                .unwrap_or_default(),
            basis: fields.basis.clone().unwrap_or_default(),
            period: fields.period.clone().unwrap_or_default(),
        }
    }

    pub fn get(&self, field: Field) -> &str {
        match field {
            Field::Kind => &self.kind,
            Field::Value => &self.value,
            Field::ValueMax => &self.value_max,
            Field::Unit => &self.unit,
            Field::Approx => &self.approx,
            Field::Subject => &self.subject,
            Field::Measure => &self.measure,
            Field::Direction => &self.direction,
            Field::Basis => &self.basis,
            Field::Period => &self.period,
        }
    }

    pub fn get_mut(&mut self, field: Field) -> &mut String {
        match field {
            Field::Kind => &mut self.kind,
            Field::Value => &mut self.value,
            Field::ValueMax => &mut self.value_max,
            Field::Unit => &mut self.unit,
            Field::Approx => &mut self.approx,
            Field::Subject => &mut self.subject,
            Field::Measure => &mut self.measure,
            Field::Direction => &mut self.direction,
            Field::Basis => &mut self.basis,
            Field::Period => &mut self.period,
        }
    }

    /// Moves a drop-down field to the next (`step` 1) or previous (-1) choice, wrapping: how the
    /// keyboard changes measure, direction, kind and approx without opening the list.
    pub fn cycle(&mut self, field: Field, step: isize) {
        let Some(choices) = field.choices() else {
            return;
        };
        let current = self.get(field).trim();
        let at = choices.iter().position(|c| *c == current);
        let n = choices.len() as isize;
        let next = match at {
            Some(i) => (i as isize + step).rem_euclid(n),
            None => 0,
        };
        *self.get_mut(field) = choices[next as usize].to_string();
    }

    /// The validated fields, or every field's problem (as English text).
    pub fn validate(&self) -> Result<FactFields, Vec<(Field, String)>> {
        self.check().map_err(|errors| {
            errors
                .into_iter()
                .map(|(f, e)| (f, e.to_string()))
                .collect()
        })
    }

    /// The validated fields, or every field's problem, typed (the window says it in its
    /// language).
    pub fn check(&self) -> Result<FactFields, Vec<(Field, EditError)>> {
        let mut errors = Vec::new();
        let unknown = |field: Field, text: &str| EditError::Unknown {
            field,
            text: text.to_string(),
        };
        let kind = match Kind::from_str(self.kind.trim()) {
            Ok(k) => Some(k),
            Err(_) => {
                errors.push((Field::Kind, unknown(Field::Kind, self.kind.trim())));
                None
            }
        };
        let approx = match self.approx.trim() {
            "" => Some(None),
            s => match Approx::from_str(s) {
                Ok(a) => Some(Some(a)),
                Err(_) => {
                    errors.push((Field::Approx, unknown(Field::Approx, s)));
                    None
                }
            },
        };
        let measure = match self.measure.trim() {
            "" => Some(None),
            s => match Measure::from_str(s) {
                Ok(m) => Some(Some(m)),
                Err(_) => {
                    errors.push((Field::Measure, unknown(Field::Measure, s)));
                    None
                }
            },
        };
        let direction = match self.direction.trim() {
            "" => Some(None),
            s => match Direction::from_str(s) {
                Ok(d) => Some(Some(d)),
                Err(_) => {
                    errors.push((Field::Direction, unknown(Field::Direction, s)));
                    None
                }
            },
        };
        let basis = match check_basis(&self.basis) {
            Ok(b) => Some(b),
            Err(e) => {
                errors.push((Field::Basis, e));
                None
            }
        };
        let period = match self.period.trim() {
            "" => Some(None),
            s => match check_iso_period(s) {
                Ok(p) => Some(Some(p.to_string())),
                Err(e) => {
                    errors.push((Field::Period, e));
                    None
                }
            },
        };
        let Some(kind) = kind else {
            return Err(errors);
        };
        // The frame's fields hang together (FACTS.md, "The frame").
        if matches!(measure, Some(Some(_)))
            && !matches!(kind, Kind::Money | Kind::Percent | Kind::Quantity)
        {
            errors.push((Field::Measure, EditError::NoMeasureFor(kind)));
        }
        if let (Some(Some(_)), Some(m)) = (direction, measure)
            && !m.is_some_and(Measure::has_direction)
        {
            errors.push((Field::Direction, EditError::DirectionNeedsMeasure));
        }
        let value = match check_value(kind, &self.value) {
            Ok(v) => Some(v),
            Err(e) => {
                errors.push((Field::Value, e));
                None
            }
        };
        let value_max = match self.value_max.trim() {
            "" => Some(None),
            s => match check_value(kind, s) {
                Ok(v) => Some(Some(v)),
                Err(e) => {
                    errors.push((Field::ValueMax, e));
                    None
                }
            },
        };
        if let (Some(Value::Number(lo)), Some(Some(Value::Number(hi)))) = (&value, &value_max)
            && hi < lo
        {
            errors.push((
                Field::ValueMax,
                EditError::BelowValue {
                    max: hi.to_string(),
                    value: lo.to_string(),
                },
            ));
        }
        let unit = match check_unit(kind, &self.unit) {
            Ok(u) => Some(u),
            Err(e) => {
                errors.push((Field::Unit, e));
                None
            }
        };
        match (
            value, value_max, unit, approx, measure, direction, basis, period,
        ) {
            (
                Some(value),
                Some(value_max),
                Some(unit),
                Some(approx),
                Some(measure),
                Some(direction),
                Some(basis),
                Some(period),
            ) if errors.is_empty() => Ok(FactFields {
                kind,
                value,
                value_max,
                unit,
                approx,
                subject: self.subject.trim().to_string(),
                measure,
                direction,
                basis,
                period,
            }),
            _ => {
                errors.sort_by_key(|(f, _)| *f);
                Err(errors)
            }
        }
    }
}

/// Why an entry was refused. Typed, so the window can say it in its language; `Display` is the
/// English the command line and the project checks write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// Not one of the field's choices (kind, approx, measure, direction).
    Unknown {
        field: Field,
        text: String,
    },
    NoMeasureFor(Kind),
    DirectionNeedsMeasure,
    ValueRequired,
    NotANumber(String),
    /// Digits, but not a decimal this program can hold exactly (too many, too large).
    NumberOutOfRange {
        text: String,
        detail: String,
    },
    NotADate(String),
    NoSuchTime(String),
    NoSuchMonth {
        text: String,
        month: u32,
    },
    NoSuchDay {
        text: String,
        day: u32,
    },
    IntervalYears(String),
    IntervalBackwards(String),
    /// A basis that is neither `yoy`, `mom` nor a date or interval, and why.
    Basis(Box<EditError>),
    BelowValue {
        max: String,
        value: String,
    },
    CurrencyCase {
        text: String,
        upper: String,
    },
    NotACurrency(String),
    PercentUnit,
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::Unknown { field, text } => write!(f, "unknown {} `{text}`", field.as_str()),
            EditError::NoMeasureFor(kind) => write!(
                f,
                "a {kind} has no measure (only money, percent and quantity)"
            ),
            EditError::DirectionNeedsMeasure => {
                f.write_str("a direction needs the measure change, growth, points or multiple")
            }
            EditError::ValueRequired => f.write_str("a value is required"),
            EditError::NotANumber(text) => write!(
                f,
                "`{text}` is not a number (digits, an optional sign and point)"
            ),
            EditError::NumberOutOfRange { text, detail } => {
                write!(f, "`{text}` is not a number: {detail}")
            }
            EditError::NotADate(text) => write!(
                f,
                "`{text}` is not an ISO date (2025-06-16, 2025-06, 2025, --06-18, --06, ---18)"
            ),
            EditError::NoSuchTime(text) => write!(f, "`{text}`: no such time of day"),
            EditError::NoSuchMonth { text, month } => {
                write!(f, "`{text}`: month {month} does not exist")
            }
            EditError::NoSuchDay { text, day } => write!(f, "`{text}`: day {day} does not exist"),
            EditError::IntervalYears(text) => write!(
                f,
                "`{text}`: both ends of an interval need a year, or neither"
            ),
            EditError::IntervalBackwards(text) => {
                write!(f, "`{text}`: the interval ends before it starts")
            }
            EditError::Basis(e) => write!(
                f,
                "{e}; a basis is `yoy`, `mom`, or an ISO date or interval"
            ),
            EditError::BelowValue { max, value } => write!(f, "{max} is below the value {value}"),
            EditError::CurrencyCase { text, upper } => {
                write!(f, "`{text}`: ISO 4217 codes are upper case ({upper})")
            }
            EditError::NotACurrency(text) => write!(
                f,
                "`{text}` is not an ISO 4217 currency code (CNY, USD, EUR …)"
            ),
            EditError::PercentUnit => f.write_str("the unit of a percentage is `%`"),
        }
    }
}

/// A value for `kind`: an ISO date for dates and periods, an exact decimal otherwise.
pub fn parse_value(kind: Kind, text: &str) -> Result<Value, String> {
    check_value(kind, text).map_err(|e| e.to_string())
}

fn check_value(kind: Kind, text: &str) -> Result<Value, EditError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(EditError::ValueRequired);
    }
    if kind.has_text_value() {
        check_iso_date(text).map(|d| Value::Text(d.to_string()))
    } else {
        check_number(text).map(Value::number)
    }
}

/// An exact decimal written with ASCII digits, an optional sign and point.
pub fn parse_number(text: &str) -> Result<Decimal, String> {
    check_number(text).map_err(|e| e.to_string())
}

fn check_number(text: &str) -> Result<Decimal, EditError> {
    let plain = text
        .strip_prefix(['-', '+'])
        .unwrap_or(text)
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.');
    if !plain || !text.chars().any(|c| c.is_ascii_digit()) {
        return Err(EditError::NotANumber(text.to_string()));
    }
    Decimal::from_str(text).map_err(|e| EditError::NumberOutOfRange {
        text: text.to_string(),
        detail: e.to_string(),
    })
}

/// An ISO 8601 date, partial as FACTS.md allows, with month and day ranges checked.
pub fn parse_iso_date(text: &str) -> Result<&str, String> {
    check_iso_date(text).map_err(|e| e.to_string())
}

/// [`parse_iso_date`], its refusal typed.
pub fn check_iso_date(text: &str) -> Result<&str, EditError> {
    let caps = ISO_DATE
        .captures(text)
        .ok_or_else(|| EditError::NotADate(text.to_string()))?;
    let num = |i: usize| {
        caps.get(i)
            .map(|m| m.as_str().parse::<u32>().expect("digits"))
    };
    let year = num(1);
    let month = num(2).or(num(7));
    let day = num(3).or(num(8)).or(num(9));
    if let Some(hour) = num(4)
        && (hour > 23 || num(5).is_some_and(|m| m > 59) || num(6).is_some_and(|s| s > 59))
    {
        return Err(EditError::NoSuchTime(text.to_string()));
    }
    if let Some(m) = month
        && !(1..=12).contains(&m)
    {
        return Err(EditError::NoSuchMonth {
            text: text.to_string(),
            month: m,
        });
    }
    if let Some(d) = day {
        let max = match month {
            Some(2) => match year {
                Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
                _ => 29,
            },
            Some(4 | 6 | 9 | 11) => 30,
            _ => 31,
        };
        if !(1..=max).contains(&d) {
            return Err(EditError::NoSuchDay {
                text: text.to_string(),
                day: d,
            });
        }
    }
    Ok(text)
}

/// The parts of an ISO date that order it: year-bearing dates by (year, month, day, time), dates
/// without a year by (month, day). Only dates of the same sort can be compared.
fn date_order(date: &str) -> (bool, Vec<u32>) {
    let has_year = !date.starts_with('-');
    let parts = date
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<u32>().unwrap_or(0))
        .collect();
    (has_year, parts)
}

/// A period as FACTS.md writes it: an ISO 8601 date (partial as [`parse_iso_date`] allows) or an
/// interval `A/B` of two such dates with A ≤ B, both with a year or both without
/// (`2016-01/2016-09`, `2025/2026`, `--01/--09`).
pub fn parse_iso_period(text: &str) -> Result<&str, String> {
    check_iso_period(text).map_err(|e| e.to_string())
}

fn check_iso_period(text: &str) -> Result<&str, EditError> {
    let Some((from, to)) = text.split_once('/') else {
        return check_iso_date(text);
    };
    check_iso_date(from)?;
    check_iso_date(to)?;
    let ((from_year, a), (to_year, b)) = (date_order(from), date_order(to));
    if from_year != to_year {
        return Err(EditError::IntervalYears(text.to_string()));
    }
    // Compared on the precision both ends have: `2016/2016-03` is fine, `2017/2016-03` is not.
    let common = a.len().min(b.len());
    if a[..common] > b[..common] {
        return Err(EditError::IntervalBackwards(text.to_string()));
    }
    Ok(text)
}

/// A basis: `yoy`, `mom`, or the ISO date or interval compared with; empty means none.
pub fn parse_basis(text: &str) -> Result<Option<String>, String> {
    check_basis(text).map_err(|e| e.to_string())
}

fn check_basis(text: &str) -> Result<Option<String>, EditError> {
    match text.trim() {
        "" => Ok(None),
        s @ ("yoy" | "mom") => Ok(Some(s.to_string())),
        s => check_iso_period(s)
            .map(|p| Some(p.to_string()))
            .map_err(|e| EditError::Basis(Box::new(e))),
    }
}

/// A unit for `kind`: an ISO 4217 code for money, `%` for percent, free text otherwise
/// (empty means none).
pub fn parse_unit(kind: Kind, text: &str) -> Result<Option<String>, String> {
    check_unit(kind, text).map_err(|e| e.to_string())
}

fn check_unit(kind: Kind, text: &str) -> Result<Option<String>, EditError> {
    let text = text.trim();
    match kind {
        Kind::Money if is_iso_4217(text) => Ok(Some(text.to_string())),
        Kind::Money if is_iso_4217(&text.to_ascii_uppercase()) => Err(EditError::CurrencyCase {
            text: text.to_string(),
            upper: text.to_ascii_uppercase(),
        }),
        Kind::Money => Err(EditError::NotACurrency(text.to_string())),
        Kind::Percent if text == "%" => Ok(Some(text.to_string())),
        Kind::Percent => Err(EditError::PercentUnit),
        _ if text.is_empty() => Ok(None),
        _ => Ok(Some(text.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money() -> Draft {
        Draft {
            kind: "money".into(),
            value: "94800000000".into(),
            unit: "USD".into(),
            ..Draft::default()
        }
    }

    #[test]
    fn a_valid_money_draft_validates() {
        let f = money().validate().unwrap();
        assert_eq!(f.value, Value::Number(Decimal::from(94_800_000_000u64)));
        assert_eq!(f.unit.as_deref(), Some("USD"));
    }

    #[test]
    fn invalid_entries_are_reported_per_field_not_coerced() {
        let mut d = money();
        d.value = "948亿".into();
        d.unit = "usd".into();
        let errors = d.validate().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, vec![Field::Value, Field::Unit]);
        assert!(errors[1].1.contains("USD"), "{errors:?}");
        d.unit = "元".into();
        assert!(d.validate().is_err());
    }

    #[test]
    fn dates_must_be_iso_and_exist() {
        for ok in [
            "2025-06-16",
            "2025-06",
            "2025",
            "--06-18",
            "--06",
            "---18",
            "2024-02-29",
        ] {
            assert!(parse_iso_date(ok).is_ok(), "{ok}");
        }
        for bad in [
            "2025-13",
            "2025-02-29",
            "--04-31",
            "6月18日",
            "2025/06/16",
            "25-06-16",
            "---32",
        ] {
            assert!(parse_iso_date(bad).is_err(), "{bad}");
        }
        let d = Draft {
            kind: "date".into(),
            value: "94800000000".into(),
            ..Draft::default()
        };
        assert_eq!(d.validate().unwrap_err()[0].0, Field::Value);
    }

    #[test]
    fn numbers_are_exact_and_strict() {
        assert_eq!(parse_number("-0.30").unwrap().to_string(), "-0.30");
        for bad in ["", "1e5", "1,000", "三千", ".", "--1"] {
            assert!(parse_number(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn periods_are_iso_dates_or_ordered_intervals() {
        for ok in [
            "2016",
            "2016-01/2016-09",
            "2025/2026",
            "--01/--09",
            "2016/2016-03",
            "2025-06-18",
            "2007-03-05T20:18",
            "2016-10-19/2016-10-19",
        ] {
            assert!(parse_iso_period(ok).is_ok(), "{ok}");
        }
        for bad in [
            "2016-09/2016-01",
            "2017/2016-03",
            "2016-01/--09",
            "2016-13",
            "2016-01/",
            "上半年",
            "2016-01/2016-09/2016-12",
            "2007-03-05T24:00",
        ] {
            assert!(parse_iso_period(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_basis("yoy"), Ok(Some("yoy".into())));
        assert_eq!(parse_basis(" 2018 "), Ok(Some("2018".into())));
        assert_eq!(parse_basis(""), Ok(None));
        assert!(parse_basis("同比").is_err());
        assert!(parse_basis("YoY").is_err());
    }

    #[test]
    fn the_frame_hangs_together_with_the_kind_and_the_measure() {
        let mut d = Draft {
            kind: "date".into(),
            value: "2025".into(),
            measure: "level".into(),
            ..Draft::default()
        };
        assert_eq!(d.validate().unwrap_err()[0].0, Field::Measure);
        d = money();
        d.measure = "share".into();
        d.direction = "down".into();
        assert_eq!(d.validate().unwrap_err()[0].0, Field::Direction);
        d.measure = "change".into();
        let f = d.validate().unwrap();
        assert_eq!(
            (f.measure, f.direction),
            (Some(Measure::Change), Some(Direction::Down))
        );
        d.direction = "falling".into();
        assert_eq!(d.validate().unwrap_err()[0].0, Field::Direction);
    }

    #[test]
    fn the_keyboard_steps_through_a_drop_down_and_wraps() {
        let mut d = money();
        d.cycle(Field::Measure, 1);
        assert_eq!(d.measure, "level");
        d.cycle(Field::Measure, -1);
        d.cycle(Field::Measure, -1);
        assert_eq!(d.measure, "multiple");
        d.cycle(Field::Period, 1);
        assert_eq!(d.period, "", "a text field has no choices");
    }

    #[test]
    fn a_range_upper_end_below_the_value_is_refused() {
        let d = Draft {
            kind: "quantity".into(),
            value: "300".into(),
            value_max: "200".into(),
            unit: "公里".into(),
            ..Draft::default()
        };
        assert_eq!(d.validate().unwrap_err()[0].0, Field::ValueMax);
    }
}
