//! The application: the review model plus what only the window needs (the edit in progress,
//! panels' caches, dialogs). Every user action is a method here, so tests call the same code
//! the buttons and keys do.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

use eframe::egui::{self, Key, Modifiers};

use crate::review::edit::{Draft, Field};
use crate::review::export::{self, ExportFormat, ExportOptions};
use crate::review::loader::{Loader, Source};
use crate::review::project::{self, ProjectError, RestoreReport, SavedView, Session};
use crate::review::view::{Column, FactView, Query};
use crate::review::{DocId, FactId, Status, Workbench};

use super::ime::ImeGuard;
use super::source_panel::SourceView;
use super::{documents_panel, facts_table, fonts, inspector, menu_bar, source_panel, status_bar};

/// How the window starts.
#[derive(Debug, Clone)]
pub struct Startup {
    pub source: Source,
    /// A project to open instead of `source`.
    pub project: Option<PathBuf>,
    /// Close after this many frames (screenshots, smoke tests).
    pub exit_after_frames: Option<u64>,
    /// Use the platform's file dialogs; when false (tests, headless), only the typed path field.
    pub native_dialogs: bool,
}

impl Default for Startup {
    fn default() -> Self {
        Startup {
            source: Source::BundledSeeds,
            project: None,
            exit_after_frames: None,
            native_dialogs: true,
        }
    }
}

/// The fields of one fact being edited in place.
#[derive(Debug, Clone, PartialEq)]
pub struct EditSession {
    pub fact: FactId,
    pub draft: Draft,
    /// Problems found by the last attempt to save; shown beside the fields.
    pub errors: Vec<(Field, String)>,
    /// Why the analyst corrects the fact (Alt+1 … Alt+7 while editing); kept in the audit trail.
    pub reason: Option<crate::review::Reason>,
    /// Focus the first field on the next frame.
    pub(crate) focus: Option<Field>,
    /// The drop-down of the edit that has the keyboard (↑/↓ step through its choices).
    pub(crate) choice_focus: Option<(Field, egui::Id)>,
}

impl EditSession {
    pub fn error(&self, field: Field) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, e)| e.as_str())
    }
}

/// A publication date being typed in the documents panel.
#[derive(Debug, Clone, PartialEq)]
pub struct DateEdit {
    pub doc: DocId,
    pub text: String,
    /// Why the last attempt was refused; the field is outlined while this is set.
    pub error: Option<String>,
}

/// What a typed path is for, when no native dialog can be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPurpose {
    Open,
    OpenFolder,
    OpenProject,
    SaveProject,
    Export(ExportFormat),
}

/// The typed-path field offered instead of (or after) a native dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct PathPrompt {
    pub purpose: PathPurpose,
    pub text: String,
}

/// How long the selection and filters must be still before they are written (each analyst
/// change is committed at once; the view is not a change).
pub const AUTOSAVE_AFTER: Duration = Duration::from_millis(800);

/// After a failed commit (disk full, file gone), how long before the next attempt.
const RETRY_AFTER: Duration = Duration::from_secs(2);

type OpenedProject = Result<project::Opened, ProjectError>;

/// A line for the status bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub text: String,
    pub is_error: bool,
}

pub struct FactdeskApp {
    pub workbench: Workbench,
    pub query: Query,
    pub view: FactView,
    pub export_options: ExportOptions,
    pub editing: Option<EditSession>,
    /// The publication date being typed in the documents panel.
    pub date_edit: Option<DateEdit>,
    /// Table columns the analyst has hidden (View menu); direction and basis at first.
    pub hidden_columns: std::collections::BTreeSet<Column>,
    pub path_prompt: Option<PathPrompt>,
    pub message: Option<Message>,
    /// Which mention of the selected fact the source panel shows.
    pub source_mention: usize,
    /// The note being typed for the selected fact (saved when the field loses focus).
    pub(crate) note_draft: Option<(FactId, String)>,
    pub(crate) loaders: Vec<Loader>,
    pub project: Option<Session>,
    /// What the last project opening found (changed documents, unanchored mentions).
    pub restore_report: Option<RestoreReport>,
    opening: Option<(PathBuf, Receiver<OpenedProject>)>,
    dirty_since: Option<Instant>,
    /// When the store may be tried again after a failed commit.
    retry_at: Option<Instant>,
    saved_view: SavedView,
    pub(crate) focus_search: bool,
    pub(crate) scroll_table: bool,
    pub(crate) scroll_source: bool,
    pub source_view: SourceView,
    pub(crate) ime: ImeGuard,
    native_dialogs: bool,
    exit_after_frames: Option<u64>,
    frames: u64,
}

