//! The review session: everything the window shows and changes, without the window. The
//! workbench (the model), the query and the table's view, the edit in progress, the project
//! store, the status line. The window's panels read it and push [`Action`]s; the app drains them
//! once a frame through [`Session::apply`], which returns the [`Effects`] only a window can carry
//! out (scroll, focus, ask for a path, close). So every action is testable without egui, and the
//! keys, buttons and Help menu all go through the one table of [`action::COMMANDS`].

pub mod action;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::review::edit::{Draft, Field};
use crate::review::export::{self, ExportFormat, ExportOptions};
use crate::review::project::{self, ProjectError, RestoreReport, SavedView};
use crate::review::view::{Column, FactView, Query};
use crate::review::{DocId, FactId, Status, Workbench};

pub use action::{Action, COMMANDS, Command, CommandSpec, KeyName, Menu, PathPurpose, Shortcut};

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
    pub focus: Option<Field>,
    /// The drop-down of the edit that has the keyboard (↑/↓ step through its choices).
    pub choice_focus: Option<(Field, u64)>,
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

/// How long the selection and filters must be still before they are written (each analyst
/// change is committed at once; the view is not a change).
pub const AUTOSAVE_AFTER: Duration = Duration::from_millis(800);

/// After a failed commit (disk full, file gone), how long before the next attempt.
const RETRY_AFTER: Duration = Duration::from_secs(2);

pub type OpenedProject = Result<project::Opened, ProjectError>;

/// A line for the status bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub text: String,
    pub is_error: bool,
}

/// What an action asks of the window, which the session cannot do itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Effects {
    /// Bring the selected row into view.
    pub scroll_table: bool,
    /// Bring the selected mention into view in the source panel.
    pub scroll_source: bool,
    /// Give the search field the keyboard.
    pub focus_search: bool,
    /// Ask for a path (native dialog or the typed path field).
    pub ask_path: Option<PathPurpose>,
    /// Close the window (after committing what is pending).
    pub quit: bool,
}

impl Effects {
    fn absorb(&mut self, other: Effects) {
        self.scroll_table |= other.scroll_table;
        self.scroll_source |= other.scroll_source;
        self.focus_search |= other.focus_search;
        self.ask_path = other.ask_path.or(self.ask_path);
        self.quit |= other.quit;
    }
}

pub struct Session {
    pub workbench: Workbench,
    pub query: Query,
    pub view: FactView,
    pub export_options: ExportOptions,
    pub editing: Option<EditSession>,
    /// The publication date being typed in the documents panel.
    pub date_edit: Option<DateEdit>,
    /// Table columns the analyst has hidden (View menu); direction and basis at first.
    pub hidden_columns: BTreeSet<Column>,
    /// Whether the chart panel is shown (View menu, `g`).
    pub charts_shown: bool,
    pub message: Option<Message>,
    /// Which mention of the selected fact the source panel shows.
    pub source_mention: usize,
    /// The note being typed for the selected fact (saved when the field loses focus).
    pub note_draft: Option<(FactId, String)>,
    /// Facts marked (Ctrl+click) to be merged into the selected one.
    pub marked: BTreeSet<FactId>,
    pub project: Option<project::Session>,
    /// What the last project opening found (changed documents, unanchored mentions).
    pub restore_report: Option<RestoreReport>,
    dirty_since: Option<Instant>,
    /// When the store may be tried again after a failed commit.
    retry_at: Option<Instant>,
    saved_view: SavedView,
    /// What the actions applied so far ask of the window; taken by [`Session::apply`].
    effects: Effects,
}

impl Default for Session {
    fn default() -> Self {
        Session::new(Workbench::new())
    }
}

impl Session {
    pub fn new(workbench: Workbench) -> Self {
        let mut session = Session {
            workbench,
            query: Query::default(),
            view: FactView::default(),
            export_options: ExportOptions::default(),
            editing: None,
            date_edit: None,
            hidden_columns: Column::HIDDEN_BY_DEFAULT.into_iter().collect(),
            charts_shown: false,
            message: None,
            source_mention: 0,
            note_draft: None,
            marked: BTreeSet::new(),
            project: None,
            restore_report: None,
            dirty_since: None,
            retry_at: None,
            saved_view: SavedView::default(),
            effects: Effects {
                scroll_table: true,
                scroll_source: true,
                ..Effects::default()
            },
        };
        session.refresh_view();
        session
    }

