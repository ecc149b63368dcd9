//! `factdesk new --from-jsonl`: batch shards back into a project, through the real binary.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn factdesk() -> Command {
    Command::cargo_bin("factdesk").unwrap()
}

fn seed(name_prefix: &str) -> PathBuf {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(name_prefix)
        })
        .unwrap()
}

/// A corpus with subfolders (and two `a.txt` in different folders), and its mentions as
/// `factdesk extract` writes them.
struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(corpus.join("2025/06")).unwrap();
        std::fs::create_dir_all(corpus.join("b")).unwrap();
        std::fs::copy(seed("000"), corpus.join("top.txt")).unwrap();
        std::fs::copy(seed("001"), corpus.join("2025/06/a.txt")).unwrap();
        std::fs::copy(seed("002"), corpus.join("2025/x.txt")).unwrap();
        std::fs::copy(seed("004"), corpus.join("b/a.txt")).unwrap();
        Setup { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn corpus(&self) -> PathBuf {
        self.path("corpus")
    }

    /// The folder's mentions, as lines.
    fn lines(&self) -> Vec<String> {
        let out = factdesk()
            .args(["extract", "--format", "jsonl"])
            .arg(self.corpus())
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect()
    }

    fn write(&self, name: &str, lines: &[String]) -> PathBuf {
        let path = self.path(name);
        let mut text = lines.join("\n");
        text.push('\n');
        std::fs::write(&path, text).unwrap();
        path
    }

    /// `factdesk new PROJECT --from-jsonl SHARDS --corpus ROOT EXTRA`, its stderr and status.
    fn new_from(&self, project: &str, shards: &[&Path], extra: &[&str]) -> (bool, String) {
        let output = factdesk()
            .arg("new")
            .arg(self.path(project))
            .arg("--from-jsonl")
            .args(shards)
            .arg("--corpus")
            .arg(self.corpus())
            .args(extra)
            .output()
            .unwrap();
        (
            output.status.success(),
            String::from_utf8(output.stderr).unwrap(),
        )
    }

    fn export(&self, project: &str) -> Value {
        let out = factdesk()
            .arg("export")
            .arg(self.path(project))
            .args(["--format", "json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).unwrap()
    }
}

fn mentions_of(export: &Value) -> Vec<Value> {
    export["facts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["mentions"].as_array().unwrap().clone())
        .collect()
}

#[test]
fn shards_from_extract_make_the_project_new_makes_from_the_folder() {
    let s = Setup::new();
    let lines = s.lines();
    assert!(lines.len() > 100, "{} mentions", lines.len());
    assert!(lines.iter().any(|l| l.contains(r#""doc":"2025/06/a.txt""#)));
    // Two shards, split between documents as a batch job writes them, given in reverse order.
    let split = lines
        .iter()
        .position(|l| l.contains(r#""doc":"2025/x.txt""#))
        .unwrap();
    let first = s.write("part-0.jsonl", &lines[..split]);
    let second = s.write("part-1.jsonl", &lines[split..]);
    let (ok, stderr) = s.new_from("batch.factdesk", &[&second, &first], &[]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains(&format!("kept {0} of {0} mentions", lines.len())),
        "{stderr}"
    );
    factdesk()
        .arg("new")
        .arg(s.path("direct.factdesk"))
        .arg(s.corpus())
        .assert()
        .success();
    let batch = s.export("batch.factdesk");
    let direct = s.export("direct.factdesk");
    assert_eq!(mentions_of(&batch).len(), lines.len());
    assert_eq!(batch, direct, "the same documents, facts and mentions");
}

#[test]
fn a_mention_that_does_not_match_the_text_refuses_the_batch() {
    let s = Setup::new();
    let mut lines = s.lines();
    let at = lines
        .iter()
        .position(|l| l.contains(r#""doc":"b/a.txt""#))
        .unwrap()
        + 2;
    let mut record: Value = serde_json::from_str(&lines[at]).unwrap();
    let start = record["start"].as_u64().unwrap();
    record["start"] = (start + 1).into();
    record["end"] = (record["end"].as_u64().unwrap() + 1).into();
    lines[at] = serde_json::to_string(&record).unwrap();
    let shard = s.write("shard.jsonl", &lines);
    let (ok, stderr) = s.new_from("p.factdesk", &[&shard], &[]);
    assert!(!ok);
    let place = format!("{}:{}: document `b/a.txt`", shard.display(), at + 1);
    assert!(stderr.contains(&place), "{stderr}");
    assert!(stderr.contains("no project written"), "{stderr}");
    assert!(!s.path("p.factdesk").exists());
}

#[test]
fn a_corpus_changed_since_the_batch_is_refused() {
    let s = Setup::new();
    let shard = s.write("shard.jsonl", &s.lines());
    let file = s.corpus().join("top.txt");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("（更正）{text}")).unwrap();
    let (ok, stderr) = s.new_from("p.factdesk", &[&shard], &[]);
    assert!(!ok);
    let first_of_top = s
        .lines()
        .iter()
        .position(|l| l.contains(r#""doc":"top.txt""#));
    let place = format!(
        "{}:{}: document `top.txt`",
        shard.display(),
        first_of_top.unwrap() + 1
    );
    assert!(stderr.contains(&place), "{stderr}");
    assert!(
        stderr.contains("is not the text the batch ran on"),
        "{stderr}"
    );
    assert!(!s.path("p.factdesk").exists());

    // The optional sha256 field is checked too.
    std::fs::write(&file, text).unwrap();
    let mut record: Value = serde_json::from_str(&s.lines()[0]).unwrap();
    record["sha256"] = "00".repeat(32).into();
    let hashed = s.write("hashed.jsonl", &[serde_json::to_string(&record).unwrap()]);
    let (ok, stderr) = s.new_from("p.factdesk", &[&hashed], &[]);
    assert!(!ok);
    assert!(stderr.contains("text hash"), "{stderr}");
    assert!(!s.path("p.factdesk").exists());
}

#[test]
fn a_document_outside_the_corpus_is_refused() {
    let s = Setup::new();
    let lines = s.lines();
    std::fs::copy(seed("000"), s.path("outside.txt")).unwrap();
    for escape in ["../outside.txt", "2025/../../outside.txt", "/etc/hostname"] {
        let mut record: Value = serde_json::from_str(&lines[0]).unwrap();
        record["doc"] = escape.into();
        let shard = s.write("evil.jsonl", &[serde_json::to_string(&record).unwrap()]);
        let (ok, stderr) = s.new_from("p.factdesk", &[&shard], &[]);
        assert!(!ok, "{escape}");
        assert!(stderr.contains(&format!("document `{escape}`")), "{stderr}");
        assert!(!s.path("p.factdesk").exists());
    }
    // A link inside the corpus that leads out of it.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(s.path("outside.txt"), s.corpus().join("link.txt")).unwrap();
        let mut record: Value = serde_json::from_str(&lines[0]).unwrap();
        record["doc"] = "link.txt".into();
        let shard = s.write("evil.jsonl", &[serde_json::to_string(&record).unwrap()]);
        let (ok, stderr) = s.new_from("p.factdesk", &[&shard], &[]);
        assert!(!ok);
        assert!(stderr.contains("outside the corpus"), "{stderr}");
    }
}

#[test]
fn filters_keep_only_what_was_asked_and_say_how_many() {
    let s = Setup::new();
    let lines = s.lines();
    let records: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let shard = s.write("shard.jsonl", &lines);
    let money = records.iter().filter(|m| m["kind"] == "money").count();
    let percent = records.iter().filter(|m| m["kind"] == "percent").count();
    assert!(money > 3 && percent > 3, "{money} money, {percent} percent");
    let (ok, stderr) = s.new_from(
        "money.factdesk",
        &[&shard],
        &["--kind", "money", "--kind", "percent"],
    );
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "kept {} of {} mentions",
            money + percent,
            lines.len()
        )),
        "{stderr}"
    );
    let kept = mentions_of(&s.export("money.factdesk"));
    assert_eq!(kept.len(), money + percent);
    assert!(
        kept.iter()
            .all(|m| m["kind"] == "money" || m["kind"] == "percent")
    );

    let subject = records
        .iter()
        .map(|m| m["subject"].as_str().unwrap())
        .find(|s| s.chars().count() >= 2)
        .unwrap()
        .to_string();
    let word: String = subject.chars().take(2).collect();
    let wanted = records
        .iter()
        .filter(|m| m["subject"].as_str().unwrap().contains(&word))
        .count();
    let (ok, stderr) = s.new_from("subject.factdesk", &[&shard], &["--subject", &word]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains(&format!("kept {wanted} of {}", lines.len())),
        "{stderr}"
    );
    let kept = mentions_of(&s.export("subject.factdesk"));
    assert_eq!(kept.len(), wanted);
    assert!(
        kept.iter()
            .all(|m| m["subject"].as_str().unwrap().contains(&word))
    );
}

#[test]
fn a_sample_is_the_same_for_the_same_seed_whatever_the_shards_order() {
    let s = Setup::new();
    let lines = s.lines();
    let half = lines.len() / 2;
    // Split inside a document: the sample must not depend on where the shards were cut.
    let a = s.write("a.jsonl", &lines[..half]);
    let b = s.write("b.jsonl", &lines[half..]);
    let sample = ["--sample", "12", "--seed", "7"];
    let (ok, stderr) = s.new_from("one.factdesk", &[&a, &b], &sample);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains(&format!("kept 12 of {} mentions", lines.len())),
        "{stderr}"
    );
    let (ok, _) = s.new_from("two.factdesk", &[&b, &a], &sample);
    assert!(ok);
    let (ok, _) = s.new_from(
        "other.factdesk",
        &[&a, &b],
        &["--sample", "12", "--seed", "8"],
    );
    assert!(ok);
    let one = mentions_of(&s.export("one.factdesk"));
    assert_eq!(one.len(), 12);
    assert_eq!(one, mentions_of(&s.export("two.factdesk")));
    assert_ne!(one, mentions_of(&s.export("other.factdesk")));
    // Opening does not bring back the mentions left out (export opens the project).
    let conn = rusqlite::Connection::open(s.path("one.factdesk")).unwrap();
    let made_from: String = conn
        .query_row("SELECT value FROM meta WHERE key = 'made_from'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(made_from.contains("--sample 12 --seed 7"), "{made_from}");
    assert!(
        made_from.starts_with(&format!("12 of {}", lines.len())),
        "{made_from}"
    );
}

#[test]
fn the_project_may_not_overwrite_a_shard_or_land_in_the_corpus() {
    let s = Setup::new();
    let shard = s.write("shard.jsonl", &s.lines());
    let output = factdesk()
        .arg("new")
        .arg(s.corpus().join("p.factdesk"))
        .arg("--from-jsonl")
        .arg(&shard)
        .arg("--corpus")
        .arg(s.corpus())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("inside the corpus folder"), "{stderr}");
    assert!(!s.corpus().join("p.factdesk").exists());

    // The shard itself as the project: refused, and the shard is left whole.
    let output = factdesk()
        .arg("new")
        .arg(&shard)
        .arg("--from-jsonl")
        .arg(&shard)
        .arg("--corpus")
        .arg(s.corpus())
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert_eq!(
        std::fs::read_to_string(&shard).unwrap().lines().count(),
        s.lines().len()
    );
}

/// "Save project as" of a sampled project keeps it a batch's project: the copy is not
/// re-extracted when opened, so the mentions left out stay out.
#[test]
fn a_project_saved_as_from_a_sample_stays_a_sample() {
    let s = Setup::new();
    let lines = s.lines();
    let shard = s.write("shard.jsonl", &lines);
    let (ok, stderr) = s.new_from(
        "one.factdesk",
        &[&shard],
        &["--sample", "12", "--seed", "7"],
    );
    assert!(ok, "{stderr}");
    let opened = factdesk::review::project::open_for_review(&s.path("one.factdesk")).unwrap();
    assert!(opened.session.made_from().is_some());
    let mut session = factdesk::session::Session::new(opened.workbench);
    session.set_project(opened.session);
    session.save_project_as(&s.path("copy.factdesk"));
    drop(session);
    let one = mentions_of(&s.export("one.factdesk"));
    assert_eq!(one.len(), 12);
    assert_eq!(mentions_of(&s.export("copy.factdesk")), one);
}
