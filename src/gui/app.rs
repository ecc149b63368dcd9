//! The application: a [`Session`] (everything the analyst sees and changes, GUI-free) plus what
//! only the window has: background loads, the typed path field, scroll and focus requests, the
//! IME guard. Panels read the session and push [`Action`]s onto [`FactdeskApp::actions`]; the
//! app drains that queue once a frame, in order, and carries out the [`Effects`] the session
//! returns. Keys go through the same queue, one event at a time, via the table of
//! [`crate::session::COMMANDS`].

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

use eframe::egui::{self, Key, Modifiers};

use crate::i18n::Language;
use crate::review::loader::{Loader, Source};
use crate::review::project::{self, ProjectError};
use crate::session::{Action, COMMANDS, Command, Effects, KeyName, OpenedProject, Session};
use crate::settings::Settings;
use crate::tr;

pub use crate::session::{DateEdit, EditSession, Message, PathPurpose};

use super::ime::ImeGuard;
use super::source_panel::SourceView;
use super::{
    chart_panel, documents_panel, facts_table, fonts, inspector, menu_bar, source_panel, status_bar,
};

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
    /// The window's language at start (see `settings::startup_language`).
    pub language: Language,
    /// Where a language chosen in the menu is remembered; `None` (the default, and every test
    /// that does not set it): nowhere, so no test reads or writes the user's config.
    pub settings_path: Option<PathBuf>,
    /// What that file held at start.
    pub settings: Settings,
    /// When the process started, for `--report-start` (the time to the first frame, and to the
    /// first frame with facts, on stderr).
    pub report_start: Option<Instant>,
}

impl Default for Startup {
    fn default() -> Self {
        Startup {
            source: Source::BundledSeeds,
            project: None,
            exit_after_frames: None,
            native_dialogs: true,
            language: Language::English,
            settings_path: None,
            settings: Settings::default(),
            report_start: None,
        }
    }
}

/// The typed-path field offered instead of (or after) a native dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct PathPrompt {
    pub purpose: PathPurpose,
    pub text: String,
    /// The field takes the keyboard when it appears (typing a path must not go to the search).
    pub(crate) focus: bool,
    /// Whether a native dialog was tried and gave nothing (cancelled, or none could be shown).
    pub after_dialog: bool,
}

pub struct FactdeskApp {
    pub session: Session,
    /// What the panels and keys asked for this frame, applied in order once a frame.
    pub actions: Vec<Action>,
    /// The actions applied so far, oldest first (tests check what a key or a button did).
    pub applied: Vec<Action>,
    pub(crate) loaders: Vec<Loader>,
    opening: Option<(PathBuf, Receiver<OpenedProject>)>,
    pub path_prompt: Option<PathPrompt>,
    pub(crate) focus_search: bool,
    pub(crate) scroll_table: bool,
    pub(crate) scroll_source: bool,
    pub source_view: SourceView,
    /// The chart panel's data and state (shown when `session.charts_shown`).
    pub chart: chart_panel::ChartPanel,
    pub(crate) ime: ImeGuard,
    native_dialogs: bool,
    exit_after_frames: Option<u64>,
    frames: u64,
    /// Process start, and the first frame's time once drawn (`--report-start`).
    report_start: Option<(Instant, Option<Duration>)>,
    quit: bool,
    title: String,
    /// Files or a folder chosen while a corpus is open: add to it, or open them on their own?
    pub pending_open: Option<Vec<PathBuf>>,
}

impl FactdeskApp {
    /// The window's app: installs the bundled font and starts loading off the UI thread.
    pub fn new(cc: &eframe::CreationContext<'_>, startup: Startup) -> Self {
        fonts::install(&cc.egui_ctx);
        Self::with_context(&cc.egui_ctx, startup)
    }

    /// As [`FactdeskApp::new`], with the start-up corpus already loading (started before the
    /// window was created, so that its facts are there for the first frames).
    pub fn with_loader(cc: &eframe::CreationContext<'_>, startup: Startup, loader: Loader) -> Self {
        fonts::install(&cc.egui_ctx);
        let mut app = Self::with_workbench(crate::review::Workbench::new(), startup);
        app.loaders.push(loader);
        app
    }

    pub fn with_context(ctx: &egui::Context, startup: Startup) -> Self {
        let source = startup.source.clone();
        let project = startup.project.clone();
        let mut app = Self::with_workbench(crate::review::Workbench::new(), startup);
        match project {
            Some(path) => app.open_project(ctx, &path),
            None => app.load(ctx, source),
        }
        app
    }