    /// Carries out one action; returns what the window must do about it (and about anything
    /// done outside `apply` since the last call).
    pub fn apply(&mut self, action: Action) -> Effects {
        match action {
            Action::Run(command) => self.run(command),
            Action::Select(fact) => self.select(fact),
            Action::ToggleMark(fact) => {
                if !self.marked.remove(&fact) {
                    self.marked.insert(fact);
                }
            }
            Action::SplitOff(index) => self.split_selected(index),
            Action::AddByHand { doc, start, end } => self.add_fact_by_hand(doc, start, end),
        }
        self.take_effects()
    }

    /// Applies actions in order (a frame's queue); the effects of all of them.
    pub fn apply_all(&mut self, actions: impl IntoIterator<Item = Action>) -> Effects {
        let mut effects = self.take_effects();
        for action in actions {
            effects.absorb(self.apply(action));
        }
        effects
    }

    /// The effects of changes made outside [`Session::apply`] (loading, opening a project).
    pub fn take_effects(&mut self) -> Effects {
        std::mem::take(&mut self.effects)
    }

    /// Whether `command` can act now (buttons are greyed out otherwise; its key does nothing).
    pub fn can_run(&self, command: Command) -> bool {
        let selected = self.view.selected().is_some();
        let writable = !self.is_read_only();
        match command {
            Command::Verify | Command::Reject | Command::Unreview | Command::Edit => {
                selected && writable && self.editing.is_none()
            }
            Command::SaveEdit | Command::CancelEdit => self.editing.is_some(),
            Command::Merge => {
                selected && writable && self.marked.iter().any(|f| Some(*f) != self.selected())
            }
            Command::Undo => writable && self.workbench.can_undo(),
            Command::Redo => writable && self.workbench.can_redo(),
            Command::Save => writable,
            _ => true,
        }
    }

    fn run(&mut self, command: Command) {
        match command {
            Command::Next => self.move_selection(1),
            Command::Previous => self.move_selection(-1),
            Command::PageDown => self.move_selection(20),
            Command::PageUp => self.move_selection(-20),
            Command::First => {
                self.save_note();
                self.view.select_row(0);
                self.source_mention = 0;
                self.effects.scroll_table = true;
                self.effects.scroll_source = true;
            }
            Command::Last => self.move_selection(isize::MAX),
            Command::Verify => self.decide_selected(Status::Verified),
            Command::Reject => self.decide_selected(Status::Rejected),
            Command::Unreview => self.decide_selected(Status::Unreviewed),
            Command::Edit => self.begin_edit(Field::Value),
            Command::SaveEdit => {
                self.commit_edit();
            }
            Command::CancelEdit => self.cancel_edit(),
            Command::Merge => self.merge_marked(),
            Command::Search => self.effects.focus_search = true,
            Command::Undo => self.undo(),
            Command::Redo => self.redo(),
            Command::Save => {
                if self.project.is_some() {
                    self.save_project();
                } else {
                    self.effects.ask_path = Some(PathPurpose::SaveProject);
                }
            }
            Command::OpenFiles => self.effects.ask_path = Some(PathPurpose::Open),
            Command::OpenFolder => self.effects.ask_path = Some(PathPurpose::OpenFolder),
            Command::OpenProject => self.effects.ask_path = Some(PathPurpose::OpenProject),
            Command::SaveProjectAs => self.effects.ask_path = Some(PathPurpose::SaveProject),
            Command::ExportJson => {
                self.effects.ask_path = Some(PathPurpose::Export(ExportFormat::Json))
            }
            Command::ExportCsv => {
                self.effects.ask_path = Some(PathPurpose::Export(ExportFormat::Csv))
            }
            Command::ToggleCharts => self.charts_shown = !self.charts_shown,
            Command::Quit => {
                self.save_note();
                self.effects.quit = true;
            }
        }
    }

