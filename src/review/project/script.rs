//! Review decisions read as lines of text (`factdesk review PROJECT`), each committed to the
//! project as it is read, exactly as the window commits a key press: the same workbench, the
//! same store. Scripts, and the crash test that kills the process mid-stream, use it.
//!
//! ```text
//! status FACT verified|rejected|unreviewed
//! note FACT TEXT…
//! undo
//! redo
//! ```
//!
//! After each line that changed the project and was committed, `ok N T` is printed (N counts the
//! committed lines, T is how long the commit took); a line that cannot apply prints
//! `error N: why` and changes nothing.

use std::io::{BufRead, Write};
use std::path::Path;

use super::{ProjectError, open_for_review};
use crate::review::record::{FactId, Status};
use crate::review::workbench::Workbench;

/// Why a script stopped.
#[derive(Debug, thiserror::Error)]
pub enum ScriptError {
    #[error("{0}")]
    Project(#[from] ProjectError),
    #[error("{0}: open in another window or process; nothing changed")]
    ReadOnly(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Runs the lines of `input` against the project at `path`; returns how many lines failed.
pub fn run(path: &Path, input: impl BufRead, mut out: impl Write) -> Result<usize, ScriptError> {
    let mut opened = open_for_review(path)?;
    if opened.session.read_only {
        return Err(ScriptError::ReadOnly(path.display().to_string()));
    }
    if let Some(notice) = &opened.notice {
        writeln!(out, "# {notice}")?;
    }
    writeln!(
        out,
        "opened {} with {} facts",
        opened.session.path.display(),
        opened.workbench.all_facts().len()
    )?;
    out.flush()?;
    let (mut committed, mut failed) = (0usize, 0usize);
    for (i, line) in input.lines().enumerate() {
        let line = line?;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match apply(&mut opened.workbench, line) {
            Ok(()) => {
                let started = std::time::Instant::now();
                opened.session.persist(&mut opened.workbench)?;
                let took = started.elapsed();
                committed += 1;
                writeln!(out, "ok {committed} {:.3}ms", took.as_secs_f64() * 1000.0)?;
            }
            Err(why) => {
                failed += 1;
                writeln!(out, "error {}: {why}", i + 1)?;
            }
        }
        out.flush()?;
    }
    Ok(failed)
}

fn apply(wb: &mut Workbench, line: &str) -> Result<(), String> {
    let mut words = line.splitn(3, ' ');
    let command = words.next().unwrap_or_default();
    let fact = |word: Option<&str>| -> Result<FactId, String> {
        word.and_then(|w| w.parse().ok())
            .map(FactId)
            .ok_or_else(|| format!("`{line}`: a fact number is wanted"))
    };
    match command {
        "status" => {
            let id = fact(words.next())?;
            let status = words.next().unwrap_or_default().trim();
            let status = Status::ALL
                .into_iter()
                .find(|s| s.as_str() == status)
                .ok_or_else(|| format!("`{status}` is not a status"))?;
            wb.set_status(id, status).map_err(|e| e.to_string())
        }
        "note" => {
            let id = fact(words.next())?;
            wb.set_note(id, words.next().unwrap_or_default().to_string())
                .map_err(|e| e.to_string())
        }
        "undo" => match wb.undo() {
            Ok(Some(_)) => Ok(()),
            Ok(None) => Err("nothing to undo".into()),
            Err(e) => Err(format!("cannot undo: {e}")),
        },
        "redo" => match wb.redo() {
            Ok(Some(_)) => Ok(()),
            Ok(None) => Err("nothing to redo".into()),
            Err(e) => Err(format!("cannot redo: {e}")),
        },
        other => Err(format!("unknown command `{other}`")),
    }
}
