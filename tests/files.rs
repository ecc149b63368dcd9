//! Damaged and unusual files through the real binary: bad bytes, empty files, FIFOs and devices,
//! size limits, same file names, links as outputs, leftovers of killed saves, CSV cells.

use std::path::Path;
use std::time::{Duration, SystemTime};

use assert_cmd::Command;
use serde_json::Value;

fn factdesk() -> Command {
    let mut command = Command::cargo_bin("factdesk").unwrap();
    // Nothing here may hang: a FIFO that blocked the loader would stop the test.
    command.timeout(Duration::from_secs(60));
    command
}

const TRADE: &str = "新华社北京6月18日电 2024年中国同中亚五国贸易额达到948亿美元，同比增长35%。";

fn mentions_of(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_truncated_utf8_file_is_read_as_utf8_with_a_warning_naming_the_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("truncated.txt");
    let mut bytes = TRADE.as_bytes().to_vec();
    // A download cut off inside a char: its first two bytes only.
    bytes.extend_from_slice(&"统计".as_bytes()[..2]);
    std::fs::write(&path, &bytes).unwrap();

    let assert = factdesk().arg("extract").arg(&path).assert().success();
    let output = assert.get_output();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("warning")
            && stderr.contains("truncated.txt")
            && stderr.contains(&format!("at byte {}", TRADE.len())),
        "{stderr}"
    );
    let mentions = mentions_of(&output.stdout);
    let trade = mentions
        .iter()
        .find(|m| m["kind"] == "money")
        .expect("the figure is read from the UTF-8 text, not from Latin-1 noise");
    assert_eq!(trade["surface"], "948亿美元");
    assert_eq!(trade["value"].to_string(), "94800000000");

    // The JSON output carries the warning too.
    let out = factdesk()
        .args(["extract", "--format", "json"])
        .arg(&path)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["documents"][0]["encoding"], "UTF-8");
    let warning = &json["warnings"][0];
    assert!(warning["path"].as_str().unwrap().ends_with("truncated.txt"));
    assert!(
        warning["reason"]
            .as_str()
            .unwrap()
            .contains(&format!("byte {}", TRADE.len()))
    );
}

#[test]
fn empty_and_blank_files_are_reported_and_the_rest_still_load() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a_empty.txt"), "").unwrap();
    std::fs::write(dir.path().join("b_blank.txt"), "\r\n  \u{3000}\n").unwrap();
    std::fs::write(dir.path().join("c_good.txt"), TRADE).unwrap();
    let assert = factdesk().arg("extract").arg(dir.path()).assert().code(1);
    let output = assert.get_output();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("a_empty.txt: empty file"),
        "the empty file is named: {stderr}"
    );
    assert!(
        stderr.contains("b_blank.txt: holds only white space"),
        "{stderr}"
    );
    assert!(stderr.contains("2 of 3 inputs failed"), "{stderr}");
    let mentions = mentions_of(&output.stdout);
    assert!(mentions.iter().all(|m| m["doc"] == "c_good.txt"));
    assert!(mentions.iter().any(|m| m["surface"] == "948亿美元"));
}

// Unix only: FIFOs and /dev/zero are what the issue reports hanging; other systems have neither
// in this form.
#[cfg(unix)]
#[test]
fn fifos_and_devices_are_refused_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let zero = dir.path().join("zero.txt");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, TRADE).unwrap();

    // `factdesk()` has a timeout: a blocking open of the FIFO would fail the test, not hang it.
    let assert = factdesk()
        .arg("extract")
        .args([&fifo, &zero, &good])
        .assert()
        .code(1);
    let output = assert.get_output();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("pipe.txt: not a regular file: a FIFO"),
        "{stderr}"
    );
    assert!(
        stderr.contains("zero.txt: not a regular file: a device"),
        "{stderr}"
    );
    assert!(
        mentions_of(&output.stdout)
            .iter()
            .any(|m| m["surface"] == "948亿美元")
    );

    // A folder holding them: the FIFO is named, the link is not followed.
    let assert = factdesk().arg("extract").arg(dir.path()).assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr);
    assert!(stderr.contains("pipe.txt: not a regular file"), "{stderr}");

    // A FIFO as the project of `export`, or as the metadata file.
    let assert = factdesk()
        .arg("export")
        .arg(&fifo)
        .args(["--format", "json"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr);
    assert!(stderr.contains("not a regular file"), "{stderr}");
    let assert = factdesk()
        .arg("extract")
        .arg(&good)
        .arg("--metadata")
        .arg(&fifo)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr);
    assert!(stderr.contains("not a regular file"), "{stderr}");
}

