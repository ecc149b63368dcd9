//! The window's words in each language: one catalogue per language, `assets/i18n/en.toml` and
//! `assets/i18n/zh.toml`, compiled in and read once. Panels ask for a string by key through
//! [`tr!`](crate::tr) (`tr!(lang, "menu.file")`, `tr!(lang, "status.rejected", count = n)`); a
//! key missing in a language falls back to English and then to the key itself, never a panic.
//! `tests` below fail when a key or a placeholder differs between the languages.
//!
//! Only the window is translated: the codes of the contract (`kind`, `measure`, `status` …)
//! stay English in every export and in the command line.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Display;
use std::sync::OnceLock;

/// A language of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    #[default]
    English,
    Chinese,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::English, Language::Chinese];

    /// The code written in the settings file and read from `FACTDESK_LANG`.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Chinese => "zh",
        }
    }

    /// The language a code or a locale names: `zh`, `zh-CN`, `zh_TW.UTF-8` are Chinese, `en`,
    /// `en-GB` English; anything else is none.
    pub fn from_code(code: &str) -> Option<Language> {
        let lower = code.trim().to_ascii_lowercase();
        let primary = lower.split(['-', '_', '.', '@']).next().unwrap_or("");
        match primary {
            "zh" => Some(Language::Chinese),
            "en" => Some(Language::English),
            _ => None,
        }
    }

    /// The window's language for a system locale: Chinese for `zh*`, English for any other.
    pub fn for_locale(locale: Option<&str>) -> Language {
        match locale.and_then(Language::from_code) {
            Some(Language::Chinese) => Language::Chinese,
            _ => Language::English,
        }
    }

    /// The language's own name, as the menu offers it.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::Chinese => "中文（简体）",
        }
    }

    fn source(self) -> &'static str {
        match self {
            Language::English => include_str!("../assets/i18n/en.toml"),
            Language::Chinese => include_str!("../assets/i18n/zh.toml"),
        }
    }
}

/// The strings of one language, by dotted key (`[menu]` `file = "File"` is `menu.file`).
#[derive(Debug, Default)]
pub struct Catalogue {
    entries: HashMap<String, String>,
}

impl Catalogue {
    /// Reads a catalogue: TOML tables of strings. Anything but a string is refused, naming the key.
    pub fn parse(text: &str) -> Result<Catalogue, String> {
        let table: toml::Table = text.parse().map_err(|e| format!("{e}"))?;
        let mut entries = HashMap::new();
        flatten("", &table, &mut entries)?;
        Ok(Catalogue { entries })
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries.get(key).map(String::as_str)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }
}

fn flatten(
    prefix: &str,
    table: &toml::Table,
    out: &mut HashMap<String, String>,
) -> Result<(), String> {
    for (name, value) in table {
        let key = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        match value {
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            toml::Value::Table(t) => flatten(&key, t, out)?,
            _ => return Err(format!("`{key}` is not a string")),
        }
    }
    Ok(())
}

/// The compiled-in catalogue of `language`. One that does not parse (a test catches it first)
/// is reported once on stderr and is empty: lookups fall back to English, then to the key.
pub fn catalogue(language: Language) -> &'static Catalogue {
    static CATALOGUES: [OnceLock<Catalogue>; 2] = [OnceLock::new(), OnceLock::new()];
    let index = Language::ALL
        .iter()
        .position(|l| *l == language)
        .unwrap_or(0);
    CATALOGUES[index].get_or_init(|| {
        Catalogue::parse(language.source()).unwrap_or_else(|e| {
            eprintln!(
                "factdesk: the {} catalogue is damaged: {e}",
                language.code()
            );
            Catalogue::default()
        })
    })
}

/// The text of `key` in `language`; English when the language lacks it; the key itself when
/// neither has it (so a missing string shows up as its key, not as nothing).
pub fn tr(language: Language, key: &str) -> &str {
    catalogue(language)
        .get(key)
        .or_else(|| catalogue(Language::English).get(key))
        .unwrap_or(key)
}

