//! The chart panel (View → Charts, `g`): how far the review is, per document or per kind, and the
//! selected fact's values over its periods across the corpus, outliers marked. The data comes
//! from [`crate::review::chart::ChartData`], recomputed only when the model or the selection
//! changes; a click on a point pushes [`Action::Select`], as a click in the table does.

use eframe::egui::{self, Color32, Pos2};
use egui_plot::{Bar, BarChart, HoverPosition, Legend, Line, MarkerShape, Plot, PlotPoint, Points};

use super::app::FactdeskApp;
use crate::i18n::{self, Language};
use crate::review::chart::{ChartData, NoSeries, ReviewProgress, Series, SeriesPoint};
use crate::review::{FactId, Status};
use crate::session::Action;

/// Every text the panel shows, from the catalogue (`chart.*`), in the window's language.
struct Texts {
    progress: &'static str,
    by_document: &'static str,
    by_kind: &'static str,
    series: &'static str,
    outlier: &'static str,
    points: &'static str,
    outliers_in_red: &'static str,
    drawn: &'static str,
    values: &'static str,
    nothing_selected: &'static str,
    not_an_amount: &'static str,
    no_subject: &'static str,
    no_dated_period: &'static str,
    not_plottable: &'static str,
    no_fact: &'static str,
    months: &'static str,
}

fn texts(l: Language) -> Texts {
    Texts {
        progress: crate::i18n::tr(l, "chart.progress"),
        by_document: crate::i18n::tr(l, "chart.by_document"),
        by_kind: crate::i18n::tr(l, "chart.by_kind"),
        series: crate::i18n::tr(l, "chart.series"),
        outlier: crate::i18n::tr(l, "chart.outlier"),
        points: crate::i18n::tr(l, "chart.points"),
        outliers_in_red: crate::i18n::tr(l, "chart.outliers_in_red"),
        drawn: crate::i18n::tr(l, "chart.drawn"),
        values: crate::i18n::tr(l, "chart.values"),
        nothing_selected: crate::i18n::tr(l, "chart.nothing_selected"),
        not_an_amount: crate::i18n::tr(l, "chart.not_an_amount"),
        no_subject: crate::i18n::tr(l, "chart.no_subject"),
        no_dated_period: crate::i18n::tr(l, "chart.no_dated_period"),
        not_plottable: crate::i18n::tr(l, "chart.not_plottable"),
        no_fact: crate::i18n::tr(l, "chart.no_fact"),
        months: crate::i18n::tr(l, "chart.months"),
    }
}

/// The most points the series plot draws.
const MAX_DRAWN: usize = 2_000;

/// How near (in points) a click must be to a point to select its fact.
const CLICK_RADIUS: f32 = 10.0;

/// What the review progress chart groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Grouping {
    #[default]
    Document,
    Kind,
}

/// The panel's own state: the data, the bars made from it, and where the last frame drew each
/// point of the series (for clicks, and for tests that click one).
#[derive(Default)]
pub struct ChartPanel {
    pub data: ChartData,
    pub grouping: Grouping,
    bars: Option<(Grouping, [Vec<Bar>; 3], Vec<String>)>,
    drawing: Option<Drawing>,
    /// Each point's fact and where it was drawn, last frame.
    pub point_positions: Vec<(FactId, Pos2)>,
    /// The language the cached bars and drawing are labelled in.
    language: Option<Language>,
}

fn status_colour(status: Status) -> Color32 {
    match status {
        Status::Verified => Color32::from_rgb(40, 150, 60),
        Status::Rejected => Color32::from_rgb(200, 60, 60),
        Status::Unreviewed => Color32::from_rgb(150, 150, 150),
    }
}

pub fn ui(app: &mut FactdeskApp, ui: &mut egui::Ui) {
    let selected = app.session.selected();
    let refreshed = app.chart.data.refresh(&app.session.workbench, selected);
    let relabel = app.chart.language != Some(app.session.language);
    app.chart.language = Some(app.session.language);
    if refreshed.progress || relabel {
        app.chart.bars = None;
    }
    if refreshed.series || relabel {
        app.chart.drawing = None;
    }
    ui.columns(2, |columns| {
        progress_ui(app, &mut columns[0]);
        series_ui(app, &mut columns[1]);
    });
}

