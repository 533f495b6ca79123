//! The command line: argument parsing (clap) and dispatch to the reader, the
//! report, the keymap listing and the SSH server. Errors are printed as one line
//! `refrain: …` (sanitised: file names and reasons never carry escape
//! sequences to the terminal); exit codes: 0 success, 1 clusters found with
//! `--exit-code`, 2 error. Naming paths that hold no document at all (an
//! empty folder, or only binary, special or unreadable files) is an error:
//! one line per skipped file, then `refrain: PATH: no readable text files
//! (…)` or `refrain: PATH: no text files found`, exit 2.

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
    /// Read .html/.htm/.xhtml/.xml as plain text (default: tags, comments,
    /// scripts, styles and entities are masked out of the words).
    #[arg(long)]
    pub no_markup: bool,
    /// Skip .gz files instead of reading them decompressed.
    #[arg(long)]
    pub no_decompress: bool,
}

impl CorpusArgs {
    /// The loading options these arguments ask for.
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            max_file_bytes: self.max_file_size,
            markup: !self.no_markup,
            decompress: !self.no_decompress,
        }
    }

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
    /// Address and port to listen on (port 0: any free port, printed at start).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:2222")]
    pub listen: String,
    /// Keymap preset (default, vim, emacs) or path to a keymap file.
    #[arg(long, value_name = "NAME|PATH")]
    pub keymap: Option<String>,
    /// Host key file (OpenSSH format); generated (ed25519, mode 0600) if missing.
    /// Default: refrain/host_ed25519 in the user's data directory.
    #[arg(long, value_name = "PATH")]
    pub host_key: Option<PathBuf>,
    /// Let in only the public keys listed in this authorized_keys file
    /// (default: anyone, no password).
    #[arg(long, value_name = "FILE")]
    pub authorized_keys: Option<PathBuf>,
    /// Reader sessions at once; the next client is told the server is full.
    #[arg(long, value_name = "N", default_value_t = 32)]
    pub max_sessions: usize,
    /// Seconds a connection has to log in and start the reader.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub login_grace: u64,
    /// Seconds without input after which a session is closed (0: never).
    #[arg(long, value_name = "SECONDS", default_value_t = 600)]
    pub idle_timeout: u64,
    /// Largest window served, COLSxROWS; larger windows are clamped.
    #[arg(long, value_name = "COLSxROWS", default_value = "500x200")]
    pub max_size: String,
    /// Seconds a client may stop reading output before it is disconnected.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub write_timeout: u64,
    /// New connections per minute from one source address (0: unlimited).
    #[arg(long, value_name = "N", default_value_t = 30)]
    pub rate_limit: u32,
}

/// Loads the corpus named by `args` (the seeds when no path is given), printing
/// one warning line per skipped file to stderr, and analyses it.
pub fn load_analysis(args: &CorpusArgs) -> Result<Analysis, String> {
    Ok(reuse::analyse(load_corpus(args)?, &args.params()))
}

/// Checks the options and loads the corpus named by `args` (the seeds when no
/// path is given), printing one warning line per skipped file; no analysis.
pub fn load_corpus(args: &CorpusArgs) -> Result<corpus::Corpus, String> {
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
        let loaded = corpus::load(&args.paths, &args.load_options()).map_err(|e| {
            if let corpus::LoadError::NothingReadable(warnings) = &e {
                for w in warnings {
                    eprintln!("refrain: {w}");
                }
                if let [only] = args.paths.as_slice() {
                    return format!(
                        "{}: {e}",
                        crate::sanitize::sanitize(&only.display().to_string())
                    );
                }
            }
            e.to_string()
        })?;
        for w in &loaded.warnings {
            eprintln!("refrain: {w}");
        }
        loaded.corpus
    };
    Ok(corpus)
}

/// Parses the command line, runs it, and returns the process exit code.
pub fn main() -> i32 {
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
            let corpus = load_corpus(&args.corpus)?;
            crate::tui::check_terminal()?;
            let options = crate::app::AppOptions {
                color,
                allow_editor: true,
            };
            crate::tui::run_analysing(corpus, &args.corpus.params(), keymap, options)
                .map_err(|e| e.to_string())?;
            Ok(0)
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
