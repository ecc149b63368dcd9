//! The review model on the real seeds, without a window: grouping, decisions, undo, views,
//! background loading and exports.

use factdesk::corpus::Document;
use factdesk::fact::{Direction, Kind, Measure};
use factdesk::review::edit::{Draft, Field};
use factdesk::review::export::{self, ExportFormat, ExportOptions, Scope};
use factdesk::review::loader::{Loader, Source, shared_extractor};
use factdesk::review::view::{Column, FactView, Query};
use factdesk::review::{FactId, Status, Workbench};
use rust_decimal::Decimal;

fn seeds() -> Workbench {
    let mut wb = Workbench::new();
    let mut loader = Loader::spawn(Source::BundledSeeds, || {});
    loader.wait_into(&mut wb);
    wb
}

fn by_surface(wb: &Workbench, surface: &str) -> FactId {
    wb.live_facts()
        .find(|f| f.mentions.iter().any(|m| m.mention.surface == surface))
        .unwrap_or_else(|| panic!("no fact reads {surface}"))
        .id
}

/// Articles extracted by the real engine, then given the frames the frame stage reports for them
/// (`frames` by surface: subject, measure, period), so grouping is tested on its own rule.
fn framed(
    articles: &[(&str, &str)],
    frames: &[(&str, &str, Option<Measure>, Option<&str>)],
) -> Workbench {
    let items = articles.iter().map(|(name, text)| {
        let doc = Document {
            name: name.to_string(),
            path: None,
            text: text.to_string(),
            encoding: "UTF-8",
        };
        let mut extraction = shared_extractor().extract(name, text);
        for m in &mut extraction.mentions {
            let frame = frames
                .iter()
                .find(|(surface, ..)| *surface == m.surface)
                .unwrap_or_else(|| panic!("no frame given for {}", m.surface));
            m.subject = frame.1.to_string();
            m.measure = frame.2;
            m.period = frame.3.map(str::to_string);
        }
        (doc, extraction)
    });
    Workbench::from_extractions(items)
}

fn facts_reading(wb: &Workbench, surface: &str) -> Vec<usize> {
    wb.live_facts()
        .filter(|f| f.mentions.iter().any(|m| m.mention.surface == surface))
        .map(|f| f.mentions.len())
        .collect()
}

/// Two reports of the same trade total for the same year.
fn two_reports() -> Workbench {
    let a = (
        "a.txt",
        "海关总署1月13日发布，2024年中国同中亚五国贸易额达到948亿美元。",
    );
    let b = (
        "b.txt",
        "据统计，2024年中国同中亚五国贸易额达到948亿美元，创历史新高。",
    );
    framed(
        &[a, b],
        &[
            ("1月13日", "", None, Some("2025-01-13")),
            ("2024年", "", None, Some("2024")),
            (
                "948亿美元",
                "中国同中亚五国贸易额",
                Some(Measure::Level),
                Some("2024"),
            ),
        ],
    )
}

#[test]
fn the_same_figure_for_the_same_subject_and_period_in_two_articles_is_one_fact() {
    let level = Some(Measure::Level);
    let wb = two_reports();
    assert_eq!(facts_reading(&wb, "948亿美元"), [2]);
    assert_eq!(facts_reading(&wb, "2024年"), [2], "the same complete year");
    let trade = wb.fact(by_surface(&wb, "948亿美元")).unwrap();
    assert_eq!(trade.fields.period.as_deref(), Some("2024"));
    assert_eq!(trade.fields.measure, level);
}

#[test]
fn the_same_value_for_another_subject_or_period_or_an_unknown_one_stays_apart() {
    let a = ("a.txt", "2024年双边贸易额达到948亿美元。");
    let b = ("b.txt", "2023年双边贸易额达到948亿美元。");
    let level = Some(Measure::Level);
    // Document a's reading, then document b's, which differs in one way.
    let cases = [
        ("another subject", ("对外投资额", level, Some("2024"))),
        ("another period", ("双边贸易额", level, Some("2023"))),
        ("an unknown subject", ("", level, Some("2024"))),
        ("an unknown period", ("双边贸易额", level, None)),
        (
            "another measure",
            ("双边贸易额", Some(Measure::Change), Some("2024")),
        ),
    ];
    for (why, (subject, measure, period)) in cases {
        let mut wb = Workbench::new();
        for (name, text, frame) in [
            (a.0, a.1, ("双边贸易额", level, Some("2024"))),
            (b.0, b.1, (subject, measure, period)),
        ] {
            let mut extraction = shared_extractor().extract(name, text);
            for m in extraction
                .mentions
                .iter_mut()
                .filter(|m| m.kind == Kind::Money)
            {
                m.subject = frame.0.to_string();
                m.measure = frame.1;
                m.period = frame.2.map(str::to_string);
            }
            let doc = Document {
                name: name.to_string(),
                path: None,
                text: text.to_string(),
                encoding: "UTF-8",
            };
            wb.add_document(doc, extraction);
        }
        assert_eq!(facts_reading(&wb, "948亿美元"), [1, 1], "{why}: two facts");
    }
    // Unknown on both sides is still never joined.
    let wb = framed(
        &[a, a],
        &[
            ("2024年", "", None, None),
            ("948亿美元", "双边贸易额", level, None),
        ],
    );
    assert_eq!(facts_reading(&wb, "948亿美元"), [1, 1]);
    assert_eq!(
        facts_reading(&wb, "2024年"),
        [1, 1],
        "a date without its period"
    );
}

#[test]
fn every_mention_of_the_seeds_belongs_to_exactly_one_fact() {
    let wb = seeds();
    let mentions: usize = wb.live_facts().map(|f| f.mentions.len()).sum();
    assert_eq!(
        mentions, 234,
        "every extracted mention belongs to exactly one fact"
    );
    assert_eq!(wb.summary().total, wb.live_facts().count());
}

