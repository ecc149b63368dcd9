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
}