fn progress_ui(app: &mut FactdeskApp, ui: &mut egui::Ui) {
    let l = app.session.language;
    let text = texts(l);
    let panel = &mut app.chart;
    ui.horizontal(|ui| {
        ui.strong(text.progress);
        ui.radio_value(&mut panel.grouping, Grouping::Document, text.by_document);
        ui.radio_value(&mut panel.grouping, Grouping::Kind, text.by_kind);
    });
    if panel
        .bars
        .as_ref()
        .is_none_or(|(g, ..)| *g != panel.grouping)
    {
        let wb = &app.session.workbench;
        let names = |progress: &ReviewProgress| -> Vec<String> {
            match panel.grouping {
                Grouping::Document => progress
                    .by_document
                    .iter()
                    .map(|(d, _)| wb.document(*d).name.clone())
                    .collect(),
                Grouping::Kind => progress
                    .by_kind
                    .iter()
                    .map(|(k, _)| k.to_string())
                    .collect(),
            }
        };
        let progress = panel.data.progress();
        let counts: Vec<_> = match panel.grouping {
            Grouping::Document => progress.by_document.iter().map(|(_, c)| *c).collect(),
            Grouping::Kind => progress.by_kind.iter().map(|(_, c)| *c).collect(),
        };
        let names = names(progress);
        // Stacked from the axis: verified, rejected, then what is left to review.
        let bars = [Status::Verified, Status::Rejected, Status::Unreviewed].map(|status| {
            counts
                .iter()
                .zip(&names)
                .enumerate()
                .map(|(i, (c, name))| {
                    Bar::new(i as f64, c.get(status) as f64)
                        .name(format!(
                            "{name}: {}",
                            i18n::code_name(l, "status", status.as_str())
                        ))
                        .fill(status_colour(status))
                })
                .collect::<Vec<_>>()
        });
        panel.bars = Some((panel.grouping, bars, names));
    }
    let Some((_, [verified, rejected, unreviewed], names)) = &panel.bars else {
        return;
    };
    let verified = BarChart::new(Status::Verified.as_str(), verified.clone())
        .color(status_colour(Status::Verified))
        .width(0.7);
    let rejected = BarChart::new(Status::Rejected.as_str(), rejected.clone())
        .color(status_colour(Status::Rejected))
        .width(0.7)
        .stack_on(&[&verified]);
    let unreviewed = BarChart::new(Status::Unreviewed.as_str(), unreviewed.clone())
        .color(status_colour(Status::Unreviewed))
        .width(0.7)
        .stack_on(&[&verified, &rejected]);
    Plot::new("review_progress")
        .legend(Legend::default())
        .allow_scroll(false)
        .show_grid([false, true])
        .x_axis_formatter(|mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            names
                .get(i as usize)
                .map(|n| n.chars().take(12).collect())
                .unwrap_or_default()
        })
        .show(ui, |plot| {
            plot.bar_chart(verified);
            plot.bar_chart(rejected);
            plot.bar_chart(unreviewed);
        });
}

/// The series as the plot draws it, made once per series and selection, not per frame.
struct Drawing {
    description: String,
    line: Vec<PlotPoint>,
    usual: Vec<PlotPoint>,
    outliers: Vec<PlotPoint>,
    selected: Option<PlotPoint>,
    /// The drawn points' facts, in the order of `line`.
    facts: Vec<FactId>,
}