#[test]
fn every_change_undoes_and_redoes() {
    let mut wb = two_reports();
    let trade = by_surface(&wb, "948亿美元");
    let before = wb.fact(trade).unwrap().clone();
    wb.set_status(trade, Status::Verified).unwrap();
    let mut draft = Draft::of(&before.fields);
    draft.subject = "双边贸易额".into();
    wb.set_fields(trade, draft.validate().unwrap()).unwrap();
    wb.set_note(trade, "海关总署数据".into()).unwrap();
    let split = wb.split(trade, 0).unwrap();
    assert_eq!(
        wb.fact(trade).unwrap().mentions.len(),
        before.mentions.len() - 1
    );
    assert_eq!(wb.fact(split).unwrap().status, Status::Unreviewed);
    assert!(wb.is_dirty());

    for _ in 0..4 {
        wb.undo().unwrap().unwrap();
    }
    assert!(wb.undo().unwrap().is_none());
    let after = wb.fact(trade).unwrap();
    assert_eq!(after.fields, before.fields);
    assert_eq!(after.status, before.status);
    assert_eq!(after.note, before.note);
    assert_eq!(after.mentions, before.mentions);
    assert!(
        !wb.fact(split).unwrap().is_live(),
        "the split-off fact is gone again"
    );

    for _ in 0..4 {
        wb.redo().unwrap().unwrap();
    }
    let redone = wb.fact(trade).unwrap();
    assert_eq!(redone.status, Status::Verified);
    assert_eq!(redone.fields.subject, "双边贸易额");
    assert_eq!(redone.original.subject, before.original.subject);
    assert_eq!(redone.note, "海关总署数据");
    assert!(wb.fact(split).unwrap().is_live());
}

#[test]
fn a_fact_with_one_mention_cannot_be_split() {
    let mut wb = seeds();
    let single = wb.live_facts().find(|f| f.mentions.len() == 1).unwrap().id;
    assert!(wb.split(single, 0).is_err());
}

/// The view's shortcuts give what a fresh view gives: flipping the order reverses the cached one,
/// a status change re-checks statuses only, a needle without letters is searched as it is.
#[test]
fn cached_orders_and_filters_agree_with_a_fresh_view() {
    let mut wb = seeds();
    let fresh = |wb: &Workbench, query: &Query| {
        let mut view = FactView::default();
        view.refresh(wb, query);
        view.rows().to_vec()
    };
    let mut view = FactView::default();
    let mut query = Query {
        sort: Column::Value,
        ..Query::default()
    };
    for descending in [false, true, false, true] {
        query.descending = descending;
        view.refresh(&wb, &query);
        assert_eq!(view.rows(), fresh(&wb, &query), "descending {descending}");
    }
    query.statuses.insert(Status::Unreviewed);
    view.refresh(&wb, &query);
    for &id in view.rows().to_vec().iter().take(5) {
        wb.set_status(id, Status::Verified).unwrap();
        view.refresh(&wb, &query);
        assert!(!view.rows().contains(&id));
        assert_eq!(view.rows(), fresh(&wb, &query));
    }
    query.statuses.clear();
    for needle in ["948亿", "万元", "2025", "％", "、", "亿美元。"] {
        query.search = needle.into();
        view.refresh(&wb, &query);
        let rows = view.rows().to_vec();
        assert_eq!(rows, fresh(&wb, &query), "{needle}");
        // Every fact whose sentence holds the needle as written is found.
        for f in wb.live_facts() {
            if f.mentions
                .iter()
                .any(|m| m.mention.sentence.contains(needle))
            {
                assert!(rows.contains(&f.id), "{needle} in fact {}", f.id.0);
            }
        }
    }
}

#[test]
fn views_filter_search_and_sort() {
    let mut wb = seeds();
    let mut view = FactView::default();
    let mut query = Query::default();
    view.refresh(&wb, &query);
    assert_eq!(view.rows().len(), wb.summary().total);

    query.kinds.insert(Kind::Money);
    query.sort = Column::Value;
    query.descending = true;
    view.refresh(&wb, &query);
    let values: Vec<Decimal> = view
        .rows()
        .iter()
        .map(|&id| wb.fact(id).unwrap().fields.value.as_number().unwrap())
        .collect();
    assert!(!values.is_empty());
    assert!(values.windows(2).all(|w| w[0] >= w[1]), "{values:?}");
    assert_eq!(
        values[0],
        Decimal::from(94_800_000_000u64),
        "the largest sum is the trade total"
    );

    query = Query {
        search: "培训名额".into(),
        ..Query::default()
    };
    view.refresh(&wb, &query);
    assert!(view.rows().iter().all(|&id| {
        let f = wb.fact(id).unwrap();
        f.fields.subject.contains("培训名额")
            || f.mentions
                .iter()
                .any(|m| m.mention.sentence.contains("培训名额"))
    }));
    assert!(view.rows().contains(&by_surface(&wb, "3000个")));

    // Letters are matched without regard to case, alone and mixed with Chinese; Chinese is
    // matched as written.
    let trade = by_surface(&wb, "948亿美元");
    wb.set_note(trade, "核对 Customs GDP 表".into()).unwrap();
    for needle in ["gdp", "GDP", "customs gdp", "核对 cus", "948亿美元"] {
        query = Query {
            search: needle.into(),
            ..Query::default()
        };
        view.refresh(&wb, &query);
        assert!(view.rows().contains(&trade), "{needle}");
    }
    query = Query {
        search: "gdpx".into(),
        ..Query::default()
    };
    view.refresh(&wb, &query);
    assert!(!view.rows().contains(&trade));
    wb.undo().unwrap();

    // Under an "unreviewed" filter a verified fact leaves, and the selection moves on.
    query = Query::default();
    query.statuses.insert(Status::Unreviewed);
    view.refresh(&wb, &query);
    view.select_row(3);
    let (gone, next) = (view.rows()[3], view.rows()[4]);
    wb.set_status(gone, Status::Verified).unwrap();
    assert!(view.refresh(&wb, &query));
    assert!(!view.rows().contains(&gone));
    assert_eq!(view.selected(), Some(next));

    // Sorted by status, a decision re-sorts (the cached order depends on statuses then).
    query.statuses.clear();
    query.sort = Column::Status;
    view.refresh(&wb, &query);
    let last = *view.rows().last().unwrap();
    assert_eq!(wb.fact(last).unwrap().status, Status::Verified);
    let first = view.rows()[0];
    wb.set_status(first, Status::Rejected).unwrap();
    view.refresh(&wb, &query);
    assert_eq!(*view.rows().last().unwrap(), first, "rejected sorts last");

    query.sort = Column::Document;
    query.document = wb
        .document_by_name("000_f0687f8725c1cd82.txt")
        .map(|d| d.id);
    view.refresh(&wb, &query);
    let doc = query.document.unwrap();
    assert!(view.rows().iter().all(|&id| {
        wb.fact(id)
            .unwrap()
            .mentions
            .iter()
            .any(|m| m.doc_id == doc)
    }));
    assert_eq!(view.rows().len(), wb.document_stats(doc).facts);
}