/// [`tr`] with its `{name}` placeholders filled in. A placeholder without a value stays as
/// written; a value without a placeholder is left out.
pub fn format(language: Language, key: &str, args: &[(&str, &dyn Display)]) -> String {
    let text = tr(language, key);
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => {
                        use std::fmt::Write;
                        let _ = write!(out, "{value}");
                    }
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The names of the `{name}` placeholders of a text.
pub fn placeholders(text: &str) -> BTreeSet<&str> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.insert(&after[..close]);
        rest = &after[close + 1..];
    }
    names
}

/// The window's name for a code of the contract (`kind.money` → "金额" in Chinese); a code the
/// catalogue does not name (a basis such as `2018-06`) is shown as it is.
pub fn code_name<'a>(language: Language, section: &str, code: &'a str) -> &'a str {
    if code.is_empty() {
        return code;
    }
    let key = format!("{section}.{code}");
    match catalogue(language)
        .get(&key)
        .or_else(|| catalogue(Language::English).get(&key))
    {
        Some(name) => name,
        None => code,
    }
}

/// A field's text as the window shows it: the codes of kind, measure, direction, approx and basis
/// by their names in `language`; numbers, units, subjects and periods as they are.
pub fn field_value(language: Language, field: crate::review::edit::Field, text: &str) -> &str {
    use crate::review::edit::Field;
    let section = match field {
        Field::Kind => "kind",
        Field::Measure => "measure",
        Field::Direction => "direction",
        Field::Approx => "approx",
        Field::Basis => "basis",
        _ => return text,
    };
    code_name(language, section, text)
}

/// What is wrong with a fact's fields, in `language`.
pub fn problem_text(language: Language, problem: crate::review::Problem) -> String {
    use crate::review::Problem;
    let field = |f: crate::review::edit::Field| code_name(language, "field", f.as_str());
    let kind = |k: crate::fact::Kind| code_name(language, "kind", k.as_str());
    match problem {
        Problem::WantsDate { field: f, kind: k } => {
            crate::tr!(
                language,
                "problem.wants_date",
                field = field(f),
                kind = kind(k)
            )
        }
        Problem::WantsNumber { field: f, kind: k } => {
            crate::tr!(
                language,
                "problem.wants_number",
                field = field(f),
                kind = kind(k)
            )
        }
        Problem::MoneyWithoutCurrency => {
            crate::tr!(language, "problem.money_without_currency").to_string()
        }
        Problem::BasisWithout(m) => {
            let measure = code_name(language, "measure", m.as_str());
            crate::tr!(language, "problem.basis_without", measure = measure)
        }
    }
}

/// Why a typed entry was refused, in `language`.
pub fn edit_error_text(language: Language, error: &crate::review::edit::EditError) -> String {
    use crate::review::edit::EditError as E;
    let l = language;
    match error {
        E::Unknown { field, text } => {
            let field = code_name(l, "field", field.as_str());
            crate::tr!(l, "edit_error.unknown", field = field, text = text)
        }
        E::NoMeasureFor(kind) => {
            let kind = code_name(l, "kind", kind.as_str());
            crate::tr!(l, "edit_error.no_measure_for", kind = kind)
        }
        E::DirectionNeedsMeasure => crate::tr!(l, "edit_error.direction_needs_measure").into(),
        E::ValueRequired => crate::tr!(l, "edit_error.value_required").into(),
        E::NotANumber(text) => crate::tr!(l, "edit_error.not_a_number", text = text),
        E::NumberOutOfRange { text, detail } => crate::tr!(
            l,
            "edit_error.number_out_of_range",
            text = text,
            detail = detail
        ),
        E::NotADate(text) => crate::tr!(l, "edit_error.not_a_date", text = text),
        E::NoSuchTime(text) => crate::tr!(l, "edit_error.no_such_time", text = text),
        E::NoSuchMonth { text, month } => {
            crate::tr!(l, "edit_error.no_such_month", text = text, month = month)
        }
        E::NoSuchDay { text, day } => {
            crate::tr!(l, "edit_error.no_such_day", text = text, day = day)
        }
        E::IntervalYears(text) => crate::tr!(l, "edit_error.interval_years", text = text),
        E::IntervalBackwards(text) => {
            crate::tr!(l, "edit_error.interval_backwards", text = text)
        }
        E::Basis(inner) => {
            let error = edit_error_text(l, inner);
            crate::tr!(l, "edit_error.basis", error = error)
        }
        E::BelowValue { max, value } => {
            crate::tr!(l, "edit_error.below_value", max = max, value = value)
        }
        E::CurrencyCase { text, upper } => {
            crate::tr!(l, "edit_error.currency_case", text = text, upper = upper)
        }
        E::NotACurrency(text) => crate::tr!(l, "edit_error.not_a_currency", text = text),
        E::PercentUnit => crate::tr!(l, "edit_error.percent_unit").into(),
    }
}

