//! Which mentions report the same figure, by their frame (FACTS.md, "The frame"). The same value
//! for two different periods or subjects is two facts, so:
//! - money, percent and quantity mentions are one fact when their reading (kind, value, range end,
//!   unit) and their frame (measure, direction, basis) agree and both name the same subject and
//!   the same period;
//! - date and period mentions are one fact when they resolve to the same complete (year-bearing)
//!   period;
//! - durations and ordinals keep the reading and a compatible subject.
//!
//! A mention whose subject or period is unknown is never joined with another: a guess there would
//! merge figures the analyst then has to split. Grouping is a suggestion; the analyst can split a
//! fact whose grouping is wrong.

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
    /// The exact subject where it must agree; empty for durations and ordinals, whose subjects
    /// need only be compatible.
    subject: String,
    period: Option<String>,
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
                Some(reading(subject.to_string(), Some(period.to_string())))
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
                })
            }
            Kind::Duration | Kind::Ordinal => Some(reading(String::new(), None)),
        }
    }

    /// Whether mentions under this key also need compatible subjects (durations, ordinals).
    pub fn needs_compatible_subjects(&self) -> bool {
        matches!(self.kind, Kind::Duration | Kind::Ordinal)
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

/// Whether two subjects can name the same thing.
pub fn subjects_compatible(a: &str, b: &str) -> bool {
    if a.is_empty() || b.is_empty() || a == b {
        return true;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() < 2 || b.len() < 2 {
        // A one-character subject shares with a longer one only by containment.
        let (short, long) = if a.len() < b.len() {
            (&a, &b)
        } else {
            (&b, &a)
        };
        return long.contains(&short[0]);
    }
    a.windows(2)
        .any(|pair| b.windows(2).any(|other| other == pair))
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
    fn subjects_that_share_a_word_piece_are_compatible() {
        assert!(subjects_compatible("贸易额", "双边贸易额"));
        assert!(subjects_compatible("", "培训名额"));
        assert!(subjects_compatible("城数量", "城数量"));
        assert!(!subjects_compatible("风能项目", "时间维度"));
        assert!(!subjects_compatible("共同体理念", "中央指导组"));
        assert!(!subjects_compatible("树", "项目"));
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
    fn periods_are_complete_only_with_a_year_at_each_end() {
        for complete in ["2019", "2016-01/2016-09", "2025-06-18", "2025/2026"] {
            assert!(is_complete_period(complete), "{complete}");
        }
        for partial in ["--01/--09", "---18", "--06-18", "2016-01/--09", ""] {
            assert!(!is_complete_period(partial), "{partial}");
        }
    }
}