#[test]
fn the_json_export_round_trips() {
    let mut wb = seeds();
    let trade = by_surface(&wb, "948亿美元");
    wb.set_status(trade, Status::Verified).unwrap();
    wb.set_note(trade, "核对：商务部".into()).unwrap();
    let mut draft = Draft::of(&wb.fact(trade).unwrap().fields);
    draft.value = "94800000000.5".into();
    wb.set_fields(trade, draft.validate().unwrap()).unwrap();
    let rejected = by_surface(&wb, "二期");
    wb.set_status(rejected, Status::Rejected).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("all.json");
    let options = ExportOptions {
        format: ExportFormat::Json,
        scope: Scope::All,
        ..ExportOptions::default()
    };
    let n = export::write_to_path(&path, &wb, options, &[]).unwrap();
    assert_eq!(n, wb.summary().total);
    let back = export::read_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(back.format, "factdesk/2");
    assert_eq!(back.documents.len(), 5);
    assert_eq!(back.facts.len(), n);
    for (exported, fact) in back.facts.iter().zip(wb.live_facts()) {
        assert_eq!(exported.id, fact.id);
        assert_eq!(exported.status, fact.status);
        assert_eq!(
            exported.fields, fact.fields,
            "exact values survive, no float on the way"
        );
        assert_eq!(exported.original, fact.original);
        assert_eq!(exported.note, fact.note);
        let mentions: Vec<_> = fact.mentions.iter().map(|m| m.mention.clone()).collect();
        assert_eq!(exported.mentions, mentions);
    }

    // Verified only.
    let verified = dir.path().join("verified.json");
    export::write_to_path(
        &verified,
        &wb,
        ExportOptions {
            scope: Scope::Verified,
            ..options
        },
        &[],
    )
    .unwrap();
    let back = export::read_json(&std::fs::read_to_string(&verified).unwrap()).unwrap();
    assert_eq!(back.facts.len(), 1);
    assert_eq!(back.facts[0].fields.value.to_string(), "94800000000.5");
    assert_eq!(back.facts[0].original.value.to_string(), "94800000000");
    let trail: Vec<&str> = back.facts[0]
        .trail
        .iter()
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(
        trail,
        ["apply", "apply", "apply"],
        "status, note and value changes are in the trail"
    );
    match &back.facts[0].trail[2].change {
        factdesk::review::Change::Fields { from, to, .. } => {
            assert_eq!(from.value.to_string(), "94800000000");
            assert_eq!(to.value.to_string(), "94800000000.5");
        }
        other => panic!("expected the value edit, got {other:?}"),
    }

    // A newer format is refused with a clear message.
    let newer = std::fs::read_to_string(&verified)
        .unwrap()
        .replace("factdesk/2", "factdesk/3");
    let err = export::read_json(&newer).unwrap_err().to_string();
    assert!(err.contains("factdesk/3"), "{err}");

    // A version-1 export (no frame in its readings) still reads, its frames unknown.
    let mut v1: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&verified).unwrap()).unwrap();
    v1["format"] = "factdesk/1".into();
    for fact in v1["facts"].as_array_mut().unwrap() {
        for reading in ["fields", "original"] {
            let reading = fact[reading].as_object_mut().unwrap();
            for field in ["measure", "direction", "basis", "period"] {
                assert!(reading.remove(field).is_some(), "version 2 writes {field}");
            }
        }
    }
    let back = export::read_json(&v1.to_string()).unwrap();
    assert_eq!(back.facts[0].fields.value.to_string(), "94800000000.5");
    assert!(back.facts[0].fields.has_no_frame());
}

