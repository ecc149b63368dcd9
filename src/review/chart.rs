//! What the chart panel draws, without the window: how far the review is (facts by status, per
//! document and per kind), and for one fact the series of the same figure over its periods
//! across the corpus, with outliers flagged. [`ChartData`] recomputes both only when the model
//! (or the selected fact) changes, never per frame.
//!
//! Values become `f64` here for plotting only; the model and every export keep exact decimals.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::fact::{Direction, Kind, Measure, Value};
use crate::review::record::{DocId, FactId, ReviewFact, Status};
use crate::review::workbench::Workbench;

/// How many live facts have each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusCounts {
    pub unreviewed: usize,
    pub verified: usize,
    pub rejected: usize,
}

impl StatusCounts {
    pub fn add(&mut self, status: Status) {
        match status {
            Status::Unreviewed => self.unreviewed += 1,
            Status::Verified => self.verified += 1,
            Status::Rejected => self.rejected += 1,
        }
    }

    pub fn get(&self, status: Status) -> usize {
        match status {
            Status::Unreviewed => self.unreviewed,
            Status::Verified => self.verified,
            Status::Rejected => self.rejected,
        }
    }

    pub fn total(&self) -> usize {
        self.unreviewed + self.verified + self.rejected
    }
}

/// How far the review is. A fact reported in two documents counts in each of them (as the
/// documents panel counts), so the documents' counts can add up to more than `total`; the
/// kinds' add up to exactly `total`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewProgress {
    /// Every document, in the workbench's order.
    pub by_document: Vec<(DocId, StatusCounts)>,
    /// The kinds that have a live fact, in [`Kind::ALL`]'s order.
    pub by_kind: Vec<(Kind, StatusCounts)>,
    pub total: StatusCounts,
}

impl ReviewProgress {
    /// One pass over the live facts.
    pub fn of(wb: &Workbench) -> Self {
        let mut by_document = vec![StatusCounts::default(); wb.documents().len()];
        let mut by_kind = [StatusCounts::default(); Kind::ALL.len()];
        let mut total = StatusCounts::default();
        let mut docs_of_fact: Vec<DocId> = Vec::new();
        for fact in wb.live_facts() {
            total.add(fact.status);
            if let Some(i) = Kind::ALL.iter().position(|k| *k == fact.fields.kind) {
                by_kind[i].add(fact.status);
            }
            docs_of_fact.clear();
            docs_of_fact.extend(fact.mentions.iter().map(|m| m.doc_id));
            docs_of_fact.sort_unstable();
            docs_of_fact.dedup();
            for doc in &docs_of_fact {
                if let Some(counts) = by_document.get_mut(doc.index()) {
                    counts.add(fact.status);
                }
            }
        }
        ReviewProgress {
            by_document: wb
                .documents()
                .iter()
                .map(|d| d.id)
                .zip(by_document)
                .collect(),
            by_kind: Kind::ALL
                .into_iter()
                .zip(by_kind)
                .filter(|(_, counts)| counts.total() > 0)
                .collect(),
            total,
        }
    }
}

/// A calendar day, ordered as dates are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// What a fact's `period` covers, when it names a year: its first and last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodSpan {
    pub first: Day,
    pub last: Day,
}

impl PeriodSpan {
    /// A period as FACTS.md writes it (`2019`, `2019-05`, `2019-05-06`, a time of day ignored,
    /// or an interval `A/B` of those); `None` without a year (`--06`) or when unreadable.
    pub fn parse(period: &str) -> Option<Self> {
        let (from, to) = period.split_once('/').unwrap_or((period, period));
        let first = parse_bound(from, Bound::First)?;
        let last = parse_bound(to, Bound::Last)?;
        (first <= last).then_some(PeriodSpan { first, last })
    }

    /// The length in whole months, rounded: a day or a week is 0, a month 1, a quarter 3, a
    /// year 12, January to September 9. Figures for periods of different lengths (a year's
    /// total and a first quarter's) are not one series.
    pub fn months(&self) -> i64 {
        let days = days_from_civil(self.last) - days_from_civil(self.first) + 1;
        // Mean Gregorian month: 365.2425 / 12 days.
        ((days as f64) / 30.436_875).round() as i64
    }

