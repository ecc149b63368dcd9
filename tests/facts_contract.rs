//! Every example of `FACTS.md`, as the engine must read it. If the contract changes, this file
//! changes in the same commit.

use std::sync::LazyLock;

use factdesk::{Extractor, Mention};

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::new);

fn mentions(text: &str) -> Vec<Mention> {
    EXTRACTOR.extract("t", text).mentions
}

/// The one mention in `text`, as `kind value value_max unit approx`.
fn read(text: &str) -> String {
    let found = mentions(text);
    assert_eq!(found.len(), 1, "{text}: {found:#?}");
    describe(&found[0])
}

fn describe(m: &Mention) -> String {
    let opt = |s: Option<String>| s.unwrap_or_else(|| "-".into());
    format!(
        "{} {} {} {} {}",
        m.kind,
        m.value,
        opt(m.value_max.as_ref().map(ToString::to_string)),
        opt(m.unit.clone()),
        opt(m.approx.map(|a| a.as_str().to_string()))
    )
}

#[test]
fn money() {
    assert_eq!(read("去年达到948亿美元"), "money 94800000000 - USD -");
    assert_eq!(read("提供15亿元人民币无偿援助"), "money 1500000000 - CNY -");
    assert_eq!(read("总额16.4亿元"), "money 1640000000 - CNY -");
    assert_eq!(read("亏损-0.3亿元"), "money -30000000 - CNY -");
    assert_eq!(read("投资1.2万亿元"), "money 1200000000000 - CNY -");
    assert_eq!(read("约合50万欧元"), "money 500000 - EUR about");
    assert_eq!(read("售价$100"), "money 100 - USD -");
    assert_eq!(read("共计3000万坚戈"), "money 30000000 - KZT -");
}

#[test]
fn percentages_and_points() {
    assert_eq!(read("同比增长35%"), "percent 35 - % -");
    assert_eq!(read("增幅达452.67%"), "percent 452.67 - % -");
    assert_eq!(read("下降0.8%"), "percent 0.8 - % -");
    assert_eq!(read("占百分之三十五"), "percent 35 - % -");
    assert_eq!(read("约三成"), "percent 30 - % about");
    assert_eq!(read("占五分之一"), "percent 20 - % -");
    assert_eq!(read("提高2.4个百分点"), "quantity 2.4 - 百分点 -");
}

#[test]
fn quantities() {
    assert_eq!(
        read("面积1360多万平方公里"),
        "quantity 13600000 - 平方公里 more_than"
    );
    assert_eq!(read("接待游客120万人次"), "quantity 1200000 - 人次 -");
    assert_eq!(read("提供3000个培训名额"), "quantity 3000 - 个 -");
    assert_eq!(read("提供３０００个培训名额"), "quantity 3000 - 个 -");
    assert_eq!(read("两三个项目"), "quantity 2 3 个 -");
    assert_eq!(read("长200到300公里"), "quantity 200 300 公里 -");
    assert_eq!(read("超过1,234吨"), "quantity 1234 - 吨 more_than");
    assert_eq!(read("达成百余项合作成果"), "quantity 100 - 项 more_than");
    assert_eq!(read("出席十余场双边活动"), "quantity 10 - 场 more_than");
}

#[test]
fn dates_and_periods() {
    assert_eq!(read("2025年6月16日"), "date 2025-06-16 - - -");
    assert_eq!(read("新华社北京6月18日电"), "date --06-18 - - -");
    assert_eq!(read("早在2013年"), "date 2013 - - -");
    assert_eq!(read("2023年5月"), "date 2023-05 - - -");
    assert_eq!(read("二〇二五年六月十六日"), "date 2025-06-16 - - -");
    assert_eq!(read("2025至2026年"), "period 2025 2026 - -");
    assert_eq!(read("2025\n至 2026 年"), "period 2025 2026 - -");
    assert_eq!(read("6月16日至18日"), "period --06-16 --06-18 - -");
    assert_eq!(read("一季度"), "period --01 --03 - -");
    assert_eq!(read("前三季度"), "period --01 --09 - -");
    assert_eq!(read("上半年"), "period --01 --06 - -");
    assert_eq!(read("2019年前三季度"), "period 2019-01 2019-09 - -");
}

#[test]
fn durations_and_ordinals() {
    assert_eq!(read("不到48小时"), "duration 48 - 小时 less_than");
    assert_eq!(read("两千多年"), "duration 2000 - 年 more_than");
    assert_eq!(read("12年前"), "duration 12 - 年 -");
    assert_eq!(read("2至3天"), "duration 2 3 天 -");
    assert_eq!(read("胜利80周年"), "duration 80 - 周年 -");
    assert_eq!(read("第二届"), "ordinal 2 - 届 -");
    assert_eq!(read("第三屆"), "ordinal 3 - 届 -");
    assert_eq!(read("第9次"), "ordinal 9 - 次 -");
}

#[test]
fn a_unit_written_once_applies_to_the_list() {
    let found: Vec<String> = mentions("分别为120亿、85亿、43.5亿元")
        .iter()
        .map(describe)
        .collect();
    assert_eq!(
        found,
        [
            "money 12000000000 - CNY -",
            "money 8500000000 - CNY -",
            "money 4350000000 - CNY -"
        ]
    );
}

#[test]
fn not_facts() {
    for text in [
        "共建一带一路",
        "打击三股势力",
        "四梁八柱",
        "百年未有之大变局",
        "坚持一个中国原则",
        "三北工程",
        "东数西算",
        "千年古都",
        "站在十字路口",
        "一株植物",
        "一份文件",
        "一条大路",
        "中亚五国元首",
        "数十个国家",
        "（下转第二版）",
        "G20峰会",
    ] {
        assert!(mentions(text).is_empty(), "{text}: {:#?}", mentions(text));
    }
}

#[test]
fn surfaces_are_the_original_characters() {
    let text = "去年达到948\n亿美元，\r\n提供 3000 个培训名\n额";
    let found = mentions(text);
    let surfaces: Vec<&str> = found.iter().map(|m| m.surface.as_str()).collect();
    assert_eq!(surfaces, ["948\n亿美元", "3000 个"]);
    assert_eq!(found[1].subject, "培训名额");
    assert_eq!(
        found[0].sentence, "去年达到948亿美元，提供3000个培训名额",
        "a wrap after ， continues the sentence"
    );
}

#[test]
fn every_mention_carries_the_frame_fields_and_version_1_records_read_as_null() {
    let found = mentions("今年前三季度，国内生产总值529971亿元，同比增长6.7%。");
    assert!(!found.is_empty());
    for m in &found {
        let json = serde_json::to_value(m).unwrap();
        for field in ["subject", "measure", "direction", "basis", "period", "per"] {
            assert!(json.get(field).is_some(), "{field} missing in {json}");
        }
    }
    // A record written before the frame: the frame reads as null, nothing else changes.
    let mut v1 = serde_json::to_value(&found[0]).unwrap();
    for field in ["measure", "direction", "basis", "period", "per"] {
        v1.as_object_mut().unwrap().remove(field);
    }
    let back: Mention = serde_json::from_value(v1).unwrap();
    assert_eq!(back.frame(), factdesk::fact::Frame::default());
    assert_eq!(
        (back.start, &back.surface),
        (found[0].start, &found[0].surface)
    );
}
