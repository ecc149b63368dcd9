//! What the analyst can do, as data: every [`Command`] has one row in [`COMMANDS`] (id, label,
//! shortcuts, help), and that one table drives the keys, the buttons and the Help menu, so they
//! cannot drift apart. [`Action`] adds what needs an argument (which fact, which mention).

use crate::review::FactId;
use crate::review::export::ExportFormat;

/// A key as the table names it, without any GUI type (the window maps it to its own keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyName {
    ArrowDown,
    ArrowUp,
    PageDown,
    PageUp,
    Home,
    End,
    Enter,
    Escape,
    Slash,
    A,
    E,
    G,
    J,
    K,
    M,
    O,
    Q,
    S,
    U,
    X,
    Y,
    Z,
}

impl KeyName {
    pub fn label(self) -> &'static str {
        match self {
            KeyName::ArrowDown => "↓",
            KeyName::ArrowUp => "↑",
            KeyName::PageDown => "PgDn",
            KeyName::PageUp => "PgUp",
            KeyName::Home => "Home",
            KeyName::End => "End",
            KeyName::Enter => "Enter",
            KeyName::Escape => "Esc",
            KeyName::Slash => "/",
            KeyName::A => "a",
            KeyName::E => "e",
            KeyName::G => "g",
            KeyName::J => "j",
            KeyName::K => "k",
            KeyName::M => "m",
            KeyName::O => "o",
            KeyName::Q => "q",
            KeyName::S => "s",
            KeyName::U => "u",
            KeyName::X => "x",
            KeyName::Y => "y",
            KeyName::Z => "z",
        }
    }
}

/// A key with its modifiers. `command` is Ctrl (⌘ on macOS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Shortcut {
    pub key: KeyName,
    pub command: bool,
    pub shift: bool,
}

impl Shortcut {
    pub const fn key(key: KeyName) -> Self {
        Shortcut {
            key,
            command: false,
            shift: false,
        }
    }

    pub const fn command(key: KeyName) -> Self {
        Shortcut {
            key,
            command: true,
            shift: false,
        }
    }

    pub const fn command_shift(key: KeyName) -> Self {
        Shortcut {
            key,
            command: true,
            shift: true,
        }
    }

    /// As the Help menu and the buttons write it: `Ctrl+Shift+Z`, `j`.
    pub fn label(self) -> String {
        let mut text = String::new();
        if self.command {
            text.push_str("Ctrl+");
        }
        if self.shift {
            text.push_str("Shift+");
        }
        if self.command {
            text.push_str(&self.key.label().to_uppercase());
        } else {
            text.push_str(self.key.label());
        }
        text
    }
}

/// The menu a command's button lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    File,
    Edit,
    Review,
    View,
}

/// Every command without an argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Next,
    Previous,
    PageDown,
    PageUp,
    First,
    Last,
    Verify,
    Reject,
    Unreview,
    Edit,
    SaveEdit,
    CancelEdit,
    Merge,
    Search,
    Undo,
    Redo,
    Save,
    OpenFiles,
    OpenFolder,
    OpenProject,
    SaveProjectAs,
    ExportJson,
    ExportCsv,
    ToggleCharts,
    Quit,
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    pub command: Command,
    /// Stable name (tests, logs).
    pub id: &'static str,
    /// The button's and the menu entry's text.
    pub label: &'static str,
    /// Keys, first one shown on buttons; they act when no text field has the keyboard (Ctrl
    /// shortcuts and Esc also while typing).
    pub shortcuts: &'static [Shortcut],
    pub menu: Menu,
    pub help: &'static str,
}

impl CommandSpec {
    pub fn of(command: Command) -> &'static CommandSpec {
        COMMANDS
            .iter()
            .find(|s| s.command == command)
            .expect("every command has a row in COMMANDS")
    }

    /// The shortcuts as the Help menu shows them: `↓ or j`.
    pub fn shortcut_text(&self) -> String {
        self.shortcuts
            .iter()
            .map(|s| s.label())
            .collect::<Vec<_>>()
            .join(" or ")
    }

    /// The Help menu's line for this command.
    pub fn help_line(&self) -> String {
        let keys = self.shortcut_text();
        if keys.is_empty() {
            format!("{}: {}", self.label, self.help)
        } else {
            format!("{keys}  {}: {}", self.label, self.help)
        }
    }
}

