//! The command line: argument parsing (clap) and dispatch to the reader, the
//! report, the keymap listing and the SSH server. Errors are printed as one line
//! `refrain: …`; exit codes: 0 success, 1 clusters found with `--exit-code`,
//! 2 error, 128 + the signal number when SIGINT, SIGTERM or SIGHUP ended the
//! reader (130, 143, 129). Loading and analysis run on a background job with
//! progress: on the reader's screen, or on stderr for `report` and `serve`.

use crate::corpus::{self, LoadOptions, Warning};
use crate::job::Job;
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

impl CorpusArgs {
    /// Checks the analysis options (one-line error when out of range).
    pub fn check(&self) -> Result<(), String> {
        if !(0.0..=1.0).contains(&self.min_similarity) {
            return Err(format!(
                "--min-similarity must be between 0 and 1, not {}",
                self.min_similarity
            ));
        }
        if self.min_words == 0 {
            return Err("--min-words must be at least 1".into());
        }
        Ok(())
    }

    /// How files are read.
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            max_file_bytes: self.max_file_size,
        }
    }

    /// What is analysed, for progress displays ("the seed articles", "docs/ notes.md").
    pub fn label(&self) -> String {
        if self.paths.is_empty() {
            return "the seed articles".into();
        }
        let names: Vec<String> = self.paths.iter().map(|p| p.display().to_string()).collect();
        names.join(" ")
    }
}

/// A corpus loaded and analysed, with the files skipped on the way.
#[derive(Debug)]
pub struct Analysed {
    /// The analysis.
    pub analysis: Analysis,
    /// One warning per skipped file.
    pub warnings: Vec<Warning>,
}

/// What the load-and-analyse job delivers: `Ok(None)` when it was cancelled.
pub type Outcome = Result<Option<Analysed>, corpus::LoadError>;

/// Starts loading (the seeds when no path is given) and analysing the corpus
/// named by `args` on a background [`Job`], reporting every stage to its
/// progress. Call [`CorpusArgs::check`] first.
pub fn spawn_analysis(args: &CorpusArgs) -> Job<Outcome> {
    let paths = args.paths.clone();
    let opts = args.load_options();
    let params = args.params();
    Job::spawn(move |progress| {
        let loaded = if paths.is_empty() {
            corpus::Loaded {
                corpus: corpus::seeds(),
                warnings: Vec::new(),
            }
        } else {
            corpus::load_progress(&paths, &opts, progress)?
        };
        if progress.is_cancelled() {
            return Ok(None);
        }
        Ok(
            reuse::analyse_progress(loaded.corpus, &params, progress).map(|analysis| Analysed {
                analysis,
                warnings: loaded.warnings,
            }),
        )
    })
}

/// Most skipped files named one per line on stderr; above this, one summary line.
pub const MAX_WARNING_LINES: usize = 10;

/// Tells stderr which files were skipped: one line each when there are at most
/// [`MAX_WARNING_LINES`], else one summary line ("1,750 files skipped: 1,744
/// compressed, 6 binary").
pub fn print_warnings(warnings: &[Warning]) {
    if warnings.len() <= MAX_WARNING_LINES {
        for w in warnings {
            eprintln!("refrain: {w}");
        }
    } else if let Some(summary) = crate::app::skipped_summary(warnings) {
        eprintln!("refrain: {summary} (the reader lists them: `!` in the library)");
    }
}

/// Waits for an analysis job, drawing its progress on stderr when stderr is a
/// terminal (nothing otherwise), then prints the skipped files.
pub fn wait_with_progress(job: Job<Outcome>) -> Result<Analysis, String> {
    use std::io::IsTerminal;
    let bar = std::io::stderr().is_terminal().then(StderrProgress::new);
    let outcome = loop {
        if let Some(result) = job.try_finish() {
            break result;
        }
        if let Some(b) = &bar {
            b.show(job.snapshot());
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    if let Some(b) = bar {
        b.finish();
    }
    match outcome {
        Ok(Ok(Some(a))) => {
            print_warnings(&a.warnings);
            Ok(a.analysis)
        }
        Ok(Ok(None)) => Err("the analysis was cancelled".into()),
        Ok(Err(e)) => {
            if let corpus::LoadError::NothingReadable(warnings) = &e {
                print_warnings(warnings);
            }
            Err(e.to_string())
        }
        Err(()) => Err("the analysis failed unexpectedly (a bug; please report it)".into()),
    }
}

/// The `refrain report` / `serve` progress bar on stderr (indicatif).
struct StderrProgress {
    bar: indicatif::ProgressBar,
}

impl StderrProgress {
    fn new() -> Self {
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(0),
            indicatif::ProgressDrawTarget::stderr_with_hz(10),
        );
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "refrain: {prefix:<10} [{bar:30}] {msg} ({elapsed})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("█▌░"),
        );
        StderrProgress { bar }
    }

    fn show(&self, snap: crate::progress::Snapshot) {
        if snap.stage == crate::progress::Stage::Starting {
            return;
        }
        self.bar.set_prefix(snap.stage.name());
        self.bar.set_length(snap.total.max(1));
        self.bar.set_position(snap.done.min(snap.total.max(1)));
        self.bar.set_message(crate::ui::progress::counts(&snap));
    }

    fn finish(self) {
        self.bar.finish_and_clear();
    }
}

/// Loads and analyses the corpus named by `args` (the seeds when no path is
/// given), with progress on stderr when it is a terminal and the skipped files
/// reported there.
pub fn load_analysis(args: &CorpusArgs) -> Result<Analysis, String> {
    args.check()?;
    wait_with_progress(spawn_analysis(args))
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
                if std::fs::symlink_metadata(p).is_err() && std::fs::metadata(p).is_err() {
                    return Err(corpus::LoadError::NotFound(p.display().to_string()).to_string());
                }
            }
            crate::tui::check_terminal()?;
            let options = crate::app::AppOptions {
                color,
                allow_editor: true,
            };
            let job = spawn_analysis(&args.corpus);
            let ended = crate::tui::run_loading(job, &args.corpus.label(), keymap, options)
                .map_err(|e| e.to_string())?;
            match ended {
                crate::tui::Ended::Quit => Ok(0),
                crate::tui::Ended::Signal(sig) => Ok(128 + sig),
                crate::tui::Ended::Failed(e) => {
                    if let corpus::LoadError::NothingReadable(warnings) = &e {
                        print_warnings(warnings);
                    }
                    Err(e.to_string())
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
