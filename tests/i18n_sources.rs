//! The window's strings go through the catalogues of `assets/i18n` (src/i18n.rs): every key the
//! sources ask for with `tr!` is in both languages, with the placeholders the call fills, and
//! no egui label, button or tooltip in `src/gui` is given an English literal of its own.

use std::collections::BTreeSet;
use std::path::Path;

use factdesk::i18n::{Language, catalogue, placeholders};

fn rust_files(dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((path.display().to_string(), text));
        }
    }
}

fn sources(under: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join(under), &mut out);
    assert!(!out.is_empty(), "no sources under {under}");
    out
}

/// One `tr!(lang, "key", name = value, …)` call: its key and the names it fills.
#[derive(Debug)]
struct Call {
    file: String,
    line: usize,
    key: String,
    names: BTreeSet<String>,
}

/// The `tr!` calls of a source text. The arguments are split at the commas outside brackets
/// and strings, so `count = xs.len()` and nested calls read right.
fn calls(file: &str, text: &str) -> Vec<Call> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("tr!(") {
        let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
        if text[line_start..at].trim_start().starts_with("//") {
            continue; // a comment's example
        }
        let rest = &text[at + 4..];
        let mut depth = 0i32;
        let mut in_string = false;
        let mut escaped = false;
        let mut args = vec![String::new()];
        for c in rest.chars() {
            if in_string {
                args.last_mut().unwrap().push(c);
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => in_string = true,
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth == 0 => break,
                ')' | ']' | '}' => depth -= 1,
                ',' if depth == 0 => {
                    args.push(String::new());
                    continue;
                }
                _ => {}
            }
            args.last_mut().unwrap().push(c);
        }
        let Some(key) = args.get(1).map(|k| k.trim()) else {
            continue;
        };
        // The macro's own definition and doc comments name no real key.
        let Some(key) = key.strip_prefix('"').and_then(|k| k.strip_suffix('"')) else {
            continue;
        };
        let names = args[2..]
            .iter()
            .filter_map(|a| a.split_once('=').map(|(n, _)| n.trim().to_string()))
            .filter(|n| !n.is_empty())
            .collect();
        found.push(Call {
            file: file.to_string(),
            line: text[..at].lines().count(),
            key: key.to_string(),
            names,
        });
    }
    found
}

#[test]
fn every_key_asked_for_is_in_both_catalogues_with_the_placeholders_filled() {
    let mut all = Vec::new();
    for (file, text) in sources("src") {
        all.extend(calls(&file, &text));
    }
    assert!(all.len() > 150, "only {} tr! calls found", all.len());
    let mut problems = Vec::new();
    for call in &all {
        for language in Language::ALL {
            let Some(text) = catalogue(language).get(&call.key) else {
                problems.push(format!(
                    "{}:{}: `{}` is not in {}.toml",
                    call.file,
                    call.line,
                    call.key,
                    language.code()
                ));
                continue;
            };
            let wanted: BTreeSet<String> =
                placeholders(text).into_iter().map(str::to_string).collect();
            if wanted != call.names {
                problems.push(format!(
                    "{}:{}: `{}` in {}.toml has {wanted:?}, the call fills {:?}",
                    call.file,
                    call.line,
                    call.key,
                    language.code(),
                    call.names
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Widget calls whose text the analyst reads.
const TEXT_CALLS: &[&str] = &[
    "label(",
    "heading(",
    "button(",
    "small_button(",
    "Button::new(",
    "MenuButton::new(",
    "menu_button(",
    "selectable_label(",
    "on_hover_text(",
    "hint_text(",
    "weak(",
    "strong(",
    "colored_label(",
    "link(",
    "checkbox(",
    "radio(",
    "radio_value(",
    "toggle_value(",
    "RichText::new(",
    "CollapsingHeader::new(",
    "set_label(",
    ".text(",
];

/// Whether a literal has words in it; symbols (`—`, `×`, `○`) and `format!` arguments
/// (`{title}{arrow}`) are not words.
fn is_words(literal: &str) -> bool {
    let mut depth = 0;
    literal.chars().any(|c| {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => return depth == 0 && c.is_alphabetic(),
        }
        false
    })
}

#[test]
fn no_widget_of_the_window_is_given_words_outside_the_catalogue() {
    // Literal text that is deliberately not translated: none today. A line may opt out with a
    // trailing `// i18n: not words` comment (an id, a file name pattern).
    let mut problems = Vec::new();
    for (file, text) in sources("src/gui") {
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") || line.contains("// i18n: not words") {
                continue;
            }
            for call in TEXT_CALLS {
                let mut from = 0;
                while let Some(at) = line[from..].find(call) {
                    let after = line[from + at + call.len()..].trim_start();
                    from += at + call.len();
                    // The first argument, or the text of a `format!` given as it.
                    let after = after.strip_prefix("format!(").unwrap_or(after);
                    let after = after
                        .strip_prefix("&mut ")
                        .and_then(|a| a.split_once(", ").map(|(_, rest)| rest))
                        .unwrap_or(after);
                    if let Some(literal) = after.strip_prefix('"') {
                        let literal = literal.split('"').next().unwrap_or("");
                        if is_words(literal) {
                            problems.push(format!("{file}:{}: {call}\"{literal}\"", n + 1));
                        }
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "words given to widgets without the catalogue (use tr!):\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_checks_above_see_what_they_look_for() {
    let found = calls(
        "x.rs",
        r#"ui.label(tr!(l, "status.loading", done = a.len(), total = f(b, c)));"#,
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].key, "status.loading");
    assert_eq!(
        found[0].names,
        ["done", "total"].map(String::from).into_iter().collect()
    );
    assert!(is_words("Search") && is_words("搜索") && !is_words(" ▲") && !is_words("—"));
    assert!(!is_words("{title}{arrow}") && is_words("{n} shown"));
}