    /// Where the period starts, in years: 2019.0 is 1 January 2019, 2019.5 about 2 July.
    pub fn start_in_years(&self) -> f64 {
        let Day { year, .. } = self.first;
        let jan1 = days_from_civil(Day {
            year,
            month: 1,
            day: 1,
        });
        let next_jan1 = days_from_civil(Day {
            year: year + 1,
            month: 1,
            day: 1,
        });
        let into = (days_from_civil(self.first) - jan1) as f64;
        year as f64 + into / (next_jan1 - jan1) as f64
    }
}

#[derive(Clone, Copy)]
enum Bound {
    First,
    Last,
}

fn parse_bound(text: &str, bound: Bound) -> Option<Day> {
    let date = text.split('T').next()?;
    if date.starts_with('-') {
        return None;
    }
    let mut parts = date.split('-');
    let year: i32 = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
    // A part that is there must be two digits; one that is not leaves the bound open.
    let mut two_digits = || match parts.next() {
        None => Ok(None),
        Some(p) if p.len() == 2 => p.parse::<u32>().map(Some).map_err(|_| ()),
        Some(_) => Err(()),
    };
    let month = two_digits().ok()?;
    let day = two_digits().ok()?;
    if parts.next().is_some() {
        return None;
    }
    let month = match (month, bound) {
        (Some(m), _) if (1..=12).contains(&m) => m,
        (Some(_), _) => return None,
        (None, Bound::First) => 1,
        (None, Bound::Last) => 12,
    };
    let last_day = days_in_month(year, month);
    let day = match (day, bound) {
        (Some(d), _) if (1..=last_day).contains(&d) => d,
        (Some(_), _) => return None,
        (None, Bound::First) => 1,
        (None, Bound::Last) => last_day,
    };
    Some(Day { year, month, day })
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`), for a valid date.
fn days_from_civil(d: Day) -> i64 {
    let (m, day) = (i64::from(d.month), i64::from(d.day));
    let y = i64::from(d.year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// What a change compares with, as a series must agree on it (two different explicit bases are
/// still both "a date": `2019 比2018年` and `2020 比2019年` are one series of yearly changes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BasisKind {
    None,
    YearOnYear,
    MonthOnMonth,
    Date,
}

impl BasisKind {
    fn of(basis: Option<&str>) -> Self {
        match basis {
            None => BasisKind::None,
            Some("yoy") => BasisKind::YearOnYear,
            Some("mom") => BasisKind::MonthOnMonth,
            Some(_) => BasisKind::Date,
        }
    }
}

/// What makes two facts points of one series: the same figure (kind, subject, unit, what it
/// is per, measure, basis) for periods of the same length. Units are compared as written: the
/// engine has already scaled magnitude words into the value (`120万吨` is 1200000 `吨`), and
/// `吨` and `公斤` are not converted into each other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesKey {
    pub kind: Kind,
    pub subject: String,
    pub unit: Option<String>,
    pub per: Option<String>,
    pub measure: Option<Measure>,
    pub basis: BasisKind,
    /// [`PeriodSpan::months`].
    pub period_months: i64,
}

impl SeriesKey {
    /// Whether `fact` is a figure of this series: [`series_key`] without building a key, since
    /// every live fact is asked (cheap tests first: most facts differ in subject).
    fn admits(&self, fact: &ReviewFact) -> bool {
        let f = &fact.fields;
        f.subject == self.subject
            && f.kind == self.kind
            && f.unit == self.unit
            && f.measure == self.measure
            && BasisKind::of(f.basis.as_deref()) == self.basis
            && fact.primary().and_then(|m| m.mention.per.as_ref()) == self.per.as_ref()
            && f.period
                .as_deref()
                .and_then(PeriodSpan::parse)
                .is_some_and(|span| span.months() == self.period_months)
    }
}

/// Why a fact has no series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoSeries {
    /// Dates, periods, durations and ordinals are not amounts over time.
    NotAnAmount,
    NoSubject,
    /// No period, or one without a year (`--06`): it cannot be placed on a time axis.
    NoDatedPeriod,
    /// Its value cannot be drawn as a number (too large for a float).
    NotPlottable,
    /// The fact is gone (merged into another).
    NoFact,
}

/// One fact of a series.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesPoint {
    pub fact: FactId,
    pub period: String,
    /// The sort key: the period's first and last day.
    pub span: PeriodSpan,
    /// [`PeriodSpan::start_in_years`], the x of the plot.
    pub x: f64,
    /// The value for the plot: a range's midpoint; a change, growth or points figure that the
    /// text says went down is drawn below zero (the record keeps the number as written and the
    /// direction beside it).
    pub y: f64,
    /// The value was a range (`200–300`): `y` is its midpoint.
    pub range: bool,
    pub status: Status,
    pub outlier: bool,
}

/// The values of one figure over its periods, sorted by period (then by fact).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The fact the series was asked for; always one of the points.
    pub of: FactId,
    pub key: SeriesKey,
    pub points: Vec<SeriesPoint>,
}

impl Series {
    /// The series of `fact`'s figure across the corpus. Rejected facts are left out (a rejected
    /// reading is not a figure), except `fact` itself, so the analyst still sees where it sits.
    pub fn of(wb: &Workbench, fact: FactId) -> Result<Series, NoSeries> {
        let selected = wb
            .fact(fact)
            .filter(|f| f.is_live())
            .ok_or(NoSeries::NoFact)?;
        let key = series_key(selected)?;
        let mut points = Vec::new();
        for candidate in wb.live_facts() {
            if candidate.id != fact && candidate.status == Status::Rejected {
                continue;
            }
            if !key.admits(candidate) {
                continue;
            }
            if let Some(point) = point_of(candidate) {
                points.push(point);
            } else if candidate.id == fact {
                return Err(NoSeries::NotPlottable);
            }
        }
        points.sort_by(|a, b| {
            (a.span.first, a.span.last, a.fact).cmp(&(b.span.first, b.span.last, b.fact))
        });
        flag_outliers(&mut points);
        Ok(Series {
            of: fact,
            key,
            points,
        })
    }

    /// The point of the fact the series was asked for.
    pub fn selected_point(&self) -> Option<&SeriesPoint> {
        self.points.iter().find(|p| p.fact == self.of)
    }
}

fn series_key(fact: &ReviewFact) -> Result<SeriesKey, NoSeries> {
    let f = &fact.fields;
    if !f.kind.is_amount() {
        return Err(NoSeries::NotAnAmount);
    }
    if f.subject.trim().is_empty() {
        return Err(NoSeries::NoSubject);
    }
    let span = f
        .period
        .as_deref()
        .and_then(PeriodSpan::parse)
        .ok_or(NoSeries::NoDatedPeriod)?;
    Ok(SeriesKey {
        kind: f.kind,
        subject: f.subject.clone(),
        unit: f.unit.clone(),
        per: fact.primary().and_then(|m| m.mention.per.clone()),
        measure: f.measure,
        basis: BasisKind::of(f.basis.as_deref()),
        period_months: span.months(),
    })
}

fn point_of(fact: &ReviewFact) -> Option<SeriesPoint> {
    let f = &fact.fields;
    let period = f.period.clone()?;
    let span = PeriodSpan::parse(&period)?;
    let number = |v: &Value| match v {
        Value::Number(d) => Some(*d),
        Value::Text(_) => None,
    };
    let low = number(&f.value)?;
    let (value, range) = match f.value_max.as_ref().map(number) {
        None => (low, false),
        Some(Some(high)) => (
            low.checked_add(high)?.checked_div(Decimal::TWO)?,
            low != high,
        ),
        Some(None) => return None,
    };
    let mut y = value.to_f64().filter(|y| y.is_finite())?;
    let signed_by_direction = matches!(
        f.measure,
        Some(Measure::Change | Measure::Growth | Measure::Points)
    );
    if signed_by_direction && f.direction == Some(Direction::Down) {
        y = -y;
    }
    Some(SeriesPoint {
        fact: fact.id,
        x: span.start_in_years(),
        span,
        period,
        y,
        range,
        status: fact.status,
        outlier: false,
    })
}

/// The outlier rule: Iglewicz and Hoaglin's modified z-score, 0.6745 (y − median) / MAD, above
/// 3.5 in absolute value. When more than half the values are equal (MAD 0) the mean absolute
/// deviation stands in (× 1.2533, which makes it comparable); when every value is equal nothing
/// is an outlier. Fewer than three points have none.
pub const OUTLIER_Z: f64 = 3.5;

fn flag_outliers(points: &mut [SeriesPoint]) {
    for p in points.iter_mut() {
        p.outlier = false;
    }
    if points.len() < 3 {
        return;
    }
    let ys: Vec<f64> = points.iter().map(|p| p.y).collect();
    let centre = median(ys.clone());
    let deviations: Vec<f64> = ys.iter().map(|y| (y - centre).abs()).collect();
    let mad = median(deviations.clone());
    let scale = if mad > 0.0 {
        mad / 0.6745
    } else {
        1.253_314 * deviations.iter().sum::<f64>() / deviations.len() as f64
    };
    if !(scale > 0.0 && scale.is_finite()) {
        return;
    }
    for (p, d) in points.iter_mut().zip(deviations) {
        p.outlier = d / scale > OUTLIER_Z;
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        return 0.0;
    }
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// What a [`ChartData::refresh`] recomputed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Refreshed {
    pub progress: bool,
    pub series: bool,
}

impl Refreshed {
    pub fn any(self) -> bool {
        self.progress || self.series
    }
}

/// The chart panel's data, kept until the model or the selection changes.
#[derive(Debug, Default)]
pub struct ChartData {
    progress: ReviewProgress,
    progress_for: Option<(u64, u64)>,
    series: Option<Result<Series, NoSeries>>,
    series_for: Option<(u64, u64, FactId)>,
}

impl ChartData {
    /// Brings the data up to date with the model and the selected fact; says what was
    /// recomputed. Keyed on the workbench's instance and revision (statuses included: a
    /// rejected fact leaves the series).
    pub fn refresh(&mut self, wb: &Workbench, selected: Option<FactId>) -> Refreshed {
        let model = (wb.instance(), wb.revision());
        let mut changed = Refreshed::default();
        if self.progress_for != Some(model) {
            self.progress = ReviewProgress::of(wb);
            self.progress_for = Some(model);
            changed.progress = true;
        }
        let series_for = selected.map(|f| (model.0, model.1, f));
        if self.series_for != series_for {
            // Stepping through one series (j, j, j) keeps its points: only `of` moves. Every
            // member that is not rejected has the same points; a rejected one adds itself, so a
            // series asked for a rejected fact is not reused.
            let same_model = self.series_for.is_some_and(|(i, r, _)| (i, r) == model);
            match (&mut self.series, selected) {
                (Some(Ok(series)), Some(fact))
                    if same_model
                        && series
                            .selected_point()
                            .is_some_and(|p| p.status != Status::Rejected)
                        && series.points.iter().any(|p| p.fact == fact) =>
                {
                    series.of = fact;
                }
                _ => self.series = selected.map(|f| Series::of(wb, f)),
            }
            self.series_for = series_for;
            changed.series = true;
        }
        changed
    }

    pub fn progress(&self) -> &ReviewProgress {
        &self.progress
    }

    /// The selected fact's series, or why it has none; `None` when nothing is selected.
    pub fn series(&self) -> Option<&Result<Series, NoSeries>> {
        self.series.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;
    use crate::review::loader::shared_extractor;

    /// Yearly grain bulletins, added in no particular order; 2023's total has a slipped digit
    /// (695410万吨 for 69541万吨), the outlier an analyst should see at a glance.
    const BULLETINS: &[(&str, &str)] = &[
        (
            "grain-2021.txt",
            "新华社北京12月6日电 国家统计局今天发布公告，2021年全国粮食总产量68285万吨，比上年增加1336万吨。\n",
        ),
        (
            "grain-2019.txt",
            "新华社北京12月12日电 国家统计局今天发布公告，2019年全国粮食总产量66384万吨，比上年增加594万吨。\n",
        ),
        (
            "grain-2023.txt",
            "新华社北京12月11日电 国家统计局今天发布公告，2023年全国粮食总产量695410万吨，比上年增加888万吨。\n",
        ),
        (
            "grain-2020.txt",
            "新华社北京12月10日电 国家统计局今天发布公告，2020年全国粮食总产量66949万吨，比上年增加565万吨。\n",
        ),
        (
            "grain-2022.txt",
            "新华社北京12月12日电 国家统计局今天发布公告，2022年全国粮食总产量68653万吨，比上年增加368万吨。\n",
        ),
    ];

    /// The bundled seeds, then the bulletins, each extracted by the real engine.
    fn seeds_and_bulletins() -> Workbench {
        let mut docs = crate::seeds::documents();
        docs.extend(BULLETINS.iter().map(|(name, text)| Document {
            name: name.to_string(),
            path: None,
            text: text.to_string(),
            encoding: "UTF-8",
        }));
        Workbench::from_extractions(docs.into_iter().map(|doc| {
            let extraction = shared_extractor().extract(&doc.name, &doc.text);
            (doc, extraction)
        }))
    }

    fn fact_with_surface(wb: &Workbench, surface: &str) -> FactId {
        wb.live_facts()
            .find(|f| f.mentions.iter().any(|m| m.mention.surface == surface))
            .unwrap_or_else(|| panic!("no fact reads {surface}"))
            .id
    }

    #[test]
    fn review_counts_add_up_to_the_facts_statuses() {
        let mut wb = seeds_and_bulletins();
        let live: Vec<FactId> = wb.live_facts().map(|f| f.id).collect();
        wb.set_status(live[0], Status::Verified).unwrap();
        wb.set_status(live[3], Status::Verified).unwrap();
        wb.set_status(live[5], Status::Rejected).unwrap();
        let progress = ReviewProgress::of(&wb);

        let summary = wb.summary();
        assert_eq!(progress.total.total(), summary.total);
        assert_eq!(progress.total.verified, 2);
        assert_eq!(progress.total.rejected, 1);
        assert_eq!(progress.total.unreviewed, summary.unreviewed());

        // The kinds partition the facts.
        for status in Status::ALL {
            let by_kind: usize = progress.by_kind.iter().map(|(_, c)| c.get(status)).sum();
            assert_eq!(by_kind, progress.total.get(status), "{status}");
            let expected = wb.live_facts().filter(|f| f.status == status).count();
            assert_eq!(progress.total.get(status), expected, "{status}");
        }
        for (kind, counts) in &progress.by_kind {
            let expected = wb.live_facts().filter(|f| f.fields.kind == *kind).count();
            assert_eq!(counts.total(), expected, "{kind}");
        }
        // Each document counts what the documents panel counts for it.
        assert_eq!(progress.by_document.len(), wb.documents().len());
        for (doc, counts) in &progress.by_document {
            let stats = wb.document_stats(*doc);
            assert_eq!(counts.total(), stats.facts, "{}", wb.document(*doc).name);
            assert_eq!(counts.verified + counts.rejected, stats.reviewed);
        }
        // A fact the seeds report in several articles counts once in each of them.
        let shared = wb
            .live_facts()
            .find(|f| f.document_count() > 1)
            .expect("the seeds repeat a figure across articles");
        let in_docs: usize = progress.by_document.iter().map(|(_, c)| c.total()).sum();
        assert!(in_docs > progress.total.total(), "{:?}", shared.id);
    }

    #[test]
    fn a_subjects_series_runs_over_its_years_in_order_and_flags_the_slipped_digit() {
        let wb = seeds_and_bulletins();
        let fact = fact_with_surface(&wb, "68653万吨");
        let series = Series::of(&wb, fact).unwrap();
        assert_eq!(series.key.subject, "全国粮食总产量");
        assert_eq!(series.key.unit.as_deref(), Some("吨"));
        assert_eq!(series.key.measure, Some(Measure::Level));
        assert_eq!(series.key.period_months, 12);
        let periods: Vec<&str> = series.points.iter().map(|p| p.period.as_str()).collect();
        assert_eq!(periods, ["2019", "2020", "2021", "2022", "2023"]);
        let xs: Vec<f64> = series.points.iter().map(|p| p.x).collect();
        assert_eq!(xs, [2019.0, 2020.0, 2021.0, 2022.0, 2023.0]);
        assert_eq!(series.points[0].y, 663_840_000.0);
        assert_eq!(series.selected_point().unwrap().fact, fact);

        let outliers: Vec<&str> = series
            .points
            .iter()
            .filter(|p| p.outlier)
            .map(|p| p.period.as_str())
            .collect();
        assert_eq!(outliers, ["2023"]);
        // The same subject's yearly changes are a series of their own, and none is an outlier.
        let changes = Series::of(&wb, fact_with_surface(&wb, "368万吨")).unwrap();
        assert_eq!(changes.key.measure, Some(Measure::Change));
        assert_eq!(changes.key.basis, BasisKind::Date);
        assert_eq!(changes.points.len(), 5);
        assert!(changes.points.iter().all(|p| !p.outlier));
        assert!(
            changes
                .points
                .iter()
                .all(|p| !series.points.iter().any(|q| q.fact == p.fact))
        );
    }

    #[test]
    fn a_correction_fixes_the_outlier_and_a_rejection_takes_a_point_out() {
        let mut wb = seeds_and_bulletins();
        let slipped = fact_with_surface(&wb, "695410万吨");
        let mut data = ChartData::default();
        assert!(data.refresh(&wb, Some(slipped)).any());
        assert!(!data.refresh(&wb, Some(slipped)).any(), "nothing changed");
        let outlier = |data: &ChartData| {
            let series = data.series().unwrap().as_ref().unwrap();
            series
                .points
                .iter()
                .find(|p| p.fact == slipped)
                .unwrap()
                .outlier
        };
        assert!(outlier(&data));

        let mut fields = wb.fact(slipped).unwrap().fields.clone();
        fields.value = Value::Number(Decimal::from(695_410_000));
        wb.set_fields(slipped, fields).unwrap();
        assert!(
            data.refresh(&wb, Some(slipped)).progress,
            "an edit recomputes"
        );
        assert!(!outlier(&data));

        let other = fact_with_surface(&wb, "66949万吨");
        wb.set_status(other, Status::Rejected).unwrap();
        assert!(
            data.refresh(&wb, Some(slipped)).series,
            "a decision recomputes"
        );
        let series = data.series().unwrap().as_ref().unwrap();
        assert_eq!(series.points.len(), 4);
        assert!(series.points.iter().all(|p| p.fact != other));
        // Asked for itself, the rejected fact is still drawn.
        let own = Series::of(&wb, other).unwrap();
        assert_eq!(own.selected_point().unwrap().status, Status::Rejected);
        assert_eq!(data.progress().total.rejected, 1);
    }

    #[test]
    fn stepping_through_a_series_moves_its_selected_point_as_a_fresh_computation_would() {
        let mut wb = seeds_and_bulletins();
        let mut data = ChartData::default();
        let rejected = fact_with_surface(&wb, "66949万吨");
        let first = fact_with_surface(&wb, "66384万吨");
        data.refresh(&wb, Some(first));
        for surface in ["68285万吨", "695410万吨", "68653万吨"] {
            let fact = fact_with_surface(&wb, surface);
            let refreshed = data.refresh(&wb, Some(fact));
            assert!(
                refreshed.series && !refreshed.progress,
                "a new selection, the same model"
            );
            assert_eq!(data.series(), Some(&Series::of(&wb, fact)), "{surface}");
        }
        // A rejected member is its own series' only rejected point: computed afresh.
        wb.set_status(rejected, Status::Rejected).unwrap();
        data.refresh(&wb, Some(first));
        assert!(data.refresh(&wb, Some(rejected)).series);
        assert_eq!(data.series(), Some(&Series::of(&wb, rejected)));
        assert_eq!(data.series().unwrap().as_ref().unwrap().points.len(), 5);
        assert!(data.refresh(&wb, Some(first)).series);
        assert_eq!(data.series(), Some(&Series::of(&wb, first)));
        assert_eq!(data.series().unwrap().as_ref().unwrap().points.len(), 4);
        // A fact of another series, and none.
        let change = fact_with_surface(&wb, "368万吨");
        data.refresh(&wb, Some(change));
        assert_eq!(data.series(), Some(&Series::of(&wb, change)));
        assert!(data.refresh(&wb, None).series);
        assert_eq!(data.series(), None);
    }

    #[test]
    fn another_subject_or_a_figure_without_a_dated_period_has_its_own_answer() {
        let wb = seeds_and_bulletins();
        // The seeds' figures share no subject with the bulletins.
        let trade = wb
            .live_facts()
            .find(|f| {
                f.fields.kind.is_amount()
                    && !f.fields.subject.is_empty()
                    && f.fields
                        .period
                        .as_deref()
                        .and_then(PeriodSpan::parse)
                        .is_some()
                    && f.fields.subject != "全国粮食总产量"
            })
            .expect("a dated figure in the seeds");
        let series = Series::of(&wb, trade.id).unwrap();
        assert!(
            series
                .points
                .iter()
                .all(|p| { wb.fact(p.fact).unwrap().fields.subject == trade.fields.subject })
        );
        assert!(series.points.iter().any(|p| p.fact == trade.id));
        let grain = Series::of(&wb, fact_with_surface(&wb, "68653万吨")).unwrap();
        assert!(grain.points.iter().all(|p| p.fact != trade.id));

        let date = fact_with_surface(&wb, "2019年");
        assert_eq!(Series::of(&wb, date), Err(NoSeries::NotAnAmount));
    }

    #[test]
    fn periods_are_placed_by_their_first_day_and_measured_in_months() {
        let span = |p: &str| PeriodSpan::parse(p).unwrap();
        assert_eq!(span("2019").months(), 12);
        assert_eq!(span("2019-02").months(), 1);
        assert_eq!(span("2019-01/2019-03").months(), 3);
        assert_eq!(span("2016-01/2016-09").months(), 9);
        assert_eq!(span("2025-06-16/2025-06-18").months(), 0);
        assert_eq!(
            span("2023/2025-06-18").months(),
            span("2023/2025-06-19").months()
        );
        assert_eq!(span("2007-03-05T20:18").first, span("2007-03-05").first);
        assert_eq!(span("2020").start_in_years(), 2020.0);
        assert_eq!(span("2020-07").start_in_years(), 2020.0 + 182.0 / 366.0);
        for bad in [
            "--06",
            "--01/--09",
            "2019-13",
            "2019-02-30",
            "2020/2019",
            "19",
            "2019-5",
        ] {
            assert_eq!(PeriodSpan::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_fall_is_drawn_below_zero_and_outliers_need_three_points() {
        let mut points: Vec<SeriesPoint> = [1.0, 2.0]
            .iter()
            .map(|&y| SeriesPoint {
                fact: FactId(0),
                period: "2020".into(),
                span: PeriodSpan::parse("2020").unwrap(),
                x: 2020.0,
                y,
                range: false,
                status: Status::Unreviewed,
                outlier: false,
            })
            .collect();
        points[1].y = 1e9;
        flag_outliers(&mut points);
        assert!(points.iter().all(|p| !p.outlier), "two points: no rule");
        // Mostly equal values: the mean absolute deviation stands in for a MAD of 0.
        let mut same: Vec<SeriesPoint> = (0..5).map(|_| points[0].clone()).collect();
        same[4].y = 50.0;
        flag_outliers(&mut same);
        assert_eq!(same.iter().filter(|p| p.outlier).count(), 1);
        assert!(same[4].outlier);

        let text = "新华社北京1月17日电 2023年全国原油产量下降1.5%。2022年全国原油产量增长2.9%。\n";
        let doc = Document {
            name: "oil.txt".into(),
            path: None,
            text: text.into(),
            encoding: "UTF-8",
        };
        let extraction = shared_extractor().extract(&doc.name, &doc.text);
        let wb = Workbench::from_extractions([(doc, extraction)]);
        let series = Series::of(&wb, fact_with_surface(&wb, "1.5%")).unwrap();
        let ys: Vec<f64> = series.points.iter().map(|p| p.y).collect();
        assert_eq!(ys, [2.9, -1.5]);
    }
}
