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
            "measure",
            "direction",
            "basis",
            "period",
            "per",
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
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        &header[12..],
        ["measure", "direction", "basis", "period", "per"],
        "the frame follows the version-1 columns"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(
        rows.iter()
            .any(|r| &r[3] == "948\n亿美元" && &r[5] == "94800000000" && &r[7] == "USD")
    );

    let out = stdout_of(["extract", "--format", "json"]);
    let json: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["format"], "factdesk-extract/2");
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
    // A file of a subfolder is named by its path below the folder given.
    assert_eq!(docs, ["a_gbk.txt", "b_utf16.md", "nested/c.txt"]);
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

const RELEASE: &str = "今年前三季度，国内生产总值529971亿元，同比增长6.7%。";

#[test]
fn a_given_publication_date_wins_and_metadata_dates_documents_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    std::fs::write(&a, format!("新华社北京10月19日电 {RELEASE}")).unwrap();
    std::fs::write(&b, RELEASE).unwrap();
    let published = |json: &Value| -> Vec<(String, Value, Value)> {
        json["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["doc"].as_str().unwrap().to_string(),
                    d["published"].clone(),
                    d["published_given"].clone(),
                )
            })
            .collect()
    };
    let run = |extra: &[&str]| -> Value {
        let out = factdesk()
            .args(["extract", "--format", "json"])
            .args(extra)
            .arg(&a)
            .arg(&b)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).unwrap()
    };
    let json = run(&["--published", "2016-10-19"]);
    let dated = |doc: &str, date: &str, given: bool| -> (String, Value, Value) {
        (doc.to_string(), Value::from(date), Value::from(given))
    };
    assert_eq!(
        published(&json),
        [
            dated("a.txt", "2016-10-19", true),
            dated("b.txt", "2016-10-19", true)
        ]
    );

    let meta = dir.path().join("meta.csv");
    std::fs::write(
        &meta,
        "file,published\nb.txt,2017-10-20\nc.txt,2018-01-01\n",
    )
    .unwrap();
    let out = factdesk()
        .args(["extract", "--format", "json", "--metadata"])
        .arg(&meta)
        .arg(&a)
        .arg(&b)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("c.txt"),
        "an unmatched entry is named: {stderr}"
    );
    let json: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let dates = published(&json);
    assert_eq!(dates[1], dated("b.txt", "2017-10-20", true));
    assert_eq!(dates[0].2, Value::from(false), "a.txt keeps its dateline");

    // A bad date: exit 2, the file and the line named, nothing printed.
    std::fs::write(&meta, "a.txt,2016-10-19\nb.txt,2016年10月19日\n").unwrap();
    let out = factdesk()
        .args(["extract", "--metadata"])
        .arg(&meta)
        .arg(&a)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(
        stderr.contains("meta.csv") && stderr.contains("line 2"),
        "{stderr}"
    );
    assert!(out.get_output().stdout.is_empty());

    let out = factdesk()
        .args(["extract", "--published", "19/10/2016"])
        .arg(&a)
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("19/10/2016"));
}

#[test]
fn new_stores_the_given_publication_dates_in_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("b.txt");
    std::fs::write(&b, RELEASE).unwrap();
    let project = dir.path().join("p.factdesk");
    factdesk()
        .arg("new")
        .arg(&project)
        .arg(&b)
        .args(["--published", "2016-10-19"])
        .assert()
        .success();
    let file = factdesk::review::project::read(&project).unwrap();
    assert_eq!(file.version, 3);
    assert_eq!(file.documents[0].published.as_deref(), Some("2016-10-19"));
    assert!(file.documents[0].published_given);
    let gdp = file
        .facts
        .iter()
        .find(|f| f.mentions[0].mention.surface == "529971亿元")
        .expect("the GDP figure is a fact");
    assert!(gdp.fields.period.is_some(), "the frame is stored");
}

#[test]
fn extract_resolves_periods_against_the_given_date() {
    let out = factdesk()
        .args(["extract", "--published", "2016-10-19", "-"])
        .write_stdin(RELEASE)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mentions = jsonl(&out);
    let gdp = mentions
        .iter()
        .find(|m| m["surface"] == "529971亿元")
        .unwrap();
    assert_eq!(gdp["period"], "2016-01/2016-09");
    assert_eq!(gdp["measure"], "level");
    let growth = mentions.iter().find(|m| m["surface"] == "6.7%").unwrap();
    assert_eq!(growth["measure"], "growth");
    assert_eq!(growth["basis"], "yoy");
    assert_eq!(growth["direction"], "up");
    assert_eq!(growth["period"], "2016-01/2016-09");
}