#[test]
fn frame_corrections_are_validated_undoable_and_exported() {
    let mut wb = seeds();
    let trade = by_surface(&wb, "948亿美元");
    let original = wb.fact(trade).unwrap().fields.clone();
    let mut draft = Draft::of(&original);
    // Invalid entries are refused per field, nothing coerced.
    draft.period = "2024-13".into();
    draft.basis = "去年".into();
    draft.measure = "rise".into();
    let errors = draft.validate().unwrap_err();
    let fields: Vec<Field> = errors.iter().map(|(f, _)| *f).collect();
    assert_eq!(
        fields,
        [Field::Measure, Field::Basis, Field::Period],
        "{errors:?}"
    );
    draft.period = "2024-09/2024-01".into();
    draft.basis = String::new();
    draft.measure = "level".into();
    let errors = draft.validate().unwrap_err();
    assert_eq!(
        errors[0].0,
        Field::Period,
        "an interval that ends before it starts"
    );
    // A direction belongs to a change, growth, points or multiple figure.
    draft.period = "2024-01/2024-09".into();
    draft.direction = "up".into();
    assert_eq!(draft.validate().unwrap_err()[0].0, Field::Direction);
    draft.measure = "growth".into();
    draft.basis = "yoy".into();
    let fields = draft.validate().unwrap();
    assert_eq!(fields.period.as_deref(), Some("2024-01/2024-09"));
    assert_eq!(fields.measure, Some(Measure::Growth));
    assert_eq!(fields.direction, Some(Direction::Up));
    assert_eq!(fields.basis.as_deref(), Some("yoy"));
    wb.set_fields_because(trade, fields, Some(factdesk::review::Reason::WrongPeriod))
        .unwrap();
    let fact = wb.fact(trade).unwrap();
    assert_eq!(
        fact.original, original,
        "the extracted reading is kept beside"
    );
    assert!(fact.is_edited());
    let last = wb.trail_of(trade).last().unwrap();
    assert_eq!(last.reason, Some(factdesk::review::Reason::WrongPeriod));

    let mut csv_out = Vec::new();
    let facts = export::select(&wb, Scope::All, &[]);
    export::write(
        &mut csv_out,
        &wb,
        ExportOptions {
            format: ExportFormat::Csv,
            scope: Scope::All,
            csv: export::CsvFlavour::Data,
            ..ExportOptions::default()
        },
        &facts,
    )
    .unwrap();
    let mut reader = csv::Reader::from_reader(csv_out.as_slice());
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = reader
        .records()
        .map(Result::unwrap)
        .find(|r| r[col("fact_id")] == trade.0.to_string())
        .unwrap();
    assert_eq!(&row[col("period")], "2024-01/2024-09");
    assert_eq!(&row[col("measure")], "growth");
    assert_eq!(&row[col("direction")], "up");
    assert_eq!(&row[col("basis")], "yoy");
    assert_eq!(
        &row[col("original_period")],
        original.period.as_deref().unwrap_or("")
    );
    assert_eq!(
        row[col("published")].to_string(),
        wb.document(wb.fact(trade).unwrap().mentions[0].doc_id)
            .published
            .clone()
            .unwrap_or_default()
    );

    wb.undo().unwrap().unwrap();
    assert_eq!(wb.fact(trade).unwrap().fields, original);
}

#[test]
fn search_covers_subjects_and_the_table_filters_by_measure() {
    let mut wb = seeds();
    let trade = by_surface(&wb, "948亿美元");
    let mut draft = Draft::of(&wb.fact(trade).unwrap().fields);
    draft.subject = "中亚五国贸易总额".into();
    draft.measure = "level".into();
    draft.direction.clear();
    wb.set_fields(trade, draft.validate().unwrap()).unwrap();
    let mut view = FactView::default();
    let query = Query {
        search: "贸易总额".into(),
        ..Query::default()
    };
    view.refresh(&wb, &query);
    assert_eq!(
        view.rows(),
        [trade],
        "only the corrected subject says 贸易总额"
    );
    let mut query = Query::default();
    query.measures.insert(Measure::Level);
    view.refresh(&wb, &query);
    assert!(view.rows().contains(&trade));
    assert!(
        view.rows()
            .iter()
            .all(|&id| wb.fact(id).unwrap().fields.measure == Some(Measure::Level))
    );
    query.measures = [Measure::Share].into_iter().collect();
    view.refresh(&wb, &query);
    assert!(!view.rows().contains(&trade));
}

const RELEASE: &str = "国家统计局10月19日发布，今年前三季度国内生产总值529971亿元，按可比价格计算，同比增长6.7%。\n\n\
分季度看，一季度同比增长6.7%，二季度增长6.7%，三季度增长6.7%。";

fn release() -> Workbench {
    let doc = Document {
        name: "gdp.txt".into(),
        path: None,
        text: RELEASE.into(),
        encoding: "UTF-8",
    };
    let extraction = shared_extractor().extract("gdp.txt", RELEASE);
    Workbench::from_extractions([(doc, extraction)])
}

#[test]
fn setting_a_publication_date_is_one_undoable_change_that_keeps_every_decision() {
    let mut wb = release();
    let gdp = by_surface(&wb, "529971亿元");
    let growth = wb
        .live_facts()
        .find(|f| f.fields.kind == Kind::Percent)
        .unwrap()
        .id;
    wb.set_status(gdp, Status::Verified).unwrap();
    wb.set_note(gdp, "核对：统计公报".into()).unwrap();
    let mut draft = Draft::of(&wb.fact(growth).unwrap().fields);
    draft.period = "2016-01/2016-03".into();
    draft.measure = "growth".into();
    wb.set_fields(growth, draft.validate().unwrap()).unwrap();
    let doc = wb.documents()[0].id;
    let before = wb.all_facts().to_vec();
    let date_before = wb.document(doc).published.clone();
    let history = wb.history().len();

    // Not an ISO date: refused, nothing changes.
    assert!(
        wb.set_published(doc, Some("2016年10月19日".into()), shared_extractor())
            .is_err()
    );
    assert_eq!(wb.history().len(), history);

    wb.set_published(doc, Some("2016-10-19".into()), shared_extractor())
        .unwrap();
    assert_eq!(wb.history().len(), history + 1, "one change");
    let d = wb.document(doc);
    assert_eq!(d.published.as_deref(), Some("2016-10-19"));
    assert!(d.published_given);
    for (now, was) in wb.all_facts().iter().zip(&before) {
        assert_eq!(now.status, was.status);
        assert_eq!(now.note, was.note);
        assert_eq!(now.mentions.len(), was.mentions.len());
    }
    let corrected = wb.fact(growth).unwrap();
    assert_eq!(
        corrected.fields.period.as_deref(),
        Some("2016-01/2016-03"),
        "the analyst's period stays"
    );
    assert!(matches!(
        wb.trail().last().unwrap().change,
        factdesk::review::Change::Published { .. }
    ));

    wb.undo().unwrap().unwrap();
    assert_eq!(wb.document(doc).published, date_before);
    assert_eq!(
        wb.all_facts(),
        before.as_slice(),
        "undo restores every frame"
    );
    wb.redo().unwrap().unwrap();
    assert_eq!(wb.document(doc).published.as_deref(), Some("2016-10-19"));
    // Clearing the given date goes back to the date in the text.
    wb.set_published(doc, None, shared_extractor()).unwrap();
    assert!(!wb.document(doc).published_given);
}

