//! A real crash test: the real binary (`factdesk review`, which commits each decision as the
//! window does) is killed with SIGKILL at random moments, many times, while decisions stream in.
//! After every kill the project must open, with every change the process had acknowledged, and
//! at most the one change in flight beyond them.
//!
//! `CRASH_SEED=N` repeats a run; `CRASH_RUNS=N` sets how many kills (default 30).

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use assert_cmd::cargo::CommandCargoExt;
use factdesk::review::project;

/// The project as the test models it: each fact's status and note, and the two stacks.
#[derive(Debug, Clone, PartialEq)]
struct Model {
    facts: Vec<(String, String)>,
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    trail: usize,
}

/// One change: which fact, which field (true: status), before and after.
#[derive(Debug, Clone, PartialEq)]
struct Edit {
    fact: usize,
    status: bool,
    from: String,
    to: String,
}

impl Model {
    fn of(file: &project::ProjectFile) -> Model {
        let edit = |c: &factdesk::review::Change| match c {
            factdesk::review::Change::Status { fact, from, to } => Edit {
                fact: fact.index(),
                status: true,
                from: from.to_string(),
                to: to.to_string(),
            },
            factdesk::review::Change::Note { fact, from, to } => Edit {
                fact: fact.index(),
                status: false,
                from: from.clone(),
                to: to.clone(),
            },
            other => panic!("the test makes no {other:?}"),
        };
        Model {
            facts: file
                .facts
                .iter()
                .map(|f| (f.status.to_string(), f.note.clone()))
                .collect(),
            undo: file.undo.iter().map(edit).collect(),
            redo: file.redo.iter().map(edit).collect(),
            trail: file.trail.len(),
        }
    }

    fn set(&mut self, e: &Edit, value: &str) {
        let slot = &mut self.facts[e.fact];
        if e.status {
            slot.0 = value.to_string();
        } else {
            slot.1 = value.to_string();
        }
    }

    /// The next command, chosen by `rng`, and the model after it.
    fn step(&mut self, rng: &mut Rng, n: usize) -> String {
        let roll = rng.below(10);
        if roll == 0 && !self.undo.is_empty() {
            let e = self.undo.pop().unwrap();
            self.set(&e, &e.from);
            self.redo.push(e);
            self.trail += 1;
            return "undo".into();
        }
        if roll == 1 && !self.redo.is_empty() {
            let e = self.redo.pop().unwrap();
            self.set(&e, &e.to);
            self.undo.push(e);
            self.trail += 1;
            return "redo".into();
        }
        let fact = rng.below(self.facts.len());
        let (status, note) = self.facts[fact].clone();
        let e = if roll < 6 {
            let to = ["unreviewed", "verified", "rejected"]
                .into_iter()
                .filter(|s| *s != status)
                .nth(rng.below(2))
                .unwrap();
            Edit {
                fact,
                status: true,
                from: status,
                to: to.into(),
            }
        } else {
            Edit {
                fact,
                status: false,
                from: note,
                to: format!("核对 {n}"),
            }
        };
        let command = if e.status {
            format!("status {fact} {}", e.to)
        } else {
            format!("note {fact} {}", e.to)
        };
        self.set(&e, &e.to.clone());
        self.undo.push(e);
        self.redo.clear();
        self.trail += 1;
        command
    }
}

/// A small deterministic generator (xorshift), so a failing run can be repeated.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn killed_at_random_moments_the_project_keeps_every_committed_change() {
    let seed = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    let runs: usize = std::env::var("CRASH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    eprintln!("CRASH_SEED={seed}");
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.factdesk");
    let status = Command::cargo_bin("factdesk")
        .unwrap()
        .arg("new")
        .arg(&path)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let mut model = Model::of(&project::read(&path).unwrap());
    let mut total_acked = 0;
    let mut in_flight_landed = 0;
    for run in 0..runs {
        // The commands of this run and the model after each.
        let mut states = vec![model.clone()];
        let mut commands = Vec::new();
        for i in 0..400 {
            let mut next = states.last().unwrap().clone();
            commands.push(next.step(&mut rng, run * 1000 + i));
            states.push(next);
        }
        let mut child = Command::cargo_bin("factdesk")
            .unwrap()
            .arg("review")
            .arg(&path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let script = commands.join("\n") + "\n";
        let writer = std::thread::spawn(move || {
            // The pipe breaks when the process is killed: that is the point.
            let _ = stdin.write_all(script.as_bytes());
        });
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut acked = 0;
            let mut errors = Vec::new();
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if line.starts_with("ok ") {
                    acked += 1;
                } else if line.starts_with("error") {
                    errors.push(line);
                }
            }
            (acked, errors)
        });
        // Kill at a random moment: during the opening, or while changes stream in.
        std::thread::sleep(Duration::from_millis(rng.below(1200) as u64));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let _ = writer.join();
        let (acked, errors) = reader.join().unwrap();
        assert!(errors.is_empty(), "run {run}: {errors:?} (seed {seed})");

        let file = project::read(&path)
            .unwrap_or_else(|e| panic!("run {run}: the project does not open: {e} (seed {seed})"));
        let found = Model::of(&file);
        let landed = if found == states[acked] {
            acked
        } else if acked < commands.len() && found == states[acked + 1] {
            in_flight_landed += 1;
            acked + 1
        } else {
            panic!(
                "run {run}: {acked} changes acknowledged, but the project holds neither them nor one more (seed {seed})"
            )
        };
        total_acked += acked;
        model = states[landed].clone();
        // The window's opening (re-extraction, restore, every check) accepts it too.
        project::open(&path).unwrap_or_else(|e| panic!("run {run}: {e} (seed {seed})"));
    }
    eprintln!(
        "{runs} kills, {total_acked} acknowledged changes all found, {in_flight_landed} in-flight changes landed"
    );
    assert!(
        total_acked > 0,
        "no run got as far as a change (seed {seed})"
    );
}
