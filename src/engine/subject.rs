//! What a figure measures: the noun phrase next to it, found with jieba's part-of-speech tags.
//!
//! A classifier or currency usually leads into its noun (`3000个培训名额` → `培训名额`,
//! `15亿元人民币无偿援助` → `无偿援助`); otherwise the subject is the nearest noun phrase before
//! the figure in the same clause, past verbs and time words (`双边贸易额去年达到948亿美元` →
//! `双边贸易额`). Only a small window around the figure is segmented, which keeps this cheap.

use rustc_hash::FxHashSet;

use crate::engine::clean;
use crate::engine::segment::{self, Tag};
use crate::fact::Kind;

/// How many chars around a figure are segmented.
const FORWARD_WINDOW: usize = 10;
const BACKWARD_WINDOW: usize = 16;
/// How many non-noun words may stand between the subject and a figure that follows it.
const MAX_SKIPPED: usize = 4;
/// Words in a subject found before the figure: its head and one modifier (`双边` + `贸易额`).
/// Further back come the owners of the figure (`中亚国家`), which are not what is measured.
const MAX_WORDS_BEFORE: usize = 2;

/// Words that are never a subject (`同比`, `去年`, `累计`), from `assets/not_subjects.txt`; asked
/// of nearly every tagged word, so hashed with FxHash.
const NOT_SUBJECTS: &str = include_str!("../../assets/not_subjects.txt");

pub struct SubjectFinder {
    not_subjects: FxHashSet<&'static str>,
}

fn is_noun_tag(tag: &str) -> bool {
    matches!(
        tag,
        "n" | "nr" | "ns" | "nt" | "nz" | "ng" | "vn" | "an" | "nrt" | "nrfg" | "j" | "eng"
    )
}

/// Tags that may modify a noun inside a phrase (`双边`, `主要`).
fn is_modifier_tag(tag: &str) -> bool {
    matches!(tag, "b" | "a")
}

fn is_joiner(word: &str) -> bool {
    matches!(word, "—" | "-" | "·")
}

/// Chars that end a clause: the subject is looked for inside the figure's clause only.
fn ends_clause(c: char) -> bool {
    matches!(
        c,
        '，' | ','
            | '。'
            | '；'
            | ';'
            | '！'
            | '？'
            | '!'
            | '?'
            | '：'
            | ':'
            | '\n'
            | '“'
            | '”'
            | '"'
            | '（'
            | '）'
            | '('
            | ')'
            | '《'
            | '》'
    )
}

impl Default for SubjectFinder {
    fn default() -> Self {
        Self::new()
    }
}

impl SubjectFinder {
    pub fn new() -> Self {
        let not_subjects = NOT_SUBJECTS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        SubjectFinder { not_subjects }
    }

    /// Words and part-of-speech tags of `text`, for the frame's noun-phrase reading.
    pub(crate) fn tag<'t>(&self, text: &'t str) -> Vec<Tag<'t>> {
        segment::tag(text)
    }

    /// Whether jieba keeps `text` as one word.
    pub(crate) fn is_one_word(&self, text: &str) -> bool {
        segment::is_one_word(text)
    }

    /// Whether `word` (tagged `tag`) can be part of a measured noun phrase.
    pub(crate) fn is_subject_word(&self, word: &str, tag: &str) -> bool {
        is_noun_tag(tag) && !self.not_subjects.contains(word)
    }

    /// The subject of the figure at cleaned span `[start, end)` of `text`.
    pub fn subject(&self, text: &[char], start: usize, end: usize, kind: Kind) -> String {
        match kind {
            Kind::Date | Kind::Period => String::new(),
            Kind::Percent | Kind::Duration => {
                let before = self.before(text, start);
                if before.is_empty() {
                    self.after(text, end)
                } else {
                    before
                }
            }
            Kind::Money | Kind::Quantity | Kind::Ordinal => {
                let after = self.after(text, end);
                if after.is_empty() {
                    self.before(text, start)
                } else {
                    after
                }
            }
        }
    }

    /// The noun phrase a classifier or currency at the end of a figure leads into (`3000个培训名额`).
    pub(crate) fn after(&self, text: &[char], end: usize) -> String {
        let mut stop = end;
        while stop < text.len() && stop < end + FORWARD_WINDOW && !ends_clause(text[stop]) {
            stop += 1;
        }
        if stop == end {
            // Nothing to segment (the figure ends its clause): no phrase.
            return String::new();
        }
        let window = clean::string_of(&text[end..stop]);
        let window = window.strip_prefix('的').unwrap_or(&window);
        let tags = segment::tag(window);
        let mut phrase = String::new();
        let mut has_noun = false;
        for t in &tags {
            if self.is_subject_word(t.word, t.tag) {
                has_noun = true;
                phrase.push_str(t.word);
            } else if (is_modifier_tag(t.tag) && !has_noun) || (is_joiner(t.word) && has_noun) {
                phrase.push_str(t.word);
            } else {
                break;
            }
        }
        if has_noun {
            let kept = phrase.trim_end_matches(is_joiner_char).len();
            phrase.truncate(kept);
            phrase
        } else {
            String::new()
        }
    }

    fn before(&self, text: &[char], start: usize) -> String {
        let mut from = start;
        while from > 0 && from + BACKWARD_WINDOW > start && !ends_clause(text[from - 1]) {
            from -= 1;
        }
        if from == start {
            // Nothing to segment (the figure opens its clause): no phrase.
            return String::new();
        }
        let window = clean::string_of(&text[from..start]);
        let tags = segment::tag(&window);
        let mut words: Vec<&str> = Vec::new();
        let mut skipped = 0;
        for t in tags.iter().rev() {
            let content_words = words.iter().filter(|w| !is_joiner(w)).count();
            if content_words == MAX_WORDS_BEFORE {
                break;
            }
            if self.is_subject_word(t.word, t.tag) || (!words.is_empty() && is_joiner(t.word)) {
                words.push(t.word);
            } else if !words.is_empty() && is_modifier_tag(t.tag) {
                // A modifier opens the phrase: `主要` in `主要产品`.
                words.push(t.word);
                break;
            } else if words.is_empty() && skipped < MAX_SKIPPED {
                skipped += 1;
            } else {
                break;
            }
        }
        words.reverse();
        let phrase = words.concat();
        let dropped = phrase.len() - phrase.trim_start_matches(is_joiner_char).len();
        if dropped == 0 {
            phrase
        } else {
            phrase[dropped..].to_string()
        }
    }
}

fn is_joiner_char(c: char) -> bool {
    matches!(c, '—' | '-' | '·')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject_of(sentence: &str, figure: &str, kind: Kind) -> String {
        let text: Vec<char> = sentence.chars().collect();
        let byte = sentence.find(figure).unwrap();
        let start = sentence[..byte].chars().count();
        let end = start + figure.chars().count();
        SubjectFinder::new().subject(&text, start, end, kind)
    }

    #[test]
    fn classifier_leads_into_its_noun() {
        assert_eq!(
            subject_of(
                "未来两年向中亚国家提供3000个培训名额，",
                "3000个",
                Kind::Quantity
            ),
            "培训名额"
        );
    }

    #[test]
    fn comparison_words_are_not_subjects() {
        assert_eq!(
            subject_of("出口同比增长35%，", "35%", Kind::Percent),
            "出口"
        );
    }

    #[test]
    fn figure_at_clause_end_looks_back() {
        assert_eq!(
            subject_of(
                "中国同中亚国家双边贸易额去年达到948亿美元，",
                "948亿美元",
                Kind::Money
            ),
            "双边贸易额"
        );
    }
}
