//! The command line's vocabulary: the clap definitions of every subcommand
//! and option, and the checks and conversions of the options shared by the
//! reader, `report`, `index` and `serve` ([`CorpusArgs`]). No I/O.

use crate::corpus::{self, LoadOptions};
use crate::reuse::Params;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

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
    /// Analyse the documents and save the analysis, so that the reader, the
    /// report and the server reopen them instantly.
    Index(IndexArgs),
    /// Write the documents in another tool's input format.
    Export(ExportArgs),
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
    /// Read .html/.htm/.xhtml/.xml/.svg and manual pages' roff as plain text
    /// (default: tags, comments, scripts, styles, entities and roff requests
    /// and escapes are masked out of the words).
    #[arg(long)]
    pub no_markup: bool,
    /// Skip .gz files instead of reading them decompressed.
    #[arg(long)]
    pub no_decompress: bool,
    /// Leave out files and folders matching GLOB when walking a folder
    /// (repeatable): `*.js`, `node_modules`, `searchindex-*` match names at
    /// any depth, a glob with `/` the path below the folder named
    /// (`book/2018-edition`, `**/print.html`). Files named on the command
    /// line are read anyway.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Neither reuse nor write the saved analysis: analyse from scratch.
    #[arg(long)]
    pub no_cache: bool,
    /// Saved analysis to reuse and refresh (default: one per corpus in the
    /// user cache dir). Without PATH, opens the documents it records.
    #[arg(long, value_name = "FILE", conflicts_with = "no_cache")]
    pub index: Option<PathBuf>,
    /// Show the clusters passim found (its output folder or JSON lines file)
    /// instead of analysing; PATH names the documents exported to passim.
    #[arg(long, value_name = "DIR")]
    pub from_passim: Option<PathBuf>,
    /// With --from-passim: leave out clusters whose boilerplate share
    /// (passim's pboiler) is above F.
    #[arg(long, value_name = "F", requires = "from_passim")]
    pub max_boilerplate: Option<f64>,
}

impl CorpusArgs {
    /// The loading options these arguments ask for.
    /// The globs of `--exclude` were read by [`CorpusArgs::check`], which
    /// every command runs first; here they cannot fail.
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            max_file_bytes: self.max_file_size,
            markup: !self.no_markup,
            decompress: !self.no_decompress,
            exclude: corpus::Exclude::new(&self.exclude).unwrap_or_default(),
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
    /// For scripts on large corpora: the JSON contract as JSON Lines, one
    /// cluster per line, streamed.
    Jsonl,
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
    /// Leave out the clusters marked boilerplate in this marks file (the
    /// reader's `.refrain.toml`).
    #[arg(long, value_name = "FILE")]
    pub ignore: Option<PathBuf>,
    /// Report only clusters not in this baseline (so `--exit-code` fails only
    /// on new reuse).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the clusters reported in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
}

/// Arguments of `refrain index`.
#[derive(Debug, Clone, Args)]
pub struct IndexArgs {
    /// Documents and analysis options.
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Where to write the analysis (default: the user cache dir, where the
    /// reader, the report and the server look for it).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Arguments of `refrain export`.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// Files or folders to export (default: the bundled seed articles).
    pub paths: Vec<PathBuf>,
    /// Write passim's input, JSON Lines with `id`, `series` and `text`, to FILE.
    #[arg(long, value_name = "FILE", required = true)]
    pub passim: PathBuf,
    /// How a document's series is named: `top` (its top-level folder under
    /// the corpus root), `parent` (its own folder), `file` (each document
    /// alone) or `depth:N` (its first N folders).
    #[arg(long, value_name = "RULE", default_value = "top")]
    pub series: String,
    /// Largest file read, in bytes; larger files are skipped with a warning.
    #[arg(long, value_name = "BYTES", default_value_t = corpus::DEFAULT_MAX_FILE_BYTES)]
    pub max_file_size: u64,
    /// Leave out files and folders matching GLOB when walking a folder
    /// (repeatable; as in the reader).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
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
    /// (default: anyone, no password). from= and expiry-time= are honoured;
    /// a line with another option refrain cannot honour (command=, …) is not
    /// used, with a warning.
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
    /// Triage marks file shared by every session (default: each session's
    /// marks last only as long as the session).
    #[arg(long, value_name = "FILE")]
    pub marks: Option<PathBuf>,
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
        corpus::Exclude::new(&self.exclude)?;
        Ok(())
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