/// The window's name of a reason for a correction.
pub fn reason_name(language: Language, reason: crate::review::Reason) -> &'static str {
    use crate::review::Reason;
    match reason {
        Reason::WrongValue => crate::tr!(language, "reason.wrong_value"),
        Reason::WrongUnit => crate::tr!(language, "reason.wrong_unit"),
        Reason::WrongPeriod => crate::tr!(language, "reason.wrong_period"),
        Reason::WrongSubject => crate::tr!(language, "reason.wrong_subject"),
        Reason::NotAFact => crate::tr!(language, "reason.not_a_fact"),
        Reason::Duplicate => crate::tr!(language, "reason.duplicate"),
        Reason::Other => crate::tr!(language, "reason.other"),
    }
}

/// A string of the catalogue: `tr!(lang, "key")` is a `&str`; with arguments,
/// `tr!(lang, "key", count = n)` fills the key's `{count}` and is a `String`.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $key:literal) => {
        $crate::i18n::tr($lang, $key)
    };
    ($lang:expr, $key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::format(
            $lang,
            $key,
            &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),+],
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(language: Language) -> Catalogue {
        Catalogue::parse(language.source())
            .unwrap_or_else(|e| panic!("the {} catalogue: {e}", language.code()))
    }

    #[test]
    fn both_catalogues_parse_and_have_the_same_keys() {
        let en = parsed(Language::English);
        let zh = parsed(Language::Chinese);
        let en_keys: BTreeSet<&str> = en.keys().collect();
        let zh_keys: BTreeSet<&str> = zh.keys().collect();
        let only_en: Vec<_> = en_keys.difference(&zh_keys).collect();
        let only_zh: Vec<_> = zh_keys.difference(&en_keys).collect();
        assert!(only_en.is_empty(), "missing in zh.toml: {only_en:?}");
        assert!(only_zh.is_empty(), "missing in en.toml: {only_zh:?}");
        assert!(en_keys.len() > 100, "{} keys", en_keys.len());
    }

    #[test]
    fn every_key_has_the_same_placeholders_in_both_languages() {
        let en = parsed(Language::English);
        let zh = parsed(Language::Chinese);
        for key in en.keys() {
            let (e, z) = (en.get(key).unwrap(), zh.get(key).unwrap_or(""));
            assert_eq!(placeholders(e), placeholders(z), "{key}: `{e}` / `{z}`");
            assert!(!z.trim().is_empty(), "{key} is empty in zh.toml");
        }
    }

    #[test]
    fn a_missing_key_falls_back_to_english_then_to_the_key() {
        assert_eq!(tr(Language::Chinese, "no.such.key"), "no.such.key");
        assert_eq!(
            format(Language::English, "no.such.key {n}", &[("n", &3)]),
            "no.such.key 3"
        );
        assert_eq!(tr(Language::English, "menu.file"), "File");
        assert_eq!(tr(Language::Chinese, "menu.file"), "文件");
    }

    #[test]
    fn placeholders_are_filled_by_name_and_unknown_ones_stay() {
        assert_eq!(
            crate::tr!(Language::English, "status.rejected", count = 4),
            "rejected 4"
        );
        assert_eq!(
            crate::tr!(Language::Chinese, "status.rejected", count = 4),
            "已拒绝 4"
        );
        assert_eq!(
            format(Language::English, "status.rejected", &[]),
            "rejected {count}"
        );
    }

    #[test]
    fn a_refused_entry_reads_in_english_as_its_display_and_in_chinese_from_the_catalogue() {
        use crate::review::edit::Draft;
        let mut draft = Draft {
            kind: "money".into(),
            value: "948亿".into(),
            unit: "usd".into(),
            measure: "rise".into(),
            basis: "去年".into(),
            period: "2024-09/2024-01".into(),
            ..Draft::default()
        };
        let mut errors = draft.check().unwrap_err();
        draft.kind = "date".into();
        draft.value = "2025-02-30".into();
        draft.value_max = "2025-13".into();
        draft.measure = "level".into();
        draft.unit = String::new();
        draft.basis = String::new();
        draft.period = "2016/--03".into();
        errors.extend(draft.check().unwrap_err());
        draft.kind = "percent".into();
        draft.value = "5".into();
        draft.value_max = "3".into();
        draft.measure = String::new();
        draft.direction = "up".into();
        draft.unit = "个".into();
        draft.period = "2007-03-05T24:00".into();
        errors.extend(draft.check().unwrap_err());
        assert!(errors.len() >= 12, "{errors:?}");
        for (_, error) in &errors {
            assert_eq!(edit_error_text(Language::English, error), error.to_string());
            let zh = edit_error_text(Language::Chinese, error);
            assert!(!zh.contains('{') && zh != error.to_string(), "{zh}");
        }
        let (_, first) = &errors[0];
        assert_eq!(
            edit_error_text(Language::Chinese, first),
            "“948亿”不是数字（只能用数字，可带正负号和小数点）"
        );
    }

    #[test]
    fn locales_choose_chinese_only_for_zh() {
        for zh in ["zh", "zh-CN", "zh_TW.UTF-8", "ZH-Hans-CN"] {
            assert_eq!(Language::for_locale(Some(zh)), Language::Chinese, "{zh}");
        }
        for en in ["en-US", "de-DE", "C", "", "zhx"] {
            assert_eq!(Language::for_locale(Some(en)), Language::English, "{en}");
        }
        assert_eq!(Language::for_locale(None), Language::English);
        assert_eq!(Language::from_code("fr"), None);
    }

    #[test]
    fn codes_of_the_contract_have_a_name_in_both_languages() {
        use crate::fact::{Direction, Kind, Measure};
        use crate::review::Status;
        let en = parsed(Language::English);
        let zh = parsed(Language::Chinese);
        let mut keys: Vec<String> = Vec::new();
        keys.extend(Kind::ALL.map(|k| format!("kind.{}", k.as_str())));
        keys.extend(Measure::ALL.map(|m| format!("measure.{}", m.as_str())));
        keys.extend(Direction::ALL.map(|d| format!("direction.{}", d.as_str())));
        keys.extend(Status::ALL.map(|s| format!("status_name.{}", s.as_str())));
        let approx = crate::review::edit::Field::Approx.choices().unwrap_or(&[]);
        keys.extend(
            approx
                .iter()
                .filter(|a| !a.is_empty())
                .map(|a| format!("approx.{a}")),
        );
        keys.extend(["basis.yoy".to_string(), "basis.mom".to_string()]);
        keys.extend(crate::review::edit::Field::ALL.map(|f| format!("field.{}", f.as_str())));
        keys.extend(crate::review::view::Column::ALL.map(|c| format!("column.{}", c.title())));
        for reason in crate::review::Reason::ALL {
            for language in Language::ALL {
                let name = reason_name(language, reason);
                assert!(!name.starts_with("reason."), "{reason:?} in {language:?}");
            }
        }
        for spec in crate::session::COMMANDS {
            keys.push(format!("command.{}.label", spec.id));
            keys.push(format!("command.{}.help", spec.id));
        }
        for key in &keys {
            assert!(en.get(key).is_some(), "{key} missing in en.toml");
            assert!(zh.get(key).is_some(), "{key} missing in zh.toml");
        }
        assert_eq!(code_name(Language::Chinese, "kind", "money"), "金额");
        // The English of a problem is its Display; the Chinese names the codes in Chinese.
        let problem = crate::review::Problem::WantsDate {
            field: crate::review::edit::Field::Value,
            kind: Kind::Date,
        };
        assert_eq!(
            problem_text(Language::English, problem),
            problem.to_string()
        );
        assert_eq!(
            problem_text(Language::Chinese, problem),
            "日期的数值必须是 ISO 日期"
        );
        assert_eq!(code_name(Language::Chinese, "basis", "2018-06"), "2018-06");
    }
}
