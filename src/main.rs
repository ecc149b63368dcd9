//! The `factdesk` binary: a thin shell over the library.

use std::process::ExitCode;

use clap::Parser;
use factdesk::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Extract(args)) => factdesk::cli::run_extract(&args),
        Some(Command::New(args)) => factdesk::cli::run_new(&args),
        Some(Command::Export(args)) => factdesk::cli::run_export(&args),
        Some(Command::Review(args)) => factdesk::cli::run_review(&args),
        None => open_window(cli),
    }
}

#[cfg(feature = "gui")]
fn open_window(cli: Cli) -> ExitCode {
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
    };
    match factdesk::gui::run(startup) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("factdesk: cannot open the window: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_window(_cli: Cli) -> ExitCode {
    eprintln!("factdesk: built without the `gui` feature; run `factdesk extract --help`");
    ExitCode::from(2)
}
