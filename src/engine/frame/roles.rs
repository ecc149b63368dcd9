//! Inside one clause: the predicate that governs a figure, the comparison that gives its basis,
//! and the noun phrase it measures.
//!
//! Chinese statistical prose puts these in a steady order, `[time] subject [basis] predicate
//! figure` (`前三季度 国内生产总值 同比 增长 6.7%`), so each is read leftwards from the figure:
//! the predicate right before it (only fillers such as `了`, `到`, `为` may stand between), the
//! comparison before the predicate, and the subject before both, up to the start of the clause.

use super::periods::TimePhrase;
use crate::engine::lexicon::{WordTable, rows};
use crate::engine::subject::SubjectFinder;
use crate::fact::Direction;

const PREDICATES: &str = include_str!("../../../assets/frame_predicates.tsv");
const BASES: &str = include_str!("../../../assets/frame_bases.tsv");
const HEADS: &str = include_str!("../../../assets/frame_heads.txt");
const SKIPS: &str = include_str!("../../../assets/frame_skip.txt");
const HOLDERS: &str = include_str!("../../../assets/frame_holders.txt");

/// What a predicate makes of the figure it governs (`assets/frame_predicates.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Growth(Option<Direction>),
    Change(Option<Direction>),
    Level,
    Share,
    Gap(Option<Direction>),
    Rate(Option<Direction>),
}

impl Role {
    pub fn direction(self) -> Option<Direction> {
        match self {
            Role::Growth(d) | Role::Change(d) | Role::Gap(d) | Role::Rate(d) => d,
            Role::Level | Role::Share => None,
        }
    }
}

/// A comparison word (`assets/frame_bases.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BasisWord {
    Yoy,
    Mom,
    LastYear,
    LastYearEnd,
    /// `比`, `较`, `与…相比`: the basis is the time phrase after it, or another series (a gap).
    Marker,
}

/// The frame's word lists, parsed once.
#[derive(Debug)]
pub struct RoleWords {
    /// Stored reversed: looked up leftwards from a figure.
    predicates: WordTable<Role>,
    bases: WordTable<BasisWord>,
    heads: WordTable<()>,
    skips: WordTable<()>,
    skips_reversed: WordTable<()>,
    /// Holder words (`assets/frame_holders.txt`), `true` for the reporting unit itself.
    holders: std::collections::HashMap<&'static str, bool>,
}

impl RoleWords {
    pub fn bundled() -> Self {
        let mut predicates = WordTable::default();
        for row in rows(PREDICATES) {
            let direction = match row.get(2).copied() {
                Some("up") => Some(Direction::Up),
                Some("down") => Some(Direction::Down),
                _ => None,
            };
            let role = match row.get(1).copied() {
                Some("growth") => Role::Growth(direction),
                Some("change") => Role::Change(direction),
                Some("level") => Role::Level,
                Some("share") => Role::Share,
                Some("gap") => Role::Gap(direction),
                Some("rate") => Role::Rate(direction),
                other => panic!("assets/frame_predicates.tsv: bad role {other:?} in {row:?}"),
            };
            predicates.insert_reversed(row[0], role);
        }
        let mut bases = WordTable::default();
        for row in rows(BASES) {
            let basis = match row.get(1).copied() {
                Some("yoy") => BasisWord::Yoy,
                Some("mom") => BasisWord::Mom,
                Some("last_year") => BasisWord::LastYear,
                Some("last_year_end") => BasisWord::LastYearEnd,
                Some("explicit") => BasisWord::Marker,
                other => panic!("assets/frame_bases.tsv: bad basis {other:?} in {row:?}"),
            };
            bases.insert(row[0], basis);
        }
        let mut heads = WordTable::default();
        for row in rows(HEADS) {
            heads.insert_reversed(row[0], ());
        }
        let (mut skips, mut skips_reversed) = (WordTable::default(), WordTable::default());
        for row in rows(SKIPS) {
            skips.insert(row[0], ());
            skips_reversed.insert_reversed(row[0], ());
        }
        let holders = rows(HOLDERS)
            .map(|row| (row[0], row.get(1) == Some(&"self")))
            .collect();
        RoleWords {
            predicates,
            bases,
            heads,
            skips,
            skips_reversed,
            holders,
        }
    }

