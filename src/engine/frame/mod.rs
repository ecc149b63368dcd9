//! The frame stage: what each figure says (FACTS.md, "The frame", format version 2).
//!
//! Runs after the grammar has found the figures. The document is read as clauses
//! ([`clauses`]); inside a clause the predicate, comparison and subject of each figure are read
//! leftwards from it ([`roles`]); time phrases are found and resolved against the publication date
//! ([`periods`]). What a clause leaves out is carried, as Chinese statistical prose expects:
//! - the topic (subject) from the clause before in the sentence, then from the passage
//!   (`出口11.46万亿元，同比增长3.7%` — the 3.7% is about 出口 too);
//! - the time from the clause that opened the sentence, then from the passage
//!   (`前三季度，国内生产总值…增长6.7%；第二产业…`);
//! - the basis of a growth from the parallel figure before it (`一季度同比增长6.7%，二季度增长6.7%`).
//!
//! Items of a list share their head's frame; `分别` distributes a list of holders over a list of
//! figures (`服装、塑料制品、鞋靴分别出口…` → `鞋靴出口`).

pub mod clauses;
pub mod periods;
pub mod roles;

use crate::engine::grammar::Figure;
use crate::engine::subject::SubjectFinder;
use crate::fact::{Direction, Frame, Kind, Measure};
use clauses::{Clause, Layout};
use periods::{Point, Time, TimePhrase, TimeWords};
use roles::{BasisWord, ClauseReader, Comparison, Predicate, Role, RoleWords, joins_nouns};

/// A figure's subject and frame.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Framed {
    pub subject: String,
    pub frame: Frame,
}

/// The word lists of the frame stage, parsed once per [`Extractor`](crate::Extractor).
#[derive(Debug)]
pub struct FrameStage {
    times: TimeWords,
    roles: RoleWords,
}

impl Default for FrameStage {
    fn default() -> Self {
        Self::bundled()
    }
}

/// A basis as carried from one figure to the next: resolved only against the figure that uses it
/// (`比上年` is the year before *that* figure's year).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Basis {
    Yoy,
    Mom,
    LastYear,
    LastYearEnd,
    At(Time),
}

/// What carries from clause to clause, reset by sentence and paragraph.
#[derive(Debug, Default)]
struct Carry {
    sentence: usize,
    paragraph: usize,
    /// The subject of the last figure that named its own, in this sentence and in this passage.
    topic: Option<String>,
    passage_topic: Option<String>,
    /// The time that opened a clause of this sentence (or a figure's own), and of the passage.
    time: Option<Time>,
    passage_time: Option<Time>,
    /// The basis of the last figure that named one, per kind of comparison: amounts and their
    /// rates compare alike (`比上年减少162万吨，下降1.2%`), a points figure compares rates, often
    /// with another period (`比1—8月份收窄1.3个百分点`). A framing word (`从环比看`) fills both.
    basis: [Option<Basis>; 2],
    passage_basis: [Option<Basis>; 2],
    /// Which clause of its sentence the current one is (0 for the first).
    clause_in_sentence: usize,
    /// The index of the clause that opened the current sentence (or passage, after a heading);
    /// `None` in the document's first sentence, whose clauses `enter` counts from 1, as if
    /// something had opened it before the text.
    sentence_start: Option<usize>,
    /// How far the clauses of the current sentence, from its first, are known to say nothing
    /// (see [`Document::opens_sentence`]): each clause is read at most once, however many
    /// clauses of a long sentence a time phrase opens.
    quiet_until: usize,
    /// Whether the clause at `quiet_until` says something.
    spoken: bool,
    /// The holders a `分别` list gave out in this sentence, for the next list under `分别`
    /// (`…分别增长10.6%和9.1%，增速分别比规模以上工业快4.6和3.1个百分点`).
    distributed: Vec<String>,
}

impl Carry {
    /// Steps into `clause`. A new sentence starts a new topic, time and basis of its own, keeping
    /// the passage's; a heading (or the paragraph after one) starts a new passage.
    fn enter(&mut self, clause: &Clause, headings: &[bool]) {
        let heading = |p: usize| headings.get(p).copied().unwrap_or(false);
        if clause.paragraph != self.paragraph
            && (heading(clause.paragraph) || heading(self.paragraph))
        {
            *self = Carry {
                sentence: clause.sentence,
                paragraph: clause.paragraph,
                ..Carry::default()
            };
        } else if clause.sentence != self.sentence {
            self.sentence = clause.sentence;
            self.paragraph = clause.paragraph;
            self.clause_in_sentence = 0;
            if self.topic.is_some() {
                self.passage_topic = self.topic.take();
            }
            for (passage, sentence) in self.passage_basis.iter_mut().zip(&mut self.basis) {
                if sentence.is_some() {
                    *passage = sentence.take();
                }
            }
            self.time = None;
            self.distributed.clear();
        } else {
            self.clause_in_sentence += 1;
        }
    }
}

