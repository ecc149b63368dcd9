//! A project taken for review: its lock, and the store that every change is committed to.
//! A second window or process on the same project gets it read-only.

use std::fs::File;
use std::path::{Path, PathBuf};

use super::{FileKind, ProjectError, RestoreReport, SavedView, Store, file_kind, open, save};
use crate::review::workbench::Workbench;

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
    store: Option<Store>,
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
        store: None,
        _lock: None,
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
                    session: read_only(path),
                    notice: Some("open in another window: read-only".into()),
                });
            };
            let mut store = Store::open(path)?;
            store.sync(&workbench, &view)?;
            workbench.mark_saved();
            workbench.start_journal();
            Ok(Opened {
                workbench,
                view,
                report,
                session: Session {
                    path: path.to_path_buf(),
                    read_only: false,
                    store: Some(store),
                    _lock: Some(lock),
                },
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
            Ok(Opened {
                workbench,
                view,
                report,
                session: Session {
                    path: target.clone(),
                    read_only: false,
                    store: Some(store),
                    _lock: Some(lock),
                },
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
        let Some(lock) = Lock::take(path) else {
            return Err(ProjectError::write(path, "open in another window"));
        };
        save(workbench, path, view)?;
        let store = Store::open(path)?;
        workbench.mark_saved();
        workbench.take_commits();
        workbench.start_journal();
        Ok(Session {
            path: path.to_path_buf(),
            read_only: false,
            store: Some(store),
            _lock: Some(lock),
        })
    }

    /// Commits every change the workbench made since the last call, each in its own
    /// transaction. On failure the changes not written stay queued for the next call, and the
    /// workbench stays marked unsaved. Returns how many were committed.
    pub fn persist(&mut self, workbench: &mut Workbench) -> Result<usize, ProjectError> {
        let Some(store) = &mut self.store else {
            return Ok(0);
        };
        let commits = workbench.take_commits();
        for (i, commit) in commits.iter().enumerate() {
            if let Err(e) = store.commit(workbench, commit) {
                workbench.return_commits(commits[i..].to_vec());
                return Err(e);
            }
        }
        if !commits.is_empty() {
            workbench.mark_saved();
        }
        Ok(commits.len())
    }

    /// Writes the selection and filters (not an analyst change: written when they settle).
    pub fn save_view(&mut self, view: &SavedView) -> Result<(), ProjectError> {
        match &mut self.store {
            Some(store) => store.save_view(view),
            None => Ok(()),
        }
    }

    /// How many rows the last commit wrote (0 without a store).
    pub fn last_commit_rows(&self) -> u64 {
        self.store.as_ref().map_or(0, Store::last_commit_rows)
    }
}
