//! The command line: parsing ([`args`]) and dispatch to the reader, the
//! report, the keymap listing and the SSH server. Errors are printed as one line
//! `refrain: …` (sanitised: file names and reasons never carry escape
//! sequences to the terminal); exit codes: 0 success, 1 clusters found with
//! `--exit-code`, 2 error, 128 + the signal number when SIGINT, SIGTERM or
//! SIGHUP ended the reader (130, 143, 129). Naming paths that hold no document
//! at all (an empty folder, or only binary, special or unreadable files) is an
//! error: the skipped files, then `refrain: PATH: no readable text files (…)`
//! or `refrain: PATH: no text files found`, exit 2. Loading and analysis run
//! on a background job with progress: on the reader's screen, or on stderr
//! for `report` and `serve`.

//!
//! One job per file: [`args`] (the clap definitions and option checks),
//! [`load`] (from arguments to an analysis: passim's output, a saved
//! analysis reopened, or a corpus to analyse, on a background job),
//! [`wait`] (progress and skipped files on stderr), [`report`]
//! (`refrain report`) and [`index`] (`refrain index` and `refrain export`);
//! this file runs a parsed command line.

pub mod args;
pub mod index;
pub mod load;
pub mod report;
pub mod wait;

pub use args::*;
pub use load::*;
pub use wait::*;

use crate::corpus;
use clap::Parser;

/// Exit code for errors (bad paths, bad keymaps, bad options).
pub const EXIT_ERROR: i32 = 2;

/// Parses the command line, runs it, and returns the process exit code.
pub fn main() -> i32 {
    crate::allocator::tune();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e) => {
            // Usage errors echo the arguments given: printed plain and sanitised.
            eprint!(
                "{}",
                crate::sanitize::sanitize_lines(&e.render().to_string())
            );
            return EXIT_ERROR;
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("refrain: {}", crate::sanitize::sanitize(&message));
            EXIT_ERROR
        }
    }
}

/// Runs a parsed command line; `Err` is a one-line message (exit code 2).
pub fn run(cli: Cli) -> Result<i32, String> {
    match cli.command {
        Some(Command::Report(args)) => report::run_report(&args),
        Some(Command::Index(args)) => index::run_index(&args),
        Some(Command::Export(args)) => index::run_export(&args),
        Some(Command::Keys(args)) => crate::keymap::run_keys(args.keymap.as_deref(), args.check),
        Some(Command::Serve(args)) => {
            let settings = crate::ssh::Settings::from_args(&args)?;
            let analysis = load_analysis(&args.corpus)?;
            crate::ssh::serve(settings, std::sync::Arc::new(analysis))?;
            Ok(0)
        }
        None => {
            let args = cli.read;
            let color = reader_color(args.color);
            let keymap =
                crate::keymap::Keymap::load(args.keymap.as_deref()).map_err(|e| e.to_string())?;
            args.corpus.check()?;
            for p in &args.corpus.paths {
                // A missing path is an error before the screen changes.
                if std::fs::symlink_metadata(p).is_err() {
                    return Err(corpus::LoadError::NotFound(p.display().to_string()).to_string());
                }
            }
            crate::tui::check_terminal()?;
            let options = crate::app::AppOptions {
                color,
                allow_editor: true,
                marks: Some(crate::marks::MarksLocation::for_paths(&args.corpus.paths)),
            };
            let job = spawn_analysis(&args.corpus, false);
            let ended = crate::tui::run_loading(job, &args.corpus.label(), keymap, options)
                .map_err(|e| e.to_string())?;
            match ended {
                crate::tui::Ended::Quit => Ok(0),
                crate::tui::Ended::Signal(sig) => Ok(128 + sig),
                crate::tui::Ended::Failed(f) => {
                    f.notes.print();
                    Err(f.message)
                }
            }
        }
    }
}

/// The reader's colour mode from `--color` and the environment
/// (`NO_COLOR`, `TERM`, `COLORTERM`).
pub fn reader_color(choice: ColorChoice) -> crate::ui::ColorMode {
    use crate::ui::ColorMode;
    let var = |k: &str| std::env::var(k).ok();
    let no_color = var("NO_COLOR").is_some_and(|v| !v.is_empty());
    let (term, colorterm) = (var("TERM"), var("COLORTERM"));
    match choice {
        ColorChoice::Never => ColorMode::None,
        ColorChoice::Auto => ColorMode::detect(term.as_deref(), colorterm.as_deref(), no_color),
        ColorChoice::Always => {
            match ColorMode::detect(term.as_deref(), colorterm.as_deref(), false) {
                ColorMode::None => ColorMode::Ansi16,
                m => m,
            }
        }
    }
}