    /// An app over a workbench built elsewhere (benchmarks, tests); loads nothing.
    pub fn with_workbench(workbench: crate::review::Workbench, startup: Startup) -> Self {
        let mut session = Session::new(workbench);
        session.language = startup.language;
        session.settings_path = startup.settings_path;
        session.settings = startup.settings;
        FactdeskApp {
            session,
            actions: Vec::new(),
            applied: Vec::new(),
            loaders: Vec::new(),
            opening: None,
            path_prompt: None,
            focus_search: false,
            scroll_table: true,
            scroll_source: true,
            source_view: SourceView::default(),
            chart: chart_panel::ChartPanel::default(),
            ime: ImeGuard::default(),
            native_dialogs: startup.native_dialogs,
            exit_after_frames: startup.exit_after_frames,
            frames: 0,
            report_start: startup.report_start.map(|at| (at, None)),
            quit: false,
            title: String::new(),
            pending_open: None,
        }
    }

    /// Queues an action for this frame's drain.
    pub fn push(&mut self, action: impl Into<Action>) {
        self.actions.push(action.into());
    }

    /// Applies the queued actions in order and carries out what they ask of the window.
    pub fn drain(&mut self, ctx: &egui::Context) {
        let actions = std::mem::take(&mut self.actions);
        self.applied.extend(actions.iter().cloned());
        let effects = self.session.apply_all(actions);
        self.carry_out(ctx, effects);
    }

    fn carry_out(&mut self, ctx: &egui::Context, effects: Effects) {
        self.scroll_table |= effects.scroll_table;
        self.scroll_source |= effects.scroll_source;
        self.focus_search |= effects.focus_search;
        if let Some(purpose) = effects.ask_path {
            self.ask_path(ctx, purpose);
        }
        if effects.quit {
            self.quit = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// Opens the chosen paths as a corpus of their own: what is pending is committed, the
    /// project (if any) is closed, and the new corpus starts unsaved.
    pub fn open_as_new_corpus(&mut self, ctx: &egui::Context, paths: Vec<PathBuf>) {
        self.session.save_note();
        if !self.session.is_read_only() && self.session.project.is_some() {
            self.session.save_project();
        }
        let mut fresh = Session::new(crate::review::Workbench::new());
        fresh.keep_settings_of(&self.session);
        self.session = fresh;
        self.open_paths(ctx, paths);
    }

    /// `--report-start`: the first frame's time from process start, then the first frame with
    /// facts in the table (once the bundled corpus or the files given are extracted).
    fn report_start(&mut self) {
        let Some((started, first)) = &mut self.report_start else {
            return;
        };
        let first = *first.get_or_insert_with(|| started.elapsed());
        if !self.session.view.rows().is_empty() {
            eprintln!(
                "factdesk: start: first frame {:.0} ms, first frame with facts {:.0} ms",
                first.as_secs_f64() * 1000.0,
                started.elapsed().as_secs_f64() * 1000.0
            );
            self.report_start = None;
        }
    }

    /// Whether a Quit was asked for.
    pub fn quitting(&self) -> bool {
        self.quit
    }

    /// The window title: the project (or the corpus) and whether it is read-only or has
    /// changes not yet written.
    pub fn title(&self) -> String {
        let s = &self.session;
        let name = match &s.project {
            Some(p) => p
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.path.display().to_string()),
            None => tr!(s.language, "app.unsaved_corpus").to_string(),
        };
        let state = if s.is_read_only() {
            tr!(s.language, "app.read_only_mark")
        } else if s.project.is_some() && !s.is_clean() {
            " •"
        } else {
            ""
        };
        format!("{name}{state} — factdesk")
    }

    /// Starts loading `source` in the background.
    pub fn load(&mut self, ctx: &egui::Context, source: Source) {
        let ctx = ctx.clone();
        self.loaders
            .push(Loader::spawn(source, move || ctx.request_repaint()));
    }

    /// Whether a project is being opened on the worker thread.
    pub fn is_opening_project(&self) -> bool {
        self.opening.is_some()
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
        let message = tr!(
            self.session.language,
            "message.opening_project",
            path = path.display()
        );
        self.session.info(message);
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
        self.session.install_project(&path, opened);
    }

    /// Commits what is pending and opens the project again: the corpus is read and extracted
    /// anew and the decisions are laid over the result (changed documents re-anchored, new facts
    /// unreviewed).
    pub fn reextract(&mut self, ctx: &egui::Context) {
        let Some(path) = self.session.project.as_ref().map(|p| p.path.clone()) else {
            return;
        };
        if !self.session.is_read_only() && !self.session.save_project() {
            return;
        }
        self.session.close_project(); // releases the lock for the reopening
        self.open_project(ctx, &path);
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
            loader.wait_into(&mut self.session.workbench);
        }
        self.session.refresh_view();
    }