#[test]
fn a_publication_date_resolves_the_periods_of_its_facts() {
    let mut wb = release();
    let doc = wb.documents()[0].id;
    wb.set_published(doc, Some("2016-10-19".into()), shared_extractor())
        .unwrap();
    let gdp = wb.fact(by_surface(&wb, "529971亿元")).unwrap();
    assert_eq!(gdp.fields.period.as_deref(), Some("2016-01/2016-09"));
    assert_eq!(gdp.original.period.as_deref(), Some("2016-01/2016-09"));
    assert_eq!(
        gdp.mentions[0].mention.period.as_deref(),
        Some("2016-01/2016-09")
    );
    wb.set_published(doc, Some("2017-10-19".into()), shared_extractor())
        .unwrap();
    let gdp = wb.fact(by_surface(&wb, "529971亿元")).unwrap();
    assert_eq!(gdp.fields.period.as_deref(), Some("2017-01/2017-09"));
    wb.undo().unwrap().unwrap();
    let gdp = wb.fact(by_surface(&wb, "529971亿元")).unwrap();
    assert_eq!(gdp.fields.period.as_deref(), Some("2016-01/2016-09"));
}

#[test]
fn the_csv_export_is_safe_for_spreadsheets() {
    let mut wb = seeds();
    let trade = by_surface(&wb, "948亿美元");
    let mut draft = Draft::of(&wb.fact(trade).unwrap().fields);
    draft.subject = "=HYPERLINK(\"http://x\")".into();
    wb.set_fields(trade, draft.validate().unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("all.csv");
    let options = ExportOptions {
        format: ExportFormat::Csv,
        scope: Scope::All,
        csv: export::CsvFlavour::Excel,
        ..ExportOptions::default()
    };
    export::write_to_path(&path, &wb, options, &[]).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let bytes = bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .expect("a BOM for spreadsheets");
    let mut reader = csv::Reader::from_reader(bytes);
    let header = reader.headers().unwrap().clone();
    let subject = header.iter().position(|h| h == "subject").unwrap();
    let surface = header.iter().position(|h| h == "surface").unwrap();
    let rows: Vec<_> = reader.records().map(Result::unwrap).collect();
    let trade_row = rows.iter().find(|r| &r[surface] == "948亿美元").unwrap();
    assert_eq!(&trade_row[subject], "'=HYPERLINK(\"http://x\")");
}

#[test]
fn an_export_to_a_missing_folder_fails_and_writes_nothing() {
    let wb = seeds();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-folder").join("out.json");
    assert!(export::write_to_path(&path, &wb, ExportOptions::default(), &[]).is_err());
    assert!(!path.exists());
}

#[test]
fn a_bad_file_is_listed_and_the_others_load() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("good.txt"),
        "2024年双边贸易额达到948亿美元。",
    )
    .unwrap();
    std::fs::write(dir.path().join("bad.txt"), [0u8, 159, 146, 150, 0, 0, 1, 2]).unwrap();
    let mut wb = Workbench::new();
    let mut loader = Loader::spawn(Source::Paths(vec![dir.path().to_path_buf()]), || {});
    loader.wait_into(&mut wb);
    assert_eq!(loader.progress(), (2, 2));
    assert_eq!(wb.documents().len(), 1);
    assert_eq!(wb.load_errors().len(), 1);
    assert!(wb.load_errors()[0].path.ends_with("bad.txt"));
    assert!(
        wb.live_facts()
            .any(|f| f.fields.unit.as_deref() == Some("USD"))
    );
}

#[test]
fn the_window_loader_names_documents_by_their_folder_and_keeps_damage_warnings() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["2024", "2025"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        std::fs::write(
            dir.path().join(sub).join("a.txt"),
            format!("{sub}年双边贸易额达到948亿美元。"),
        )
        .unwrap();
    }
    // Chinese UTF-8 with one stray byte, as a truncated download leaves it.
    let mut damaged = "全年粮食总产量达到13000亿斤，比上年增长1.3%。"
        .as_bytes()
        .to_vec();
    damaged.insert(9, 0xFF);
    std::fs::write(dir.path().join("damaged.txt"), damaged).unwrap();
    let mut wb = Workbench::new();
    let mut loader = Loader::spawn(Source::Paths(vec![dir.path().to_path_buf()]), || {});
    loader.wait_into(&mut wb);
    let mut names: Vec<&str> = wb.documents().iter().map(|d| d.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["2024/a.txt", "2025/a.txt", "damaged.txt"]);
    assert!(wb.load_errors().is_empty(), "{:?}", wb.load_errors());
    assert_eq!(wb.load_warnings().len(), 1, "{:?}", wb.load_warnings());
    assert!(wb.load_warnings()[0].path.ends_with("damaged.txt"));
    assert!(
        wb.load_warnings()[0].message.contains("at byte 9;"),
        "{}",
        wb.load_warnings()[0]
    );
}

fn extracted(articles: &[(&str, &str)]) -> Workbench {
    Workbench::from_extractions(articles.iter().map(|(name, text)| {
        let doc = Document {
            name: name.to_string(),
            path: None,
            text: text.to_string(),
            encoding: "UTF-8",
        };
        (doc, shared_extractor().extract(name, text))
    }))
}

