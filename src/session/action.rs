//! What the analyst can do, as data: every [`Command`] has one row in [`COMMANDS`] (id, label,
//! shortcuts, help), and that one table drives the keys, the buttons and the Help menu, so they
//! cannot drift apart. [`Action`] adds what needs an argument (which fact, which mention).

use crate::i18n::Language;
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
    ExportXlsx,
    ToggleCharts,
    Quit,
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    pub command: Command,
    /// Stable name (tests, logs), and the catalogue's key of its text: `command.<id>.label`
    /// (the button's and the menu entry's) and `command.<id>.help` (assets/i18n).
    pub id: &'static str,
    /// Keys, first one shown on buttons; they act when no text field has the keyboard (Ctrl
    /// shortcuts and Esc also while typing).
    pub shortcuts: &'static [Shortcut],
    pub menu: Menu,
}

impl CommandSpec {
    pub fn of(command: Command) -> &'static CommandSpec {
        COMMANDS
            .iter()
            .find(|s| s.command == command)
            .expect("every command has a row in COMMANDS")
    }

    /// The button's and the menu entry's text in `language`.
    pub fn label(&self, language: Language) -> &'static str {
        catalogue_text(language, self.id, "label")
    }

    /// What the command does, for the Help menu and the button's tooltip.
    pub fn help(&self, language: Language) -> &'static str {
        catalogue_text(language, self.id, "help")
    }

    /// The shortcuts as the Help menu shows them: `↓ or j`.
    pub fn shortcut_text(&self, language: Language) -> String {
        self.shortcuts
            .iter()
            .map(|s| s.label())
            .collect::<Vec<_>>()
            .join(crate::tr!(language, "help.shortcut_or"))
    }

    /// The Help menu's line for this command.
    pub fn help_line(&self, language: Language) -> String {
        let keys = self.shortcut_text(language);
        let (label, help) = (self.label(language), self.help(language));
        if keys.is_empty() {
            crate::tr!(
                language,
                "help.line_without_keys",
                label = label,
                help = help
            )
        } else {
            crate::tr!(
                language,
                "help.line",
                keys = keys,
                label = label,
                help = help
            )
        }
    }
}