impl Drawing {
    /// At most [`MAX_DRAWN`] points, centred on the selected one (a subject common to thousands
    /// of figures would otherwise cost every frame); the description says when it is a part.
    fn of(series: &Series, text: &Texts, l: Language) -> Self {
        let total = series.points.len();
        let at = series
            .points
            .iter()
            .position(|p| p.fact == series.of)
            .unwrap_or(0);
        let first = at
            .saturating_sub(MAX_DRAWN / 2)
            .min(total.saturating_sub(MAX_DRAWN));
        let shown = &series.points[first..total.min(first + MAX_DRAWN)];
        let point = |p: &SeriesPoint| PlotPoint::new(p.x, p.y);
        let mut description = describe(series, text, l);
        if shown.len() < total {
            description.push_str(&format!(
                " · {} {}–{} / {total}",
                text.drawn,
                first + 1,
                first + shown.len()
            ));
        }
        Drawing {
            description,
            line: shown.iter().map(point).collect(),
            usual: shown.iter().filter(|p| !p.outlier).map(point).collect(),
            outliers: shown.iter().filter(|p| p.outlier).map(point).collect(),
            selected: series.selected_point().map(point),
            facts: shown.iter().map(|p| p.fact).collect(),
        }
    }
}

fn series_ui(app: &mut FactdeskApp, ui: &mut egui::Ui) {
    let l = app.session.language;
    let text = texts(l);
    let panel = &mut app.chart;
    panel.point_positions.clear();
    ui.strong(text.series);
    let series = match panel.data.series() {
        None => {
            ui.label(text.nothing_selected);
            return;
        }
        Some(Err(why)) => {
            ui.label(no_series_text(*why, &text));
            return;
        }
        Some(Ok(series)) => series,
    };
    let drawing = panel
        .drawing
        .get_or_insert_with(|| Drawing::of(series, &text, l));
    ui.label(&drawing.description);
    // No legend: it would sit over the corner where an outlier is likely drawn; the line above
    // says how many outliers there are, and they are the red diamonds.
    let response = Plot::new("fact_series")
        .allow_scroll(false)
        .set_margin_fraction(egui::vec2(0.06, 0.12))
        .x_axis_formatter(|mark, _| year_label(mark.value))
        .label_formatter(|hover| match hover {
            HoverPosition::NearDataPoint { position, .. } => {
                Some(format!("{}\n{}", year_label(position.x), position.y))
            }
            HoverPosition::Elsewhere { .. } => None,
        })
        .show(ui, |plot| {
            plot.line(Line::new(text.values, &drawing.line[..]).color(Color32::GRAY));
            plot.points(
                Points::new(text.values, &drawing.usual[..])
                    .radius(4.0)
                    .color(Color32::from_rgb(40, 110, 220)),
            );
            plot.points(
                Points::new(text.outlier, &drawing.outliers[..])
                    .shape(MarkerShape::Diamond)
                    .radius(7.0)
                    .color(Color32::from_rgb(220, 60, 40)),
            );
            if let Some(at) = drawing.selected {
                plot.points(
                    Points::new("", vec![[at.x, at.y]])
                        .shape(MarkerShape::Circle)
                        .filled(false)
                        .radius(10.0)
                        .color(Color32::from_rgb(255, 190, 0))
                        .allow_hover(false),
                );
            }
        });
    panel.point_positions = drawing
        .facts
        .iter()
        .zip(&drawing.line)
        .map(|(fact, p)| (*fact, response.transform.position_from_point(p)))
        .collect();
    if response.response.clicked()
        && let Some(pointer) = response.response.interact_pointer_pos()
        && let Some(fact) = fact_at(&panel.point_positions, pointer)
    {
        app.actions.push(Action::Select(fact));
    }
}

/// The fact of the point nearest `pointer`, if one is within [`CLICK_RADIUS`].
pub fn fact_at(points: &[(FactId, Pos2)], pointer: Pos2) -> Option<FactId> {
    points
        .iter()
        .map(|(fact, at)| (*fact, at.distance(pointer)))
        .filter(|(_, distance)| *distance <= CLICK_RADIUS)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(fact, _)| fact)
}