    /// The measured-property word a phrase ends with (`增加值` of `工业增加值`), in chars.
    pub fn head_len(&self, phrase: &[char]) -> Option<usize> {
        self.head(phrase).map(<[char]>::len)
    }

    /// That property word itself, before any bracketed qualifier (`投资` of `固定资产投资(不含农户)`).
    pub fn head<'p>(&self, phrase: &'p [char]) -> Option<&'p [char]> {
        let bare = without_bracket(phrase);
        self.heads
            .longest_ending_at(bare, bare.len())
            .map(|(len, _)| &bare[bare.len() - len..])
    }
}

/// A predicate found before a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Predicate {
    pub start: usize,
    pub role: Role,
}

/// A comparison found before a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Comparison {
    pub start: usize,
    pub end: usize,
    pub word: BasisWord,
}

/// Chars that may stand between a verb and the figure it governs (`增长了`, `增长到`, `为`).
fn is_filler(c: char) -> bool {
    matches!(
        c,
        '了' | '到' | '至' | '为' | '达' | '约' | '近' | '共' | '有' | '的' | '分' | '别' | '计'
    )
}

/// How far after a figure (past its `的`) a change word naming it may end.
const AFTER_WINDOW: usize = 5;

/// How far a copula may stand before the `的` of what a multiple compares with.
const MAX_COMPARED: usize = 14;

/// How far a verb may stand from its figure.
const MAX_FILLER: usize = 3;

/// Chars after `比` that make it part of a word (`比重`, `比例`), not a comparison.
fn continues_bi_word(c: char) -> bool {
    matches!(
        c,
        '重' | '例' | '率' | '值' | '分' | '赛' | '如' | '方' | '拼' | '较'
    )
}

pub struct ClauseReader<'a> {
    pub text: &'a [char],
    pub words: &'a RoleWords,
    /// Whether the time phrases given to [`ClauseReader::noun_phrase`] are in order of their
    /// ends (as `time_phrases` finds them), so that it can walk them instead of searching them
    /// at every char.
    pub times_in_order: bool,
}