/// Where in its clause a list's reading and subject may start.
#[derive(Debug, Clone, Copy)]
struct Starts {
    subject: usize,
    reading: usize,
}

/// One clause's reading of the figure heading a list.
struct Reading {
    predicate: Option<Predicate>,
    comparison: Option<Comparison>,
    measure: Option<Measure>,
    direction: Option<Direction>,
    /// `比规模以上工业快…`: compared with another series, so no basis and none carried.
    gap: bool,
    basis: Option<Basis>,
}

impl FrameStage {
    pub fn bundled() -> Self {
        FrameStage {
            times: TimeWords::bundled(),
            roles: RoleWords::bundled(),
        }
    }

    /// The frame of every figure, in the order given (the grammar's text order).
    pub fn frame(
        &self,
        text: &[char],
        figures: &[Figure],
        published: Option<&str>,
        subjects: &SubjectFinder,
    ) -> Vec<Framed> {
        let published = published.and_then(Point::parse);
        let layout = Layout::new(text);
        let phrases = periods::time_phrases(text, figures, &self.times, published.as_ref());
        let reader = ClauseReader {
            text,
            words: &self.roles,
            times_in_order: phrases.windows(2).all(|w| w[0].end <= w[1].end),
        };
        // A framing comparison (`从环比看，…`) matters only in a sentence that holds a figure.
        let sentences = layout.clauses.last().map_or(0, |c| c.sentence + 1);
        let mut figure_sentences = vec![false; sentences];
        // The clause of each figure's start, found once, each near the one before.
        let mut cursor = 0;
        let figure_clauses: Vec<Option<usize>> = figures
            .iter()
            .map(|f| layout.clause_near(f.start, &mut cursor))
            .collect();
        for &c in figure_clauses.iter().flatten() {
            if let Some(seen) = figure_sentences.get_mut(layout.clauses.at(c).sentence) {
                *seen = true;
            }
        }
        let doc = Document {
            text,
            layout: &layout,
            figure_sentences,
            phrases: &phrases,
            reader,
            subjects,
            published,
            phrases_sorted: phrases.windows(2).all(|w| w[0].start <= w[1].start),
            phrase_cursor: Default::default(),
        };
        let mut out = vec![Framed::default(); figures.len()];
        let mut carry = Carry::default();
        let mut visited: Option<usize> = None;
        let mut i = 0;
        while i < figures.len() {
            let clause_index =
                figure_clauses[i].or_else(|| layout.clause_at(figures[i].end.saturating_sub(1)));
            let Some(c) = clause_index else {
                out[i] = doc.unframed(&figures[i]);
                i += 1;
                continue;
            };
            let first_unvisited = visited.map_or(0, |v| v + 1);
            for k in first_unvisited..=c {
                doc.visit(k, &mut carry, k < c);
            }
            // A figure read into the clause of its end may be behind the last one visited.
            visited = Some(visited.map_or(c, |v| v.max(c)));
            // The figures of this clause, split into lists.
            let mut j = i;
            while j < figures.len() && figure_clauses[j] == Some(c) {
                j += 1;
            }
            let j = j.max(i + 1);
            // A figure that starts on punctuation (`，000`) widens its clause to hold it, so
            // every reading inside the clause stays inside the text.
            let base = layout.clauses.at(c);
            let clause = Clause {
                start: base.start.min(figures[i].start),
                end: base.end.max(figures[j - 1].end),
                ..base
            };
            doc.frame_clause(&clause, &figures[i..j], &mut out[i..j], &mut carry);
            i = j;
        }
        out
    }
}

/// One document being framed.
struct Document<'a> {
    text: &'a [char],
    layout: &'a Layout,
    /// Per sentence: whether a figure stands in it.
    figure_sentences: Vec<bool>,
    phrases: &'a [TimePhrase],
    reader: ClauseReader<'a>,
    subjects: &'a SubjectFinder,
    published: Option<Point>,
    /// Whether the phrases are in order of their starts (they are as `time_phrases` finds
    /// them), so that [`Document::opening_phrase`] can walk them with `phrase_cursor` instead of
    /// searching them for every clause.
    phrases_sorted: bool,
    /// The first phrase that starts at or after the last clause [`Document::visit`]ed.
    phrase_cursor: std::cell::Cell<usize>,
}