impl FactdeskApp {
    /// The window's app: installs the bundled font and starts loading off the UI thread.
    pub fn new(cc: &eframe::CreationContext<'_>, startup: Startup) -> Self {
        fonts::install(&cc.egui_ctx);
        Self::with_context(&cc.egui_ctx, startup)
    }

    pub fn with_context(ctx: &egui::Context, startup: Startup) -> Self {
        let source = startup.source.clone();
        let project = startup.project.clone();
        let mut app = Self::with_workbench(Workbench::new(), startup);
        match project {
            Some(path) => app.open_project(ctx, &path),
            None => app.load(ctx, source),
        }
        app
    }

    /// An app over a workbench built elsewhere (benchmarks, tests); loads nothing.
    pub fn with_workbench(workbench: Workbench, startup: Startup) -> Self {
        let mut app = FactdeskApp {
            workbench,
            query: Query::default(),
            view: FactView::default(),
            export_options: ExportOptions::default(),
            editing: None,
            date_edit: None,
            hidden_columns: Column::HIDDEN_BY_DEFAULT.into_iter().collect(),
            path_prompt: None,
            message: None,
            source_mention: 0,
            note_draft: None,
            loaders: Vec::new(),
            project: None,
            restore_report: None,
            opening: None,
            dirty_since: None,
            retry_at: None,
            saved_view: SavedView::default(),
            focus_search: false,
            scroll_table: true,
            scroll_source: true,
            source_view: SourceView::default(),
            ime: ImeGuard::default(),
            native_dialogs: startup.native_dialogs,
            exit_after_frames: startup.exit_after_frames,
            frames: 0,
        };
        app.refresh_view();
        app
    }

    /// Starts loading `source` in the background.
    pub fn load(&mut self, ctx: &egui::Context, source: Source) {
        let ctx = ctx.clone();
        self.loaders
            .push(Loader::spawn(source, move || ctx.request_repaint()));
    }

    pub fn is_loading(&self) -> bool {
        !self.loaders.is_empty() || self.opening.is_some()
    }