use KeyName as K;
const fn key(k: KeyName) -> Shortcut {
    Shortcut::key(k)
}

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        command: Command::Next,
        id: "next",
        label: "Next fact",
        shortcuts: &[key(K::ArrowDown), key(K::J)],
        menu: Menu::Review,
        help: "select the next row",
    },
    CommandSpec {
        command: Command::Previous,
        id: "previous",
        label: "Previous fact",
        shortcuts: &[key(K::ArrowUp), key(K::K)],
        menu: Menu::Review,
        help: "select the row above",
    },
    CommandSpec {
        command: Command::PageDown,
        id: "page_down",
        label: "20 rows down",
        shortcuts: &[key(K::PageDown)],
        menu: Menu::Review,
        help: "jump twenty rows down",
    },
    CommandSpec {
        command: Command::PageUp,
        id: "page_up",
        label: "20 rows up",
        shortcuts: &[key(K::PageUp)],
        menu: Menu::Review,
        help: "jump twenty rows up",
    },
    CommandSpec {
        command: Command::First,
        id: "first",
        label: "First fact",
        shortcuts: &[key(K::Home)],
        menu: Menu::Review,
        help: "select the first row",
    },
    CommandSpec {
        command: Command::Last,
        id: "last",
        label: "Last fact",
        shortcuts: &[key(K::End)],
        menu: Menu::Review,
        help: "select the last row",
    },
    CommandSpec {
        command: Command::Verify,
        id: "verify",
        label: "Verify",
        shortcuts: &[key(K::A), key(K::Enter)],
        menu: Menu::Review,
        help: "mark the fact verified and move on",
    },
    CommandSpec {
        command: Command::Reject,
        id: "reject",
        label: "Reject",
        shortcuts: &[key(K::X)],
        menu: Menu::Review,
        help: "mark the fact rejected and move on",
    },
    CommandSpec {
        command: Command::Unreview,
        id: "unreview",
        label: "Unreviewed",
        shortcuts: &[key(K::U)],
        menu: Menu::Review,
        help: "back to unreviewed and move on",
    },
    CommandSpec {
        command: Command::Edit,
        id: "edit",
        label: "Edit",
        shortcuts: &[key(K::E)],
        menu: Menu::Review,
        help: "edit the row in place (also a double-click)",
    },
    CommandSpec {
        command: Command::SaveEdit,
        id: "save_edit",
        label: "Save",
        shortcuts: &[key(K::Enter)],
        menu: Menu::Review,
        help: "check and save the row being edited",
    },
    CommandSpec {
        command: Command::CancelEdit,
        id: "cancel_edit",
        label: "Cancel",
        shortcuts: &[key(K::Escape)],
        menu: Menu::Review,
        help: "leave the edit without saving",
    },
    CommandSpec {
        command: Command::Merge,
        id: "merge",
        label: "Merge marked facts",
        shortcuts: &[key(K::M)],
        menu: Menu::Review,
        help: "merge the facts marked with Ctrl+click into the selected one (undoable)",
    },
    CommandSpec {
        command: Command::Search,
        id: "search",
        label: "Search",
        shortcuts: &[key(K::Slash)],
        menu: Menu::Review,
        help: "focus the search field",
    },
    CommandSpec {
        command: Command::Undo,
        id: "undo",
        label: "Undo",
        shortcuts: &[Shortcut::command(K::Z)],
        menu: Menu::Edit,
        help: "undo the last change",
    },
    CommandSpec {
        command: Command::Redo,
        id: "redo",
        label: "Redo",
        shortcuts: &[Shortcut::command_shift(K::Z), Shortcut::command(K::Y)],
        menu: Menu::Edit,
        help: "apply the undone change again",
    },
    CommandSpec {
        command: Command::Save,
        id: "save",
        label: "Save project",
        shortcuts: &[Shortcut::command(K::S)],
        menu: Menu::File,
        help: "write the project now (changes are committed as they are made anyway)",
    },
    CommandSpec {
        command: Command::OpenFiles,
        id: "open_files",
        label: "Open files…",
        shortcuts: &[Shortcut::command(K::O)],
        menu: Menu::File,
        help: "add text files to the corpus",
    },
    CommandSpec {
        command: Command::OpenFolder,
        id: "open_folder",
        label: "Open folder…",
        shortcuts: &[],
        menu: Menu::File,
        help: "add a folder of text files to the corpus",
    },
    CommandSpec {
        command: Command::OpenProject,
        id: "open_project",
        label: "Open project…",
        shortcuts: &[Shortcut::command_shift(K::O)],
        menu: Menu::File,
        help: "open a saved project",
    },
    CommandSpec {
        command: Command::SaveProjectAs,
        id: "save_project_as",
        label: "Save project as…",
        shortcuts: &[Shortcut::command_shift(K::S)],
        menu: Menu::File,
        help: "start a project file; every change is then saved as it is made",
    },
    CommandSpec {
        command: Command::ExportJson,
        id: "export_json",
        label: "Export JSON…",
        shortcuts: &[],
        menu: Menu::File,
        help: "write the facts of the chosen scope as JSON",
    },
    CommandSpec {
        command: Command::ExportCsv,
        id: "export_csv",
        label: "Export CSV…",
        shortcuts: &[],
        menu: Menu::File,
        help: "write the facts of the chosen scope as CSV",
    },
    CommandSpec {
        command: Command::ToggleCharts,
        id: "toggle_charts",
        label: "Charts",
        shortcuts: &[key(K::G)],
        menu: Menu::View,
        help: "show or hide the charts: how far the review is, and the selected fact's series",
    },
    CommandSpec {
        command: Command::Quit,
        id: "quit",
        label: "Quit",
        shortcuts: &[Shortcut::command(K::Q)],
        menu: Menu::File,
        help: "commit what is pending and close the window",
    },
];

