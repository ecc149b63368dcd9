//! Which mentions report the same figure, by their frame (FACTS.md, "The frame"). The same value
//! for two different periods or subjects is two facts, so:
//! - money, percent and quantity mentions are one fact when their reading (kind, value, range end,
//!   unit) and their frame (measure, direction, basis) agree and both name the same subject and
//!   the same period;
//! - date and period mentions are one fact when they resolve to the same complete (year-bearing)
//!   period;
//! - durations and ordinals, which have no measure, are one fact when their reading agrees and
//!   both name the same subject (and the same period, if any: `第二届` of one summit).
//!
//! A mention whose subject (or, for a figure, period) is unknown is never joined with another: a
//! guess there would merge figures the analyst then has to split (`两年前` in two articles is two
//! different years). A period without its year (`--07/--09`, `三季度` of a report with no known
//! date) is known only inside its own document: such mentions join only mentions of the same
//! document, never the `三季度` of another year's report. Grouping is a suggestion; the analyst
//! can split a fact whose grouping is wrong, and merge facts that belong together.

use crate::fact::{Direction, Kind, Measure, Mention};

/// What must agree for two mentions to be one fact. Built only for mentions that may join others
/// ([`FigureKey::of`] gives `None` for the rest).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FigureKey {
    kind: Kind,
    value: String,
    value_max: Option<String>,
    unit: Option<String>,
    measure: Option<Measure>,
    direction: Option<Direction>,
    basis: Option<String>,
    subject: String,
    period: Option<String>,
    /// The document, when the period is not complete: a partial or missing time means the same
    /// thing only within one document (one publication date).
    within: Option<String>,
}

impl FigureKey {
    /// The key `m` groups under, or `None` when `m` must stay a fact of its own.
    pub fn of(m: &Mention) -> Option<Self> {
        let reading = |subject: String, period: Option<String>| FigureKey {
            kind: m.kind,
            value: m.value.to_string(),
            value_max: m.value_max.as_ref().map(ToString::to_string),
            unit: m.unit.clone(),
            measure: m.measure,
            direction: m.direction,
            basis: m.basis.clone(),
            within: (!period.as_deref().is_some_and(is_complete_period)).then(|| m.doc.clone()),
            subject,
            period,
        };
        match m.kind {
            Kind::Money | Kind::Percent | Kind::Quantity => {
                let subject = m.subject.trim();
                let period = m.period.as_deref().filter(|p| !p.trim().is_empty())?;
                if subject.is_empty() {
                    return None;
                }
                Some(reading(
                    subject.to_string(),
                    Some(period.trim().to_string()),
                ))
            }
            Kind::Date | Kind::Period => {
                let period = m.period.as_deref().filter(|p| is_complete_period(p))?;
                // The resolved period is the figure; how the text wrote it does not matter.
                Some(FigureKey {
                    kind: m.kind,
                    value: String::new(),
                    value_max: None,
                    unit: None,
                    measure: None,
                    direction: None,
                    basis: None,
                    subject: String::new(),
                    period: Some(period.to_string()),
                    within: None,
                })
            }
            Kind::Duration | Kind::Ordinal => {
                let subject = m.subject.trim();
                if subject.is_empty() {
                    return None;
                }
                let period = m.period.as_deref().map(str::trim).filter(|p| !p.is_empty());
                Some(reading(subject.to_string(), period.map(str::to_string)))
            }
        }
    }
}

/// Whether an ISO date or interval names a year at each end (`2016-01/2016-09`, `2019`), rather
/// than leaving it open (`--01/--09`, `---18`).
pub fn is_complete_period(period: &str) -> bool {
    let period = period.trim();
    !period.is_empty()
        && period
            .split('/')
            .all(|end| end.len() >= 4 && end.as_bytes()[..4].iter().all(u8::is_ascii_digit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fact::Value;
    use rust_decimal::Decimal;

    fn money(subject: &str, period: Option<&str>) -> Mention {
        Mention {
            doc: "a.txt".into(),
            start: 0,
            end: 7,
            surface: "948亿美元".into(),
            kind: Kind::Money,
            value: Value::number(Decimal::from(94_800_000_000u64)),
            value_max: None,
            unit: Some("USD".into()),
            approx: None,
            subject: subject.into(),
            sentence: String::new(),
            confidence: 0.9,
            measure: Some(Measure::Level),
            direction: None,
            basis: None,
            period: period.map(Into::into),
            per: None,
        }
    }

    #[test]
    fn a_duration_or_ordinal_joins_only_with_the_same_known_subject() {
        let mut summit = money("中国—中亚峰会", None);
        summit.kind = Kind::Ordinal;
        summit.measure = None;
        summit.unit = Some("届".into());
        assert!(FigureKey::of(&summit).is_some());
        let mut other = summit.clone();
        other.subject = "中国—东盟博览会".into();
        assert_ne!(FigureKey::of(&summit), FigureKey::of(&other));
        other.subject.clear();
        assert!(FigureKey::of(&other).is_none());
    }

    #[test]
    fn a_figure_joins_only_with_a_known_subject_and_period() {
        let a = money("贸易额", Some("2024"));
        assert_eq!(FigureKey::of(&a), FigureKey::of(&a.clone()));
        assert!(FigureKey::of(&money("", Some("2024"))).is_none());
        assert!(FigureKey::of(&money("贸易额", None)).is_none());
        assert_ne!(
            FigureKey::of(&a),
            FigureKey::of(&money("贸易额", Some("2023")))
        );
        assert_ne!(
            FigureKey::of(&a),
            FigureKey::of(&money("双边贸易额", Some("2024")))
        );
        let mut growth = a.clone();
        growth.measure = Some(Measure::Growth);
        assert_ne!(FigureKey::of(&a), FigureKey::of(&growth));
    }

    #[test]
    fn a_period_without_its_year_joins_only_within_its_document() {
        let a = money("贸易额", Some("--07/--09"));
        let mut other_doc = a.clone();
        other_doc.doc = "b.txt".into();
        assert_eq!(FigureKey::of(&a), FigureKey::of(&a.clone()));
        assert_ne!(FigureKey::of(&a), FigureKey::of(&other_doc));
        let complete = money("贸易额", Some("2016-07/2016-09"));
        let mut complete_elsewhere = complete.clone();
        complete_elsewhere.doc = "b.txt".into();
        assert_eq!(FigureKey::of(&complete), FigureKey::of(&complete_elsewhere));
    }

    #[test]
    fn periods_are_complete_only_with_a_year_at_each_end() {
        for complete in ["2019", "2016-01/2016-09", "2025-06-18", "2025/2026"] {
            assert!(is_complete_period(complete), "{complete}");
        }
        for partial in ["--01/--09", "---18", "--06-18", "2016-01/--09", ""] {
            assert!(!is_complete_period(partial), "{partial}");
        }
    }
}
