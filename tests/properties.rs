//! Property tests: extraction never panics, and every mention is grounded exactly: its surface is
//! the original text at its char offsets.

use std::sync::LazyLock;

use factdesk::Extractor;
use proptest::prelude::*;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::new);

/// Text built from the pieces real figures are made of, in random order and layout.
fn newsy_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "0",
        "1",
        "2",
        "5",
        "9",
        "３",
        "０",
        ".",
        ",",
        "，",
        "%",
        "％",
        "-",
        "－",
        "—",
        "至",
        "到",
        "、",
        "一",
        "二",
        "两",
        "三",
        "十",
        "百",
        "千",
        "万",
        "亿",
        "零",
        "〇",
        "半",
        "多",
        "余",
        "第",
        "届",
        "个",
        "年",
        "月",
        "日",
        "号",
        "天",
        "小时",
        "周年",
        "季度",
        "上半年",
        "前",
        "成",
        "折",
        "分之",
        "美元",
        "元",
        "人民币",
        "亿美元",
        "平方公里",
        "千瓦时",
        "百分点",
        "个百分点",
        "约",
        "近",
        "超过",
        "以上",
        "左右",
        "不到",
        "一带一路",
        "下转第",
        "版",
        "中铁",
        "局",
        "负",
        "$",
        "￥",
        "G",
        "k",
        " ",
        "\n",
        "\r\n",
        "\r",
        "\n\n",
        "**",
        "# ",
        "。",
        "：",
        "“",
        "的",
        "贸易额",
        "达到",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

/// Text made of long runs: digit strings past what a decimal holds, chains of multipliers,
/// runs of signs and range words, between units. These are where arithmetic overflows.
fn runaway_text() -> impl Strategy<Value = String> {
    let run = prop_oneof![
        "[0-9]{20,60}",
        "[0-9]{1,30}\\.[0-9]{1,40}",
        "[一二三四五六七八九十百千万亿兆零〇两]{5,40}",
        "[十百千万亿兆]{3,30}",
        "[-负]{1,5}[0-9]{1,30}",
        "[至到~—\\-]{1,3}",
        "[0-9]{1,5}(万|亿|k){1,12}",
        "(千|万|亿){1,12}分之[一二三0-9]{1,20}",
        "[0-9]{1,30}\\^-?[0-9]{1,2}",
        "[0-9]{1,30}[eE]-?[0-9]{1,2}",
        "[数几上][十百千万亿]{1,10}",
        "[0-9]{1,20}(\\(含\\))?-[0-9]{1,20}万",
    ];
    let glue = prop::sample::select(vec![
        "",
        "元",
        "美元",
        "港币",
        "人民币",
        "块",
        "毛",
        "美分",
        "点",
        "基点",
        "%",
        "个",
        "亿",
        "年",
        "日",
        "小时",
        "分",
        "/",
        "盎司",
        "公升",
        "半",
        "之",
        "。",
        "，",
        "\n",
    ]);
    prop::collection::vec((run, glue), 1..12).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(run, glue)| format!("{run}{glue}"))
            .collect()
    })
}

/// `written` (digits, maybe one `.`) times 10^`power`, as a normalised decimal string.
fn scaled(written: &str, power: usize) -> String {
    let (int, frac) = written.split_once('.').unwrap_or((written, ""));
    let mut digits = format!("{int}{frac}");
    let mut point = int.len() + power;
    while digits.len() < point {
        digits.push('0');
    }
    let (whole, rest) = digits.split_at(point);
    let rest = rest.trim_end_matches('0');
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    point = rest.len();
    if point == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{rest}")
    }
}

fn check_grounding(text: &str) {
    let chars: Vec<char> = text.chars().collect();
    for m in EXTRACTOR.extract("doc", text).mentions {
        assert!(m.start < m.end && m.end <= chars.len(), "{m:?} in {text:?}");
        let original: String = chars[m.start..m.end].iter().collect();
        assert_eq!(
            m.surface, original,
            "surface differs from the original slice in {text:?}"
        );
        assert!((0.0..=1.0).contains(&m.confidence));
        assert!(!m.sentence.contains('\n'));
    }
    for n in EXTRACTOR.numbers(text) {
        assert!(n.start < n.end && n.end <= chars.len(), "{n:?} in {text:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        check_grounding(&text);
    }

    #[test]
    fn figure_like_text_is_grounded(text in newsy_text()) {
        check_grounding(&text);
    }

    #[test]
    fn runaway_numerals_never_panic(text in runaway_text()) {
        check_grounding(&text);
    }

    /// Never a wrong number: an amount of any length is either read exactly or not at all.
    #[test]
    fn long_amounts_are_exact_or_absent(
        digits in "[1-9][0-9]{0,45}",
        fraction in "([0-9]{1,30})?",
        magnitude in prop::sample::select(vec![("", 0usize), ("万", 4), ("亿", 8), ("万亿", 12), ("亿亿", 16)]),
        unit in prop::sample::select(vec!["元", "美元", "吨", "个"]),
    ) {
        let written = if fraction.is_empty() { digits.clone() } else { format!("{digits}.{fraction}") };
        let text = format!("共{written}{}{unit}。", magnitude.0);
        let expected = scaled(&written, magnitude.1);
        let found = EXTRACTOR.extract("doc", &text).mentions;
        for m in &found {
            let factdesk::Value::Number(v) = &m.value else { continue };
            prop_assert_eq!(v.normalize().to_string(), expected.clone(), "{}", text);
        }
        // Amounts well inside a decimal's 28 digits are always read.
        if digits.len() + fraction.len() + magnitude.1 <= 24 {
            prop_assert_eq!(found.len(), 1, "{}", text);
        }
    }
}
