//! Forms a Chinese reader meets every day beyond standard news prose: ranges with the magnitude
//! written once, currencies before the amount, spoken money, vague amounts, market and price
//! language, qualifiers that are not, traditional script. Each case is read through the whole
//! engine, as `kind value value_max unit approx` (and `per` where it matters).

use std::sync::LazyLock;

use factdesk::{Extractor, Mention};

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::new);

fn mentions(text: &str) -> Vec<Mention> {
    EXTRACTOR.extract("t", text).mentions
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

/// Every mention of `text`, described.
fn all(text: &str) -> Vec<String> {
    mentions(text).iter().map(describe).collect()
}

/// The one mention of `text`, described.
fn read(text: &str) -> String {
    let found = all(text);
    assert_eq!(found.len(), 1, "{text}: {found:#?}");
    found[0].clone()
}

fn check(cases: &[(&str, &str)]) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(text, want)| {
            let got = all(text);
            (got.len() != 1 || got[0] != *want).then(|| format!("{text}: want {want}, got {got:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn a_magnitude_written_once_applies_to_both_ends() {
    check(&[
        ("票价十八至三十万日元", "money 180000 300000 JPY -"),
        (
            "预计投入一百二十到一百五十万元",
            "money 1200000 1500000 CNY -",
        ),
        ("月薪10~15k元", "money 10000 15000 CNY -"),
        ("吸引3至5万人参加", "quantity 30000 50000 人 -"),
        ("融资两千至三千万美元", "money 20000000 30000000 USD -"),
        ("规模在8到12亿元之间", "money 800000000 1200000000 CNY -"),
        (
            "估值二十至二十五亿美元",
            "money 2000000000 2500000000 USD -",
        ),
    ]);
}

#[test]
fn a_lower_end_with_its_own_magnitude_keeps_it() {
    check(&[
        ("报价5000至3万元不等", "money 5000 30000 CNY -"),
        ("补贴5千至3万元", "money 5000 30000 CNY -"),
        ("区间为1万至50万元", "money 10000 500000 CNY -"),
        ("长度200到300公里", "quantity 200 300 公里 -"),
    ]);
}

#[test]
fn range_dashes_are_not_minus_signs() {
    check(&[
        ("奖励1万(含)-5万元", "money 10000 50000 CNY -"),
        ("奖励1万（含）-5万元", "money 10000 50000 CNY -"),
        ("售价2——3万港币", "money 20000 30000 HKD -"),
        ("涨幅约5—8万吨", "quantity 50000 80000 吨 about"),
        ("库存3--5万吨", "quantity 30000 50000 吨 -"),
    ]);
}

#[test]
fn a_change_reaching_a_level_is_two_figures() {
    assert_eq!(
        all("参保人数增加1.4万至24.9万人"),
        vec!["quantity 14000 - 人 -", "quantity 249000 - 人 -"]
    );
    assert_eq!(
        all("进口额下降3亿至40亿美元"),
        vec!["money 300000000 - USD -", "money 4000000000 - USD -"]
    );
    // A range after a verb of change stays a range when its ends are close.
    assert_eq!(read("预计增长5万至6万人"), "quantity 50000 60000 人 -");
    // Without a verb of change, far ends are still a range.
    assert_eq!(read("每户补贴1万至5万元"), "money 10000 50000 CNY -");
}

#[test]
fn a_currency_before_the_amount_names_it() {
    check(&[
        ("票价港币两千九百六十元", "money 2960 - HKD -"),
        ("营收新台币 177.1 亿元", "money 17710000000 - TWD -"),
        ("报价人民币3.14", "money 3.14 - CNY -"),
        ("标价美元100", "money 100 - USD -"),
        ("约合日元5万元", "money 50000 - JPY about"),
        ("折合欧元约300万", "money 3000000 - EUR about"),
        ("港币100美元", "money 100 - USD -"),
        ("营收约合港币12.5亿元", "money 1250000000 - HKD about"),
        ("售价不到人民币50元", "money 50 - CNY less_than"),
    ]);
    // The currency name belongs to the span.
    let m = &mentions("票价港币两千九百六十元")[0];
    assert_eq!(m.surface, "港币两千九百六十元");
    // One-char names before a number are other words.
    assert!(all("公元2025").iter().all(|d| !d.starts_with("money")));
}

#[test]
fn spoken_money() {
    check(&[
        ("一共十块三毛", "money 10.3 - CNY -"),
        ("花了一百三十五块六角七分钱", "money 135.67 - CNY -"),
        ("单价3.04块以上", "money 3.04 - CNY more_than"),
        ("赚了五十块。", "money 50 - CNY -"),
        ("两个亿卢布", "money 200000000 - RUB -"),
        ("投入3个亿元", "money 300000000 - CNY -"),
        ("亏损几个亿", "quantity 100000000 1000000000 - about"),
    ]);
    // 块 is still the classifier before a noun or as the pieces something is cut into.
    check(&[
        ("获得两块金牌", "quantity 2 - 块 -"),
        ("征用三十块土地", "quantity 30 - 块 -"),
        ("切成10块。", "quantity 10 - 块 -"),
    ]);
    // 亿万 is a word: `一个亿万富翁` is not 10^8.
    assert!(
        all("他是一个亿万富翁")
            .iter()
            .all(|d| !d.contains("100000000"))
    );
}

#[test]
fn vague_amounts_have_both_bounds() {
    check(&[
        ("损失数十亿元", "money 1000000000 10000000000 CNY about"),
        ("花了几十万块", "money 100000 1000000 CNY about"),
        ("吸引上百万游客", "quantity 1000000 - - more_than"),
        ("数万名志愿者", "quantity 10000 100000 名 about"),
        ("几百公里", "quantity 100 1000 公里 about"),
        ("上千家企业", "quantity 1000 - 家 more_than"),
        ("持续数百年", "duration 100 1000 年 about"),
    ]);
    // Tens alone stay words, as the contract's not-facts say (`数十个国家`).
    assert!(all("数十个国家").is_empty());
    // 数 in a noun is not "several".
    assert!(all("指数十分稳定").is_empty(), "{:?}", all("指数十分稳定"));
}

#[test]
fn market_language() {
    check(&[
        ("恒指收复18000点", "quantity 18000 - 点 -"),
        ("沪指报3259.5点", "quantity 3259.5 - 点 -"),
        ("道指下跌120点", "quantity 120 - 点 -"),
        ("上调25个基点", "quantity 25 - 基点 -"),
        ("降息50基点", "quantity 50 - 基点 -"),
        ("每股34美分", "money 0.34 - USD -"),
        ("收于5便士", "money 0.05 - GBP -"),
    ]);
    // An hour is not an index level.
    assert!(all("上午10点开会").iter().all(|d| !d.contains(" 点 ")));
    assert!(all("下午3点半").iter().all(|d| !d.contains(" 点 ")));
}

#[test]
fn prices_per_unit() {
    let price = |text: &str| {
        let found = mentions(text);
        assert_eq!(found.len(), 1, "{text}: {found:#?}");
        (describe(&found[0]), found[0].per.clone())
    };
    assert_eq!(
        price("金价2536美元/盎司"),
        ("money 2536 - USD -".into(), Some("盎司".into()))
    );
    assert_eq!(
        price("大豆401.5美分/蒲式耳"),
        ("money 4.015 - USD -".into(), Some("蒲式耳".into()))
    );
    assert_eq!(
        price("猪肉每斤12元每斤"),
        ("money 12 - CNY -".into(), Some("斤".into()))
    );
    assert_eq!(
        price("门票80元/人"),
        ("money 80 - CNY -".into(), Some("人".into()))
    );
    assert_eq!(
        price("单产5658公斤/公顷"),
        ("quantity 5658 - 公斤/公顷 -".into(), None)
    );
}

#[test]
fn qualifiers_that_are_not() {
    check(&[
        ("投资高达50亿元", "money 5000000000 - CNY -"),
        ("预计3000万人次", "quantity 30000000 - 人次 -"),
        ("最近32年", "duration 32 - 年 -"),
        ("约合50万欧元", "money 500000 - EUR about"),
        ("60岁及以上", "quantity 60 - 岁 more_than"),
        ("将近100公里", "quantity 100 - 公里 nearly"),
    ]);
}

#[test]
fn traditional_script_folds() {
    check(&[
        ("投資兩萬億元", "money 2000000000000 - CNY -"),
        ("全長120公裏", "quantity 120 - 公里 -"),
        ("售價新臺幣500圓", "money 500 - TWD -"),
        ("增長3.5個百分點", "quantity 3.5 - 百分点 -"),
        ("約三點五億港元", "money 350000000 - HKD about"),
    ]);
    // A char that simplified text also writes is not folded: the sentence keeps 哪吒.
    assert!(
        mentions("电影《哪吒》票房超过40亿元")[0]
            .sentence
            .contains("哪吒")
    );
    // Offsets are the original's.
    let m = &mentions("共計兩萬億元")[0];
    assert_eq!((m.start, m.end, m.surface.as_str()), (2, 6, "兩萬億元"));
}

#[test]
fn names_numbers_and_adverbs_are_not_facts() {
    for text in [
        "股价一度跌至低位",
        "交通曾一度中断",
        "第四范式发布新品",
        "发布2.0版系统",
        "进入工业4.0时代",
        "升级到3.5版本",
        "迈入5.0时代",
        "国务院令第1号",
        "国办发〔2023〕12号文件",
        "财政部公告第15号",
        "详见附件2024-05-01_report.pdf",
        "下载data_20230815.xlsx查看",
    ] {
        let found = all(text);
        assert!(found.is_empty(), "{text}: {found:?}");
    }
    // One degree and one kilowatt-hour are still quantities.
    assert_eq!(read("每度电0.5元"), "money 0.5 - CNY -");
    assert_eq!(read("用了一度电"), "quantity 1 - 度 -");
    assert_eq!(read("气温升高一度。"), "quantity 1 - 度 -");
}

#[test]
fn spans_of_days_are_durations() {
    check(&[
        ("连续5日上涨", "duration 5 - 天 -"),
        ("近30日成交", "duration 30 - 天 nearly"),
        ("为期3日的会议", "duration 3 - 天 -"),
        ("累计12日", "duration 12 - 天 -"),
        ("过去7日内", "duration 7 - 天 -"),
    ]);
    // A day of the month is still a date, and a span of dates a period.
    check(&[
        ("会议于18日开幕", "date ---18 - - -"),
        ("8月1-18日举行", "period --08-01 --08-18 - -"),
        ("3月5至9日", "period --03-05 --03-09 - -"),
    ]);
}

#[test]
fn fractions_halves_and_old_numerals() {
    check(&[
        ("加入四分之一公升水", "quantity 0.25 - 公升 -"),
        ("跑了四分之三公里", "quantity 0.75 - 公里 -"),
        ("用时三分之一个月", "duration 0.333333333333333 - 月 -"),
        ("占五分之一", "percent 20 - % -"),
        ("买了三斤半", "quantity 3.5 - 斤 -"),
        ("走了两公里半", "quantity 2.5 - 公里 -"),
        ("等了一个半小时", "duration 1.5 - 小时 -"),
        ("喝了半公升", "quantity 0.5 - 公升 -"),
        ("卅人参加", "quantity 30 - 人 -"),
        ("廿五人", "quantity 25 - 人 -"),
        ("卅五年", "duration 35 - 年 -"),
        ("壹个", "quantity 1 - 个 -"),
        ("叁佰个", "quantity 300 - 个 -"),
    ]);
}

#[test]
fn compound_durations_are_one_figure() {
    check(&[
        ("飞行两小时十分", "duration 130 - 分钟 -"),
        ("耗时3小时25分钟", "duration 205 - 分钟 -"),
        ("服刑1年3个月", "duration 15 - 月 -"),
        ("历时3天5小时", "duration 77 - 小时 -"),
        ("跑完2分钟30秒", "duration 150 - 秒 -"),
    ]);
    // The part must be below one of the larger unit.
    assert_eq!(all("2小时90分钟").len(), 2);
}
