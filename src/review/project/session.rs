//! A project taken for review: its lock, and the store that every change is committed to.
//! A second window or process on the same project gets it read-only.

use std::collections::VecDeque;
use std::fs::File;
use std::path::{Path, PathBuf};

use super::sqlite::{Batch, Stored};
use super::writer::{Polled, Report, Writer};
use super::{FileKind, ProjectError, RestoreReport, SavedView, Store, file_kind, open, save};
use crate::review::workbench::{Commit, Workbench};

/// The OS lock on `PROJECT.lock`: whoever holds it may change the project; the OS releases it
/// when the holder closes the project or its process dies.
#[derive(Debug)]
struct Lock {
    _file: File,
    path: PathBuf,
    /// This opening made the lock file (so it removes it again if the opening fails).
    created: bool,
}

impl Lock {
    /// The lock of `project`; `None` when another window or process holds it.
    fn take(project: &Path) -> Option<Lock> {
        let mut name = project.as_os_str().to_owned();
        name.push(".lock");
        let path = PathBuf::from(name);
        let created = !path.exists();
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .ok()?;
        if file.try_lock().is_err() {
            return None;
        }
        Some(Lock {
            _file: file,
            path,
            created,
        })
    }

    /// Gives the lock up after a failed opening, leaving no lock file that was not there before.
    fn abandon(self) {
        if self.created {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// The project a window (or `factdesk review`) works on.
#[derive(Debug)]
pub struct Session {
    /// The SQLite project changes go to (for an imported JSON project, the new file).
    pub path: PathBuf,
    /// Another window or process holds the project: nothing is changed or written here.
    pub read_only: bool,
    /// Declared before the lock: dropping the session waits for the writer, then unlocks.
    writer: Option<Writer>,
    /// What the file holds rows for once every batch sent is written.
    stored: Stored,
    /// Jobs sent to the writer and not yet reported back, oldest first: a batch's commit (kept
    /// to return to the workbench should the writer die with it unwritten), or `None`, a view.
    in_flight: VecDeque<Option<Commit>>,
    /// The writer thread died: nothing more can be written, and nothing is marked saved.
    writer_gone: bool,
    /// Bumped after a failed batch: the writer refuses the rest of the old generation.
    generation: u64,
    last_rows: u64,
    /// The meta table's `made_from` (a project made from a batch, never re-extracted), carried
    /// to a project saved from this one.
    made_from: Option<String>,
    _lock: Option<Lock>,
}

/// A project opened for review.
#[derive(Debug)]
pub struct Opened {
    pub workbench: Workbench,
    pub view: SavedView,
    pub report: RestoreReport,
    pub session: Session,
    /// What the opening did that the analyst should know (a JSON project imported, where to).
    pub notice: Option<String>,
}

/// Where a JSON project is imported to: beside it, `NAME.factdesk` for `NAME.factdesk.json`.
pub fn imported_path(json: &Path) -> PathBuf {
    let name = json.as_os_str().to_string_lossy();
    let stem = name
        .strip_suffix(super::JSON_EXTENSION)
        .or_else(|| name.strip_suffix(".json"))
        .unwrap_or(&name);
    PathBuf::from(format!("{stem}{}", super::EXTENSION))
}

fn read_only(path: &Path) -> Session {
    Session {
        path: path.to_path_buf(),
        read_only: true,
        writer: None,
        stored: Stored::default(),
        in_flight: VecDeque::new(),
        writer_gone: false,
        generation: 0,
        last_rows: 0,
        made_from: None,
        _lock: None,
    }
}

impl Session {
    fn writing(
        path: &Path,
        store: Store,
        workbench: &Workbench,
        lock: Lock,
    ) -> Result<Session, ProjectError> {
        Ok(Session {
            path: path.to_path_buf(),
            read_only: false,
            writer: Some(Writer::spawn(store)?),
            stored: Stored::of(workbench),
            in_flight: VecDeque::new(),
            writer_gone: false,
            generation: 0,
            last_rows: 0,
            made_from: None,
            _lock: Some(lock),
        })
    }

    /// What batch selection made this project (`factdesk new --from-jsonl`), if one did.
    pub fn made_from(&self) -> Option<&str> {
        self.made_from.as_deref()
    }
}

/// Opens a project to work on. A SQLite project is locked, read and checked, and only then
/// opened for writing; what re-extraction changed is written at once. A JSON project (versions 1
/// and 2) is read and imported into a new SQLite project beside it ([`imported_path`]); the JSON
/// file is never written. A project another window holds opens read-only. A project that fails
/// any check is refused and left untouched.
pub fn open_for_review(path: &Path) -> Result<Opened, ProjectError> {
    match file_kind(path)? {
        FileKind::Sqlite => {
            let made_from = super::sqlite::read_meta(path, super::MADE_FROM)?;
            let lock = Lock::take(path);
            let (mut workbench, view, report) = match open(path) {
                Ok(opened) => opened,
                Err(e) => {
                    if let Some(lock) = lock {
                        lock.abandon();
                    }
                    return Err(e);
                }
            };
            let Some(lock) = lock else {
                return Ok(Opened {
                    workbench,
                    view,
                    report,
                    session: Session {
                        made_from,
                        ..read_only(path)
                    },
                    notice: Some("open in another window: read-only".into()),
                });
            };
            let mut store = Store::open(path)?;
            store.sync(&workbench, &view)?;
            workbench.mark_saved();
            workbench.start_journal();
            let session = Session {
                made_from,
                ..Session::writing(path, store, &workbench, lock)?
            };
            Ok(Opened {
                workbench,
                view,
                report,
                session,
                notice: None,
            })
        }
        FileKind::Json => {
            let (mut workbench, view, report) = open(path)?;
            let target = imported_path(path);
            let lock = Lock::take(&target);
            let refuse = |why: String| Opened {
                workbench: Workbench::new(),
                view: SavedView::default(),
                report: RestoreReport::default(),
                session: read_only(path),
                notice: Some(why),
            };
            let Some(lock) = lock else {
                let mut opened = refuse(format!(
                    "{} is open in another window; this JSON project is read-only",
                    target.display()
                ));
                (opened.workbench, opened.view, opened.report) = (workbench, view, report);
                return Ok(opened);
            };
            if target.exists() {
                lock.abandon();
                let mut opened = refuse(format!(
                    "{} already exists (imported before?): not imported again; this JSON project is read-only, open {} to work on",
                    target.display(),
                    target.display()
                ));
                (opened.workbench, opened.view, opened.report) = (workbench, view, report);
                return Ok(opened);
            }
            if let Err(e) = save(&workbench, &target, view.clone()) {
                lock.abandon();
                return Err(e);
            }
            let store = Store::open(&target)?;
            workbench.mark_saved();
            workbench.start_journal();
            let session = Session::writing(&target, store, &workbench, lock)?;
            Ok(Opened {
                workbench,
                view,
                report,
                session,
                notice: Some(format!(
                    "imported {} into {}; the JSON file is left as it was",
                    path.display(),
                    target.display()
                )),
            })
        }
    }
}

impl Session {
    /// Writes the workbench as a new project at `path` (replacing a file there atomically) and
    /// works on it from now on. Refused when another window holds `path`.
    pub fn create(
        path: &Path,
        workbench: &mut Workbench,
        view: SavedView,
    ) -> Result<Session, ProjectError> {
        Session::create_from(path, workbench, view, None)
    }

    /// As [`Session::create`], for a project saved from one a batch made (`made_from`): the new
    /// file says so too, so it is not re-extracted when opened either.
    pub fn create_from(
        path: &Path,
        workbench: &mut Workbench,
        view: SavedView,
        made_from: Option<&str>,
    ) -> Result<Session, ProjectError> {
        let Some(lock) = Lock::take(path) else {
            return Err(ProjectError::write(path, "open in another window"));
        };
        let meta: Vec<(&str, String)> = made_from
            .map(|m| (super::MADE_FROM, m.to_string()))
            .into_iter()
            .collect();
        super::sqlite::create_with_meta(path, &super::snapshot(workbench, path, view), &meta)?;
        let store = Store::open(path)?;
        workbench.mark_saved();
        workbench.take_commits();
        workbench.start_journal();
        Ok(Session {
            made_from: made_from.map(str::to_string),
            ..Session::writing(path, store, workbench, lock)?
        })
    }

    /// Sends every change the workbench made since the last call to the writer, each to be
    /// written in its own transaction, and takes in what the writer reported meanwhile. Returns
    /// how many were sent, or the error of a change that could not be written: that change and
    /// every one sent after it are back in the workbench's journal, to be sent again by a later
    /// call, and the workbench stays marked unsaved.
    pub fn submit(&mut self, workbench: &mut Workbench) -> Result<usize, ProjectError> {
        self.collect(workbench, false)?;
        if self.writer_gone {
            return Err(ProjectError::write(
                &self.path,
                "the project writer stopped",
            ));
        }
        let Some(writer) = &self.writer else {
            return Ok(0);
        };
        let commits = workbench.take_commits();
        let sent = commits.len();
        let mut unsent = Vec::new();
        for commit in commits {
            if !unsent.is_empty() {
                unsent.push(commit);
                continue;
            }
            let stored_before = self.stored;
            let batch = Batch::prepare(workbench, commit, &mut self.stored, &self.path);
            let kept = batch.commit.clone();
            match writer.send_batch(batch, self.generation) {
                Ok(()) => self.in_flight.push_back(Some(kept)),
                Err(batch) => {
                    self.stored = stored_before;
                    unsent.push(batch.commit);
                }
            }
        }
        if !unsent.is_empty() {
            workbench.return_commits(unsent);
            return Err(ProjectError::write(
                &self.path,
                "the project writer stopped",
            ));
        }
        Ok(sent)
    }

    /// [`Session::submit`], then waits until everything sent is written: on return every change
    /// counted is on disk.
    pub fn persist(&mut self, workbench: &mut Workbench) -> Result<usize, ProjectError> {
        let sent = self.submit(workbench)?;
        self.collect(workbench, true)?;
        Ok(sent)
    }

    /// Waits until everything sent to the writer is written (or has failed).
    pub fn flush(&mut self, workbench: &mut Workbench) -> Result<(), ProjectError> {
        self.collect(workbench, true)
    }

    /// Whether changes or a view are sent and not yet reported written.
    pub fn is_writing(&self) -> bool {
        !self.in_flight.is_empty()
    }

    /// Takes in the writer's reports (all of them, waiting, when `wait`). The workbench is marked
    /// saved once everything it changed is written.
    fn collect(&mut self, workbench: &mut Workbench, wait: bool) -> Result<(), ProjectError> {
        let mut failure: Option<ProjectError> = None;
        let mut returned: Vec<Commit> = Vec::new();
        while !self.in_flight.is_empty() {
            // After a failure every batch still in flight comes back (skipped) before we return.
            let block = wait || failure.is_some() || !returned.is_empty();
            let polled = match &self.writer {
                Some(writer) => writer.report(block),
                None => Polled::Gone,
            };
            let report = match polled {
                Polled::Report(report) => report,
                Polled::Empty => break,
                Polled::Gone => {
                    // What the dead writer never reported was never written: back to the
                    // journal, in order, after what came back before it.
                    self.writer_gone = true;
                    returned.extend(self.in_flight.drain(..).flatten());
                    break;
                }
            };
            self.in_flight.pop_front();
            match report {
                Report::Written { rows } => self.last_rows = rows,
                Report::Failed {
                    error,
                    commit,
                    stored_before,
                } => {
                    self.stored = stored_before;
                    returned.push(commit);
                    failure = Some(error);
                }
                Report::Skipped { commit } => returned.push(commit),
                Report::View(Ok(())) | Report::ViewSkipped => {}
                Report::View(Err(error)) => {
                    failure.get_or_insert(error);
                }
            }
        }
        if !returned.is_empty() {
            self.generation += 1;
            workbench.return_commits(returned);
        }
        if self.writer_gone {
            return Err(failure
                .unwrap_or_else(|| ProjectError::write(&self.path, "the project writer stopped")));
        }
        match failure {
            Some(error) => Err(error),
            None => {
                if self.in_flight.is_empty() && !workbench.has_uncommitted() {
                    workbench.mark_saved();
                }
                Ok(())
            }
        }
    }

    /// Sends the selection and filters to the writer (not an analyst change: written when they
    /// settle); a failure is reported by a later [`Session::submit`]. Returns whether the view
    /// was sent: not while changes wait in the workbench's journal (a failed batch returned
    /// there), since the view may name a fact or document only they add.
    pub fn save_view(
        &mut self,
        view: &SavedView,
        workbench: &Workbench,
    ) -> Result<bool, ProjectError> {
        if workbench.has_uncommitted() {
            return Ok(false);
        }
        match &self.writer {
            Some(writer)
                if !self.writer_gone && writer.send_view(view.clone(), self.generation) =>
            {
                self.in_flight.push_back(None);
                Ok(true)
            }
            Some(_) => Err(ProjectError::write(
                &self.path,
                "the project writer stopped",
            )),
            None => Ok(false),
        }
    }

    /// How many rows the last batch written wrote (0 without a writer).
    pub fn last_commit_rows(&self) -> u64 {
        self.last_rows
    }
}