#[test]
fn files_over_the_size_limit_are_refused_until_it_is_raised() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    std::fs::write(&big, TRADE.repeat(20)).unwrap();
    let size = TRADE.len() * 20;
    let assert = factdesk()
        .arg("extract")
        .arg(&big)
        .args(["--max-file-size", "1KiB"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr);
    assert!(
        stderr.contains("big.txt")
            && stderr.contains(&format!("({size} bytes)"))
            && stderr.contains("over the limit of 1 KiB")
            && stderr.contains("--max-file-size"),
        "{stderr}"
    );
    let out = factdesk()
        .arg("extract")
        .arg(&big)
        .args(["--max-file-size", "64KiB"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        mentions_of(&out)
            .iter()
            .filter(|m| m["surface"] == "948亿美元")
            .count(),
        20
    );
    factdesk()
        .args(["extract", "--max-file-size", "lots"])
        .assert()
        .failure();
}

#[test]
fn same_file_names_in_different_folders_give_different_docs() {
    let dir = tempfile::tempdir().unwrap();
    for (folder, text) in [("2024", TRADE), ("2025", "出口增长6.7%。")] {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
        std::fs::write(dir.path().join(folder).join("a.txt"), text).unwrap();
    }
    let docs = |args: &[&Path]| -> Vec<String> {
        let out = factdesk()
            .args(["extract", "--format", "json"])
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let json: Value = serde_json::from_slice(&out).unwrap();
        let docs: Vec<String> = json["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["doc"].as_str().unwrap().to_string())
            .collect();
        // Every mention names its own document.
        for m in json["mentions"].as_array().unwrap() {
            assert!(docs.iter().any(|d| m["doc"] == d.as_str()), "{m}");
        }
        docs
    };
    assert_eq!(docs(&[dir.path()]), ["2024/a.txt", "2025/a.txt"]);
    let (a, b) = (dir.path().join("2024/a.txt"), dir.path().join("2025/a.txt"));
    assert_eq!(docs(&[&a]), ["a.txt"]);
    let both = docs(&[&a, &b]);
    assert_ne!(both[0], both[1]);
    assert!(both[0].ends_with("2024/a.txt") && both[1].ends_with("2025/a.txt"));
}

// Unix only: the test makes a symbolic link.
#[cfg(unix)]
#[test]
fn out_onto_a_link_writes_through_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("runs")).unwrap();
    let target = dir.path().join("runs/facts-1.jsonl");
    std::fs::write(&target, "old").unwrap();
    let link = dir.path().join("facts.jsonl");
    std::os::unix::fs::symlink("runs/facts-1.jsonl", &link).unwrap();
    factdesk()
        .args(["extract", "-", "--out"])
        .arg(&link)
        .write_stdin(TRADE)
        .assert()
        .success();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    let written = std::fs::read(&target).unwrap();
    assert!(
        mentions_of(&written)
            .iter()
            .any(|m| m["surface"] == "948亿美元")
    );
    // The temporary file was made beside the target, not beside the link.
    let names: Vec<_> = std::fs::read_dir(dir.path().join("runs"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["facts-1.jsonl"]);
}

#[test]
fn a_write_removes_stale_leftovers_of_killed_saves_only() {
    let dir = tempfile::tempdir().unwrap();
    let old = SystemTime::now() - Duration::from_secs(3600);
    let stale = dir.path().join(".factdesk-K1lled.tmp");
    let live = dir.path().join(".factdesk-Saving.tmp");
    let mine = dir.path().join(".factdesk-notes.tmp");
    let text = dir.path().join("a.tmp");
    for (path, aged) in [(&stale, true), (&live, false), (&mine, true), (&text, true)] {
        std::fs::write(path, "x").unwrap();
        if aged {
            std::fs::File::options()
                .write(true)
                .open(path)
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
    }
    factdesk()
        .args(["extract", "-", "--out"])
        .arg(dir.path().join("facts.jsonl"))
        .write_stdin(TRADE)
        .assert()
        .success();
    assert!(!stale.exists(), "a stale temporary of ours is removed");
    for kept in [&live, &mine, &text] {
        assert!(kept.exists(), "{} is kept", kept.display());
    }
}

/// A sentence that a spreadsheet would run as a formula.
const FORMULA: &str = "=HYPERLINK(\"http://example.com\",\"出口增长35%\")";

#[test]
fn extract_csv_cells_are_safe_for_spreadsheets_unless_data_is_asked_for() {
    let rows = |flavour: &[&str]| -> Vec<csv::StringRecord> {
        let out = factdesk()
            .args(["extract", "--format", "csv", "-"])
            .args(flavour)
            .write_stdin(FORMULA)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        csv::Reader::from_reader(out.as_slice())
            .records()
            .map(Result::unwrap)
            .collect()
    };
    let sentence = 10;
    let excel = rows(&[]);
    let growth = excel.iter().find(|r| &r[3] == "35%").expect("35% is found");
    assert_eq!(&growth[sentence], format!("'{FORMULA}"));
    assert_eq!(&growth[5], "35", "numbers stay numbers");
    assert_eq!(rows(&["--csv", "excel"]), excel);
    let data = rows(&["--csv", "data"]);
    let growth = data.iter().find(|r| &r[3] == "35%").unwrap();
    assert_eq!(&growth[sentence], FORMULA);
}