/// `command.<id>.<part>` of the catalogue; the id itself when neither language has it (a test
/// checks every row has both parts in both languages).
fn catalogue_text(language: Language, id: &'static str, part: &str) -> &'static str {
    let key = format!("command.{id}.{part}");
    let catalogue = |l| crate::i18n::catalogue(l).get(&key);
    catalogue(language)
        .or_else(|| catalogue(Language::English))
        .unwrap_or(id)
}

use KeyName as K;
const fn key(k: KeyName) -> Shortcut {
    Shortcut::key(k)
}

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        command: Command::Next,
        id: "next",
        shortcuts: &[key(K::ArrowDown), key(K::J)],
        menu: Menu::Review,
    },
    CommandSpec {
        command: Command::Previous,
        id: "previous",
        shortcuts: &[key(K::ArrowUp), key(K::K)],
        menu: Menu::Review,
    },
    CommandSpec {
        command: Command::PageDown,
        id: "page_down",
        shortcuts: &[key(K::PageDown)],
        menu: Menu::Review,
    },
    CommandSpec {
        command: Command::PageUp,
        id: "page_up",
        shortcuts: &[key(K::PageUp)],
        menu: Menu::Review,
    },
    CommandSpec {
        command: Command::First,
        id: "first",
        shortcuts: &[key(K::Home)],
        menu: Menu::Review,
    },
    CommandSpec {
        command: Command::Last,
        id: "last",
        shortcuts: &[key(K::End)],
        menu: Menu::Review,
    },
    CommandSpec {
        command: Command::Verify,
        id: "verify",
        shortcuts: &[key(K::A), key(K::Enter)],
        menu: Menu::Review,
    },
    CommandSpec {
        command: Command::Reject,
        id: "reject",
        shortcuts: &[key(K::X)],
        menu: Menu::Review,
    },
    CommandSpec {
        command: Command::Unreview,
        id: "unreview",
        shortcuts: &[key(K::U)],
        menu: Menu::Review,
    },
    CommandSpec {
        command: Command::Edit,
        id: "edit",
        shortcuts: &[key(K::E)],
        menu: Menu::Review,
    },
    CommandSpec {
        command: Command::SaveEdit,
        id: "save_edit",
        shortcuts: &[key(K::Enter)],
        menu: Menu::Review,
    },
    CommandSpec {
        command: Command::CancelEdit,
        id: "cancel_edit",
        shortcuts: &[key(K::Escape)],
        menu: Menu::Review,
    },
    CommandSpec {
        command: Command::Merge,
        id: "merge",
        shortcuts: &[key(K::M)],
        menu: Menu::Review,
    },
    CommandSpec {
        command: Command::Search,
        id: "search",
        shortcuts: &[key(K::Slash)],
        menu: Menu::Review,
    },
    CommandSpec {
        command: Command::Undo,
        id: "undo",
        shortcuts: &[Shortcut::command(K::Z)],
        menu: Menu::Edit,
    },
    CommandSpec {
        command: Command::Redo,
        id: "redo",
        shortcuts: &[Shortcut::command_shift(K::Z), Shortcut::command(K::Y)],
        menu: Menu::Edit,
    },
    CommandSpec {
        command: Command::Save,
        id: "save",
        shortcuts: &[Shortcut::command(K::S)],
        menu: Menu::File,
    },
    CommandSpec {
        command: Command::OpenFiles,
        id: "open_files",
        shortcuts: &[Shortcut::command(K::O)],
        menu: Menu::File,
    },
    CommandSpec {
        command: Command::OpenFolder,
        id: "open_folder",
        shortcuts: &[],
        menu: Menu::File,
    },
    CommandSpec {
        command: Command::OpenProject,
        id: "open_project",
        shortcuts: &[Shortcut::command_shift(K::O)],
        menu: Menu::File,
    },
    CommandSpec {
        command: Command::SaveProjectAs,
        id: "save_project_as",
        shortcuts: &[Shortcut::command_shift(K::S)],
        menu: Menu::File,
    },
    CommandSpec {
        command: Command::ExportJson,
        id: "export_json",
        shortcuts: &[],
        menu: Menu::File,
    },
    CommandSpec {
        command: Command::ExportCsv,
        id: "export_csv",
        shortcuts: &[],
        menu: Menu::File,
    },
    CommandSpec {
        command: Command::ExportXlsx,
        id: "export_xlsx",
        shortcuts: &[],
        menu: Menu::File,
    },
    CommandSpec {
        command: Command::ToggleCharts,
        id: "toggle_charts",
        shortcuts: &[key(K::G)],
        menu: Menu::View,
    },
    CommandSpec {
        command: Command::Quit,
        id: "quit",
        shortcuts: &[Shortcut::command(K::Q)],
        menu: Menu::File,
    },
];

/// Everything the window asks the session to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Run(Command),
    /// Select a fact and bring it into view in the table and the source.
    Select(FactId),
    /// Select a fact where it is already on screen, so that what was clicked does not move.
    SelectInPlace {
        fact: FactId,
        place: Place,
    },
    /// Clear the filters and the search, then select a fact (a link to a fact they may hide).
    Reveal(FactId),
    /// Show mention `n` of the selected fact in the source.
    ShowMention(usize),
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
    /// Show the window in this language from the next frame on, and remember it.
    SetLanguage(Language),
}

/// Where a fact selected in place was clicked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Its row in the table: the table stays, the source shows the fact's first mention.
    Table,
    /// Its mention `n` marked in the source: neither panel moves.
    Source { mention: usize },
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
            for language in Language::ALL {
                assert_ne!(spec.label(language), spec.id, "{} has no label", spec.id);
                assert_ne!(spec.help(language), spec.id, "{} has no help", spec.id);
            }
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
        let en = Language::English;
        assert_eq!(CommandSpec::of(Command::Next).shortcut_text(en), "↓ or j");
        assert_eq!(
            CommandSpec::of(Command::Redo).shortcut_text(en),
            "Ctrl+Shift+Z or Ctrl+Y"
        );
        assert_eq!(
            CommandSpec::of(Command::Verify).help_line(Language::Chinese),
            "a 或 Enter  核实：将事实标为已核实并转到下一条"
        );
    }
}
