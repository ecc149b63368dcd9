//! The review model on the real seeds, without a window: grouping, decisions, undo, views,
//! background loading and exports.

use factdesk::fact::{Kind, Value};
use factdesk::review::edit::Draft;
use factdesk::review::export::{self, ExportFormat, ExportOptions, Scope};
use factdesk::review::loader::{Loader, Source};
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

#[test]
fn the_same_figure_in_several_articles_is_one_fact() {
    let wb = seeds();
    let trade = wb.fact(by_surface(&wb, "948亿美元")).unwrap();
    let docs: std::collections::BTreeSet<_> = trade.mentions.iter().map(|m| m.doc_id).collect();
    assert_eq!(docs.len(), 3, "948亿美元 is in three articles");
    assert_eq!(
        trade.fields.value,
        Value::Number(Decimal::from(94_800_000_000u64))
    );
    // Same reading, unrelated subjects: separate facts.
    let three: Vec<_> = wb
        .live_facts()
        .filter(|f| {
            f.fields.kind == Kind::Quantity
                && f.fields.value.to_string() == "3"
                && f.fields.unit.as_deref() == Some("个")
        })
        .map(|f| f.fields.subject.clone())
        .collect();
    assert!(three.len() >= 2, "{three:?}");
    let mentions: usize = wb.live_facts().map(|f| f.mentions.len()).sum();
    assert_eq!(
        mentions, 234,
        "every extracted mention belongs to exactly one fact"
    );
    assert_eq!(wb.summary().total, wb.live_facts().count());
}

#[test]
fn every_change_undoes_and_redoes() {
    let mut wb = seeds();
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
        wb.undo().unwrap();
    }
    assert!(wb.undo().is_none());
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
        wb.redo().unwrap();
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
        csv_bom: true,
    };
    let n = export::write_to_path(&path, &wb, options, &[]).unwrap();
    assert_eq!(n, wb.summary().total);
    let back = export::read_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(back.format, "factdesk/1");
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
        .replace("factdesk/1", "factdesk/2");
    let err = export::read_json(&newer).unwrap_err().to_string();
    assert!(err.contains("factdesk/2"), "{err}");
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
        csv_bom: false,
    };
    export::write_to_path(&path, &wb, options, &[]).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        !bytes.starts_with(b"\xef\xbb\xbf"),
        "no BOM when switched off"
    );
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
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
