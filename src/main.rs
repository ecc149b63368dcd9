//! The `factdesk` binary: a thin shell over the library.

use std::process::ExitCode;

use clap::Parser;
use factdesk::cli::{Cli, Command};

/// The engine makes many small strings and vectors (a mention's surface, subject and sentence,
/// the grammar's steps): mimalloc serves them in fewer instructions than the system allocator.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Extract(args)) => factdesk::cli::run_extract(&args),
        Some(Command::New(args)) => factdesk::cli::run_new(&args),
        Some(Command::Export(args)) => factdesk::cli::run_export(&args),
        Some(Command::Review(args)) => factdesk::cli::run_review(&args),
        None => open_window(cli, started),
    }
}

#[cfg(feature = "gui")]
fn open_window(cli: Cli, started: std::time::Instant) -> ExitCode {
    use factdesk::review::loader::Source;
    let is_project = |p: &std::path::Path| factdesk::review::project::is_project_path(p);
    let project = match cli.paths.as_slice() {
        [one] if is_project(one) => Some(one.clone()),
        _ => None,
    };
    let startup = factdesk::gui::Startup {
        project,
        source: if cli.paths.is_empty() {
            Source::BundledSeeds
        } else {
            Source::Paths(cli.paths)
        },
        exit_after_frames: cli.exit_after_frames,
        native_dialogs: !cli.no_native_dialogs,
        report_start: cli.report_start.then_some(started),
        ..window_settings(cli.lang.as_deref())
    };
    match factdesk::gui::run(startup) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("factdesk: cannot open the window: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The window's language and where it is remembered: `--lang`, then `FACTDESK_LANG`, then the
/// settings file, then the system locale. A settings file that cannot be read is reported and
/// left alone (a language chosen in the menu replaces it).
#[cfg(feature = "gui")]
fn window_settings(lang: Option<&str>) -> factdesk::gui::Startup {
    use factdesk::settings::{self, Settings};
    let path = settings::default_path();
    let loaded = match &path {
        Some(p) => Settings::load(p).unwrap_or_else(|e| {
            eprintln!("factdesk: settings ignored: {e}");
            Settings::default()
        }),
        None => Settings::default(),
    };
    let env = std::env::var("FACTDESK_LANG").ok();
    let overridden = lang.or(env.as_deref());
    if let Some(code) = overridden
        && factdesk::i18n::Language::from_code(code).is_none()
    {
        eprintln!("factdesk: FACTDESK_LANG={code} is neither `en` nor `zh`; ignored");
    }
    let locale = sys_locale::get_locale();
    factdesk::gui::Startup {
        language: settings::startup_language(overridden, loaded.language(), locale.as_deref()),
        settings_path: path,
        settings: loaded,
        ..factdesk::gui::Startup::default()
    }
}

#[cfg(not(feature = "gui"))]
fn open_window(_cli: Cli, _started: std::time::Instant) -> ExitCode {
    eprintln!("factdesk: built without the `gui` feature; run `factdesk extract --help`");
    ExitCode::from(2)
}
