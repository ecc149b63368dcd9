//! The engine never panics and never prints a wrong number: values too large or too precise to
//! hold exactly are not emitted (never truncated), and the cost of a mention's sentence does not
//! grow with the document.

use std::sync::LazyLock;

use factdesk::{Extractor, Kind, Mention, Value};
use rust_decimal::Decimal;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::new);

fn mentions(text: &str) -> Vec<Mention> {
    EXTRACTOR
        .try_extract_published("t", text, None)
        .unwrap_or_else(|e| panic!("{e}"))
        .mentions
}

/// Every number-valued mention, as its value.
fn values(text: &str) -> Vec<Decimal> {
    mentions(text)
        .into_iter()
        .filter_map(|m| match m.value {
            Value::Number(d) => Some(d.normalize()),
            Value::Text(_) => None,
        })
        .collect()
}

#[test]
fn amounts_too_large_to_hold_are_not_emitted() {
    // Each would need more digits than a decimal holds (about 28): nothing may be printed, and
    // certainly not the value of some tail of the digits.
    for text in [
        "亏损99999999999999999999999999999亿亿元",
        "共计12345678901234567890123456789012元",
        "规模达9999999999999999999999999999万亿元",
        "一千万亿亿亿亿元的天文数字",
        "九千九百亿亿亿亿人次",
        "九万亿亿亿亿亿亿亿亿亿亿亿吨",
        "面积99999999999999999999999.9999999999平方公里",
    ] {
        let found = mentions(text);
        assert!(found.is_empty(), "{text}: {found:#?}");
    }
}

#[test]
fn the_largest_amounts_that_fit_are_exact() {
    assert_eq!(
        values("9999999999999999999999999999元"),
        vec!["9999999999999999999999999999".parse::<Decimal>().unwrap()]
    );
    // 千万亿亿: 千万 (10^7) 亿 (10^15) 亿 (10^23).
    assert_eq!(
        values("规模达一千万亿亿元"),
        vec!["100000000000000000000000".parse::<Decimal>().unwrap()]
    );
    assert_eq!(
        values("1.2345678901234567890123456万元"),
        vec!["12345.678901234567890123456".parse::<Decimal>().unwrap()]
    );
}

#[test]
fn decimals_too_precise_to_hold_are_not_rounded() {
    for text in [
        "圆周率3.14159265358979323846264338327950288米",
        "三点一四一五九二六五三五八九七九三二三八四六二六四三三八三二七九五米",
        "增长0.000000000000000000000000000001%",
    ] {
        let found = mentions(text);
        assert!(found.is_empty(), "{text}: {found:#?}");
    }
}

#[test]
fn rates_with_denominators_too_large_do_not_abort() {
    for text in [
        "千万亿亿亿分之一",
        "概率为十万亿亿亿分之三",
        "亿亿亿亿分之五十",
        "百亿亿亿亿亿分之一的误差",
    ] {
        let found = mentions(text);
        assert!(
            found.iter().all(|m| m.kind != Kind::Percent),
            "{text}: {found:#?}"
        );
    }
    // The largest that fit are still read: 5 / 10^16 is 5 × 10^-14 percent.
    let found = mentions("误差为亿亿分之五");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].value,
        Value::Number("0.00000000000005".parse().unwrap())
    );
}

#[test]
fn long_runs_of_numerals_do_not_panic() {
    let runs = [
        "二〇二五".repeat(40),
        "9".repeat(5000),
        "万".repeat(3000),
        "亿".repeat(200) + "元",
        "一".repeat(200) + "个",
        "1,".repeat(500) + "元",
        "-".repeat(100) + "5万",
        "百分之".to_string() + &"9".repeat(40),
        "1.1^99".into(),
        "9e99元".into(),
        "九".repeat(40) + "点" + &"九".repeat(40) + "亿",
    ];
    for text in runs {
        let got = EXTRACTOR.try_extract_published("t", &text, None);
        assert!(got.is_ok(), "{text}: {got:?}");
        EXTRACTOR.numbers(&text);
    }
}

#[test]
fn the_numbers_layer_skips_what_it_cannot_hold() {
    let text = "99999999999999999999999999999亿亿";
    assert!(EXTRACTOR.numbers(text).is_empty());
    let text = "共1234567890123456789012345678901234567890个，另有12个";
    let found: Vec<Decimal> = EXTRACTOR
        .numbers(text)
        .into_iter()
        .map(|n| n.value)
        .collect();
    assert_eq!(found, vec![Decimal::from(12)]);
}

#[test]
fn try_extract_matches_extract_when_nothing_fails() {
    let text = "新华社北京6月18日电 今年前5个月，出口948亿美元，同比增长35%。";
    let tried = EXTRACTOR
        .try_extract_published("doc.txt", text, Some("2025-06-18"))
        .unwrap();
    assert_eq!(
        tried,
        EXTRACTOR.extract_published("doc.txt", text, Some("2025-06-18"))
    );
    assert_eq!(tried.mentions.len(), 4, "{:#?}", tried.mentions);
}

/// A document with no sentence punctuation at all: every figure's sentence is bounded, so the
/// output grows with the input, not with its square.
#[test]
fn a_megabyte_without_punctuation_extracts_with_bounded_sentences() {
    let line = "本周某地新增病例37例其中境外输入病例12例本土病例25例";
    let mut text = String::new();
    while text.len() < 1_000_000 {
        text.push_str(line);
        text.push('\n'); // one line break: a soft wrap, removed in the cleaned view
    }
    let input_chars = text.chars().count();
    let found = mentions(&text);
    assert!(found.len() > 10_000, "{}", found.len());
    let sentence_chars: usize = found.iter().map(|m| m.sentence.chars().count()).sum();
    let longest = found
        .iter()
        .map(|m| m.sentence.chars().count())
        .max()
        .unwrap();
    assert!(longest <= 2 * 150 + 10, "longest sentence {longest}");
    // Linear: each mention carries at most one capped sentence (before, every mention carried
    // the whole document: 40 000 × 400 000 chars).
    assert!(
        sentence_chars <= found.len() * (longest + 1) && sentence_chars <= 40 * input_chars,
        "{sentence_chars} sentence chars for {input_chars} input chars"
    );
}

#[test]
fn one_figure_per_line_keeps_sentences_short() {
    let mut text = String::new();
    for i in 0..5000 {
        text.push_str(&format!("项目{i}投资{i}万元\n"));
    }
    let found = mentions(&text);
    assert!(found.len() >= 4000, "{}", found.len());
    assert!(found.iter().all(|m| m.sentence.chars().count() <= 310));
    // A real sentence keeps its punctuation and clauses.
    let found = mentions("前言。据统计，今年出口948亿美元，增长35%。后记");
    assert_eq!(found[0].sentence, "据统计，今年出口948亿美元，增长35%。");
}