impl ClauseReader<'_> {
    /// The predicate governing the figure at `figure`, read leftwards inside `[from, figure)`: a
    /// verb with only fillers between it and the figure; a copula (`为`) hands over to a rate or
    /// share noun before it (`增速为3.7%`, `比重为35%`); a share verb may stand further off
    /// (`占出口总值的58.2%`). A one-char gap word (`快`, `低`) counts only after `比`/`较`.
    pub fn predicate(&self, from: usize, figure: usize) -> Option<Predicate> {
        let mut nearest: Option<Predicate> = None;
        let mut end = figure;
        while end > from && figure - end <= MAX_FILLER {
            if let Some((len, &role)) = self.words.predicates.longest_ending_at(self.text, end)
                && end - len >= from
                && self.valid_gap(from, end - len, len, role)
            {
                nearest = Some(Predicate {
                    start: end - len,
                    role,
                });
                break;
            }
            if !is_filler(self.text[end - 1]) {
                break;
            }
            end -= 1;
        }
        // `是2020年同期的3倍`, `相当于全国平均水平的1.5倍`: a copula further off, with what the
        // figure is compared with between it and the `的` before the figure.
        if nearest.is_none() && figure > from && self.text[figure - 1] == '的' {
            nearest = self.copula_before(from, figure - 1);
        }
        let copula = matches!(
            nearest,
            None | Some(Predicate {
                role: Role::Level,
                ..
            })
        );
        if copula {
            let before = nearest.map_or(figure, |p| p.start);
            if let Some(noun) = self.rate_or_share_before(from, before) {
                return Some(noun);
            }
        }
        nearest
    }

    /// A change named after the figure (`实现35%的大幅增长`, `5%的降幅`): `的`, then within a few
    /// chars a growth or change word. Its start is reported as `at`, where the figure's own
    /// predicate (or the figure) stands, since the subject is read before it.
    pub fn predicate_after(&self, end: usize, clause_end: usize, at: usize) -> Option<Predicate> {
        if self.text.get(end) != Some(&'的') {
            return None;
        }
        let last = (end + 1 + AFTER_WINDOW).min(clause_end);
        (end + 2..=last).find_map(|e| {
            let (len, &role) = self.words.predicates.longest_ending_at(self.text, e)?;
            (e - len > end && matches!(role, Role::Growth(_) | Role::Change(_) | Role::Rate(_)))
                .then_some(Predicate { start: at, role })
        })
    }

    /// The length of a rate word (`增速`, `降幅`) that ends `phrase`, if one does.
    pub fn rate_suffix(&self, phrase: &str) -> Option<usize> {
        with_chars(phrase, |chars| {
            match self.words.predicates.longest_ending_at(chars, chars.len()) {
                Some((len, Role::Rate(_))) => Some(len),
                _ => None,
            }
        })
    }

    /// Whether `word` is a share noun (`比重`, `占比`).
    pub fn is_share_word(&self, word: &str) -> bool {
        with_chars(word, |chars| {
            matches!(
                self.words.predicates.longest_ending_at(chars, chars.len()),
                Some((len, Role::Share)) if len == chars.len()
            )
        })
    }

    /// Whether `word` names the reporting unit itself (`我国`, `本市`).
    pub fn is_self_holder(&self, word: &str) -> bool {
        self.words.holders.get(word) == Some(&true)
    }

    fn valid_gap(&self, from: usize, start: usize, len: usize, role: Role) -> bool {
        if !matches!(role, Role::Gap(_)) || len > 1 {
            return true;
        }
        self.text[from..start]
            .iter()
            .any(|&c| c == '比' || c == '较')
    }

    /// `是`, `为` or `相当于` within a few words before `before`.
    fn copula_before(&self, from: usize, before: usize) -> Option<Predicate> {
        let lowest = before.saturating_sub(MAX_COMPARED).max(from);
        (lowest..before).rev().find_map(|i| {
            let word: &[char] = match self.text[i] {
                '是' => &['是'],
                '为' => &['为'],
                '相' if self.text[i..before].starts_with(&['相', '当', '于']) => {
                    &['相', '当', '于']
                }
                _ => return None,
            };
            (i + word.len() <= before).then_some(Predicate {
                start: i,
                role: Role::Level,
            })
        })
    }

    /// The nearest rate or share word in `[from, before)`; for a share, its `占` if one opens it.
    fn rate_or_share_before(&self, from: usize, before: usize) -> Option<Predicate> {
        let mut end = before;
        while end > from {
            if let Some((len, &role)) = self.words.predicates.longest_ending_at(self.text, end)
                && end - len >= from
                && matches!(role, Role::Share | Role::Rate(_))
            {
                let mut start = end - len;
                if role == Role::Share
                    && let Some(zhan) = self.text[from..start].iter().rposition(|&c| c == '占')
                {
                    start = from + zhan;
                }
                return Some(Predicate { start, role });
            }
            end -= 1;
        }
        None
    }

    /// The comparison word nearest before `before` in `[from, before)`.
    pub fn comparison(&self, from: usize, before: usize) -> Option<Comparison> {
        let mut found = None;
        let mut i = from;
        while i < before {
            match self.words.bases.longest_at(self.text, i) {
                Some((len, &word)) if i + len <= before => {
                    let real = word != BasisWord::Marker || self.is_marker(i, before);
                    if real {
                        found = Some(Comparison {
                            start: i,
                            end: i + len,
                            word,
                        });
                    }
                    i += len;
                }
                _ => i += 1,
            }
        }
        found
    }

    /// Whether the marker at `i` compares: `比`/`较` not inside a word; `与`/`同`/`相比` only with
    /// `相比`/`比较` later in the clause (`与2018年相比`), else they join nouns (`中国同中亚`).
    fn is_marker(&self, i: usize, before: usize) -> bool {
        let c = self.text[i];
        let next = self.text.get(i + 1).copied();
        match c {
            '比' => {
                let prev = i.checked_sub(1).map(|p| self.text[p]);
                !next.is_some_and(continues_bi_word)
                    && !prev.is_some_and(|p| {
                        matches!(
                            p,
                            '对' | '相'
                                | '评'
                                | '类'
                                | '无'
                                | '好'
                                | '攀'
                                | '排'
                                | '百'
                                | '正'
                                | '反'
                                | '占'
                        )
                    })
            }
            '较' => !next.is_some_and(|n| {
                matches!(
                    n,
                    '为' | '大'
                        | '多'
                        | '少'
                        | '快'
                        | '慢'
                        | '好'
                        | '高'
                        | '低'
                        | '强'
                        | '弱'
                        | '长'
                        | '短'
                )
            }),
            '与' | '同' => {
                let rest = &self.text[i + 1..before];
                rest.windows(2)
                    .any(|w| w == ['相', '比'] || w == ['比', '较'])
            }
            _ => false,
        }
    }

    /// Whether `chars` is nothing but skip words (`按可比价格计算`, `其中`).
    pub fn is_skip(&self, chars: &[char]) -> bool {
        let mut i = 0;
        while i < chars.len() {
            match self.words.skips.longest_at(chars, i) {
                Some((len, _)) => i += len,
                None => return false,
            }
        }
        true
    }

    /// The measured noun phrase that ends right before `end`, no further left than `from`:
    /// time phrases (given as `times`), clause-opening and adverbial words and parenthesised
    /// asides are dropped, then jieba's tags are read leftwards, taking nouns and what joins them
    /// (`中国同中亚五国贸易额`, `全国规模以上工业增加值`) and stopping at a verb, a preposition or a
    /// time word.
    pub fn noun_phrase(
        &self,
        subjects: &SubjectFinder,
        from: usize,
        end: usize,
        times: &[TimePhrase],
    ) -> String {
        // A bracketed qualifier right after the phrase belongs to it: `固定资产投资(不含农户)`.
        let (end, qualifier) = self.trailing_bracket(from, end);
        let kept = self.strip(from, end, times);
        if kept.is_empty() {
            return String::new();
        }
        // jieba needs only the end of a long clause: the phrase is at most MAX_SUBJECT chars, and
        // the margin keeps the words it may reach segmented as in the whole clause.
        let tail = kept.len().saturating_sub(MAX_SUBJECT * 2);
        let window = crate::engine::clean::string_of(&kept[tail..]);
        let tags = subjects.tag(&window);
        let nounish = |t: &crate::engine::segment::Tag| {
            // jieba tags many set phrases `l` (`粮食产量`); a word ending in a property
            // (`出口`, `总额`) names a measure whatever its tag.
            subjects.is_subject_word(t.word, t.tag)
                || t.tag == "l"
                || with_chars(t.word, |chars| self.words.head_len(chars).is_some())
        };
        let mut word_chars: Vec<char> = Vec::new();
        let mut words: Vec<&str> = Vec::new();
        let mut chars = 0;
        let mut in_brackets = false;
        for (k, t) in tags.iter().enumerate().rev() {
            let len = t.word.chars().count();
            if chars + len > MAX_SUBJECT {
                break;
            }
            let left = k.checked_sub(1).map(|l| &tags[l]);
            // A time word the publication date could not resolve (`去年` with no date) still
            // is no part of the subject.
            if words.is_empty() && t.tag == "t" {
                continue;
            }
            word_chars.clear();
            word_chars.extend(t.word.chars());
            if !words.is_empty() && self.is_skip(&word_chars) {
                // `公司实现营业收入`, `茅台酒期内营业收入`: a light verb or time word between a holder
                // and its property is left out, and the holder still read.
                if left.is_some_and(&nounish) {
                    continue;
                }
                break;
            }
            let accepted = if words.is_empty() {
                nounish(t)
            } else {
                nounish(t)
                    || in_brackets
                    || is_bracket(t.word)
                    || matches!(t.tag, "b" | "a" | "f" | "m" | "q" | "uj" | "s" | "h" | "k")
                    || joins_nouns(t.word, t.tag)
                    || is_quote(t.word)
                    || t.word == "对"
                    || self.words.holders.contains_key(t.word)
                    // A verb inside a compound (`国有控股企业`) between two noun words.
                    || (t.tag == "v" && left.is_some_and(|l| nounish(l) || l.tag == "b"))
            };
            if !accepted {
                break;
            }
            // Read leftwards, `)` opens a short aside inside the phrase (`广义货币(M2)余额`).
            match t.word {
                ")" | "）" => in_brackets = true,
                "(" | "（" => in_brackets = false,
                _ => {}
            }
            words.push(t.word);
            chars += len;
        }
        while words
            .last()
            .is_some_and(|w| joins_nouns(w, "") || matches!(*w, "的" | "对"))
        {
            words.pop();
        }
        words.reverse();
        let phrase = balance_quotes(&words.concat());
        match qualifier {
            Some(q) if !phrase.is_empty() => phrase + &q,
            _ => phrase,
        }
    }

    /// A bracketed group `(…)` that ends `[from, end)`: the end before it, and the group's text.
    fn trailing_bracket(&self, from: usize, end: usize) -> (usize, Option<String>) {
        if end <= from + 1 {
            return (end, None);
        }
        let close = end.checked_sub(1).map(|i| self.text[i]);
        let open = match close {
            Some(')') => '(',
            Some('）') => '（',
            _ => return (end, None),
        };
        let Some(at) = self.text[from..end - 1].iter().rposition(|&c| c == open) else {
            return (end, None);
        };
        let at = from + at;
        if end - at > MAX_SUBJECT + 2 {
            return (end, None);
        }
        (at, Some(self.text[at..end].iter().collect()))
    }

    /// `[from, end)` without time phrases (the part after the last one, or before it when nothing
    /// follows), asides in brackets, and skip words at either end.
    fn strip(&self, from: usize, end: usize, times: &[TimePhrase]) -> Vec<char> {
        // The text is cut into pieces at each time phrase; only the last piece that holds
        // anything is kept, so only it and the current one are.
        let (mut piece, mut last_full) = (Vec::new(), Vec::new());
        let mut depth = 0u32;
        let mut i = from;
        let mut t = times.partition_point(|p| p.end <= i);
        while i < end {
            if self.times_in_order {
                while times.get(t).is_some_and(|p| p.end <= i) {
                    t += 1;
                }
            } else {
                t = times.partition_point(|p| p.end <= i);
            }
            if let Some(p) = times.get(t).filter(|p| p.start <= i) {
                if !piece.is_empty() {
                    std::mem::swap(&mut piece, &mut last_full);
                }
                piece.clear();
                i = p.end;
                continue;
            }
            let c = self.text[i];
            // A short aside stays in (`企(事)业单位`, `广义货币(M2)`); a long one goes.
            let short_aside = matches!(c, '（' | '(')
                && self.text[i..end]
                    .iter()
                    .take(MAX_ASIDE + 2)
                    .any(|&d| d == '）' || d == ')');
            match c {
                '（' | '(' if short_aside && depth == 0 => piece.push(c),
                '）' | ')' if depth == 0 => piece.push(c),
                '（' | '(' | '[' | '【' => depth += 1,
                '）' | ')' | ']' | '】' => depth = depth.saturating_sub(1),
                _ if depth == 0 => piece.push(c),
                _ => {}
            }
            i += 1;
        }
        let mut kept = if piece.is_empty() { last_full } else { piece };
        // `一、广义货币…`: a list marker opens the line, not the subject.
        if let Some(mark) = kept.iter().position(|&c| c == '、')
            && mark > 0
            && kept[..mark]
                .iter()
                .all(|&c| crate::engine::numeral::is_numeral_char(c))
        {
            kept.drain(..=mark);
        }
        loop {
            let before = kept.len();
            while let Some((len, _)) = self.words.skips.longest_at(&kept, 0) {
                kept.drain(..len);
            }
            while let Some((len, _)) = self
                .words
                .skips_reversed
                .longest_ending_at(&kept, kept.len())
            {
                kept.truncate(kept.len() - len);
            }
            if kept.len() == before {
                break;
            }
        }
        kept
    }
}

