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

use crate::i18n::Language;
use crate::review::edit::{Draft, Field};
use crate::review::export::{self, ExportFormat, ExportOptions};
use crate::review::project::{self, ProjectError, RestoreReport, SavedView};
use crate::review::view::{Column, FactView, Query};
use crate::review::{DocId, FactId, Status, Workbench};
use crate::settings::Settings;
use crate::tr;

pub use action::{
    Action, COMMANDS, Command, CommandSpec, KeyName, Menu, PathPurpose, Place, Shortcut,
};

/// The fields of one fact being edited in place.
#[derive(Debug, Clone, PartialEq)]
pub struct EditSession {
    pub fact: FactId,
    pub draft: Draft,
    /// Problems found by the last attempt to save; shown beside the fields.
    pub errors: Vec<(Field, crate::review::edit::EditError)>,
    /// Why the analyst corrects the fact (Alt+1 … Alt+7 while editing); kept in the audit trail.
    pub reason: Option<crate::review::Reason>,
    /// Focus the first field on the next frame.
    pub focus: Option<Field>,
    /// The drop-down of the edit that has the keyboard (↑/↓ step through its choices).
    pub choice_focus: Option<(Field, u64)>,
}

impl EditSession {
    pub fn error(&self, field: Field) -> Option<&crate::review::edit::EditError> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, e)| e)
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
/// How soon to look for the project writer's report while a write is in flight.
const WRITE_POLL: Duration = Duration::from_millis(20);

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
    /// The selection and filters last sent to the project (`None` after a failed write, so
    /// that they are sent again).
    saved_view: Option<SavedView>,
    /// What the actions applied so far ask of the window; taken by [`Session::apply`].
    effects: Effects,
    /// The window's language (assets/i18n); the status line's messages are written in it.
    pub language: Language,
    /// Where a changed setting is remembered; `None`: not remembered (tests, the default).
    pub settings_path: Option<PathBuf>,
    pub settings: Settings,
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
            saved_view: Some(SavedView::default()),
            effects: Effects {
                scroll_table: true,
                scroll_source: true,
                ..Effects::default()
            },
            language: Language::default(),
            settings_path: None,
            settings: Settings::default(),
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
            Action::SelectInPlace { fact, place } => {
                self.select(fact);
                self.effects.scroll_table = false;
                if let Place::Source { mention } = place {
                    self.source_mention = mention;
                    self.effects.scroll_source = false;
                }
            }
            Action::Reveal(fact) => {
                self.query = Query::default();
                self.refresh_view();
                self.select(fact);
                self.effects.scroll_table = true;
            }
            Action::ShowMention(index) => {
                let count = self
                    .selected()
                    .and_then(|id| self.workbench.fact(id))
                    .map_or(0, |f| f.mentions.len());
                if index < count {
                    self.source_mention = index;
                    self.effects.scroll_source = true;
                }
            }
            Action::ToggleMark(fact) => {
                if !self.marked.remove(&fact) {
                    self.marked.insert(fact);
                }
            }
            Action::SplitOff(index) => self.split_selected(index),
            Action::AddByHand { doc, start, end } => self.add_fact_by_hand(doc, start, end),
            Action::SetLanguage(language) => self.set_language(language),
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
            Command::ExportXlsx => {
                self.effects.ask_path = Some(PathPurpose::Export(ExportFormat::Xlsx))
            }
            Command::ToggleCharts => self.charts_shown = !self.charts_shown,
            Command::Quit => {
                self.save_note();
                self.effects.quit = true;
            }
        }
    }

    /// Shows the window in `language` and remembers it in the settings file, if there is one
    /// (a damaged file is replaced now: the analyst changed a setting).
    pub fn set_language(&mut self, language: Language) {
        self.language = language;
        self.settings.set_language(language);
        if let Some(path) = &self.settings_path
            && let Err(e) = self.settings.save(path)
        {
            let error = format!("{}: {e}", path.display());
            self.error(tr!(
                language,
                "message.language_not_remembered",
                error = error
            ));
        }
    }

    /// Carries the window's language and settings over to a new session (a new corpus).
    pub fn keep_settings_of(&mut self, old: &Session) {
        self.language = old.language;
        self.settings_path = old.settings_path.clone();
        self.settings = old.settings.clone();
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
                self.info(tr!(
                    self.language,
                    "message.merged",
                    count = others.len(),
                    into = into.0,
                    docs = docs
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
        !self.workbench.is_dirty() && self.view_is_saved()
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
                self.saved_view = Some(SavedView::of(&self.query, self.view.selected()));
                self.editing = None;
                self.note_draft = None;
                let l = self.language;
                let note = match (&notice, session.read_only) {
                    (Some(notice), _) => tr!(l, "message.opened_note", notice = notice),
                    (None, true) => tr!(l, "message.opened_read_only").to_string(),
                    (None, false) => String::new(),
                };
                let path = path.display();
                self.info(tr!(
                    l,
                    "message.opened",
                    path = path,
                    note = note,
                    report = report
                ));
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
        let made_from = self
            .project
            .as_ref()
            .and_then(|p| p.made_from().map(str::to_string));
        if self.project.as_ref().is_some_and(|p| p.path == path) {
            self.project = None; // this window's own lock, taken again by the new session
        }
        match project::Session::create_from(
            &path,
            &mut self.workbench,
            view.clone(),
            made_from.as_deref(),
        ) {
            Ok(session) => {
                self.project = Some(session);
                self.saved_view = Some(view);
                let path = path.display();
                self.info(tr!(self.language, "message.saved_as", path = path));
            }
            Err(e) => self.error(tr!(self.language, "message.not_saved", error = e)),
        }
    }

    fn view_is_saved(&self) -> bool {
        self.saved_view
            .as_ref()
            .is_some_and(|v| v.describes(&self.query, self.view.selected()))
    }

    /// Commits every pending change and writes the view, and waits until they are on disk
    /// (an explicit save, closing, reopening). Returns whether everything is written.
    pub fn save_project(&mut self) -> bool {
        if self.project.as_ref().is_none_or(|p| p.read_only) {
            return false;
        }
        self.retry_at = None;
        if !self.persist() || !self.send_view() {
            return false;
        }
        let Some(session) = &mut self.project else {
            return false;
        };
        match session.flush(&mut self.workbench) {
            Ok(()) => true,
            Err(e) => {
                self.saved_view = None;
                self.error(tr!(self.language, "message.not_saved", error = e));
                false
            }
        }
    }

    /// Sends the selection and filters to the project's writer.
    fn send_view(&mut self) -> bool {
        let view = SavedView::of(&self.query, self.view.selected());
        let Some(session) = &mut self.project else {
            return false;
        };
        match session.save_view(&view, &self.workbench) {
            Ok(sent) => {
                if sent {
                    self.saved_view = Some(view);
                    self.dirty_since = None;
                }
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

    /// Sends the changes made since the last call to the project's writer, each to be written in
    /// its own transaction on the writer's thread: called every frame, so a change is on its way
    /// to disk before the next frame and the frame never waits for it. Returns whether nothing
    /// has failed.
    pub fn persist(&mut self) -> bool {
        let Some(session) = &mut self.project else {
            return true;
        };
        match session.submit(&mut self.workbench) {
            Ok(_) => {
                self.retry_at = None;
                true
            }
            Err(e) => {
                self.write_failed(e);
                false
            }
        }
    }

    /// A write failed: said, tried again after [`RETRY_AFTER`], and the view sent again (it may
    /// not have been written).
    fn write_failed(&mut self, e: ProjectError) {
        self.retry_at = Some(Instant::now() + RETRY_AFTER);
        self.saved_view = None;
        self.error(tr!(self.language, "message.not_saved_retry", error = e));
    }

    /// Waits until every change sent to the project is on disk (tests, benchmarks).
    pub fn flush_project(&mut self) -> bool {
        let Some(session) = &mut self.project else {
            return true;
        };
        match session.flush(&mut self.workbench) {
            Ok(()) => true,
            Err(e) => {
                self.write_failed(e);
                false
            }
        }
    }

    /// Commits changes at once; sends the selection and filters once they have been still for
    /// [`AUTOSAVE_AFTER`]. Never waits for the disk.
    /// Returns when to look again (the view's debounce, a retry, a write in flight), if at all.
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
        // The writer's report clears the title's unsaved mark: look again soon.
        let writing = self
            .project
            .as_ref()
            .is_some_and(|p| p.is_writing())
            .then_some(WRITE_POLL);
        if self.view_is_saved() {
            self.dirty_since = None;
            return writing;
        }
        let since = *self.dirty_since.get_or_insert_with(Instant::now);
        let left = AUTOSAVE_AFTER.saturating_sub(since.elapsed());
        if left.is_zero() && self.editing.is_none() {
            self.send_view();
            Some(WRITE_POLL)
        } else {
            Some(left.max(Duration::from_millis(50)))
        }
    }

    /// Work for an idle frame (indexing facts for search); returns whether some is left.
    pub fn idle_work(&mut self) -> bool {
        /// About a millisecond's work.
        const FACTS_INDEXED_PER_FRAME: usize = 8192;
        self.view
            .prepare_search(&self.workbench, FACTS_INDEXED_PER_FRAME)
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
            self.error(tr!(self.language, "message.read_only").into());
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
            Ok(()) if docs > 1 => self.info(tr!(
                self.language,
                "message.decided_across",
                fact = fact.0,
                status = crate::i18n::code_name(self.language, "status_name", status.as_str()),
                docs = docs
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
            && let Err(e) = crate::review::edit::check_iso_date(&text)
        {
            let e = crate::i18n::edit_error_text(self.language, &e);
            edit.error = Some(e.clone());
            self.error(tr!(self.language, "message.date_not_set", error = e));
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
                let l = self.language;
                let shown = d
                    .published
                    .clone()
                    .unwrap_or_else(|| tr!(l, "message.no_date").into());
                let name = d.name.clone();
                self.refresh_view();
                self.info(tr!(
                    l,
                    "message.published",
                    name = name,
                    date = shown,
                    count = n
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
        match session.draft.check() {
            Ok(fields) => {
                let (fact, reason) = (session.fact, session.reason);
                self.editing = None;
                let result = self.workbench.set_fields_because(fact, fields, reason);
                self.report(result);
                self.refresh_view();
                true
            }
            Err(errors) => {
                let l = self.language;
                let listed = errors
                    .iter()
                    .map(|(f, e)| {
                        let field = crate::i18n::code_name(l, "field", f.as_str());
                        let error = crate::i18n::edit_error_text(l, e);
                        tr!(l, "message.edit_error", field = field, error = error)
                    })
                    .collect::<Vec<_>>()
                    .join(tr!(l, "message.edit_error_separator"));
                self.message = Some(Message {
                    text: tr!(l, "message.edit_errors", errors = listed),
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
                self.info(tr!(
                    self.language,
                    "message.added_by_hand",
                    text = selected,
                    fact = id.0
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
                self.info(tr!(self.language, "message.split", fact = new_fact.0));
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
                self.info(tr!(self.language, "message.undone").into());
            }
            Ok(None) => self.info(tr!(self.language, "message.nothing_to_undo").into()),
            Err(e) => {
                self.refresh_view();
                self.error(tr!(self.language, "message.cannot_undo", error = e));
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
                self.info(tr!(self.language, "message.redone").into());
            }
            Ok(None) => self.info(tr!(self.language, "message.nothing_to_redo").into()),
            Err(e) => {
                self.refresh_view();
                self.error(tr!(self.language, "message.cannot_redo", error = e));
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
        let result = export::write_to_path_with_query(
            path,
            &self.workbench,
            options,
            self.view.rows(),
            Some(&self.query),
        );
        match &result {
            Ok(n) => self.info(tr!(
                self.language,
                "message.exported",
                count = n,
                scope = scope_name(self.language, options.scope),
                path = path.display()
            )),
            Err(e) => self.error(tr!(
                self.language,
                "message.cannot_export",
                path = path.display(),
                error = e
            )),
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

/// The window's name of an export scope (the export itself knows only its codes).
pub fn scope_name(language: Language, scope: export::Scope) -> &'static str {
    match scope {
        export::Scope::Verified => tr!(language, "scope.verified"),
        export::Scope::All => tr!(language, "scope.all"),
        export::Scope::Shown => tr!(language, "scope.shown"),
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
            run(&mut s, Command::ExportXlsx, 1).ask_path,
            Some(PathPurpose::Export(ExportFormat::Xlsx))
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
    fn the_language_switches_through_an_action_and_is_remembered() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config").join(crate::settings::FILE_NAME);
        let mut s = seeds();
        s.settings_path = Some(path.clone());
        run(&mut s, Command::Undo, 1);
        assert_eq!(s.message.as_ref().unwrap().text, "nothing to undo");
        s.apply(Action::SetLanguage(Language::Chinese));
        assert_eq!(s.language, Language::Chinese);
        run(&mut s, Command::Undo, 1);
        assert_eq!(s.message.as_ref().unwrap().text, "没有可撤销的操作");
        let saved = Settings::load(&path).unwrap();
        assert_eq!(saved.language(), Some(Language::Chinese));
        // A damaged file is left alone at start (the caller warns) and replaced by the next
        // change of a setting.
        std::fs::write(&path, "language = [").unwrap();
        assert!(Settings::load(&path).is_err());
        s.apply(Action::SetLanguage(Language::English));
        assert_eq!(
            Settings::load(&path).unwrap().language(),
            Some(Language::English)
        );
        // A session without a settings file remembers nothing and says nothing.
        let mut t = seeds();
        t.apply(Action::SetLanguage(Language::Chinese));
        assert!(t.message.is_none());
    }

    #[test]
    fn a_language_that_cannot_be_remembered_is_still_set_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, "").unwrap();
        let mut s = seeds();
        // The config folder is a file: the settings cannot be written.
        s.settings_path = Some(blocker.join(crate::settings::FILE_NAME));
        s.apply(Action::SetLanguage(Language::Chinese));
        assert_eq!(s.language, Language::Chinese);
        let message = s.message.clone().unwrap();
        assert!(
            message.is_error && message.text.starts_with("已切换语言"),
            "{message:?}"
        );
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
        assert!(s.persist() && s.flush_project());
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