/// Chars that join the items of a list of figures (`10.6%和9.1%`, `120亿、85亿`).
fn joins_list(c: char) -> bool {
    matches!(c, '、' | '和' | '与' | '及' | '或')
}

impl Document<'_> {
    /// Frames a figure outside every clause (it spans punctuation): its own time only.
    fn unframed(&self, f: &Figure) -> Framed {
        // A phrase that starts before the figure lends it its year (`今年前三季度`); one that
        // starts with it only widens it (`2000年以来`, `…止年度`), and the figure keeps its own time.
        let period = self.own_phrase(f).and_then(|p| {
            let time = if p.start < f.start {
                Some(p.time)
            } else {
                periods::figure_time(self.text, f, self.published.as_ref())
            };
            time.map(|t| t.iso())
        });
        Framed {
            subject: String::new(),
            frame: Frame {
                period,
                ..Frame::default()
            },
        }
    }

    /// The time phrase a date or period figure is, or is the end of (`今年前三季度`).
    fn own_phrase(&self, f: &Figure) -> Option<&TimePhrase> {
        let i = self.phrases.partition_point(|p| p.end <= f.start);
        self.phrases
            .get(i)
            .filter(|p| p.start <= f.start && f.end <= p.end)
    }

    /// The phrases inside clause `c`.
    fn phrases_in(&self, c: &Clause) -> &[TimePhrase] {
        let a = self.phrases.partition_point(|p| p.start < c.start);
        let b = self.phrases.partition_point(|p| p.start < c.end);
        &self.phrases[a..b.max(a)]
    }

    /// A time phrase that opens clause `c` (`前三季度，`, `今年1—8月，` after at most `其中`-like
    /// words): the time of what follows.
    /// Clauses are asked in order (by [`Document::visit`]).
    fn opening_phrase(&self, c: &Clause) -> Option<&TimePhrase> {
        let first = if self.phrases_sorted {
            // The first phrase of the clause, as `phrases_in` finds it, walked to from the
            // clause before.
            let mut at = self.phrase_cursor.get();
            while self.phrases.get(at).is_some_and(|p| p.start < c.start) {
                at += 1;
            }
            self.phrase_cursor.set(at);
            self.phrases.get(at).filter(|p| p.start < c.end)
        } else {
            self.phrases_in(c).first()
        };
        first.filter(|p| p.start <= c.start + 2 && !self.is_basis_phrase(p))
    }

    /// Whether a time phrase is the whole of its clause but for skip words (`2021年,`).
    fn stands_alone(&self, p: &TimePhrase, clause: &Clause) -> bool {
        p.end >= clause.end || self.reader.is_skip(&self.text[p.end..clause.end])
    }

    /// Whether a time phrase is what something is compared with (`比2018年`, `上年同期`).
    fn is_basis_phrase(&self, p: &TimePhrase) -> bool {
        let before = p.start.checked_sub(1).map(|i| self.text[i]);
        let after = &self.text[p.end..(p.end + 2).min(self.text.len())];
        matches!(before, Some('比' | '较' | '与' | '同' | '跟' | '和' | '于'))
            || after == ['同', '期']
            || after == ['相', '比']
    }

    /// Steps the carry over clause `k`: resets at sentence and paragraph breaks, the time that
    /// opens it, and (for a clause before the figure's, `framing`) a comparison word of its own
    /// (`从环比看，三季度…增长1.8%`).
    fn visit(&self, k: usize, carry: &mut Carry, framing: bool) {
        let clause = &self.layout.clauses.at(k);
        carry.enter(clause, &self.layout.headings);
        if carry.clause_in_sentence == 0 {
            carry.sentence_start = Some(k);
            carry.quiet_until = k;
            carry.spoken = false;
        }
        if let Some(p) = self.opening_phrase(clause) {
            carry.time = Some(p.time);
            // The time of a passage opens its sentence or stands as a clause of its own
            // (`前三季度，…`); one that opens a later clause (`…，二季度增长6.7%`) is that
            // clause's.
            let opens = carry.sentence_start.is_some() && self.opens_sentence(carry, k);
            if self.stands_alone(p, clause) || opens {
                carry.passage_time = Some(p.time);
            }
        }
        if framing
            && self
                .figure_sentences
                .get(clause.sentence)
                .copied()
                .unwrap_or(false)
            && let Some(cmp) = self.reader.comparison(clause.start, clause.end)
            && let Some(b) = self.basis_of(&cmp)
        {
            carry.basis = [Some(b); 2];
        }
    }

    /// Whether clause `k` opens its sentence: only clauses that say nothing of the figures
    /// stand before it, from the sentence's first (see [`Document::says_nothing`]). Asked only
    /// of a clause a time phrase opens, in order, so the clauses before it are read only then,
    /// and each once (`carry.quiet_until`).
    fn opens_sentence(&self, carry: &mut Carry, k: usize) -> bool {
        while !carry.spoken && carry.quiet_until < k {
            if self.says_nothing(&self.layout.clauses.at(carry.quiet_until)) {
                carry.quiet_until += 1;
            } else {
                carry.spoken = true;
            }
        }
        !carry.spoken
    }

    /// `初步核算，上半年国内生产总值…`: a clause of skip words only still leaves the next one
    /// opening the sentence; so does a clause that only says where the figures come from
    /// (`据海关统计`, `盛来运表示`). A breakdown (`分季度看，一季度…`) does not: the times under
    /// it are its parts'.
    fn says_nothing(&self, clause: &Clause) -> bool {
        let words = &self.text[clause.start..clause.end];
        let breakdown = words.first() == Some(&'分') && words.last() == Some(&'看');
        !breakdown && (self.reader.is_skip(words) || is_attribution(words))
    }

    /// The basis a comparison gives, or `None` for a gap to another series.
    fn basis_of(&self, cmp: &Comparison) -> Option<Basis> {
        match cmp.word {
            BasisWord::Yoy => Some(Basis::Yoy),
            BasisWord::Mom => Some(Basis::Mom),
            BasisWord::LastYear => Some(Basis::LastYear),
            BasisWord::LastYearEnd => Some(Basis::LastYearEnd),
            BasisWord::Marker => {
                let i = self.phrases.partition_point(|p| p.start < cmp.end);
                self.phrases
                    .get(i)
                    .filter(|p| p.start == cmp.end)
                    .map(|p| Basis::At(p.time))
            }
        }
    }

    fn frame_clause(
        &self,
        clause: &Clause,
        figures: &[Figure],
        out: &mut [Framed],
        carry: &mut Carry,
    ) {
        let mut k = 0;
        // Where the next figure's subject and reading may start: after the amounts before it in
        // the clause (`本集团的纯利为人民币237百万元及本集团的纯利率为11.1%`), whose subject and
        // comparison they are not.
        let mut starts = Starts {
            subject: clause.start,
            reading: clause.start,
        };
        while k < figures.len() {
            // A list: figures joined by `、`/`和` with nothing else between.
            let mut end = k + 1;
            while end < figures.len() {
                // Figures may overlap (`一年不到0%`): then nothing stands between them.
                let between = self
                    .text
                    .get(figures[end - 1].end..figures[end].start)
                    .unwrap_or_default();
                let joined = !between.is_empty()
                    && between.len() <= 2
                    && between.iter().all(|&c| joins_list(c))
                    && figures[end].kind == figures[k].kind;
                if !joined {
                    break;
                }
                end += 1;
            }
            let bounded = Starts {
                subject: starts.subject.min(figures[k].start),
                reading: starts.reading.min(figures[k].start),
            };
            let compared =
                self.frame_list(clause, bounded, &figures[k..end], &mut out[k..end], carry);
            let last = &figures[end - 1];
            // Only a figure after this one needs the bounds (most clauses hold one figure).
            if last.kind.is_amount() && end < figures.len() {
                // A count that leads into its noun (`31个大城市的…失业率`) is part of what follows.
                if last.kind == Kind::Percent || self.subjects.after(self.text, last.end).is_empty()
                {
                    starts.subject = starts.subject.max(last.end);
                }
                if !compared {
                    starts.reading = starts.reading.max(last.end);
                }
            }
            k = end;
        }
    }

    /// Frames one list; `starts` bound what its head's reading and subject may look at. Returns
    /// whether the list is a compared value (`较上年人民币1900百万元`), whose comparison the
    /// figure after it shares.
    fn frame_list(
        &self,
        clause: &Clause,
        starts: Starts,
        list: &[Figure],
        out: &mut [Framed],
        carry: &mut Carry,
    ) -> bool {
        let head = &list[0];
        if !head.kind.is_amount() {
            for (f, o) in list.iter().zip(out.iter_mut()) {
                *o = self.frame_other(f);
            }
            return false;
        }
        let reading_clause = Clause {
            start: starts.reading,
            ..*clause
        };
        let mut reading = self.read(&reading_clause, head);
        let mut period = self.period(clause, head, &reading, carry);
        // `较上年人民币1900百万元`, `与上年20.6%`: the amount a comparison names is the level of
        // the time compared with.
        let compared_value = reading.comparison.is_some_and(|c| c.end == head.start)
            && reading.predicate.is_none_or(|p| p.role == Role::Level);
        if compared_value {
            let at = reading
                .basis
                .and_then(|b| self.basis_time(b, period.as_ref()));
            if at.is_some() {
                period = at;
            }
            (reading.measure, reading.direction, reading.basis) =
                (Some(Measure::Level), None, None);
        }
        let basis = match reading.basis {
            Some(b) => Some(b),
            None if reading.gap || compared_value => None,
            None => {
                let slot = basis_slot(reading.measure);
                carry.basis[slot].or(carry.passage_basis[slot])
            }
        }
        .filter(|_| reading.measure.is_some_and(Measure::has_direction));
        if let Some(b) = reading.basis {
            let slot = basis_slot(reading.measure);
            carry.basis[slot] = Some(b);
            carry.passage_basis[slot] = Some(b);
        }
        // `比上年减少162万吨` with no time of its own is this year's figure.
        if period.is_none() && matches!(basis, Some(Basis::LastYear | Basis::LastYearEnd)) {
            period = self
                .published
                .and_then(|p| Some(Time::Point(Point::year(p.year?))));
        }
        let basis_iso = basis.and_then(|b| self.resolve_basis(b, period.as_ref()));
        let subject_clause = Clause {
            start: starts.subject,
            ..*clause
        };
        let subjects = self.subjects_of(&subject_clause, list, &reading, carry);
        let periods = self.distributed_periods(clause, list, period);
        let basis = basis_iso.filter(|_| reading.measure.is_some_and(Measure::has_direction));
        for ((o, subject), period) in out.iter_mut().zip(subjects).zip(periods) {
            *o = Framed {
                subject,
                frame: Frame {
                    measure: reading.measure,
                    direction: reading.direction,
                    basis: basis.clone(),
                    period: period.map(|t| t.iso()),
                    per: None,
                },
            };
        }
        compared_value
    }

    /// `2019年至2021年，…毛利率分别为91.30%、91.41%、91.54%`: a span of whole years over a list
    /// of as many figures under `分别` gives each figure its year.
    fn distributed_periods(
        &self,
        clause: &Clause,
        list: &[Figure],
        period: Option<Time>,
    ) -> Vec<Option<Time>> {
        let same = vec![period; list.len()];
        let Some(Time::Span(a, b)) = period else {
            return same;
        };
        let whole_years = a.month.is_none() && b.month.is_none();
        let (Some(ya), Some(yb)) = (a.year, b.year) else {
            return same;
        };
        let fenbie = self.text[clause.start..list[0].start]
            .windows(2)
            .any(|w| w == ['分', '别']);
        let count = usize::try_from(i64::from(yb) - i64::from(ya) + 1).unwrap_or(0);
        if !whole_years || !fenbie || count != list.len() || list.len() < 2 {
            return same;
        }
        (ya..=yb)
            .map(|y| Some(Time::Point(Point::year(y))))
            .collect()
    }

    /// Dates and periods carry their own time; durations and ordinals name what they count.
    fn frame_other(&self, f: &Figure) -> Framed {
        match f.kind {
            Kind::Date | Kind::Period => self.unframed(f),
            _ => Framed {
                subject: self.subjects.subject(self.text, f.start, f.end, f.kind),
                frame: Frame::default(),
            },
        }
    }

    fn read(&self, clause: &Clause, f: &Figure) -> Reading {
        let mut predicate = self.reader.predicate(clause.start, f.start);
        if predicate.is_none_or(|p| p.role == Role::Level) {
            let at = predicate.map_or(f.start, |p| p.start);
            predicate = self
                .reader
                .predicate_after(f.end, clause.end, at)
                .or(predicate);
        }
        let comparison_end = predicate.map_or(f.start, |p| p.start);
        let comparison = self.reader.comparison(clause.start, comparison_end);
        let (mut basis, mut gap) = (None, false);
        if let Some(cmp) = &comparison {
            basis = self.basis_of(cmp);
            gap = basis.is_none();
        }
        let (measure, direction) = measure_of(f, predicate.map(|p| p.role), basis.is_some());
        // `是2012年的3倍`: a multiple compares with the time it names after its copula.
        if measure == Some(Measure::Multiple)
            && basis.is_none()
            && let Some(p) = predicate
        {
            let i = self.phrases.partition_point(|t| t.start < p.start);
            basis = self
                .phrases
                .get(i)
                .filter(|t| t.end <= f.start)
                .map(|t| Basis::At(t.time));
        }
        Reading {
            predicate,
            comparison,
            measure,
            direction,
            gap,
            basis,
        }
    }

    /// The time of a figure: a phrase of its own clause (nearest before it, else after it; not one
    /// it is compared with), else the time carried in its sentence, else in its passage.
    fn period(
        &self,
        clause: &Clause,
        f: &Figure,
        reading: &Reading,
        carry: &mut Carry,
    ) -> Option<Time> {
        let own: Vec<&TimePhrase> = self
            .phrases_in(clause)
            .iter()
            .filter(|p| !self.is_basis_phrase(p))
            .filter(|p| p.end <= f.start || p.start >= f.end)
            .filter(|p| {
                reading
                    .comparison
                    .is_none_or(|c| !(c.end == p.start || (c.start <= p.start && p.end <= c.end)))
            })
            .collect();
        let before = own.iter().rev().find(|p| p.end <= f.start);
        let after = own.iter().find(|p| p.start >= f.end);
        let time = match before.or(after) {
            Some(p) => {
                carry.time = Some(p.time);
                Some(p.time)
            }
            None => carry.time.or(carry.passage_time),
        };
        // `2003年…以来，累计运行21.5万余次`: a cumulative count holds at the end of its span.
        let cumulative = self.text[clause.start..f.start]
            .windows(2)
            .any(|w| w == ['累', '计']);
        match time {
            Some(Time::Span(_, end)) if cumulative => Some(Time::Point(end)),
            t => t,
        }
    }

    fn resolve_basis(&self, basis: Basis, period: Option<&Time>) -> Option<String> {
        match basis {
            Basis::Yoy => Some("yoy".into()),
            Basis::Mom => Some("mom".into()),
            Basis::LastYear | Basis::LastYearEnd | Basis::At(_) => {
                Some(self.basis_time(basis, period)?.iso())
            }
        }
    }

    /// The time a basis compares with, where it names one: `比上年` is the year before the
    /// figure's (or the publication's), `比2018年` is 2018.
    fn basis_time(&self, basis: Basis, period: Option<&Time>) -> Option<Time> {
        match basis {
            Basis::Yoy | Basis::Mom => None,
            Basis::LastYear | Basis::LastYearEnd => {
                let year = period
                    .and_then(Time::year)
                    .or(self.published.and_then(|p| p.year))?;
                let before = Point::year(year.checked_sub(1)?);
                Some(Time::Point(if basis == Basis::LastYearEnd {
                    before.last_day()
                } else {
                    before
                }))
            }
            Basis::At(t) => Some(t),
        }
    }

    /// The subject of each figure of a list.
    fn subjects_of(
        &self,
        clause: &Clause,
        list: &[Figure],
        reading: &Reading,
        carry: &mut Carry,
    ) -> Vec<String> {
        let head = &list[0];
        let ends = [
            reading.predicate.map(|p| p.start),
            reading.comparison.map(|c| c.start),
            Some(head.start),
        ];
        let end = ends.into_iter().flatten().min().unwrap_or(head.start);
        if list.len() > 1 && self.has_fenbie(clause, list[0].start) {
            if let Some(split) = self.distributed(clause, list, end, reading) {
                carry.topic = split.last().cloned();
                carry.distributed = split.clone();
                return split;
            }
            if carry.distributed.len() == list.len() {
                return carry.distributed.clone();
            }
        }
        let mut own = String::new();
        if matches!(head.kind, Kind::Money | Kind::Quantity) && !is_points_or_times(head) {
            own = self.subjects.after(self.text, list[list.len() - 1].end);
        }
        if own.is_empty() {
            own = self
                .reader
                .noun_phrase(self.subjects, clause.start, end, self.phrases);
        }
        let topic = carry.topic.clone().or_else(|| carry.passage_topic.clone());
        // `增速比1—8月份提高3.0个百分点`: a rate names the series' change, not a new series; the
        // subject is the series (`第一产业投资`), or the holder's (`装备制造业增速` → its 增加值).
        if let Some(len) = self.reader.rate_suffix(&own) {
            own = own.chars().take(own.chars().count() - len).collect();
            if !own.is_empty() {
                own = self.with_topic_property(own, topic.as_deref(), reading);
            }
        }
        let subject = if own.is_empty() {
            topic.unwrap_or_default()
        } else if let Some(holder) = self.holder_of(&own, topic.as_deref()) {
            // `其中，出口1.95万亿元` under `一般贸易进出口…`: the breakdown keeps its holder.
            let own = format!("{holder}{own}");
            carry.topic = Some(own.clone());
            own
        } else {
            let own = self.with_topic_property(own, topic.as_deref(), reading);
            carry.topic = Some(own.clone());
            own
        };
        vec![subject; list.len()]
    }

    /// The holder a bare property (`出口`) takes from its topic (`我国一般贸易进出口` →
    /// `一般贸易`), without a pointing word such as `我国`, which the breakdown leaves implicit.
    fn holder_of(&self, own: &str, topic: Option<&str>) -> Option<String> {
        let words = &self.reader.words;
        // The cheap tests first: most subjects are not one word of jieba's.
        let topic = topic?;
        let has_head = roles::with_chars(own, |chars| words.head_len(chars).is_some());
        if !has_head || !self.subjects.is_one_word(own) {
            return None;
        }
        let tags = self.subjects.tag(topic);
        // `比重比上年同期提高1.3个百分点` after `机电产品出口…`: a share belongs to the whole series.
        if self.reader.is_share_word(own) {
            return Some(topic.to_string());
        }
        // The holder is what stands before the longest run of words that is one property
        // (`茅台酒` + `营业收入`, `民营企业` + `进出口`); a topic that is all property has none.
        let split = (1..tags.len()).find(|&k| {
            let rest: Vec<char> = tags[k..].iter().flat_map(|t| t.word.chars()).collect();
            words.head_len(&rest) == Some(rest.len())
        })?;
        let holder: String = tags[..split]
            .iter()
            .skip_while(|t| self.reader.is_self_holder(t.word))
            .map(|t| t.word)
            .collect();
        let holder_chars: Vec<char> = holder.chars().collect();
        // A holder that is itself a property (`进出口` of `进出口总值`) is none.
        (!holder.is_empty() && words.head_len(&holder_chars).is_none()).then_some(holder)
    }

    /// A bare holder in a change (`集体企业增长0.7%` after `国有控股企业增加值…增长1.0%`) takes the
    /// property of the topic it continues: `集体企业增加值`.
    fn with_topic_property(&self, own: String, topic: Option<&str>, reading: &Reading) -> String {
        let changes = reading.measure.is_some_and(Measure::has_direction);
        let words = &self.reader.words;
        if !changes || roles::with_chars(&own, |chars| words.head_len(chars).is_some()) {
            return own;
        }
        let Some(topic) = topic else { return own };
        let property = roles::with_chars(topic, |topic_chars| match words.head(topic_chars) {
            Some(head) if head.len() < topic_chars.len() => Some(head.iter().collect::<String>()),
            _ => None,
        });
        match property {
            Some(property) => format!("{own}{property}"),
            None => own,
        }
    }

    /// Where `分别` stands in `clause` before `before`.
    fn fenbie_at(&self, clause: &Clause, before: usize) -> Option<usize> {
        (clause.start..before.saturating_sub(1))
            .rev()
            .find(|&i| self.text[i] == '分' && self.text.get(i + 1) == Some(&'别'))
    }

    fn has_fenbie(&self, clause: &Clause, before: usize) -> bool {
        self.fenbie_at(clause, before).is_some()
    }

    /// `A、B、C分别增长…、…、…`: one holder per figure, each with the shared property (the word
    /// after `分别`, as in `分别出口`, or the property the last holder names).
    fn distributed(
        &self,
        clause: &Clause,
        list: &[Figure],
        end: usize,
        reading: &Reading,
    ) -> Option<Vec<String>> {
        let head = &list[0];
        let fenbie = self.fenbie_at(clause, head.start)?;
        let holder_end = fenbie.min(end);
        let phrase = self
            .reader
            .noun_phrase(self.subjects, clause.start, holder_end, self.phrases);
        let tags = self.subjects.tag(&phrase);
        let mut holders: Vec<String> = vec![String::new()];
        for t in &tags {
            if joins_nouns(t.word, t.tag) && !matches!(t.word, "—" | "-" | "·") {
                holders.push(String::new());
            } else if let Some(h) = holders.last_mut() {
                h.push_str(t.word);
            }
        }
        holders.retain(|h| !h.is_empty());
        if holders.len() != list.len() {
            return None;
        }
        // `我国对东盟、欧盟、美国…`: what the first holder opens with before `对` is every holder's.
        if let Some(dui) = holders[0].find('对') {
            let prefix = holders[0][..dui + '对'.len_utf8()].to_string();
            for h in holders.iter_mut().skip(1) {
                if !h.starts_with(&prefix) {
                    *h = format!("{prefix}{h}");
                }
            }
        }
        let property_end = reading.predicate.map_or(head.start, |p| p.start);
        let property = self.reader.noun_phrase(
            self.subjects,
            fenbie + 2,
            property_end.max(fenbie + 2),
            self.phrases,
        );
        let last: Vec<char> = holders[holders.len() - 1].chars().collect();
        let shared = if !property.is_empty() {
            Some(property)
        } else {
            self.reader
                .words
                .head(&last)
                .filter(|head| head.len() < last.len())
                .map(|head| head.iter().collect::<String>())
        };
        Some(
            holders
                .into_iter()
                .map(|h| match &shared {
                    Some(p) if !h.ends_with(p.as_str()) => format!("{h}{p}"),
                    _ => h,
                })
                .collect(),
        )
    }
}

