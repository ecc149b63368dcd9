//! The window's settings that outlive a start (today: its language), in `settings.toml` in the
//! user's config folder (`directories`, "factdesk"). Written atomically; a file that cannot be read
//! is reported and left as it is until the analyst changes a setting, which writes a new one.
//! `FACTDESK_CONFIG_DIR` points elsewhere (tests, screenshots), so they never touch the real one.

use std::path::{Path, PathBuf};

use crate::i18n::Language;

pub const FILE_NAME: &str = "settings.toml";

/// The settings file: the one of `FACTDESK_CONFIG_DIR` when set, else the user's config folder's.
pub fn default_path() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("FACTDESK_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir).join(FILE_NAME));
    }
    directories::ProjectDirs::from("", "", "factdesk").map(|d| d.config_dir().join(FILE_NAME))
}

/// What the settings file holds. Keys this version does not know are kept and written back.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    table: toml::Table,
}

impl Settings {
    /// Reads `path`; a file that does not exist is empty settings. `Err` names what is wrong with
    /// a file that exists but cannot be used (the caller warns and goes on with defaults).
    pub fn load(path: &Path) -> Result<Settings, String> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        let table: toml::Table = text
            .parse()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let settings = Settings { table };
        if let Some(value) = settings.table.get("language")
            && value.as_str().and_then(Language::from_code).is_none()
        {
            return Err(format!(
                "{}: `language` must be \"en\" or \"zh\", not {value}",
                path.display()
            ));
        }
        Ok(settings)
    }

    pub fn language(&self) -> Option<Language> {
        self.table
            .get("language")
            .and_then(|v| v.as_str())
            .and_then(Language::from_code)
    }

    pub fn set_language(&mut self, language: Language) {
        self.table.insert(
            "language".into(),
            toml::Value::String(language.code().into()),
        );
    }

    /// Writes the settings to `path` atomically, making its folder when missing.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let text = toml::to_string(&self.table).map_err(std::io::Error::other)?;
        crate::atomic::write_atomically(path, |w| w.write_all(text.as_bytes()))
    }
}

/// The language the window starts in: `FACTDESK_LANG` (or `--lang`), else the remembered one,
/// else the system locale's (`zh*` is Chinese, any other English).
pub fn startup_language(
    overridden: Option<&str>,
    remembered: Option<Language>,
    locale: Option<&str>,
) -> Language {
    overridden
        .and_then(Language::from_code)
        .or(remembered)
        .unwrap_or_else(|| Language::for_locale(locale))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_remembered_and_unknown_keys_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join(FILE_NAME);
        assert_eq!(Settings::load(&path).unwrap().language(), None);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "theme = \"dark\"\n").unwrap();
        let mut settings = Settings::load(&path).unwrap();
        settings.set_language(Language::Chinese);
        settings.save(&path).unwrap();
        let again = Settings::load(&path).unwrap();
        assert_eq!(again.language(), Some(Language::Chinese));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("theme = \"dark\""), "{text}");
    }

    #[test]
    fn a_damaged_file_is_an_error_naming_it_and_is_left_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        for damaged in ["language = \"zh", "language = \"fr\"\n", "language = 3\n"] {
            std::fs::write(&path, damaged).unwrap();
            let error = Settings::load(&path).unwrap_err();
            assert!(error.contains(FILE_NAME), "{error}");
            assert_eq!(std::fs::read_to_string(&path).unwrap(), damaged);
        }
    }

    #[test]
    fn the_override_wins_then_the_remembered_language_then_the_locale() {
        use Language::*;
        assert_eq!(startup_language(Some("zh"), Some(English), None), Chinese);
        assert_eq!(startup_language(Some("xx"), Some(Chinese), None), Chinese);
        assert_eq!(
            startup_language(None, Some(English), Some("zh-CN")),
            English
        );
        assert_eq!(startup_language(None, None, Some("zh-CN")), Chinese);
        assert_eq!(startup_language(None, None, Some("de-DE")), English);
    }
}