    fn absorb_loads(&mut self) {
        let mut changed = false;
        for loader in &mut self.loaders {
            changed |= loader.absorb_into(&mut self.session.workbench);
        }
        self.loaders.retain(|l| !l.is_finished());
        if changed {
            self.session.refresh_view();
        }
    }

    /// Opens files or folders (from the menu, a typed path or a drop).
    pub fn open_paths(&mut self, ctx: &egui::Context, paths: Vec<PathBuf>) {
        if !paths.is_empty() {
            let message = tr!(
                self.session.language,
                "message.opening_paths",
                count = paths.len()
            );
            self.session.info(message);
            self.load(ctx, Source::Paths(paths));
        }
    }

    /// Asks for a path with the native dialog, or offers the typed path field when there is
    /// none (or the dialog was cancelled: rfd cannot tell the two apart).
    pub fn ask_path(&mut self, ctx: &egui::Context, purpose: PathPurpose) {
        let chosen = if self.native_dialogs {
            super::menu_bar::native_dialog(purpose, self.session.language)
        } else {
            None
        };
        match chosen {
            Some(paths) => self.use_paths(ctx, purpose, paths),
            None => {
                self.path_prompt = Some(PathPrompt {
                    purpose,
                    text: String::new(),
                    focus: true,
                    after_dialog: self.native_dialogs,
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
            PathPurpose::Open | PathPurpose::OpenFolder => {
                if self.session.workbench.documents().is_empty() {
                    self.open_paths(ctx, paths);
                } else {
                    // Never silently into the open project: the analyst says which.
                    self.pending_open = Some(paths);
                }
            }
            PathPurpose::OpenProject => {
                if let Some(path) = paths.into_iter().next() {
                    self.open_project(ctx, &path);
                }
            }
            PathPurpose::SaveProject => {
                if let Some(path) = paths.into_iter().next() {
                    self.session.save_project_as(&path);
                }
            }
            PathPurpose::Export(format) => {
                if let Some(path) = paths.into_iter().next() {
                    self.session.export_to(&path, format).ok();
                }
            }
        }
    }

    /// Keyboard-first review: every key event of the frame, in order (ten `j` in one frame move
    /// ten rows), each looked up in the table of commands. Keys act only when no text field has
    /// the keyboard, except Esc, which leaves an edit.
    fn shortcuts(&mut self, ctx: &egui::Context) {
        // ↑/↓ on a focused drop-down of the edit step through its choices.
        let focused = ctx.memory(|m| m.focused());
        if let Some(session) = &mut self.session.editing
            && let Some((field, id)) = session.choice_focus
            && focused.map(|f| f.value()) == Some(id)
        {
            for (key, step) in [(Key::ArrowDown, 1), (Key::ArrowUp, -1)] {
                while ctx.input_mut(|i| i.consume_key(Modifiers::NONE, key)) {
                    session.draft.cycle(field, step);
                }
            }
        }
        // Alt+1 … Alt+7 pick the reason while editing, even with a text field focused.
        if let Some(session) = &mut self.session.editing {
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
        let typing =
            ctx.text_edit_focused() && !focused.is_some_and(|id| self.source_view.owns(id));
        let owns_enter = self.ime.owns_enter();
        let events = ctx.input(|i| i.events.clone());
        let mut consumed = Vec::new();
        let mut moved_focus = false;
        // The edit's state as the queued actions leave it, so `e` then Enter in one frame saves.
        let mut editing = self.session.editing.is_some();
        for (index, event) in events.iter().enumerate() {
            let egui::Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } = event
            else {
                continue;
            };
            let Some(command) = command_for(*key, *modifiers, editing) else {
                continue;
            };
            // A text field keeps its own keys (Ctrl+Z undoes typing there); Esc leaves the edit.
            if typing && command != Command::CancelEdit {
                continue;
            }
            if command == Command::SaveEdit && owns_enter {
                continue;
            }
            match command {
                Command::Edit => {
                    editing = true;
                }
                Command::SaveEdit | Command::CancelEdit => editing = false,
                _ => {}
            }
            moved_focus |= matches!(command, Command::Edit | Command::Search);
            consumed.push(index);
            self.push(command);
        }
        if !consumed.is_empty() {
            // Taken: widgets must not act on the same key (Enter in a field, ↓ in a list).
            ctx.input_mut(|i| {
                let mut n = 0;
                i.events.retain(|_| {
                    let keep = !consumed.contains(&n);
                    n += 1;
                    keep
                });
            });
        }
        if moved_focus {
            drop_typed_text(ctx);
        }
    }
}

/// The command a key press means, by the table; Enter saves while editing and verifies
/// otherwise, Escape only leaves an edit.
fn command_for(key: Key, modifiers: Modifiers, editing: bool) -> Option<Command> {
    let name = key_name(key)?;
    let matches = |s: &crate::session::Shortcut| {
        s.key == name
            && s.command == modifiers.command
            && s.shift == modifiers.shift
            && !modifiers.alt
    };
    COMMANDS
        .iter()
        .filter(|spec| spec.shortcuts.iter().any(matches))
        .map(|spec| spec.command)
        .find(|c| match c {
            Command::SaveEdit | Command::CancelEdit => editing,
            Command::Verify | Command::Reject | Command::Unreview | Command::Edit => !editing,
            _ => true,
        })
}

/// The window's key for a key name of the table, and back.
pub fn egui_key(name: KeyName) -> Key {
    match name {
        KeyName::ArrowDown => Key::ArrowDown,
        KeyName::ArrowUp => Key::ArrowUp,
        KeyName::PageDown => Key::PageDown,
        KeyName::PageUp => Key::PageUp,
        KeyName::Home => Key::Home,
        KeyName::End => Key::End,
        KeyName::Enter => Key::Enter,
        KeyName::Escape => Key::Escape,
        KeyName::Slash => Key::Slash,
        KeyName::A => Key::A,
        KeyName::E => Key::E,
        KeyName::G => Key::G,
        KeyName::J => Key::J,
        KeyName::K => Key::K,
        KeyName::M => Key::M,
        KeyName::O => Key::O,
        KeyName::Q => Key::Q,
        KeyName::S => Key::S,
        KeyName::U => Key::U,
        KeyName::X => Key::X,
        KeyName::Y => Key::Y,
        KeyName::Z => Key::Z,
    }
}

fn key_name(key: Key) -> Option<KeyName> {
    const ALL: [KeyName; 22] = [
        KeyName::ArrowDown,
        KeyName::ArrowUp,
        KeyName::PageDown,
        KeyName::PageUp,
        KeyName::Home,
        KeyName::End,
        KeyName::Enter,
        KeyName::Escape,
        KeyName::Slash,
        KeyName::A,
        KeyName::E,
        KeyName::G,
        KeyName::J,
        KeyName::K,
        KeyName::M,
        KeyName::O,
        KeyName::Q,
        KeyName::S,
        KeyName::U,
        KeyName::X,
        KeyName::Y,
        KeyName::Z,
    ];
    ALL.into_iter().find(|n| egui_key(*n) == key)
}

/// Removes this frame's typed text, so the key that moved focus into a field is not typed
/// into it.
fn drop_typed_text(ctx: &egui::Context) {
    ctx.input_mut(|i| i.events.retain(|e| !matches!(e, egui::Event::Text(_))));
}

impl eframe::App for FactdeskApp {
    fn on_exit(&mut self) {
        // The note being typed, and the view the debounce has not written yet.
        self.session.save_note();
        if !self.session.is_clean() {
            self.session.save_project();
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
        if !dropped.is_empty() {
            // As Open does: asked first when a corpus is open, never added silently.
            self.use_paths(&ctx, PathPurpose::Open, dropped);
        }
        self.ime.observe(&ctx);
        self.shortcuts(&ctx);
        self.drain(&ctx);
        self.session.refresh_view();
        if let Some(after) = self.session.autosave() {
            ctx.request_repaint_after(after);
        }
        let title = self.title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }

        egui::Panel::top("menu_bar").show(ui, |ui| menu_bar::ui(self, ui));
        egui::Panel::bottom("status_bar").show(ui, |ui| status_bar::ui(self, ui));
        if self.session.charts_shown {
            egui::Panel::bottom("charts")
                .resizable(true)
                .default_size(280.0)
                .show(ui, |ui| chart_panel::ui(self, ui));
        }
        egui::Panel::left("documents")
            .resizable(true)
            .default_size(180.0)
            .show(ui, |ui| documents_panel::ui(self, ui));
        egui::Panel::right("source")
            .resizable(true)
            .default_size(390.0)
            .show(ui, |ui| {
                // Long mention lines are cut, not allowed to widen the panel over the table.
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                inspector::ui(self, ui);
                ui.separator();
                source_panel::ui(self, ui);
            });
        egui::CentralPanel::default().show(ui, |ui| facts_table::ui(self, ui));
        self.report_start();
        // What the panels asked for this frame, applied before the next one is drawn.
        self.drain(&ctx);
        if !self.actions.is_empty() {
            ctx.request_repaint();
        }
        // What the panels changed this frame, committed before the next.
        if !self.session.is_read_only() {
            self.session.persist_if_due();
        }
        if !self.is_loading() && self.session.idle_work() {
            ctx.request_repaint();
        }
    }
}