/// Everything the window asks the session to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Run(Command),
    /// Select a row (a click in the table, a mark in the source).
    Select(FactId),
    /// Mark or unmark a fact for merging (Ctrl+click).
    ToggleMark(FactId),
    /// Split mention `n` of the selected fact off into a fact of its own.
    SplitOff(usize),
    /// Add chars `start..end` of a document as a fact the extractor missed.
    AddByHand {
        doc: crate::review::DocId,
        start: usize,
        end: usize,
    },
}

impl From<Command> for Action {
    fn from(command: Command) -> Self {
        Action::Run(command)
    }
}

/// Export scope and format, for effects that need a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPurpose {
    Open,
    OpenFolder,
    OpenProject,
    SaveProject,
    Export(ExportFormat),
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_command_has_exactly_one_row_with_a_unique_id_and_label() {
        let mut ids = HashSet::new();
        for spec in COMMANDS {
            assert!(ids.insert(spec.id), "{} twice", spec.id);
            assert_eq!(CommandSpec::of(spec.command).id, spec.id);
            assert!(!spec.label.is_empty() && !spec.help.is_empty());
        }
    }

    #[test]
    fn no_shortcut_means_two_commands_outside_an_edit() {
        // Enter saves while editing and verifies otherwise; Escape only leaves an edit.
        let mut seen = std::collections::HashMap::new();
        for spec in COMMANDS {
            for s in spec.shortcuts {
                if let Some(other) = seen.insert(*s, spec.command) {
                    let pair = [other, spec.command];
                    assert!(
                        pair.contains(&Command::SaveEdit),
                        "{:?} bound to {other:?} and {:?}",
                        s,
                        spec.command
                    );
                }
            }
        }
    }

    #[test]
    fn shortcuts_read_as_the_help_menu_writes_them() {
        assert_eq!(CommandSpec::of(Command::Next).shortcut_text(), "↓ or j");
        assert_eq!(
            CommandSpec::of(Command::Redo).shortcut_text(),
            "Ctrl+Shift+Z or Ctrl+Y"
        );
    }
}