/// A clause that names a source (`据海关统计`, `年报显示`, `盛来运表示`). (`从环比看` is not:
/// it frames a comparison, and the time after it is the figure's own.)
fn is_attribution(words: &[char]) -> bool {
    // Runs for every clause: compared char by char from the end, nothing allocated or counted.
    const SAYS: [&[char]; 8] = [
        &['表', '示'],
        &['显', '示'],
        &['指', '出'],
        &['介', '绍'],
        &['介', '绍', '说'],
        &['称'],
        &['透', '露'],
        &['说'],
    ];
    let dateline = words
        .iter()
        .zip(words.iter().skip(1))
        .any(|(&a, &b)| a == '日' && matches!(b, '电' | '讯'));
    dateline || words.first() == Some(&'据') || SAYS.iter().any(|w| words.ends_with(w))
}

/// Which basis a figure of `measure` takes from the ones before it (see [`Carry::basis`]).
fn basis_slot(measure: Option<Measure>) -> usize {
    usize::from(measure == Some(Measure::Points))
}

const POINTS: &str = "百分点";
const BASIS_POINTS: &str = "基点";
const TIMES: &str = "倍";

/// A points or times figure measures a change of something else; no noun follows it as its
/// subject (`提高3.1个百分点`).
fn is_points_or_times(f: &Figure) -> bool {
    matches!(f.unit.as_deref(), Some(POINTS | BASIS_POINTS | TIMES))
}

