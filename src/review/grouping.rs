//! Which mentions report the same figure. Two mentions are one fact when their reading is the
//! same (kind, value, range end, unit) and their subjects do not contradict each other: one is
//! empty, or they share a two-character word piece (`贸易额` and `双边贸易额`). Grouping is a
//! suggestion; the analyst can split a fact whose grouping is wrong.

use crate::fact::{Kind, Mention};

/// The normalised reading of a figure.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FigureKey {
    kind: Kind,
    value: String,
    value_max: Option<String>,
    unit: Option<String>,
}

impl FigureKey {
    pub fn of(m: &Mention) -> Self {
        FigureKey {
            kind: m.kind,
            value: m.value.to_string(),
            value_max: m.value_max.as_ref().map(ToString::to_string),
            unit: m.unit.clone(),
        }
    }
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

    #[test]
    fn subjects_that_share_a_word_piece_are_compatible() {
        assert!(subjects_compatible("贸易额", "双边贸易额"));
        assert!(subjects_compatible("", "培训名额"));
        assert!(subjects_compatible("城数量", "城数量"));
        assert!(!subjects_compatible("风能项目", "时间维度"));
        assert!(!subjects_compatible("共同体理念", "中央指导组"));
        assert!(!subjects_compatible("树", "项目"));
    }
}