/// Runs `factdesk ARGS`, asserts exit code 2 and that nothing changed: returns stderr.
fn refused<I, S>(args: I, untouched: &[&Path]) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let before: Vec<Vec<u8>> = untouched
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    let assert = factdesk().args(args).assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("refusing to write"), "{stderr}");
    let after: Vec<Vec<u8>> = untouched
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    assert!(before == after, "a protected file was changed; {stderr}");
    stderr
}

#[test]
fn extract_refuses_to_write_over_its_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let a = corpus.join("a.txt");
    std::fs::write(&a, RELEASE).unwrap();
    let b = dir.path().join("b.txt");
    std::fs::write(&b, RELEASE).unwrap();
    let meta = dir.path().join("meta.csv");
    std::fs::write(&meta, "b.txt,2016-10-19\n").unwrap();
    let hard = dir.path().join("hard-link-of-b.txt");
    std::fs::hard_link(&b, &hard).unwrap();
    let untouched = [a.as_path(), b.as_path(), meta.as_path()];
    let extract = |out: &Path| {
        let mut args: Vec<std::ffi::OsString> = vec!["extract".into(), corpus.clone().into()];
        args.extend([b.clone().into(), "--metadata".into(), meta.clone().into()]);
        args.extend(["--out".into(), out.into()]);
        args
    };

    // The source itself, the same file spelt another way, a hard link to it.
    for out in [b.clone(), dir.path().join("corpus/../b.txt"), hard.clone()] {
        let stderr = refused(extract(&out), &untouched);
        assert!(
            stderr.contains("is an input") && stderr.contains("b.txt"),
            "{stderr}"
        );
    }
    // A file of an input folder, existing or new.
    for out in [a.clone(), corpus.join("facts.jsonl")] {
        let stderr = refused(extract(&out), &untouched);
        assert!(stderr.contains("inside an input folder"), "{stderr}");
    }
    assert!(!corpus.join("facts.jsonl").exists());
    let stderr = refused(extract(&meta), &untouched);
    assert!(stderr.contains("the metadata file"), "{stderr}");
    // Unix only: symbolic links are made here.
    #[cfg(unix)]
    {
        let link = dir.path().join("link.jsonl");
        std::os::unix::fs::symlink(&a, &link).unwrap();
        let stderr = refused(extract(&link), &untouched);
        assert!(stderr.contains("inside an input folder"), "{stderr}");
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }
    // Beside the inputs is fine.
    factdesk()
        .args(extract(&dir.path().join("facts.jsonl")))
        .assert()
        .success();
    assert!(dir.path().join("facts.jsonl").exists());
}

#[test]
fn export_refuses_to_write_over_the_project_or_its_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let a = corpus.join("a.txt");
    std::fs::write(&a, RELEASE).unwrap();
    let project = dir.path().join("p.factdesk");
    factdesk()
        .arg("new")
        .arg(&project)
        .arg(&corpus)
        .assert()
        .success();
    let untouched = [project.as_path(), a.as_path()];
    let export = |out: &Path| -> Vec<std::ffi::OsString> {
        vec![
            "export".into(),
            project.clone().into(),
            "--format".into(),
            "csv".into(),
            "--out".into(),
            out.into(),
        ]
    };
    let stderr = refused(export(&project), &untouched);
    assert!(stderr.contains("is the project"), "{stderr}");
    let stderr = refused(export(&a), &untouched);
    assert!(stderr.contains("a corpus file of the project"), "{stderr}");
    factdesk()
        .args(export(&dir.path().join("facts.csv")))
        .assert()
        .success();
}

#[test]
fn new_refuses_a_project_inside_its_corpus_folder() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    std::fs::write(&a, RELEASE).unwrap();
    let project = dir.path().join("p.factdesk");
    let args: Vec<std::ffi::OsString> =
        vec!["new".into(), project.clone().into(), dir.path().into()];
    let stderr = refused(args, &[a.as_path()]);
    assert!(stderr.contains("inside an input folder"), "{stderr}");
    assert!(!project.exists());
}