/// The cases, read by the real engine (no frames given by hand).
#[test]
fn the_same_value_for_other_series_or_an_undated_quarter_elsewhere_stays_apart() {
    // One release: three series that each moved by 3.7%.
    let release = (
        "release.txt",
        "2025年前三季度，全国生猪出栏量同比下降3.7%。出口同比增长3.7%。规模以上工业发电量同比增长3.7%。",
    );
    let wb = extracted(&[release]);
    let three_seven: Vec<_> = wb
        .live_facts()
        .filter(|f| f.mentions.iter().any(|m| m.mention.surface == "3.7%"))
        .collect();
    assert_eq!(three_seven.len(), 3, "three series, three facts");
    assert!(three_seven.iter().all(|f| f.mentions.len() == 1));
    // The same quarter of two reports whose year nobody knows: not one fact.
    let quarter = "三季度，规模以上工业增加值同比增长6.0%。";
    let wb = extracted(&[("2016.txt", quarter), ("2025.txt", quarter)]);
    let growth: Vec<_> = wb
        .live_facts()
        .filter(|f| f.mentions.iter().any(|m| m.mention.surface == "6.0%"))
        .collect();
    assert_eq!(growth.len(), 2, "an undated 三季度 in two reports");
    assert!(
        growth
            .iter()
            .all(|f| f.mentions.len() == 1 && f.document_count() == 1)
    );
    // With the year known, the same figure in two reports is one fact spanning two documents.
    let dated = "2016年三季度，规模以上工业增加值同比增长6.0%。";
    let wb = extracted(&[("a.txt", dated), ("b.txt", dated)]);
    let fact = wb.fact(by_surface(&wb, "6.0%")).unwrap();
    assert_eq!(fact.mentions.len(), 2);
    assert_eq!(fact.document_count(), 2);
}

#[test]
fn merging_by_hand_is_one_undoable_change_in_the_trail() {
    let quarter = "三季度，规模以上工业增加值同比增长6.0%。";
    let mut wb = extracted(&[("2016.txt", quarter), ("2025.txt", quarter)]);
    let ids: Vec<FactId> = wb
        .live_facts()
        .filter(|f| f.mentions.iter().any(|m| m.mention.surface == "6.0%"))
        .map(|f| f.id)
        .collect();
    let (into, other) = (ids[0], ids[1]);
    let total = wb.summary().total;
    wb.merge(into, &[other]).unwrap();
    assert_eq!(wb.fact(into).unwrap().mentions.len(), 2);
    assert_eq!(wb.fact(into).unwrap().document_count(), 2);
    assert!(!wb.fact(other).unwrap().is_live());
    assert_eq!(wb.summary().total, total - 1);
    // A money figure and a percentage are not one figure.
    let date = wb
        .live_facts()
        .find(|f| f.fields.kind != Kind::Percent)
        .map(|f| f.id);
    if let Some(date) = date {
        assert!(wb.merge(into, &[date]).is_err());
    }
    wb.undo().unwrap().unwrap();
    assert_eq!(wb.fact(into).unwrap().mentions.len(), 1);
    assert!(wb.fact(other).unwrap().is_live());
    assert_eq!(wb.summary().total, total);
    wb.redo().unwrap().unwrap();
    assert!(!wb.fact(other).unwrap().is_live());
    let actions: Vec<&str> = wb.trail().iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["apply", "undo", "redo"],
        "merge, its undo and redo"
    );
    // Split undoes a merge one mention at a time, too.
    let split = wb.split(into, 1).unwrap();
    assert!(wb.fact(split).unwrap().is_live());
}

#[test]
fn a_fact_added_by_hand_is_one_change_undone_and_redone() {
    let text = "公司今年共培训三大合作中心的学员。";
    let mut wb = extracted(&[("a.txt", text)]);
    let before = wb.all_facts().len();
    let fields = factdesk::review::FactFields::bare(
        Kind::Quantity,
        factdesk::fact::Value::number(Decimal::from(3)),
    );
    let id = wb
        .add_by_hand(factdesk::review::DocId(0), 7, 13, fields.clone())
        .unwrap();
    let fact = wb.fact(id).unwrap();
    assert!(fact.added_by_hand && fact.is_live());
    assert_eq!(fact.mentions[0].mention.surface, "三大合作中心");
    assert_eq!(fact.fields, fields);
    assert!(matches!(
        wb.history().last(),
        Some(factdesk::review::Change::AddFact { .. })
    ));
    wb.undo().unwrap().unwrap();
    assert!(!wb.fact(id).unwrap().is_live());
    wb.redo().unwrap().unwrap();
    assert!(wb.fact(id).unwrap().is_live());
    assert_eq!(
        wb.all_facts().len(),
        before + 1,
        "redo revives the same fact"
    );
    let actions: Vec<&str> = wb.trail().iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["apply", "undo", "redo"]);
}

/// A change recounts and re-marks only the facts it touched, and the table's order, filter and
/// search index are patched with them: after every kind of change (and its undo and redo) all of
/// it must be what counting and sorting from nothing gives.
#[test]
fn counts_marks_orders_and_searches_patched_after_each_change_agree_with_a_fresh_start() {
    use factdesk::review::DocId;
    let mut wb = seeds();
    let queries: Vec<Query> = vec![
        Query::default(),
        Query {
            sort: Column::Value,
            ..Query::default()
        },
        Query {
            sort: Column::Sources,
            descending: true,
            ..Query::default()
        },
        Query {
            sort: Column::Status,
            statuses: [Status::Unreviewed].into(),
            ..Query::default()
        },
        Query {
            sort: Column::Subject,
            search: "万".into(),
            ..Query::default()
        },
    ];
    let mut views: Vec<FactView> = queries.iter().map(|_| FactView::default()).collect();
    // A view whose search changes after every change: each new search runs over the index the
    // changes patched, built a few facts at a time in between.
    let mut searching = FactView::default();
    let needles = ["亿", "%", "合作", "GDP", "note-7", "2025"];
    let mut rng = Lcg(7);
    for step in 0..120 {
        make_random_change(&mut wb, step % 10, &mut rng, &step.to_string());
        if step == 60 {
            wb.set_published(DocId(1), Some("2024-06-18".into()), shared_extractor())
                .unwrap();
        }

        assert_counts_and_marks_as_counted_afresh(&wb, &format!("step {step}"));
        for (view, query) in views.iter_mut().zip(&queries) {
            view.refresh(&wb, query);
            let mut fresh = FactView::default();
            fresh.refresh(&wb, query);
            assert_eq!(view.rows(), fresh.rows(), "step {step}, {query:?}");
        }
        // Indexed a few facts at a time, as idle frames do, with changes in between; a fresh
        // view now and then starts the index over.
        if step % 12 == 0 {
            searching = FactView::default();
        }
        searching.prepare_search(&wb, 15);
        if step % 4 != 3 {
            continue;
        }
        let needle = needles[step / 4 % needles.len()];
        let query = Query {
            search: needle.into(),
            ..Query::default()
        };
        searching.refresh(&wb, &query);
        // What the index finds is what reading every field of every fact finds.
        let expected = holding(&wb, &Query::default(), needle);
        assert_eq!(searching.rows(), expected, "step {step}, {needle}");
    }
}

