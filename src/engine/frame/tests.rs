//! The frame on sentences written the way Chinese statistical and economic news writes them.

use crate::Extractor;
use crate::fact::Mention;

fn extract(text: &str, published: &str) -> Vec<Mention> {
    Extractor::new()
        .extract_published("t.txt", text, Some(published))
        .mentions
}

/// `subject · measure · direction · basis · period` of the mention whose surface is `surface`.
fn frame_of(mentions: &[Mention], surface: &str) -> String {
    let m = mentions
        .iter()
        .find(|m| m.surface == surface)
        .unwrap_or_else(|| panic!("no mention {surface} in {mentions:#?}"));
    let s = |o: Option<String>| o.unwrap_or_else(|| "-".into());
    format!(
        "{} · {} · {} · {} · {}",
        m.subject,
        s(m.measure.map(|x| x.to_string())),
        s(m.direction.map(|x| x.to_string())),
        s(m.basis.clone()),
        s(m.period.clone()),
    )
}

#[test]
fn topic_and_time_carry_across_clauses() {
    let m = extract(
        "前三季度，国内生产总值529971亿元，按可比价格计算，同比增长6.7%。",
        "2016-10-19",
    );
    assert_eq!(
        frame_of(&m, "529971亿元"),
        "国内生产总值 · level · - · - · 2016-01/2016-09"
    );
    assert_eq!(
        frame_of(&m, "6.7%"),
        "国内生产总值 · growth · up · yoy · 2016-01/2016-09"
    );
}

#[test]
fn change_with_explicit_and_relative_bases() {
    let m = extract(
        "全国夏粮总产量13926万吨，比上年减少162万吨，下降1.2%。2019年粮食产量比2018年增加594万吨。",
        "2016-10-19",
    );
    assert_eq!(
        frame_of(&m, "162万吨"),
        "全国夏粮总产量 · change · down · 2015 · 2016"
    );
    assert_eq!(
        frame_of(&m, "1.2%"),
        "全国夏粮总产量 · growth · down · 2015 · 2016"
    );
    assert_eq!(
        frame_of(&m, "594万吨"),
        "粮食产量 · change · up · 2018 · 2019"
    );
}

#[test]
fn holder_is_part_of_the_subject_and_time_words_are_not() {
    let m = extract(
        "中国同中亚国家双边贸易额去年达到948亿美元，同比增长35%。",
        "2025-06-18",
    );
    assert_eq!(
        frame_of(&m, "948亿美元"),
        "中国同中亚国家双边贸易额 · level · - · - · 2024"
    );
    assert_eq!(
        frame_of(&m, "35%"),
        "中国同中亚国家双边贸易额 · growth · up · yoy · 2024"
    );
}

#[test]
fn shares_points_and_gaps() {
    let m = extract(
        "今年1—5月，机电产品出口5.89万亿元，增长5.5%，占出口总值的58.2%，比重比上年同期提高1.3个百分点。高技术产业增加值增速比规模以上工业快4.6个百分点。",
        "2025-06-18",
    );
    assert_eq!(
        frame_of(&m, "58.2%"),
        "机电产品出口 · share · - · - · 2025-01/2025-05"
    );
    assert_eq!(
        frame_of(&m, "1.3个百分点"),
        "机电产品出口比重 · points · up · yoy · 2025-01/2025-05"
    );
    assert_eq!(
        frame_of(&m, "4.6个百分点"),
        "高技术产业增加值 · points · up · - · 2025-01/2025-05"
    );
}

#[test]
fn distributed_lists_give_each_figure_its_holder() {
    let m = extract(
        "服装、塑料制品、鞋靴分别出口5169.4亿、3434.2亿、1729.3亿元。高技术产业和装备制造业增加值同比分别增长10.6%和9.1%。",
        "2016-10-19",
    );
    assert!(frame_of(&m, "1729.3亿元").starts_with("鞋靴出口 · level"));
    assert!(frame_of(&m, "5169.4亿").starts_with("服装出口 · level"));
    assert_eq!(
        frame_of(&m, "9.1%"),
        "装备制造业增加值 · growth · up · yoy · -"
    );
    assert!(frame_of(&m, "10.6%").starts_with("高技术产业增加值 · growth"));
}

#[test]
fn parallel_clauses_take_the_property_and_basis_of_their_topic() {
    let m = extract(
        "分经济类型看，国有控股企业增加值同比增长1.0%，集体企业增长0.7%。",
        "2016-10-19",
    );
    assert_eq!(
        frame_of(&m, "0.7%"),
        "集体企业增加值 · growth · up · yoy · -"
    );
}

#[test]
fn a_passage_carries_its_topic_into_a_breakdown() {
    let m = extract(
        "前三季度国内生产总值529971亿元，同比增长6.7%。分季度看，一季度同比增长6.6%，二季度增长6.8%。",
        "2016-10-19",
    );
    assert_eq!(
        frame_of(&m, "6.6%"),
        "国内生产总值 · growth · up · yoy · 2016-01/2016-03"
    );
    assert_eq!(
        frame_of(&m, "6.8%"),
        "国内生产总值 · growth · up · yoy · 2016-04/2016-06"
    );
}