/// Runs `f` on the chars of `s`, held on the stack when they are few (as words and subjects
/// are): this is asked several times a figure, and a vector each time cost more than the
/// lookup it served.
pub(crate) fn with_chars<R>(s: &str, f: impl FnOnce(&[char]) -> R) -> R {
    const ON_STACK: usize = 32;
    let mut buf = ['\0'; ON_STACK];
    let mut n = 0;
    for c in s.chars() {
        let Some(slot) = buf.get_mut(n) else {
            let chars: Vec<char> = s.chars().collect();
            return f(&chars);
        };
        *slot = c;
        n += 1;
    }
    f(&buf[..n])
}

/// The longest aside in brackets kept inside a subject, in chars.
const MAX_ASIDE: usize = 6;

fn is_bracket(word: &str) -> bool {
    matches!(word, "(" | ")" | "（" | "）")
}

/// The longest subject taken, in chars: a holder and its property, not the whole clause.
const MAX_SUBJECT: usize = 24;

/// `phrase` without a bracketed qualifier at its end (`固定资产投资(不含农户)` → `固定资产投资`).
fn without_bracket(phrase: &[char]) -> &[char] {
    let open = match phrase.last() {
        Some(')') => '(',
        Some('）') => '（',
        _ => return phrase,
    };
    match phrase.iter().rposition(|&c| c == open) {
        Some(at) => &phrase[..at],
        None => phrase,
    }
}