/// Random query changes (sort column, direction, status, document, kind and search
/// filters) in the same refresh as 0, 1, a few or more than 64 changes; now and then the view
/// is shown another workbench; the index is built in pieces in between. Every refresh must give
/// what a fresh view gives, and a search what reading every field gives.
#[test]
fn patched_views_agree_with_fresh_ones_under_random_queries_and_changes() {
    use factdesk::review::DocId;
    let mut wb = seeds();
    let other = seeds();
    let docs = wb.documents().len();
    let mut rng = Lcg(99);
    let needles = [
        "", "亿", "%", "gdp", "GDP", "Note", "合作", "2025", "万", "元", "项目1",
    ];
    let mut views: Vec<FactView> = (0..4).map(|_| FactView::default()).collect();
    let mut queries: Vec<Query> = vec![Query::default(); 4];
    for step in 0..300 {
        let changes = match rng.below(10) {
            0 => 0,
            1 => 100,
            2 => 4,
            _ => 1,
        };
        for c in 0..changes {
            let choice = rng.below(10);
            make_random_change(&mut wb, choice, &mut rng, &format!("{step}-{c}"));
        }
        if step % 37 == 5 {
            let date = ["2024-06-18", "2023-01-02", "2025-12-31"][rng.below(3)];
            wb.set_published(
                DocId(rng.below(docs) as u32),
                Some(date.into()),
                shared_extractor(),
            )
            .unwrap();
        }
        for (i, view) in views.iter_mut().enumerate() {
            let q = &mut queries[i];
            for _ in 0..rng.below(3) {
                match rng.below(7) {
                    0 => q.sort_by(Column::ALL[rng.below(Column::ALL.len())]),
                    1 => q.descending = !q.descending,
                    2 => {
                        q.statuses = match rng.below(4) {
                            0 => Default::default(),
                            1 => [Status::Unreviewed].into(),
                            2 => [Status::Verified, Status::Rejected].into(),
                            _ => [Status::Verified].into(),
                        }
                    }
                    3 => {
                        q.document = (rng.below(3) == 0).then(|| DocId(rng.below(docs) as u32));
                    }
                    4 => q.search = needles[rng.below(needles.len())].into(),
                    5 => {
                        q.kinds = match rng.below(3) {
                            0 => Default::default(),
                            1 => [Kind::Money].into(),
                            _ => [Kind::Quantity, Kind::Percent].into(),
                        }
                    }
                    _ => {}
                }
            }
            let target = if rng.below(25) == 0 { &other } else { &wb };
            view.prepare_search(target, rng.below(40));
            view.refresh(target, q);
            let mut fresh = FactView::default();
            fresh.refresh(target, q);
            assert_eq!(view.rows(), fresh.rows(), "step {step}, view {i}, {q:?}");
            if !q.search.is_empty() {
                let unsearched = Query {
                    search: String::new(),
                    ..q.clone()
                };
                let expected = holding(target, &unsearched, &q.search);
                assert_eq!(view.rows(), expected, "step {step}, view {i}, search {q:?}");
            }
        }
        assert_counts_and_marks_as_counted_afresh(&wb, &format!("step {step}"));
    }
}

/// The review counts, the documents' counts and the marks are what counting the live facts
/// gives.
fn assert_counts_and_marks_as_counted_afresh(wb: &Workbench, step: &str) {
    let live: Vec<_> = wb.live_facts().collect();
    assert_eq!(wb.summary().total, live.len(), "{step}");
    let with = |s: Status| live.iter().filter(|f| f.status == s).count();
    assert_eq!(wb.summary().verified, with(Status::Verified), "{step}");
    assert_eq!(wb.summary().rejected, with(Status::Rejected), "{step}");
    for doc in wb.documents() {
        let in_doc: Vec<_> = live
            .iter()
            .filter(|f| f.mentions.iter().any(|m| m.doc_id == doc.id))
            .collect();
        let stats = wb.document_stats(doc.id);
        assert_eq!(stats.facts, in_doc.len(), "{step}");
        let reviewed = in_doc
            .iter()
            .filter(|f| f.status != Status::Unreviewed)
            .count();
        assert_eq!(stats.reviewed, reviewed, "{step}");
        let mut marks: Vec<(usize, usize, FactId)> = live
            .iter()
            .flat_map(|f| {
                f.mentions
                    .iter()
                    .filter(|m| m.doc_id == doc.id)
                    .map(|m| (m.mention.start, m.mention.end, f.id))
            })
            .collect();
        marks.sort_unstable();
        assert_eq!(wb.marks(doc.id), marks, "{step}");
    }
}