    /// Opens a project on a worker thread (it extracts the corpus again).
    pub fn open_project(&mut self, ctx: &egui::Context, path: &Path) {
        if self.opening.is_some() {
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        let worker_path = path.to_path_buf();
        std::thread::spawn(move || {
            let _ = tx.send(project::open_for_review(&worker_path));
            ctx.request_repaint();
        });
        self.info(format!("opening project {}…", path.display()));
        self.opening = Some((path.to_path_buf(), rx));
    }

    fn absorb_project(&mut self) {
        let Some((path, rx)) = &self.opening else {
            return;
        };
        let opened = match rx.try_recv() {
            Ok(result) => result,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => Err(ProjectError::Inconsistent {
                path: path.clone(),
                reason: "the opening worker stopped".into(),
            }),
        };
        let path = path.clone();
        self.opening = None;
        self.install_project(&path, opened);
    }

    /// Puts an opened project in place of the current workbench (tests call it directly).
    pub fn install_project(&mut self, path: &Path, opened: OpenedProject) {
        match opened {
            Ok(project::Opened {
                workbench,
                view,
                report,
                session,
                notice,
            }) => {
                self.workbench = workbench;
                self.query = view.query();
                self.view = FactView::default();
                self.view.refresh(&self.workbench, &self.query);
                if let Some(selected) = view.selected {
                    self.view.select(Some(selected));
                }
                self.saved_view = SavedView::of(&self.query, self.view.selected());
                self.editing = None;
                self.note_draft = None;
                let note = match (&notice, session.read_only) {
                    (Some(notice), _) => format!(" ({notice})"),
                    (None, true) => " (read-only)".to_string(),
                    (None, false) => String::new(),
                };
                self.info(format!("opened {}{note}: {report}", path.display()));
                self.project = Some(session);
                self.restore_report = Some(report);
                self.scroll_table = true;
                self.scroll_source = true;
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    /// Opens a project and waits for it (tests).
    pub fn open_project_now(&mut self, path: &Path) {
        let opened = project::open_for_review(path);
        self.install_project(path, opened);
    }

    pub fn is_read_only(&self) -> bool {
        self.project.as_ref().is_some_and(|p| p.read_only)
    }

    /// Commits what is pending and opens the project again: the corpus is read and extracted
    /// anew and the decisions are laid over the result (changed documents re-anchored, new facts
    /// unreviewed).
    pub fn reextract(&mut self, ctx: &egui::Context) {
        let Some(path) = self.project.as_ref().map(|p| p.path.clone()) else {
            return;
        };
        if !self.is_read_only() && !self.save_project() {
            return;
        }
        self.project = None; // releases the lock for the reopening
        self.open_project(ctx, &path);
    }

    /// Writes the workbench as a new project at `path` (`.factdesk` added when missing) and
    /// works on it from now on: every change is committed to it as it is made.
    pub fn save_project_as(&mut self, path: &Path) {
        self.save_note();
        let mut path = path.to_path_buf();
        if !path.to_string_lossy().ends_with(project::EXTENSION) {
            let mut name = path.as_os_str().to_owned();
            name.push(project::EXTENSION);
            path = PathBuf::from(name);
        }
        let view = SavedView::of(&self.query, self.view.selected());
        self.persist();
        if self.project.as_ref().is_some_and(|p| p.path == path) {
            self.project = None; // this window's own lock, taken again by the new session
        }
        match Session::create(&path, &mut self.workbench, view.clone()) {
            Ok(session) => {
                self.project = Some(session);
                self.saved_view = view;
                self.info(format!(
                    "saved as {}; every change is now saved as it is made",
                    path.display()
                ));
            }
            Err(e) => self.error(format!("not saved: {e}")),
        }
    }

    /// Commits every pending change and writes the view now. Returns whether everything is
    /// written.
    pub fn save_project(&mut self) -> bool {
        if self.project.as_ref().is_none_or(|p| p.read_only) {
            return false;
        }
        self.retry_at = None;
        if !self.persist() {
            return false;
        }
        let view = SavedView::of(&self.query, self.view.selected());
        let Some(session) = &mut self.project else {
            return false;
        };
        match session.save_view(&view) {
            Ok(()) => {
                self.saved_view = view;
                self.dirty_since = None;
                true
            }
            Err(e) => {
                self.error(e.to_string());
                false
            }
        }
    }

    /// Commits the changes made since the last call, each in its own transaction: called every
    /// frame, so a change is on disk before the next frame. Returns whether nothing is left
    /// unwritten.
    pub fn persist(&mut self) -> bool {
        let Some(session) = &mut self.project else {
            return true;
        };
        match session.persist(&mut self.workbench) {
            Ok(_) => {
                self.retry_at = None;
                true
            }
            Err(e) => {
                self.retry_at = Some(Instant::now() + RETRY_AFTER);
                self.error(format!("not saved, will retry: {e}"));
                false
            }
        }
    }

    /// Commits changes at once; writes the selection and filters once they have been still for
    /// [`AUTOSAVE_AFTER`].
    fn autosave(&mut self, ctx: &egui::Context) {
        if self.project.as_ref().is_none_or(|p| p.read_only) {
            return;
        }
        match self.retry_at {
            Some(at) if Instant::now() < at => {
                ctx.request_repaint_after(at - Instant::now());
            }
            _ => {
                if !self.persist() {
                    return;
                }
            }
        }
        if self.saved_view.describes(&self.query, self.view.selected()) {
            self.dirty_since = None;
            return;
        }
        let since = *self.dirty_since.get_or_insert_with(Instant::now);
        let left = AUTOSAVE_AFTER.saturating_sub(since.elapsed());
        if left.is_zero() && self.editing.is_none() {
            self.save_project();
        } else {
            ctx.request_repaint_after(left.max(Duration::from_millis(50)));
        }
    }

    /// Files done and in all, over every load in progress.
    pub fn load_progress(&self) -> (usize, usize) {
        self.loaders.iter().fold((0, 0), |(d, t), l| {
            let (ld, lt) = l.progress();
            (d + ld, t + lt)
        })
    }

    /// Blocks until every load has finished (tests, screenshots).
    pub fn wait_for_loads(&mut self) {
        for mut loader in std::mem::take(&mut self.loaders) {
            loader.wait_into(&mut self.workbench);
        }
        self.refresh_view();
    }

    fn absorb_loads(&mut self) {
        let mut changed = false;
        for loader in &mut self.loaders {
            changed |= loader.absorb_into(&mut self.workbench);
        }
        self.loaders.retain(|l| !l.is_finished());
        if changed {
            self.refresh_view();
        }
    }

    pub fn refresh_view(&mut self) {
        if self.view.refresh(&self.workbench, &self.query) {
            self.scroll_table = true;
        }
    }

    pub fn selected(&self) -> Option<FactId> {
        self.view.selected()
    }

    pub fn select(&mut self, fact: FactId) {
        if self.view.selected() != Some(fact) {
            self.save_note();
            self.view.select(Some(fact));
            self.source_mention = 0;
            self.scroll_table = true;
            self.scroll_source = true;
        }
    }

    pub fn move_selection(&mut self, delta: isize) {
        self.save_note();
        self.view.move_selection(delta);
        self.source_mention = 0;
        self.scroll_table = true;
        self.scroll_source = true;
    }

    /// Sets the selected fact's status and moves to the next row, as review tools do.
    fn refuse_if_read_only(&mut self) -> bool {
        if self.is_read_only() {
            self.error("read-only: this project is open in another window".into());
        }
        self.is_read_only()
    }

    pub fn decide_selected(&mut self, status: Status) {
        if self.refuse_if_read_only() {
            return;
        }
        let (Some(fact), Some(row)) = (self.view.selected(), self.view.selected_row()) else {
            return;
        };
        let result = self.workbench.set_status(fact, status);
        self.report(result);
        self.refresh_view();
        if self.view.selected() == Some(fact) {
            self.view.select_row(row + 1);
        }
        self.source_mention = 0;
        self.scroll_table = true;
        self.scroll_source = true;
    }

    pub fn begin_edit(&mut self, focus: Field) {
        if self.refuse_if_read_only() {
            return;
        }
        let Some(fact) = self.view.selected().and_then(|id| self.workbench.fact(id)) else {
            return;
        };
        self.editing = Some(EditSession {
            fact: fact.id,
            draft: Draft::of(&fact.fields),
            errors: Vec::new(),
            reason: None,
            focus: Some(focus),
            choice_focus: None,
        });
    }

    /// The table's columns in order, without the hidden ones.
    pub fn visible_columns(&self) -> Vec<Column> {
        Column::ALL
            .into_iter()
            .filter(|c| !self.hidden_columns.contains(c))
            .collect()
    }

    /// Shows or hides a table column (status, surface and value always show).
    pub fn show_column(&mut self, column: Column, shown: bool) {
        if shown {
            self.hidden_columns.remove(&column);
        } else if !matches!(column, Column::Status | Column::Surface | Column::Value) {
            self.hidden_columns.insert(column);
        }
    }

    /// Opens the publication date of `doc` for editing in the documents panel.
    pub fn begin_date_edit(&mut self, doc: DocId) {
        let text = self
            .workbench
            .documents()
            .get(doc.index())
            .and_then(|d| d.published.clone())
            .unwrap_or_default();
        self.date_edit = Some(DateEdit {
            doc,
            text,
            error: None,
        });
    }

    /// Sets the publication date typed for a document (empty: back to the date found in the
    /// text). The document is extracted again with it and its facts' periods and bases are
    /// re-resolved, as one undoable change that keeps every decision. An invalid date is refused
    /// and left in the field, outlined. Returns whether it was set.
    pub fn commit_date_edit(&mut self) -> bool {
        if self.refuse_if_read_only() {
            return false;
        }
        let Some(edit) = &mut self.date_edit else {
            return false;
        };
        let text = edit.text.trim().to_string();
        if !text.is_empty()
            && let Err(e) = crate::review::edit::parse_iso_date(&text)
        {
            edit.error = Some(e.clone());
            self.error(format!("publication date not set: {e}"));
            return false;
        }
        let doc = edit.doc;
        self.date_edit = None;
        let date = (!text.is_empty()).then_some(text);
        match self
            .workbench
            .set_published(doc, date, crate::review::loader::shared_extractor())
        {
            Ok(n) => {
                let d = self.workbench.document(doc);
                let shown = d.published.clone().unwrap_or_else(|| "no date".into());
                let name = d.name.clone();
                self.refresh_view();
                self.info(format!(
                    "{name}: published {shown}; {n} fact(s) re-framed (Ctrl+Z undoes)"
                ));
                true
            }
            Err(e) => {
                self.error(e.to_string());
                false
            }
        }
    }

    /// Saves the edit in progress if every field is valid; otherwise keeps it open with the
    /// problems shown. Returns whether it was saved.
    pub fn commit_edit(&mut self) -> bool {
        let Some(session) = &mut self.editing else {
            return false;
        };
        match session.draft.validate() {
            Ok(fields) => {
                let (fact, reason) = (session.fact, session.reason);
                self.editing = None;
                let result = self.workbench.set_fields_because(fact, fields, reason);
                self.report(result);
                self.refresh_view();
                true
            }
            Err(errors) => {
                self.message = Some(Message {
                    text: format!(
                        "not saved: {}",
                        errors
                            .iter()
                            .map(|(f, e)| format!("{}: {e}", f.as_str()))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                    is_error: true,
                });
                session.errors = errors;
                false
            }
        }
    }

    pub fn cancel_edit(&mut self) {
        self.editing = None;
    }

    /// Saves the note being typed, if it changed.
    pub fn save_note(&mut self) {
        if self.is_read_only() {
            self.note_draft = None;
            return;
        }
        if let Some((fact, text)) = self.note_draft.take() {
            let changed = self.workbench.fact(fact).is_some_and(|f| f.note != text);
            if changed {
                let result = self.workbench.set_note(fact, text);
                self.report(result);
                self.refresh_view();
            }
        }
    }

    /// Adds chars `start..end` of `doc` as a fact the extractor missed. The engine reads the
    /// selection to prefill kind, value and unit; the row opens for editing so the analyst
    /// completes the rest.
    pub fn add_fact_by_hand(&mut self, doc: crate::review::DocId, start: usize, end: usize) {
        if self.refuse_if_read_only() {
            return;
        }
        let document = self.workbench.document(doc);
        let selected: String = document
            .text
            .chars()
            .skip(start)
            .take(end - start)
            .collect();
        let read = crate::review::loader::shared_extractor()
            .extract(&document.name, &selected)
            .mentions
            .into_iter()
            .next();
        let fields = match read {
            Some(m) => crate::review::FactFields::of_mention(&m),
            None => crate::review::FactFields::bare(
                crate::fact::Kind::Quantity,
                crate::fact::Value::Text(String::new()),
            ),
        };
        match self.workbench.add_by_hand(doc, start, end, fields) {
            Ok(id) => {
                self.query = Query {
                    sort: self.query.sort,
                    descending: self.query.descending,
                    ..Query::default()
                };
                self.refresh_view();
                self.select(id);
                self.begin_edit(Field::Value);
                self.info(format!(
                    "added “{selected}” as fact #{}; complete and press Enter",
                    id.0
                ));
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    /// Splits mention `index` of the selected fact off into a fact of its own.
    pub fn split_selected(&mut self, index: usize) {
        if self.refuse_if_read_only() {
            return;
        }
        let Some(fact) = self.view.selected() else {
            return;
        };
        match self.workbench.split(fact, index) {
            Ok(new_fact) => {
                self.refresh_view();
                self.select(new_fact);
                self.info(format!("split into fact #{}", new_fact.0));
            }
            Err(e) => self.report::<()>(Err(e)),
        }
    }

    pub fn undo(&mut self) {
        if self.refuse_if_read_only() {
            return;
        }
        self.save_note();
        self.editing = None;
        match self.workbench.undo() {
            Ok(Some(change)) => {
                self.refresh_view();
                if let Some(fact) = change.fact() {
                    self.select(fact);
                }
                self.info("undone".into());
            }
            Ok(None) => self.info("nothing to undo".into()),
            Err(e) => {
                self.refresh_view();
                self.error(format!(
                    "cannot undo: {e}; that step is dropped from the history"
                ));
            }
        }
    }

    pub fn redo(&mut self) {
        if self.refuse_if_read_only() {
            return;
        }
        self.editing = None;
        match self.workbench.redo() {
            Ok(Some(change)) => {
                self.refresh_view();
                if let Some(fact) = change.fact() {
                    self.select(fact);
                }
                self.info("redone".into());
            }
            Ok(None) => self.info("nothing to redo".into()),
            Err(e) => {
                self.refresh_view();
                self.error(format!(
                    "cannot redo: {e}; that step is dropped from the history"
                ));
            }
        }
    }

    /// Opens files or folders (from the menu, a typed path or a drop).
    pub fn open_paths(&mut self, ctx: &egui::Context, paths: Vec<PathBuf>) {
        if !paths.is_empty() {
            self.info(format!("opening {} path(s)…", paths.len()));
            self.load(ctx, Source::Paths(paths));
        }
    }

    /// Exports to `path` with the current options; reports the outcome in the status bar.
    pub fn export_to(&mut self, path: &Path, format: ExportFormat) -> std::io::Result<usize> {
        self.save_note();
        let options = ExportOptions {
            format,
            ..self.export_options
        };
        let result = export::write_to_path(path, &self.workbench, options, self.view.rows());
        match &result {
            Ok(n) => self.info(format!(
                "exported {n} {} to {}",
                options.scope.label(),
                path.display()
            )),
            Err(e) => self.error(format!("cannot export to {}: {e}", path.display())),
        }
        result
    }

    /// Asks for a path with the native dialog, or offers the typed path field when there is
    /// none (or the dialog was cancelled: rfd cannot tell the two apart).
    pub fn ask_path(&mut self, ctx: &egui::Context, purpose: PathPurpose) {
        let chosen = if self.native_dialogs {
            super::menu_bar::native_dialog(purpose)
        } else {
            None
        };
        match chosen {
            Some(paths) => self.use_paths(ctx, purpose, paths),
            None => {
                self.path_prompt = Some(PathPrompt {
                    purpose,
                    text: String::new(),
                })
            }
        }
    }

    pub(crate) fn use_paths(
        &mut self,
        ctx: &egui::Context,
        purpose: PathPurpose,
        paths: Vec<PathBuf>,
    ) {
        match purpose {
            PathPurpose::Open | PathPurpose::OpenFolder => self.open_paths(ctx, paths),
            PathPurpose::OpenProject => {
                if let Some(path) = paths.into_iter().next() {
                    self.open_project(ctx, &path);
                }
            }
            PathPurpose::SaveProject => {
                if let Some(path) = paths.into_iter().next() {
                    self.save_project_as(&path);
                }
            }
            PathPurpose::Export(format) => {
                if let Some(path) = paths.into_iter().next() {
                    self.export_to(&path, format).ok();
                }
            }
        }
    }

    fn report<T>(&mut self, result: Result<T, crate::review::ChangeError>) {
        if let Err(e) = result {
            self.error(e.to_string());
        }
    }

    pub(crate) fn info(&mut self, text: String) {
        self.message = Some(Message {
            text,
            is_error: false,
        });
    }

    pub(crate) fn error(&mut self, text: String) {
        self.message = Some(Message {
            text,
            is_error: true,
        });
    }

    /// Keyboard-first review. Letters act only when no text field has the keyboard.
    fn shortcuts(&mut self, ctx: &egui::Context) {
        if self.editing.is_some() && ctx.input(|i| i.key_pressed(Key::Escape)) {
            self.cancel_edit();
            return;
        }
        // ↑/↓ on a focused drop-down of the edit step through its choices.
        if let Some(session) = &mut self.editing
            && let Some((field, id)) = session.choice_focus
            && ctx.memory(|m| m.focused()) == Some(id)
        {
            for (key, step) in [(Key::ArrowDown, 1), (Key::ArrowUp, -1)] {
                if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, key)) {
                    session.draft.cycle(field, step);
                }
            }
        }
        // Alt+1 … Alt+7 pick the reason while editing, even with a text field focused.
        if let Some(session) = &mut self.editing {
            const DIGITS: [Key; 7] = [
                Key::Num1,
                Key::Num2,
                Key::Num3,
                Key::Num4,
                Key::Num5,
                Key::Num6,
                Key::Num7,
            ];
            for (key, reason) in DIGITS.into_iter().zip(crate::review::Reason::ALL) {
                if ctx.input_mut(|i| i.consume_key(Modifiers::ALT, key)) {
                    session.reason = Some(reason);
                    drop_typed_text(ctx);
                }
            }
        }
        let typing = ctx.text_edit_focused()
            && ctx.memory(|m| m.focused()) != Some(self.source_view.widget_id());
        if typing {
            return;
        }
        let pressed = |key: Key, mods: Modifiers| ctx.input_mut(|i| i.consume_key(mods, key));
        if pressed(Key::S, Modifiers::COMMAND) {
            if self.project.is_some() {
                self.save_project();
            } else {
                self.ask_path(ctx, PathPurpose::SaveProject);
            }
        }
        // Most specific first: consume_key ignores extra Shift.
        if pressed(Key::Z, Modifiers::COMMAND | Modifiers::SHIFT)
            || pressed(Key::Y, Modifiers::COMMAND)
        {
            self.redo();
        } else if pressed(Key::Z, Modifiers::COMMAND) {
            self.undo();
        }
        let none = Modifiers::NONE;
        if self.editing.is_some() && !self.ime.owns_enter() && pressed(Key::Enter, none) {
            self.commit_edit();
            return;
        }
        if pressed(Key::ArrowDown, none) || pressed(Key::J, none) {
            self.move_selection(1);
        }
        if pressed(Key::ArrowUp, none) || pressed(Key::K, none) {
            self.move_selection(-1);
        }
        if pressed(Key::PageDown, none) {
            self.move_selection(20);
        }
        if pressed(Key::PageUp, none) {
            self.move_selection(-20);
        }
        if pressed(Key::Home, none) {
            self.view.select_row(0);
            self.scroll_table = true;
        }
        if pressed(Key::End, none) {
            self.move_selection(isize::MAX);
        }
        if self.editing.is_none() && (pressed(Key::Enter, none) || pressed(Key::A, none)) {
            self.decide_selected(Status::Verified);
        }
        // Not while editing: a drop-down of the edit can have the keyboard.
        if self.editing.is_none() && pressed(Key::X, none) {
            self.decide_selected(Status::Rejected);
        }
        if self.editing.is_none() && pressed(Key::U, none) {
            self.decide_selected(Status::Unreviewed);
        }
        if self.editing.is_none() && pressed(Key::E, none) {
            self.begin_edit(Field::Value);
            drop_typed_text(ctx);
        }
        if pressed(Key::Slash, none) {
            self.focus_search = true;
            drop_typed_text(ctx);
        }
    }
}

/// Removes this frame's typed text, so the key that moved focus into a field is not typed
/// into it.
fn drop_typed_text(ctx: &egui::Context) {
    ctx.input_mut(|i| i.events.retain(|e| !matches!(e, egui::Event::Text(_))));
}

impl eframe::App for FactdeskApp {
    fn on_exit(&mut self) {
        // The note being typed, and the view the debounce has not written yet.
        self.save_note();
        if self.workbench.is_dirty()
            || !self.saved_view.describes(&self.query, self.view.selected())
        {
            self.save_project();
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.frames += 1;
        if self.exit_after_frames.is_some_and(|n| self.frames >= n) && !self.is_loading() {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.absorb_loads();
        self.absorb_project();
        if self.is_loading() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        self.open_paths(&ctx, dropped);
        self.ime.observe(&ctx);
        self.shortcuts(&ctx);
        self.refresh_view();
        self.autosave(&ctx);

        egui::Panel::top("menu_bar").show(ui, |ui| menu_bar::ui(self, ui));
        egui::Panel::bottom("status_bar").show(ui, |ui| status_bar::ui(self, ui));
        egui::Panel::left("documents")
            .resizable(true)
            .default_size(220.0)
            .show(ui, |ui| documents_panel::ui(self, ui));
        egui::Panel::right("source")
            .resizable(true)
            .default_size(460.0)
            .show(ui, |ui| {
                inspector::ui(self, ui);
                ui.separator();
                source_panel::ui(self, ui);
            });
        egui::CentralPanel::default().show(ui, |ui| facts_table::ui(self, ui));
        // What the panels changed this frame, committed before the next.
        if self.retry_at.is_none() && !self.is_read_only() {
            self.persist();
        }
    }
}
