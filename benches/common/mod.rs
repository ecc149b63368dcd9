//! The 100,000-fact project the window and project benches measure.

use factdesk::corpus::Document;
use factdesk::engine::Extraction;
use factdesk::fact::{Kind, Measure, Mention, Value};
use factdesk::review::Workbench;
use rust_decimal::Decimal;

pub const FACTS: usize = 100_000;
pub const FACTS_PER_DOC: usize = 100;

/// `FACTS` distinct figures (so none group), `FACTS_PER_DOC` to a document.
pub fn synthetic_workbench() -> Workbench {
    const PREFIX: &str = "合作项目投资";
    let docs = (0..FACTS / FACTS_PER_DOC).map(|d| {
        let mut text = String::new();
        let mut chars = 0; // `text`'s length in chars, the unit of mention offsets
        let mut mentions = Vec::with_capacity(FACTS_PER_DOC);
        for i in 0..FACTS_PER_DOC {
            let n = d * FACTS_PER_DOC + i + 1;
            let surface = format!("{n}万元");
            text.push_str(PREFIX);
            chars += PREFIX.chars().count();
            let start = chars;
            text.push_str(&surface);
            chars += surface.chars().count();
            let end = chars;
            text.push_str("。\n");
            chars += 2;
            mentions.push(Mention {
                doc: format!("{d:05}.txt"),
                start,
                end,
                surface,
                kind: Kind::Money,
                value: Value::number(Decimal::from(n as u64 * 10_000)),
                value_max: None,
                unit: Some("CNY".into()),
                approx: None,
                subject: PREFIX.into(),
                sentence: format!("{PREFIX}{n}万元。"),
                confidence: 0.9,
                measure: Some(Measure::Level),
                direction: None,
                basis: None,
                period: Some("2025-01/2025-06".into()),
                per: None,
            });
        }
        let doc = Document {
            name: format!("{d:05}.txt"),
            path: None,
            text,
            encoding: "UTF-8",
        };
        (
            doc,
            Extraction {
                mentions,
                published: Some("2025-06-18".into()),
            },
        )
    });
    Workbench::from_extractions(docs)
}
