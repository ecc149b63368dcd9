//! Column headers. The exports name their columns by the contract's English codes (FACTS.md);
//! a spreadsheet reader may prefer Chinese headers, which change the header row only, never a
//! value (kinds, statuses and measures stay the contract's codes).

use std::borrow::Cow;

/// The language of the header row of the CSV and of each workbook sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum HeaderLanguage {
    /// The contract's codes (`fact_id`, `value`, `period`): what programs read.
    #[default]
    #[value(name = "en")]
    English,
    /// Simplified Chinese headers, for people.
    #[value(name = "zh")]
    Chinese,
}

/// The Chinese header of each code. An `original_X` column is `原始` and the header of `X`.
pub const CHINESE_HEADERS: &[(&str, &str)] = &[
    ("fact_id", "事实编号"),
    ("status", "审核状态"),
    ("kind", "类别"),
    ("value", "数值"),
    ("value_max", "数值上限"),
    ("unit", "单位"),
    ("approx", "约数"),
    ("subject", "指标"),
    ("measure", "度量"),
    ("direction", "方向"),
    ("basis", "比较基期"),
    ("period", "所属时期"),
    ("per", "计量单位（每）"),
    ("note", "备注"),
    ("edited", "已修改"),
    ("added_by_hand", "手工添加"),
    ("sources", "出处数"),
    ("mentions", "出处数"),
    ("docs", "文档"),
    ("doc", "文档"),
    ("path", "文件路径"),
    ("published", "发布日期"),
    ("published_given", "发布日期为给定"),
    ("encoding", "编码"),
    ("chars", "字数"),
    ("start", "起始位置"),
    ("end", "结束位置"),
    ("surface", "原文"),
    ("sentence", "句子"),
    ("confidence", "置信度"),
    ("sheet", "工作表"),
    ("cell", "单元格"),
    ("exact_value", "精确值"),
    ("reason", "原因"),
    ("field", "项目"),
    ("format", "格式"),
    ("record_format", "记录格式"),
    ("factdesk_version", "factdesk 版本"),
    ("exported_at", "导出时间"),
    ("scope", "范围"),
    ("filter", "筛选条件"),
    ("facts", "事实数"),
    ("documents", "文档数"),
    ("cells_as_text", "以文本写出的单元格"),
    ("numbers", "数值说明"),
    ("dates", "日期说明"),
];

/// The header of the column `code` in `language`; a code without a Chinese header keeps its code.
pub fn header(code: &str, language: HeaderLanguage) -> Cow<'static, str> {
    match language {
        HeaderLanguage::English => Cow::Owned(code.to_string()),
        HeaderLanguage::Chinese => match code.strip_prefix("original_") {
            Some(base) => chinese(base).map_or_else(
                || Cow::Owned(code.to_string()),
                |zh| Cow::Owned(format!("原始{zh}")),
            ),
            None => chinese(code).map_or_else(|| Cow::Owned(code.to_string()), Cow::Borrowed),
        },
    }
}

fn chinese(code: &str) -> Option<&'static str> {
    CHINESE_HEADERS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|&(_, zh)| zh)
}

/// Whether every code has a Chinese header (the tests check each export's columns).
pub fn has_chinese(code: &str) -> bool {
    chinese(code.strip_prefix("original_").unwrap_or(code)).is_some()
}