#[test]
fn rates_that_are_the_indicator_are_levels() {
    let m = extract(
        "5月份，全国城镇调查失业率为5.0%，出口增速为3.7%。",
        "2025-06-18",
    );
    assert_eq!(
        frame_of(&m, "5.0%"),
        "全国城镇调查失业率 · level · - · - · 2025-05"
    );
    assert_eq!(frame_of(&m, "3.7%"), "出口 · growth · up · - · 2025-05");
}

#[test]
fn dates_and_periods_carry_their_own_resolved_time() {
    let m = extract(
        "6月18日，峰会闭幕。今年前三季度经济平稳。2025年6月16日至18日举行。",
        "2025-06-18",
    );
    assert_eq!(frame_of(&m, "6月18日"), " · - · - · - · 2025-06-18");
    assert!(frame_of(&m, "前三季度").ends_with("2025-01/2025-09"));
    assert!(frame_of(&m, "2025年6月16日至18日").ends_with("2025-06-16/2025-06-18"));
}

#[test]
fn levels_reached_by_a_change_verb_are_levels() {
    let m = extract("去年全年，我国外汇储备规模升至32000亿美元。", "2025-01-15");
    assert_eq!(
        frame_of(&m, "32000亿美元"),
        "我国外汇储备规模 · level · - · - · 2024"
    );
}

#[test]
fn multiples_months_and_month_on_month() {
    let m = extract(
        "5月份，社会消费品零售总额环比下降0.3%。今年1至5月，新能源汽车产量是2020年同期的3倍，出口量增长2.5倍。",
        "2025-06-18",
    );
    assert_eq!(
        frame_of(&m, "0.3%"),
        "社会消费品零售总额 · growth · down · mom · 2025-05"
    );
    assert_eq!(
        frame_of(&m, "3倍"),
        "新能源汽车产量 · multiple · - · 2020 · 2025-01/2025-05"
    );
    assert_eq!(
        frame_of(&m, "2.5倍"),
        "出口量 · multiple · up · 2020 · 2025-01/2025-05"
    );
}

#[test]
fn as_of_and_since_times() {
    let m = extract(
        "截至6月末，全国发电装机容量达到36.5亿千瓦。今年以来，铁路累计发送旅客20.6亿人次。",
        "2025-07-20",
    );
    assert_eq!(
        frame_of(&m, "36.5亿千瓦"),
        "全国发电装机容量 · level · - · - · 2025-06-30"
    );
    assert_eq!(
        frame_of(&m, "20.6亿人次"),
        "旅客 · level · - · - · 2025-07-20"
    );
}

#[test]
fn a_given_publication_date_resolves_relative_years() {
    let text = "去年，全市地区生产总值达到1.2万亿元，比上年增长5.6%。";
    let m = extract(text, "2024-03-01");
    assert_eq!(
        frame_of(&m, "5.6%"),
        "全市地区生产总值 · growth · up · 2022 · 2023"
    );
    let m = extract(text, "2019-03-01");
    assert_eq!(
        frame_of(&m, "5.6%"),
        "全市地区生产总值 · growth · up · 2017 · 2018"
    );
}

#[test]
fn month_and_year_ends_are_days() {
    let m = extract(
        "2月末，广义货币(M2)余额299.56万亿元，同比增长8.7%。2023年底，全国机动车保有量达4.35亿辆。",
        "2024-03-15",
    );
    assert!(frame_of(&m, "299.56万亿元").ends_with("· level · - · - · 2024-02-29"));
    assert!(frame_of(&m, "8.7%").ends_with("· growth · up · yoy · 2024-02-29"));
    assert_eq!(
        frame_of(&m, "4.35亿辆"),
        "全国机动车保有量 · level · - · - · 2023-12-31"
    );
}

#[test]
fn an_earlier_figure_lends_neither_its_comparison_nor_its_subject() {
    let m = extract(
        "今年出口比上年增长5%城镇调查失业率5.2%。8月末，人民币贷款余额比上年末增加12万亿元。",
        "2024-09-13",
    );
    assert_eq!(
        frame_of(&m, "5.2%"),
        "城镇调查失业率 · level · - · - · 2024"
    );
    assert_eq!(
        frame_of(&m, "12万亿元"),
        "人民币贷款余额 · change · up · 2023-12-31 · 2024-08-31"
    );
}

#[test]
fn a_bracketed_qualifier_does_not_hide_the_property() {
    let m = extract(
        "1—9月份，全国固定资产投资（不含农户）同比增长5.2%，民间增长3.1%。",
        "2024-10-18",
    );
    assert_eq!(
        frame_of(&m, "5.2%"),
        "全国固定资产投资(不含农户) · growth · up · yoy · 2024-01/2024-09"
    );
    assert_eq!(
        frame_of(&m, "3.1%"),
        "民间投资 · growth · up · yoy · 2024-01/2024-09"
    );
}