/// A fact of many mentions (over the one-by-one limit), some in one document twice.
#[test]
fn counts_and_marks_of_a_fact_of_many_mentions_follow_each_change() {
    let items: Vec<_> = (0..60)
        .map(|i| {
            let name = format!("d{i}.txt");
            let text = format!(
                "2024年全国国内生产总值增长5.2%。第{i}家企业投资{}亿元。2024年全国国内生产总值增长5.2%。",
                i + 1
            );
            let extraction = shared_extractor().extract(&name, &text);
            let doc = Document {
                name,
                path: None,
                text,
                encoding: "UTF-8",
            };
            (doc, extraction)
        })
        .collect();
    let mut wb = Workbench::from_extractions(items);
    let big = wb.live_facts().max_by_key(|f| f.mentions.len()).unwrap().id;
    assert!(wb.fact(big).unwrap().mentions.len() > 32);
    assert_counts_and_marks_as_counted_afresh(&wb, "load");
    wb.set_status(big, Status::Verified).unwrap();
    assert_counts_and_marks_as_counted_afresh(&wb, "verify");
    let others: Vec<FactId> = wb
        .live_facts()
        .filter(|f| f.id != big && f.fields.kind == wb.fact(big).unwrap().fields.kind)
        .map(|f| f.id)
        .take(10)
        .collect();
    if !others.is_empty() {
        wb.merge(big, &others).unwrap();
        assert_counts_and_marks_as_counted_afresh(&wb, "merge");
    }
    let split = wb.split(big, 5).unwrap();
    assert_counts_and_marks_as_counted_afresh(&wb, "split");
    wb.set_status(split, Status::Rejected).unwrap();
    for i in 0..4 {
        wb.undo().unwrap();
        assert_counts_and_marks_as_counted_afresh(&wb, &format!("undo {i}"));
    }
    for i in 0..4 {
        let _ = wb.redo();
        assert_counts_and_marks_as_counted_afresh(&wb, &format!("redo {i}"));
    }
}

/// More changes between two refreshes than the workbench remembers.
#[test]
fn a_view_behind_by_more_changes_than_remembered_starts_over() {
    let mut wb = seeds();
    let query = Query {
        sort: Column::Status,
        ..Query::default()
    };
    let mut view = FactView::default();
    view.refresh(&wb, &query);
    let first = wb.live_facts().next().unwrap().id;
    wb.set_status(first, Status::Verified).unwrap();
    let live: Vec<FactId> = wb.live_facts().map(|f| f.id).collect();
    let mut made = 0;
    for &id in live.iter().skip(1) {
        if made == 70 {
            break;
        }
        let status = wb.fact(id).unwrap().status;
        let to = if status == Status::Rejected {
            Status::Verified
        } else {
            Status::Rejected
        };
        wb.set_status(id, to).unwrap();
        made += 1;
    }
    assert_eq!(made, 70);
    view.refresh(&wb, &query);
    let mut fresh = FactView::default();
    fresh.refresh(&wb, &query);
    assert_eq!(view.rows(), fresh.rows());
}
/// The rows of a fresh view of `query` whose fact holds `needle` in a searched field, found by
/// reading every field: what a search must find.
fn holding(wb: &Workbench, query: &Query, needle: &str) -> Vec<FactId> {
    let lower = needle.to_lowercase();
    let holds = |s: &str| s.contains(&lower) || s.to_lowercase().contains(&lower);
    let mut fresh = FactView::default();
    fresh.refresh(wb, query);
    fresh
        .rows()
        .iter()
        .copied()
        .filter(|&id| {
            let f = wb.fact(id).unwrap();
            holds(&f.fields.subject)
                || holds(&f.note)
                || holds(&f.value_text)
                || f.fields.period.as_deref().is_some_and(holds)
                || f.mentions.iter().any(|m| {
                    holds(&m.mention.surface)
                        || holds(&m.mention.subject)
                        || holds(&m.mention.sentence)
                })
        })
        .collect()
}

/// Pseudo-random numbers, the same every run (a linear congruential generator).
struct Lcg(u64);

impl Lcg {
    /// A number below `n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize % n.max(1)
    }
}

/// Makes change `choice` (one of ten kinds, undo and redo included) to random facts of `wb`; a
/// change the model refuses (a merge of different kinds, nothing to redo) is left out.
fn make_random_change(wb: &mut Workbench, choice: usize, rng: &mut Lcg, label: &str) {
    use factdesk::review::DocId;
    let live: Vec<FactId> = wb.live_facts().map(|f| f.id).collect();
    let a = live[rng.below(live.len())];
    let b = live[rng.below(live.len())];
    let _ = match choice {
        0 => wb.set_status(a, Status::Verified),
        1 => wb.set_status(a, Status::Rejected),
        2 => {
            let kind = wb.fact(a).unwrap().fields.kind;
            let same = wb
                .live_facts()
                .filter(|f| f.fields.kind == kind && f.id != a)
                .map(|f| f.id)
                .nth(rng.below(8));
            same.map_or(Ok(()), |o| wb.merge(a, &[o]))
        }
        3 => {
            let many: Vec<FactId> = wb
                .live_facts()
                .filter(|f| f.mentions.len() > 1)
                .map(|f| f.id)
                .collect();
            if many.is_empty() {
                Ok(())
            } else {
                let f = many[rng.below(many.len())];
                let n = wb.fact(f).unwrap().mentions.len();
                wb.split(f, rng.below(n)).map(|_| ())
            }
        }
        4 => wb.set_note(b, format!("Note-{label} GDP")),
        5 => {
            let mut fields = wb.fact(a).unwrap().fields.clone();
            fields.subject = format!("合作项目{}", rng.below(30));
            fields.period = Some(format!("20{:02}", rng.below(30)));
            wb.set_fields(a, fields)
        }
        6 => {
            let fields = factdesk::review::FactFields::bare(
                Kind::Quantity,
                factdesk::fact::Value::number(Decimal::from(rng.below(1000))),
            );
            let d = DocId(rng.below(wb.documents().len()) as u32);
            let len = wb.document(d).chars;
            let start = rng.below(len.saturating_sub(3));
            wb.add_by_hand(d, start, start + 2, fields).map(|_| ())
        }
        7 => wb.set_status(a, Status::Unreviewed),
        8 => wb.undo().map(|_| ()),
        _ => wb.redo().map(|_| ()),
    };
}