fn is_quote(word: &str) -> bool {
    matches!(word, "“" | "”" | "\"" | "‘" | "’" | "《" | "》")
}

/// A subject keeps the quotation marks of a name it holds (`“一带一路”沿线国家`), but not one
/// left open where the phrase was cut.
fn balance_quotes(phrase: &str) -> String {
    let pairs = [('“', '”'), ('‘', '’'), ('《', '》')];
    let mut out: String = phrase.to_string();
    for (open, close) in pairs {
        if out.matches(open).count() != out.matches(close).count() {
            out = out.replace([open, close], "");
        }
    }
    if out.matches('"').count() % 2 == 1 {
        out = out.replace('"', "");
    }
    out
}

/// Words that join two nouns inside one subject (`中国同中亚`, `服装、鞋靴`).
pub fn joins_nouns(word: &str, tag: &str) -> bool {
    matches!(
        word,
        "同" | "和" | "与" | "及" | "以及" | "、" | "—" | "-" | "·"
    ) || tag == "c" && word == "和"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chars_on_the_stack_are_the_chars() {
        for s in [
            "",
            "增长",
            "a增b",
            &"国内生产总值".repeat(5),
            &"x".repeat(32),
            &"y".repeat(33),
        ] {
            let expected: Vec<char> = s.chars().collect();
            assert_eq!(with_chars(s, <[char]>::to_vec), expected, "{s}");
        }
    }
}
