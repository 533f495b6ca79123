//! The command line: argument parsing (clap) and dispatch to the reader, the
//! report, the keymap listing and the SSH server. Errors are printed as one line
//! `refrain: …`; exit codes: 0 success, 1 clusters found with `--exit-code`,
//! 2 error.

use crate::corpus::{self, LoadOptions};
use crate::reuse::{self, Analysis, Params};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Exit code for errors (bad paths, bad keymaps, bad options).
pub const EXIT_ERROR: i32 = 2;

/// refrain: find the passages a set of documents share and read them side by side.
#[derive(Debug, Parser)]
#[command(
    name = "refrain",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// What to do (default: open the reader).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options of the reader (when no subcommand is given).
    #[command(flatten)]
    pub read: ReadArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the clusters of shared passages as text or JSON.
    Report(ReportArgs),
    /// Print the active key bindings.
    Keys(KeysArgs),
    /// Serve the reader over SSH.
    Serve(ServeArgs),
}

/// Where the documents come from and how they are analysed.
#[derive(Debug, Clone, Args)]
pub struct CorpusArgs {
    /// Files or folders to read (default: the bundled seed articles).
    pub paths: Vec<PathBuf>,
    /// Shortest passage reported, in words.
    #[arg(long, value_name = "N", default_value_t = Params::default().min_words)]
    pub min_words: usize,
    /// Lowest similarity (0 to 1) for two passages to count as the same text.
    #[arg(long, value_name = "F", default_value_t = Params::default().min_similarity)]
    pub min_similarity: f64,
    /// Largest file read, in bytes; larger files are skipped with a warning.
    #[arg(long, value_name = "BYTES", default_value_t = corpus::DEFAULT_MAX_FILE_BYTES)]
    pub max_file_size: u64,
}

impl CorpusArgs {
    /// The analysis parameters these arguments ask for.
    pub fn params(&self) -> Params {
        Params {
            min_words: self.min_words,
            min_similarity: self.min_similarity,
            ..Params::default()
        }
    }
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour unless NO_COLOR is set or TERM says the terminal has none.
    Auto,
    /// Always colour.
    Always,
    /// Never colour (passages stay visible through reverse/underline/bold).
    Never,
}

/// Arguments of the reader (`refrain [PATH…]`).
#[derive(Debug, Clone, Args)]
pub struct ReadArgs {
    /// Documents and analysis options.
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Keymap preset (default, vim, emacs) or path to a keymap file.
    #[arg(long, value_name = "NAME|PATH")]
    pub keymap: Option<String>,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// Output format of `refrain report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: one block per cluster.
    Text,
    /// For scripts: the stable JSON contract.
    Json,
}

/// Arguments of `refrain report`.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Documents and analysis options.
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit with 1 when any cluster is found, 0 when none.
    #[arg(long)]
    pub exit_code: bool,
}

/// Arguments of `refrain keys`.
#[derive(Debug, Clone, Args)]
pub struct KeysArgs {
    /// Keymap preset (default, vim, emacs) or path to a keymap file.
    #[arg(long, value_name = "NAME|PATH")]
    pub keymap: Option<String>,
    /// Report actions left unbound, and exit 1 if there are any.
    #[arg(long)]
    pub check: bool,
}

/// Arguments of `refrain serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Documents and analysis options.
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Address and port to listen on.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:2222")]
    pub listen: String,
    /// Keymap preset (default, vim, emacs) or path to a keymap file.
    #[arg(long, value_name = "NAME|PATH")]
    pub keymap: Option<String>,
}

/// Loads the corpus named by `args` (the seeds when no path is given), printing
/// one warning line per skipped file to stderr, and analyses it.
pub fn load_analysis(args: &CorpusArgs) -> Result<Analysis, String> {
    if !(0.0..=1.0).contains(&args.min_similarity) {
        return Err(format!(
            "--min-similarity must be between 0 and 1, not {}",
            args.min_similarity
        ));
    }
    if args.min_words == 0 {
        return Err("--min-words must be at least 1".into());
    }
    let corpus = if args.paths.is_empty() {
        corpus::seeds()
    } else {
        let opts = LoadOptions {
            max_file_bytes: args.max_file_size,
        };
        let loaded = corpus::load(&args.paths, &opts).map_err(|e| {
            if let corpus::LoadError::NothingReadable(warnings) = &e {
                for w in warnings {
                    eprintln!("refrain: {w}");
                }
            }
            e.to_string()
        })?;
        for w in &loaded.warnings {
            eprintln!("refrain: {w}");
        }
        loaded.corpus
    };
    Ok(reuse::analyse(corpus, &args.params()))
}

/// Parses the command line, runs it, and returns the process exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("refrain: {message}");
            EXIT_ERROR
        }
    }
}

/// Runs a parsed command line; `Err` is a one-line message (exit code 2).
pub fn run(cli: Cli) -> Result<i32, String> {
    match cli.command {
        Some(Command::Report(args)) => {
            let analysis = load_analysis(&args.corpus)?;
            let out = match args.format {
                Format::Text => crate::report::text(&analysis),
                Format::Json => crate::report::json(&analysis),
            };
            print!("{out}");
            Ok(if args.exit_code && !analysis.clusters.is_empty() {
                1
            } else {
                0
            })
        }
        Some(Command::Keys(_args)) => Err("keys is not implemented yet".into()),
        Some(Command::Serve(args)) => {
            let analysis = load_analysis(&args.corpus)?;
            crate::ssh::serve(&args, std::sync::Arc::new(analysis))?;
            Ok(0)
        }
        None => {
            let args = cli.read;
            let analysis = load_analysis(&args.corpus)?;
            let app = crate::app::App::new(
                std::sync::Arc::new(analysis),
                std::sync::Arc::new(crate::keymap::Keymap::default()),
                crate::app::AppOptions::default(),
            );
            crate::tui::run(app).map_err(|e| e.to_string())?;
            Ok(0)
        }
    }
}
