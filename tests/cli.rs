//! The `factdesk` binary, run for real: formats, inputs, encodings and errors.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn factdesk() -> Command {
    Command::cargo_bin("factdesk").unwrap()
}

/// Runs `factdesk ARGS` and returns its standard output, asserting success.
fn stdout_of<I, S>(args: I) -> Vec<u8>
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    factdesk()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

fn jsonl(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn extracts_the_bundled_corpus_by_default() {
    let out = stdout_of(["extract"]);
    let mentions = jsonl(&out);
    assert!(mentions.len() > 150, "{} mentions", mentions.len());
    let docs: std::collections::BTreeSet<&str> = mentions
        .iter()
        .map(|m| m["doc"].as_str().unwrap())
        .collect();
    assert_eq!(docs.len(), 5);
    let trade = mentions
        .iter()
        .find(|m| m["surface"] == "948\n亿美元")
        .expect("the hard-wrapped 948亿美元 is found in 004");
    assert_eq!(trade["value"].to_string(), "94800000000");
    assert_eq!(trade["unit"], "USD");
    assert_eq!(trade["kind"], "money");
    for m in &mentions {
        for field in [
            "doc",
            "start",
            "end",
            "surface",
            "kind",
            "value",
            "value_max",
            "unit",
            "approx",
            "subject",
            "sentence",
            "confidence",
        ] {
            assert!(m.get(field).is_some(), "{field} missing in {m}");
        }
    }
}

#[test]
fn csv_and_json_formats() {
    let out = stdout_of(["extract", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(out.as_slice());
    assert_eq!(reader.headers().unwrap().iter().next(), Some("doc"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(
        rows.iter()
            .any(|r| &r[3] == "948\n亿美元" && &r[5] == "94800000000" && &r[7] == "USD")
    );

    let out = stdout_of(["extract", "--format", "json"]);
    let json: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["format"], "factdesk-extract/1");
    let published: Vec<&str> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["published"].as_str())
        .collect();
    assert!(
        published.contains(&"2025-06-18"),
        "datelines give the publication date: {published:?}"
    );
    assert!(json["mentions"].as_array().unwrap().len() > 150);
}

#[test]
fn reads_standard_input() {
    let out = factdesk()
        .args(["extract", "-"])
        .write_stdin("双边贸易额去年达到948亿美元，同比增长35%。")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mentions = jsonl(&out);
    assert_eq!(mentions.len(), 2);
    assert_eq!(mentions[0]["doc"], "-");
    assert_eq!(mentions[0]["subject"], "双边贸易额");
    assert_eq!(mentions[1]["value"].to_string(), "35");
}

#[test]
fn bad_files_are_named_and_the_rest_still_load() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "提供15亿元人民币无偿援助。").unwrap();
    let binary = dir.path().join("image.txt");
    std::fs::write(&binary, [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0, 0]).unwrap();
    let missing = dir.path().join("missing.txt");
    let assert = factdesk()
        .arg("extract")
        .arg(&good)
        .arg(&binary)
        .arg(&missing)
        .assert()
        .code(1);
    let output = assert.get_output();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("image.txt") && stderr.contains("binary"),
        "{stderr}"
    );
    assert!(
        stderr.contains("missing.txt") && stderr.contains("no such file"),
        "{stderr}"
    );
    let mentions = jsonl(&output.stdout);
    assert_eq!(mentions.len(), 1);
    assert_eq!(mentions[0]["value"].to_string(), "1500000000");
    assert_eq!(mentions[0]["unit"], "CNY");
}

#[test]
fn folders_load_every_encoding_in_order_and_sources_stay_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = "新华社北京6月18日电 2025年中亚贸易额达到948\r\n亿美元。";
    let (gbk, _, _) = encoding_rs::GB18030.encode(text);
    std::fs::write(dir.path().join("a_gbk.txt"), &gbk).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(dir.path().join("b_utf16.md"), &utf16).unwrap();
    std::fs::create_dir(dir.path().join("nested")).unwrap();
    std::fs::write(dir.path().join("nested/c.txt"), format!("\u{feff}{text}")).unwrap();
    std::fs::write(dir.path().join("ignored.pdf"), "2025年").unwrap();
    let before: Vec<Vec<u8>> = ["a_gbk.txt", "b_utf16.md", "nested/c.txt"]
        .iter()
        .map(|f| std::fs::read(dir.path().join(f)).unwrap())
        .collect();

    let out = stdout_of(
        ["extract", "--format", "json"]
            .map(std::ffi::OsStr::new)
            .into_iter()
            .chain([dir.path().as_os_str()]),
    );
    let json: Value = serde_json::from_slice(&out).unwrap();
    let docs: Vec<&str> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["doc"].as_str().unwrap())
        .collect();
    assert_eq!(docs, ["a_gbk.txt", "b_utf16.md", "c.txt"]);
    let encodings: Vec<&str> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["encoding"].as_str().unwrap())
        .collect();
    assert_eq!(encodings, ["gb18030", "UTF-16LE", "UTF-8"]);
    for d in json["documents"].as_array().unwrap() {
        assert_eq!(d["published"], "2025-06-18");
    }
    let money: Vec<&Value> = json["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == "money")
        .collect();
    assert_eq!(money.len(), 3);
    for m in money {
        assert_eq!(m["surface"], "948\r\n亿美元");
        assert_eq!(m["value"].to_string(), "94800000000");
    }
    let after: Vec<Vec<u8>> = ["a_gbk.txt", "b_utf16.md", "nested/c.txt"]
        .iter()
        .map(|f| std::fs::read(dir.path().join(f)).unwrap())
        .collect();
    assert_eq!(before, after, "sources are never written");
}

#[test]
fn out_writes_the_same_bytes_as_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("facts.csv");
    std::fs::write(&target, "old contents").unwrap();
    factdesk()
        .args(["extract", "--format", "csv", "--out"])
        .arg(&target)
        .assert()
        .success();
    let stdout = stdout_of(["extract", "--format", "csv"]);
    assert_eq!(std::fs::read(&target).unwrap(), stdout);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left: {leftovers:?}");
}

#[test]
fn unwritable_output_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("no-such-folder").join("out.jsonl");
    let assert = factdesk()
        .args(["extract", "--out"])
        .arg(&target)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr);
    assert!(stderr.contains("out.jsonl"), "{stderr}");
    assert!(!Path::new(&target).exists());
}
