//! A fact under review: one figure, the mentions that report it, the analyst's decision and
//! corrections, with the extracted original kept beside them.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::fact::{Approx, Direction, Kind, Measure, Mention, Value};

/// Index of a fact in the workbench. Stable for the workbench's life: facts are only appended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FactId(pub u32);

impl FactId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Index of a document in the workbench.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(pub u32);

impl DocId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The analyst's decision on a fact.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Unreviewed,
    Verified,
    Rejected,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Unreviewed, Status::Verified, Status::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unreviewed => "unreviewed",
            Status::Verified => "verified",
            Status::Rejected => "rejected",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The editable reading of a figure: what FACTS.md says a mention means, the frame included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactFields {
    pub kind: Kind,
    pub value: Value,
    pub value_max: Option<Value>,
    pub unit: Option<String>,
    pub approx: Option<Approx>,
    pub subject: String,
    /// The frame (FACTS.md format version 2); absent in version-1 files, read as null.
    #[serde(default)]
    pub measure: Option<Measure>,
    #[serde(default)]
    pub direction: Option<Direction>,
    /// `yoy`, `mom`, or an ISO 8601 date or interval.
    #[serde(default)]
    pub basis: Option<String>,
    /// ISO 8601 date or interval.
    #[serde(default)]
    pub period: Option<String>,
}

impl FactFields {
    pub fn of_mention(m: &Mention) -> Self {
        FactFields {
            kind: m.kind,
            value: m.value.clone(),
            value_max: m.value_max.clone(),
            unit: m.unit.clone(),
            approx: m.approx,
            subject: m.subject.clone(),
            measure: m.measure,
            direction: m.direction,
            basis: m.basis.clone(),
            period: m.period.clone(),
        }
    }

    /// A reading with no frame yet (a figure added by hand the engine could not read).
    pub fn bare(kind: Kind, value: Value) -> Self {
        FactFields {
            kind,
            value,
            value_max: None,
            unit: None,
            approx: None,
            subject: String::new(),
            measure: None,
            direction: None,
            basis: None,
            period: None,
        }
    }

    /// Whether the frame (measure, direction, basis, period) is all unknown: a version-1 record.
    pub fn has_no_frame(&self) -> bool {
        self.measure.is_none()
            && self.direction.is_none()
            && self.basis.is_none()
            && self.period.is_none()
    }

    /// Takes the frame (not the subject) from `other`.
    pub fn take_frame_of(&mut self, other: &FactFields) {
        self.measure = other.measure;
        self.direction = other.direction;
        self.basis = other.basis.clone();
        self.period = other.period.clone();
    }

    /// The value as the table shows it: `200–300` for a range.
    pub fn value_text(&self) -> String {
        match &self.value_max {
            Some(max) => format!("{}–{}", self.value, max),
            None => self.value.to_string(),
        }
    }

    /// What is wrong with these fields for their kind; empty when they are consistent.
    /// Used to flag a fact whose kind was changed without changing its value, rather than
    /// coercing the value.
    pub fn problems(&self) -> Vec<Problem> {
        use crate::review::edit::Field;
        let mut problems = Vec::new();
        let wants_text = self.kind.has_text_value();
        for (field, value) in [
            (Field::Value, Some(&self.value)),
            (Field::ValueMax, self.value_max.as_ref()),
        ] {
            match (value, wants_text) {
                (Some(Value::Number(_)), true) => problems.push(Problem::WantsDate {
                    field,
                    kind: self.kind,
                }),
                (Some(Value::Text(_)), false) => problems.push(Problem::WantsNumber {
                    field,
                    kind: self.kind,
                }),
                _ => {}
            }
        }
        if self.kind == Kind::Money
            && !self
                .unit
                .as_deref()
                .is_some_and(crate::review::edit::is_iso_4217)
        {
            problems.push(Problem::MoneyWithoutCurrency);
        }
        if let Some(measure) = self.measure
            && matches!(measure, Measure::Level | Measure::Share)
            && self.basis.is_some()
        {
            problems.push(Problem::BasisWithout(measure));
        }
        problems
    }
}

/// Fields that do not hang together for their kind (typed, so the window can say it in its
/// language; `Display` is the English).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// A number where the kind wants an ISO date (a kind changed to date or period).
    WantsDate {
        field: crate::review::edit::Field,
        kind: Kind,
    },
    /// An ISO date where the kind wants a number.
    WantsNumber {
        field: crate::review::edit::Field,
        kind: Kind,
    },
    /// Money whose unit is not an ISO 4217 code.
    MoneyWithoutCurrency,
    /// A level or share figure with a basis.
    BasisWithout(Measure),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::WantsDate { field, kind } => {
                write!(f, "{} must be an ISO date for {kind}", field.as_str())
            }
            Problem::WantsNumber { field, kind } => {
                write!(f, "{} must be a number for {kind}", field.as_str())
            }
            Problem::MoneyWithoutCurrency => {
                f.write_str("money needs an ISO 4217 currency code as unit")
            }
            Problem::BasisWithout(measure) => write!(f, "a {measure} figure has no basis"),
        }
    }
}

/// One occurrence of the fact's figure, with the document it is in.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceMention {
    pub doc_id: DocId,
    pub mention: Mention,
}

/// A figure under review.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewFact {
    pub id: FactId,
    /// Every place the figure is reported. Empty only for a fact split off and then merged
    /// back (by undo); such a fact is hidden everywhere.
    pub mentions: Vec<SourceMention>,
    /// What the extractor read (of the first mention).
    pub original: FactFields,
    /// What the analyst says it is (equal to `original` until edited).
    pub fields: FactFields,
    pub status: Status,
    pub note: String,
    /// Cached display text of `fields.value`/`value_max`, so the table formats nothing per frame.
    pub value_text: String,
    /// Added by the analyst from a selection, not found by the extractor.
    pub added_by_hand: bool,
}

impl ReviewFact {
    pub fn new(id: FactId, mentions: Vec<SourceMention>, original: FactFields) -> Self {
        let value_text = original.value_text();
        ReviewFact {
            id,
            mentions,
            fields: original.clone(),
            original,
            status: Status::Unreviewed,
            note: String::new(),
            value_text,
            added_by_hand: false,
        }
    }

    pub fn is_live(&self) -> bool {
        !self.mentions.is_empty()
    }

    pub fn is_edited(&self) -> bool {
        self.fields != self.original
    }

    /// How many documents the fact's mentions are in: more than one means verifying it decides
    /// for several articles at once, which the window says.
    pub fn document_count(&self) -> usize {
        let mut docs: Vec<DocId> = self.mentions.iter().map(|m| m.doc_id).collect();
        docs.sort_unstable();
        docs.dedup();
        docs.len()
    }

    /// The first mention: the one the source panel opens on.
    pub fn primary(&self) -> Option<&SourceMention> {
        self.mentions.first()
    }
}
