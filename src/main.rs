//! The `factdesk` binary: a thin shell over the library.

use std::process::ExitCode;

use clap::Parser;
use factdesk::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Extract(args)) => factdesk::cli::run_extract(&args),
        None => open_window(cli),
    }
}

#[cfg(feature = "gui")]
fn open_window(cli: Cli) -> ExitCode {
    use factdesk::review::loader::Source;
    let startup = factdesk::gui::Startup {
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