fn no_series_text(why: NoSeries, text: &Texts) -> &'static str {
    match why {
        NoSeries::NotAnAmount => text.not_an_amount,
        NoSeries::NoSubject => text.no_subject,
        NoSeries::NoDatedPeriod => text.no_dated_period,
        NoSeries::NotPlottable => text.not_plottable,
        NoSeries::NoFact => text.no_fact,
    }
}

/// `全国粮食总产量 · 吨 · level · 12 months · 5 points; outliers (red): 1`.
fn describe(series: &Series, text: &Texts, l: Language) -> String {
    let key = &series.key;
    let mut parts = vec![key.subject.clone()];
    parts.extend(key.unit.clone());
    if let Some(per) = &key.per {
        parts.push(format!("/{per}"));
    }
    parts.extend(
        key.measure
            .map(|m| i18n::code_name(l, "measure", m.as_str()).to_string()),
    );
    parts.push(format!("{} {}", key.period_months, text.months));
    let outliers = series.points.iter().filter(|p| p.outlier).count();
    parts.push(format!(
        "{} {}; {}: {outliers}",
        series.points.len(),
        text.points,
        text.outliers_in_red
    ));
    parts.join(" · ")
}

/// A position on the time axis as a year, or year and month.
fn year_label(years: f64) -> String {
    let year = years.floor();
    let month = ((years - year) * 12.0).floor() as u32 + 1;
    if month == 1 {
        format!("{year:.0}")
    } else {
        format!("{year:.0}-{month:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_click_selects_the_nearest_point_within_reach_only() {
        let points = [
            (FactId(3), Pos2::new(100.0, 50.0)),
            (FactId(7), Pos2::new(112.0, 50.0)),
        ];
        assert_eq!(fact_at(&points, Pos2::new(101.0, 52.0)), Some(FactId(3)));
        assert_eq!(fact_at(&points, Pos2::new(108.0, 50.0)), Some(FactId(7)));
        assert_eq!(fact_at(&points, Pos2::new(100.0, 80.0)), None);
        assert_eq!(fact_at(&[], Pos2::new(100.0, 50.0)), None);
    }

    #[test]
    fn a_long_series_is_drawn_around_the_selected_point_and_says_so() {
        use crate::fact::{Kind, Measure};
        use crate::review::chart::{BasisKind, PeriodSpan, SeriesKey};
        let point = |i: u32| SeriesPoint {
            fact: FactId(i),
            period: "2025".into(),
            span: PeriodSpan::parse("2025").unwrap(),
            x: 2025.0,
            y: f64::from(i),
            range: false,
            status: Status::Unreviewed,
            outlier: i == 2600,
        };
        let series = |of: u32| Series {
            of: FactId(of),
            key: SeriesKey {
                kind: Kind::Money,
                subject: "合作项目投资".into(),
                unit: Some("CNY".into()),
                per: None,
                measure: Some(Measure::Level),
                basis: BasisKind::None,
                period_months: 12,
            },
            points: (0..5000).map(point).collect(),
        };
        let middle = Drawing::of(&series(2500), &texts(Language::English), Language::English);
        assert_eq!(middle.facts.len(), MAX_DRAWN);
        assert_eq!(middle.facts[0], FactId(1500));
        assert!(
            middle.description.ends_with("drawn 1501–3500 / 5000"),
            "{}",
            middle.description
        );
        assert_eq!(middle.outliers.len(), 1);
        assert_eq!(middle.selected, Some(PlotPoint::new(2025.0, 2500.0)));
        let last = Drawing::of(&series(4999), &texts(Language::English), Language::English);
        assert_eq!(last.facts.first(), Some(&FactId(3000)));
        assert_eq!(last.facts.last(), Some(&FactId(4999)));
        let first = Drawing::of(&series(3), &texts(Language::English), Language::English);
        assert_eq!(first.facts[0], FactId(0));
        assert!(first.outliers.is_empty());
    }

    #[test]
    fn the_time_axis_reads_as_years_and_months() {
        assert_eq!(year_label(2019.0), "2019");
        assert_eq!(year_label(2020.5), "2020-07");
    }
}