    /// Merges the marked facts into the selected one, as one undoable change.
    pub fn merge_marked(&mut self) {
        if self.refuse_if_read_only() {
            return;
        }
        let Some(into) = self.view.selected() else {
            return;
        };
        let others: Vec<FactId> = self.marked.iter().copied().filter(|f| *f != into).collect();
        match self.workbench.merge(into, &others) {
            Ok(()) => {
                self.marked.clear();
                self.refresh_view();
                self.select(into);
                let docs = self.workbench.fact(into).map_or(0, |f| f.document_count());
                self.info(format!(
                    "merged {} fact(s) into #{}; it now spans {docs} document(s) (Ctrl+Z undoes)",
                    others.len(),
                    into.0
                ));
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    /// Starts a project session on an already opened store (tests, the command line).
    pub fn set_project(&mut self, project: project::Session) {
        self.project = Some(project);
    }

    /// Drops the project handle (its lock is released), e.g. before it is opened again.
    pub fn close_project(&mut self) -> Option<PathBuf> {
        self.project.take().map(|p| p.path.clone())
    }

    /// Whether the selection and filters are written as the project last saw them, and nothing
    /// the analyst did is pending.
    pub fn is_clean(&self) -> bool {
        !self.workbench.is_dirty() && self.saved_view.describes(&self.query, self.view.selected())
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
                self.effects.scroll_table = true;
                self.effects.scroll_source = true;
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
        match project::Session::create(&path, &mut self.workbench, view.clone()) {
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

    /// Commits pending changes unless a failed commit waits for its retry (called every frame).
    pub fn persist_if_due(&mut self) {
        if self.retry_at.is_none() && !self.is_read_only() {
            self.persist();
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
    /// Returns when to look again (the view's debounce, a retry), if at all.
    pub fn autosave(&mut self) -> Option<Duration> {
        if self.project.as_ref().is_none_or(|p| p.read_only) {
            return None;
        }
        match self.retry_at {
            Some(at) if Instant::now() < at => return Some(at - Instant::now()),
            _ => {
                if !self.persist() {
                    return self
                        .retry_at
                        .map(|at| at.saturating_duration_since(Instant::now()));
                }
            }
        }
        if self.saved_view.describes(&self.query, self.view.selected()) {
            self.dirty_since = None;
            return None;
        }
        let since = *self.dirty_since.get_or_insert_with(Instant::now);
        let left = AUTOSAVE_AFTER.saturating_sub(since.elapsed());
        if left.is_zero() && self.editing.is_none() {
            self.save_project();
            None
        } else {
            Some(left.max(Duration::from_millis(50)))
        }
    }

    pub fn refresh_view(&mut self) {
        if self.view.refresh(&self.workbench, &self.query) {
            self.effects.scroll_table = true;
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
            self.effects.scroll_table = true;
            self.effects.scroll_source = true;
        }
    }

    pub fn move_selection(&mut self, delta: isize) {
        self.save_note();
        self.view.move_selection(delta);
        self.source_mention = 0;
        self.effects.scroll_table = true;
        self.effects.scroll_source = true;
    }

    /// Says so (in the status line) when the project is read-only.
    pub fn refuse_if_read_only(&mut self) -> bool {
        if self.is_read_only() {
            self.error("read-only: this project is open in another window".into());
        }
        self.is_read_only()
    }

    /// Sets the selected fact's status and moves to the next row, as review tools do.
    pub fn decide_selected(&mut self, status: Status) {
        if self.refuse_if_read_only() {
            return;
        }
        let (Some(fact), Some(row)) = (self.view.selected(), self.view.selected_row()) else {
            return;
        };
        let result = self.workbench.set_status(fact, status);
        let docs = self.workbench.fact(fact).map_or(0, |f| f.document_count());
        match result {
            // A decision on a fact grouped across articles decides for each of them.
            Ok(()) if docs > 1 => self.info(format!(
                "fact #{} {}: its mentions are in {docs} documents",
                fact.0,
                status.as_str()
            )),
            other => self.report(other),
        }
        self.refresh_view();
        if self.view.selected() == Some(fact) {
            self.view.select_row(row + 1);
        }
        self.source_mention = 0;
        self.effects.scroll_table = true;
        self.effects.scroll_source = true;
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
            // Not a figure to the engine (a name such as 三大合作中心): its numeral still gives
            // the value, so the analyst does not type it again.
            None => {
                let numeral = crate::review::loader::shared_extractor()
                    .numbers(&selected)
                    .into_iter()
                    .next();
                let mut fields = crate::review::FactFields::bare(
                    crate::fact::Kind::Quantity,
                    numeral
                        .as_ref()
                        .map_or(crate::fact::Value::Text(String::new()), |n| {
                            crate::fact::Value::number(n.value)
                        }),
                );
                fields.value_max = numeral
                    .and_then(|n| n.value_max)
                    .map(crate::fact::Value::number);
                fields
            }
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

    fn report<T>(&mut self, result: Result<T, crate::review::ChangeError>) {
        if let Err(e) = result {
            self.error(e.to_string());
        }
    }

    pub fn info(&mut self, text: String) {
        self.message = Some(Message {
            text,
            is_error: false,
        });
    }

    pub fn error(&mut self, text: String) {
        self.message = Some(Message {
            text,
            is_error: true,
        });
    }
}

#[cfg(test)]
mod tests {
    //! Every action without a window: the session alone, on the bundled corpus.
    use super::*;
    use crate::review::loader::{Loader, Source};

    fn seeds() -> Session {
        let mut wb = Workbench::new();
        Loader::spawn(Source::BundledSeeds, || {}).wait_into(&mut wb);
        Session::new(wb)
    }

    fn run(session: &mut Session, command: Command, times: usize) -> Effects {
        session.apply_all(std::iter::repeat_n(Action::Run(command), times))
    }

    #[test]
    fn ten_moves_move_ten_rows_and_ten_verifies_verify_ten_facts() {
        let mut s = seeds();
        let rows = s.view.rows().to_vec();
        s.select(rows[0]);
        let effects = run(&mut s, Command::Next, 10);
        assert_eq!(s.selected(), Some(rows[10]));
        assert!(effects.scroll_table && effects.scroll_source);
        run(&mut s, Command::Previous, 3);
        assert_eq!(s.selected(), Some(rows[7]));
        run(&mut s, Command::Verify, 10);
        assert_eq!(s.workbench.summary().verified, 10);
        assert_eq!(s.selected(), Some(rows[17]), "each verify moves on");
        run(&mut s, Command::Undo, 10);
        assert_eq!(s.workbench.summary().verified, 0);
        run(&mut s, Command::Redo, 10);
        assert_eq!(s.workbench.summary().verified, 10);
        let redone = s.workbench.trail().iter().filter(|e| e.action == "redo");
        assert_eq!(redone.count(), 10, "every redo is in the trail");
    }

    #[test]
    fn commands_that_need_a_window_say_so_as_effects() {
        let mut s = seeds();
        assert!(run(&mut s, Command::Search, 1).focus_search);
        assert_eq!(
            run(&mut s, Command::ExportCsv, 1).ask_path,
            Some(PathPurpose::Export(ExportFormat::Csv))
        );
        assert_eq!(
            run(&mut s, Command::Save, 1).ask_path,
            Some(PathPurpose::SaveProject),
            "no project yet: Save asks where"
        );
        assert!(run(&mut s, Command::Quit, 1).quit);
    }

    #[test]
    fn an_edit_opens_saves_and_cancels() {
        let mut s = seeds();
        let first = s.view.rows()[0];
        s.select(first);
        run(&mut s, Command::Edit, 1);
        assert!(!s.can_run(Command::Verify), "no verdict while editing");
        s.editing.as_mut().unwrap().draft.subject = "贸易额".into();
        run(&mut s, Command::SaveEdit, 1);
        assert!(s.editing.is_none());
        assert_eq!(s.workbench.fact(first).unwrap().fields.subject, "贸易额");
        run(&mut s, Command::Edit, 1);
        run(&mut s, Command::CancelEdit, 1);
        assert!(s.editing.is_none());
    }

    #[test]
    fn merge_split_and_a_fact_added_by_hand_are_committed_and_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.factdesk");
        let mut s = seeds();
        let view = SavedView::of(&s.query, None);
        let session = project::Session::create(&path, &mut s.workbench, view).unwrap();
        s.set_project(session);
        let rows = s.view.rows().to_vec();
        let kind = |s: &Session, f: FactId| s.workbench.fact(f).unwrap().fields.kind;
        let other = *rows[1..]
            .iter()
            .find(|f| kind(&s, **f) == kind(&s, rows[0]))
            .unwrap();
        s.select(rows[0]);
        s.apply(Action::ToggleMark(other));
        assert!(s.can_run(Command::Merge));
        run(&mut s, Command::Merge, 1);
        assert!(!s.workbench.fact(other).unwrap().is_live());
        // A numeral the engine does not take for a figure still prefills the value.
        let doc = DocId(0);
        let text = s.workbench.document(doc).text.clone();
        let start = text.chars().position(|c| c.is_ascii_digit()).unwrap();
        s.apply(Action::AddByHand {
            doc,
            start,
            end: start + 1,
        });
        let added = s.editing.as_ref().unwrap().fact;
        assert!(s.workbench.fact(added).unwrap().added_by_hand);
        run(&mut s, Command::CancelEdit, 1);
        assert!(s.persist());
        drop(s);
        let reopened = project::open_for_review(&path).unwrap();
        let wb = &reopened.workbench;
        assert!(
            !wb.fact(other).unwrap().is_live(),
            "the merge was committed"
        );
        assert!(
            wb.fact(added).unwrap().added_by_hand,
            "so was the added fact"
        );
        assert!(matches!(
            wb.history().last(),
            Some(crate::review::Change::AddFact { .. })
        ));
        let mut wb = reopened.workbench;
        wb.undo().unwrap().unwrap();
        assert!(!wb.fact(added).unwrap().is_live());
        wb.undo().unwrap().unwrap();
        assert!(
            wb.fact(other).unwrap().is_live(),
            "the merge undoes after reopening"
        );
    }
}
