//! The fact record: the contract in `FACTS.md` as Rust types.
//!
//! A [`Mention`] is one occurrence of a quantitative expression in one document. Its JSON form is
//! exactly the line `factdesk extract --format jsonl` prints; field names must not change.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What kind of figure a mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Money,
    Percent,
    Quantity,
    Date,
    Period,
    Duration,
    Ordinal,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Money,
        Kind::Percent,
        Kind::Quantity,
        Kind::Date,
        Kind::Period,
        Kind::Duration,
        Kind::Ordinal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Money => "money",
            Kind::Percent => "percent",
            Kind::Quantity => "quantity",
            Kind::Date => "date",
            Kind::Period => "period",
            Kind::Duration => "duration",
            Kind::Ordinal => "ordinal",
        }
    }

    /// Money, percent and quantity: the kinds that measure something, and so have a measure.
    pub fn is_amount(self) -> bool {
        matches!(self, Kind::Money | Kind::Percent | Kind::Quantity)
    }

    /// Dates and periods carry ISO 8601 strings; every other kind carries a number.
    pub fn has_text_value(self) -> bool {
        matches!(self, Kind::Date | Kind::Period)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown kind `{s}`"))
    }
}

/// A qualifier that makes a figure inexact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Approx {
    MoreThan,
    LessThan,
    About,
    Nearly,
}

impl Approx {
    pub fn as_str(self) -> &'static str {
        match self {
            Approx::MoreThan => "more_than",
            Approx::LessThan => "less_than",
            Approx::About => "about",
            Approx::Nearly => "nearly",
        }
    }
}

impl std::str::FromStr for Approx {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            Approx::MoreThan,
            Approx::LessThan,
            Approx::About,
            Approx::Nearly,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
        .ok_or_else(|| format!("unknown approx `{s}`"))
    }
}

/// What sort of figure a money, percent or quantity mention is (FACTS.md, "The frame").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// The amount of the subject itself (also a rate that is itself the indicator).
    Level,
    /// An absolute difference from a basis.
    Change,
    /// A relative change, in percent.
    Growth,
    /// A part of a whole, in percent.
    Share,
    /// A change or gap in percentage points.
    Points,
    /// A ratio written with 倍.
    Multiple,
}

impl Measure {
    pub const ALL: [Measure; 6] = [
        Measure::Level,
        Measure::Change,
        Measure::Growth,
        Measure::Share,
        Measure::Points,
        Measure::Multiple,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Level => "level",
            Measure::Change => "change",
            Measure::Growth => "growth",
            Measure::Share => "share",
            Measure::Points => "points",
            Measure::Multiple => "multiple",
        }
    }

    /// Whether a figure of this measure moves in a direction (`up`/`down`) from a basis.
    pub fn has_direction(self) -> bool {
        matches!(
            self,
            Measure::Change | Measure::Growth | Measure::Points | Measure::Multiple
        )
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Measure {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Measure::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| format!("unknown measure `{s}`"))
    }
}

/// The direction of a change, growth, points or multiple figure, as the text words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Up,
    Down,
}

impl Direction {
    pub const ALL: [Direction; 2] = [Direction::Up, Direction::Down];

    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Direction {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Direction::ALL
            .into_iter()
            .find(|d| d.as_str() == s)
            .ok_or_else(|| format!("unknown direction `{s}`"))
    }
}

/// What a figure says beyond its value (FACTS.md format version 2): what sort of figure it is,
/// which way it moves, what it compares with, when it holds, and what a price is per. The subject
/// stays on [`Mention`] itself, where version 1 had it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Frame {
    pub measure: Option<Measure>,
    pub direction: Option<Direction>,
    /// `yoy`, `mom`, or an ISO 8601 date or interval.
    pub basis: Option<String>,
    /// ISO 8601 date or interval, resolved against the publication date.
    pub period: Option<String>,
    /// For a price, the unit it is per (`盎司`).
    pub per: Option<String>,
}

/// A mention's value: an exact decimal number, or an ISO 8601 (partial) date string.
///
/// Numbers serialise as JSON numbers written exactly (`94800000000`, `452.67`), never through f64.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum Value {
    Number(#[serde(with = "rust_decimal::serde::arbitrary_precision")] Decimal),
    Text(String),
}

impl Value {
    /// A number in its shortest exact form (`1640000000`, not `1640000000.0`).
    pub fn number(d: Decimal) -> Self {
        Value::Number(d.normalize())
    }

    pub fn as_number(&self) -> Option<Decimal> {
        match self {
            Value::Number(d) => Some(*d),
            Value::Text(_) => None,
        }
    }
}

/// Reads a JSON number exactly (through serde_json's arbitrary-precision number, never f64) or
/// a string. Written by hand because an untagged enum would buffer the number and lose that.
impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::String(s) => Ok(Value::Text(s)),
            serde_json::Value::Number(n) => {
                let text = n.to_string();
                text.parse::<Decimal>()
                    .or_else(|_| Decimal::from_scientific(&text))
                    .map(Value::Number)
                    .map_err(|e| D::Error::custom(format!("number {text}: {e}")))
            }
            other => Err(D::Error::custom(format!(
                "expected a number or a string, found {other}"
            ))),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Number(d) => write!(f, "{}", d.normalize()),
            Value::Text(s) => f.write_str(s),
        }
    }
}

/// One occurrence of a quantitative expression in one document (FACTS.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// The document's file name.
    pub doc: String,
    /// Offsets in chars into the decoded document text; `end` exclusive.
    pub start: usize,
    pub end: usize,
    /// Exactly the original text `[start, end)`, line breaks included.
    pub surface: String,
    pub kind: Kind,
    pub value: Value,
    pub value_max: Option<Value>,
    pub unit: Option<String>,
    pub approx: Option<Approx>,
    /// A short phrase naming what is measured; may be empty.
    pub subject: String,
    /// The sentence holding the mention, without layout line breaks.
    pub sentence: String,
    /// The extractor's own estimate, 0..1.
    pub confidence: f32,
    /// The frame (format version 2). Absent in version-1 records, read as nulls.
    #[serde(default)]
    pub measure: Option<Measure>,
    #[serde(default)]
    pub direction: Option<Direction>,
    #[serde(default)]
    pub basis: Option<String>,
    #[serde(default)]
    pub period: Option<String>,
    #[serde(default)]
    pub per: Option<String>,
}

impl Mention {
    /// The frame fields as one value.
    pub fn frame(&self) -> Frame {
        Frame {
            measure: self.measure,
            direction: self.direction,
            basis: self.basis.clone(),
            period: self.period.clone(),
            per: self.per.clone(),
        }
    }
}