/// The measure and direction of a money, percent or quantity figure from its unit and the role
/// of its predicate; `None` for the other kinds.
fn measure_of(
    f: &Figure,
    role: Option<Role>,
    has_basis: bool,
) -> (Option<Measure>, Option<Direction>) {
    if !f.kind.is_amount() {
        return (None, None);
    }
    let direction = role.and_then(Role::direction);
    let moving = matches!(
        role,
        Some(Role::Growth(_) | Role::Change(_) | Role::Gap(_) | Role::Rate(_))
    );
    match f.unit.as_deref() {
        Some(POINTS | BASIS_POINTS) => {
            return (Some(Measure::Points), direction.filter(|_| moving));
        }
        Some(TIMES) => return (Some(Measure::Multiple), direction.filter(|_| moving)),
        _ => {}
    }
    let percent = f.kind == Kind::Percent;
    match role {
        Some(Role::Share) if percent => (Some(Measure::Share), None),
        Some(Role::Growth(d) | Role::Change(d) | Role::Gap(d) | Role::Rate(d)) => {
            let m = if percent {
                Measure::Growth
            } else {
                Measure::Change
            };
            (Some(m), d)
        }
        None if percent && has_basis => (Some(Measure::Growth), None),
        _ => (Some(Measure::Level), None),
    }
}

#[cfg(test)]
mod tests;
