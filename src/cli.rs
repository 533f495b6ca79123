//! The command line: argument parsing (clap) and dispatch to the reader, the
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

use crate::corpus::{self, LoadOptions, Warning};
use crate::job::Job;
use crate::progress::Progress;
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
    /// Read .html/.htm/.xhtml/.xml as plain text (default: tags, comments,
    /// scripts, styles and entities are masked out of the words).
    #[arg(long)]
    pub no_markup: bool,
    /// Skip .gz files instead of reading them decompressed.
    #[arg(long)]
    pub no_decompress: bool,
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

/// Where an analysis comes from before the reader, the report or the server
/// can use it.
pub enum Prepared {
    /// Ready: reopened from a saved analysis, or imported from passim.
    Ready(Analysis),
    /// The corpus must be analysed; then saved to `save` (file and what to
    /// record with it) if set.
    Analyse {
        /// The documents loaded.
        corpus: corpus::Corpus,
        /// Where to save the analysis, and how its documents were read.
        save: Option<(PathBuf, crate::store::Meta)>,
    },
}

/// The saved-analysis file for `args`: `--index FILE`, else the cache file
/// of the paths named (none for the bundled seeds, or with `--no-cache`).
pub fn saved_location(args: &CorpusArgs) -> Option<PathBuf> {
    if args.no_cache {
        return None;
    }
    if let Some(f) = &args.index {
        return Some(f.clone());
    }
    if args.paths.is_empty() {
        return None;
    }
    crate::store::cache_path(&args.paths)
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

    /// What is analysed, for progress displays ("the seed articles", "docs/ notes.md").
    pub fn label(&self) -> String {
        if self.paths.is_empty() {
            return "the seed articles".into();
        }
        let names: Vec<String> = self.paths.iter().map(|p| p.display().to_string()).collect();
        names.join(" ")
    }
}

/// Loads what `args` name: passim's clusters (`--from-passim`), a current
/// saved analysis, or the corpus still to analyse. A stale or corrupt saved
/// analysis is reported in one line on stderr and will be rebuilt; skipped
/// files are reported there too.
pub fn prepare(args: &CorpusArgs) -> Result<Prepared, String> {
    let mut notes = Notes::default();
    let prepared = prepare_with(args, &Progress::new(), &mut notes);
    notes.print();
    prepared
}

/// What loading has to tell the user besides the result: skipped files and
/// one-line notes (a stale saved analysis, passim's missing documents).
/// Collected, not printed, so the reader can show them on its screen.
#[derive(Debug, Default)]
pub struct Notes {
    /// One warning per skipped file.
    pub warnings: Vec<Warning>,
    /// Other one-line messages, without the `refrain: ` prefix.
    pub lines: Vec<String>,
}

impl Notes {
    /// Prints the notes on stderr, then the skipped files (see [`print_warnings`]).
    pub fn print(&self) {
        for l in &self.lines {
            eprintln!("refrain: {l}");
        }
        print_warnings(&self.warnings);
    }
}

/// [`prepare`], reporting reading to `progress` and collecting what it has to
/// say in `notes`. A current saved analysis is reopened without reading its
/// documents (they are read when opened; see [`crate::doctext`]).
pub fn prepare_with(
    args: &CorpusArgs,
    progress: &Progress,
    notes: &mut Notes,
) -> Result<Prepared, String> {
    prepare_checked(args, progress, notes, false)
}

/// [`prepare_with`]; with `verify`, the documents of a reopened analysis are
/// read at once and checked against it (for the report, which prints them
/// all): one changed since (same size and time) makes it stale.
fn prepare_checked(
    args: &CorpusArgs,
    progress: &Progress,
    notes: &mut Notes,
    verify: bool,
) -> Result<Prepared, String> {
    use crate::store::{self, Unusable};
    if let Some(dir) = &args.from_passim {
        return Ok(Prepared::Ready(load_passim(args, dir, progress, notes)?));
    }
    args.check()?;
    let mut args = args.clone();
    let saved = saved_location(&args);
    if args.paths.is_empty()
        && let Some(index) = &args.index
    {
        // No PATH: the documents are those the file records.
        match store::read(index) {
            Ok(s) if s.roots != ["<seeds>"] => {
                args.paths = s.roots.iter().map(PathBuf::from).collect();
            }
            Ok(_) => {}
            Err(why) => {
                return Err(format!(
                    "{}: {why}; name the documents to analyse them",
                    index.display()
                ));
            }
        }
    }
    let meta = |skipped: Vec<Warning>| store::Meta {
        roots: store::roots(&args.paths),
        options: args.load_options(),
        skipped,
    };
    let stale = |why: Unusable, notes: &mut Notes, path: &std::path::Path| {
        if why != Unusable::Missing {
            notes
                .lines
                .push(format!("{}: {why}; re-analysing", path.display()));
        }
    };
    if let Some(path) = &saved
        && !args.paths.is_empty()
    {
        progress.stage(crate::progress::Stage::Reading, 0);
        let reopened = store::read(path).and_then(|s| {
            store::reopen_on_demand(&s, &args.paths, &args.load_options(), &args.params())
        });
        match reopened {
            Ok(r) => {
                let changed = if verify { changed_since(&r.analysis) } else { 0 };
                if changed == 0 {
                    if r.touched > 0
                        && let Some(line) = save_analysis_note(
                            Some((path.clone(), meta(r.warnings.clone()))),
                            &r.analysis,
                        )
                    {
                        notes.lines.push(line);
                    }
                    notes.warnings.extend(r.warnings);
                    return Ok(Prepared::Ready(r.analysis));
                }
                let why = format!("{} changed", crate::store::plural(changed, "document"));
                stale(Unusable::Stale(why), notes, path);
            }
            Err(why) => stale(why, notes, path),
        }
    }
    let corpus = load_corpus_with(&args, progress, &mut notes.warnings)?;
    let Some(path) = saved else {
        return Ok(Prepared::Analyse { corpus, save: None });
    };
    if args.paths.is_empty() {
        // The bundled seeds with --index FILE: checked by hash, in memory.
        match store::reopen(&path, corpus, &args.params()) {
            Ok(analysis) => return Ok(Prepared::Ready(analysis)),
            Err((corpus, why)) => {
                stale(why, notes, &path);
                return Ok(Prepared::Analyse {
                    corpus,
                    save: Some((path, meta(Vec::new()))),
                });
            }
        }
    }
    Ok(Prepared::Analyse {
        corpus,
        save: Some((path, meta(notes.warnings.clone()))),
    })
}

/// Reads every document of a reopened analysis (in parallel) and counts
/// those that changed since it was saved.
fn changed_since(analysis: &Analysis) -> usize {
    use rayon::prelude::*;
    analysis
        .corpus
        .documents
        .par_iter()
        .filter(|d| d.problem().is_some())
        .count()
}

/// Saves `analysis` where [`Prepared::Analyse`] asked; a failure is one
/// warning line, never an error (the analysis itself is fine).
pub fn save_analysis(save: Option<(PathBuf, crate::store::Meta)>, analysis: &Analysis) {
    if let Some(line) = save_analysis_note(save, analysis) {
        eprintln!("refrain: {line}");
    }
}

/// [`save_analysis`], returning the warning line instead of printing it.
fn save_analysis_note(
    save: Option<(PathBuf, crate::store::Meta)>,
    analysis: &Analysis,
) -> Option<String> {
    let (path, meta) = save?;
    crate::store::save(&path, analysis, &meta)
        .err()
        .map(|e| format!("{}: cannot save the analysis: {e}", path.display()))
}

/// Loads the analysis `args` name (see [`prepare`]): reopened when a
/// current one is saved, else analysed (and saved), on a background job whose
/// progress is drawn on stderr when stderr is a terminal; skipped files and
/// notes on stderr afterwards.
pub fn load_analysis(args: &CorpusArgs) -> Result<Analysis, String> {
    args.check()?;
    wait_with_progress(spawn_analysis(args, true))
}

/// [`load_analysis`] for a consumer that reads every document (the report):
/// a reopened analysis's documents are read at once and checked against it.
pub fn load_analysis_checked(args: &CorpusArgs) -> Result<Analysis, String> {
    args.check()?;
    wait_with_progress(spawn_analysis_checked(args, true, true))
}

/// passim's clusters from `dir` over the documents `args` name (or those
/// recorded in the output); missing or changed documents are reported by
/// name on stderr, one line each.
fn load_passim(
    args: &CorpusArgs,
    dir: &std::path::Path,
    progress: &Progress,
    notes: &mut Notes,
) -> Result<Analysis, String> {
    use crate::passim;
    if args
        .max_boilerplate
        .is_some_and(|m| !(0.0..=1.0).contains(&m))
    {
        return Err("--max-boilerplate must be between 0 and 1".into());
    }
    let records = passim::read_records(dir)?;
    let mut args = args.clone();
    if args.paths.is_empty() {
        args.paths = passim::recorded_paths(&records).ok_or_else(|| {
            format!(
                "{}: the records do not say where the documents are; name them (refrain --from-passim DIR PATH…)",
                dir.display()
            )
        })?;
    }
    let corpus = load_corpus_with(&args, progress, &mut notes.warnings)?;
    let root = passim::corpus_root(&args.paths);
    let ids = passim::document_ids(&corpus, root.as_deref());
    let imported =
        passim::import_checked(&records, corpus, &ids, &args.params(), args.max_boilerplate);
    notes
        .lines
        .extend(imported.warnings.iter().map(|w| w.to_string()));
    Ok(imported.analysis)
}

/// Checks the options and loads the corpus named by `args` (the seeds when no
/// path is given), printing the skipped files (see [`print_warnings`]); no analysis.
pub fn load_corpus(args: &CorpusArgs) -> Result<corpus::Corpus, String> {
    let mut warnings = Vec::new();
    let loaded = load_corpus_with(args, &Progress::new(), &mut warnings);
    print_warnings(&warnings);
    loaded
}

/// [`load_corpus`], reporting files read to `progress` and collecting the
/// skipped files in `warnings` (also when nothing was readable).
pub fn load_corpus_with(
    args: &CorpusArgs,
    progress: &Progress,
    warnings: &mut Vec<Warning>,
) -> Result<corpus::Corpus, String> {
    args.check()?;
    if args.paths.is_empty() {
        return Ok(corpus::seeds());
    }
    match corpus::load_progress(&args.paths, &args.load_options(), progress) {
        Ok(loaded) => {
            warnings.extend(loaded.warnings);
            Ok(loaded.corpus)
        }
        Err(e) => {
            if let corpus::LoadError::NothingReadable(ws) = &e {
                warnings.extend(ws.iter().cloned());
                if let [only] = args.paths.as_slice() {
                    return Err(format!(
                        "{}: {e}",
                        crate::sanitize::sanitize(&only.display().to_string())
                    ));
                }
            }
            Err(e.to_string())
        }
    }
}

/// A corpus loaded and analysed (or reopened), with what loading had to say.
#[derive(Debug)]
pub struct Analysed {
    /// The analysis.
    pub analysis: Analysis,
    /// Skipped files and notes.
    pub notes: Notes,
}

/// Why loading failed: the one-line message, and what was noted before.
#[derive(Debug)]
pub struct Failure {
    /// The error, for `refrain: …`.
    pub message: String,
    /// Skipped files and notes gathered before the failure.
    pub notes: Notes,
}

/// What the load-and-analyse job delivers: `Ok(None)` when it was cancelled.
pub type Outcome = Result<Option<Analysed>, Failure>;

/// Starts [`prepare_with`] and, when needed, the analysis (saved afterwards
/// when `save` is true and [`prepare`] asked for it) on a background [`Job`],
/// reporting every stage to its progress. Call [`CorpusArgs::check`] first.
pub fn spawn_analysis(args: &CorpusArgs, save: bool) -> Job<Outcome> {
    spawn_analysis_checked(args, save, false)
}

/// [`spawn_analysis`]; with `verify`, see [`load_analysis_checked`].
pub fn spawn_analysis_checked(args: &CorpusArgs, save: bool, verify: bool) -> Job<Outcome> {
    let args = args.clone();
    Job::spawn(move |progress| {
        let mut notes = Notes::default();
        let prepared = match prepare_checked(&args, progress, &mut notes, verify) {
            Ok(p) => p,
            Err(message) => return Err(Failure { message, notes }),
        };
        if progress.is_cancelled() {
            return Ok(None);
        }
        let analysis = match prepared {
            Prepared::Ready(analysis) => analysis,
            Prepared::Analyse { corpus, save: to } => {
                let Some(analysis) = reuse::analyse_progress(corpus, &args.params(), progress)
                else {
                    return Ok(None);
                };
                if save && let Some(line) = save_analysis_note(to, &analysis) {
                    notes.lines.push(line);
                }
                analysis
            }
        };
        progress.stage(crate::progress::Stage::Done, 0);
        Ok(Some(Analysed { analysis, notes }))
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
            a.notes.print();
            Ok(a.analysis)
        }
        Ok(Ok(None)) => Err("the analysis was cancelled".into()),
        Ok(Err(f)) => {
            f.notes.print();
            Err(f.message)
        }
        Err(crate::job::WorkerDied) => {
            Err("the analysis failed unexpectedly (a bug; please report it)".into())
        }
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
            let ignore = match &args.ignore {
                Some(p) if !p.is_file() => {
                    return Err(format!("{}: no such marks file", p.display()));
                }
                Some(p) => Some(crate::marks::Marks::read(p)?),
                None => None,
            };
            let baseline = match &args.baseline {
                Some(p) => Some(crate::baseline::Baseline::read(p)?),
                None => None,
            };
            let mut analysis = load_analysis_checked(&args.corpus)?;
            if let Some(marks) = &ignore {
                let d = crate::baseline::retain(&mut analysis, Some(marks), None);
                eprintln!(
                    "refrain: {} clusters ignored (marked boilerplate)",
                    d.ignored
                );
            }
            // The baseline records what is reported without a baseline, so
            // `--baseline F --write-baseline F` updates F.
            if let Some(p) = &args.write_baseline {
                crate::baseline::Baseline::of(&analysis).write(p)?;
            }
            if let Some(b) = &baseline {
                let d = crate::baseline::retain(&mut analysis, None, Some(b));
                eprintln!(
                    "refrain: {} clusters in the baseline, {} new",
                    d.known,
                    analysis.clusters.len()
                );
            }
            let out = match args.format {
                Format::Text => crate::report::text(&analysis),
                Format::Json => crate::report::json(&analysis),
                Format::Jsonl => {
                    let stdout = std::io::stdout().lock();
                    let mut w = std::io::BufWriter::new(stdout);
                    match crate::report::jsonl(&analysis, &mut w) {
                        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                            return Err(format!("standard output: {e}"));
                        }
                        _ => String::new(),
                    }
                }
            };
            print!("{out}");
            Ok(if args.exit_code && !analysis.clusters.is_empty() {
                1
            } else {
                0
            })
        }
        Some(Command::Index(args)) => run_index(&args),
        Some(Command::Export(args)) => run_export(&args),
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

/// `refrain index`: analyses the corpus and saves the analysis; prints one
/// line (file, documents, clusters, size relative to the corpus, time).
fn run_index(args: &IndexArgs) -> Result<i32, String> {
    if args.corpus.from_passim.is_some() {
        return Err(
            "index: passim's output is read directly (--from-passim); there is nothing to index"
                .into(),
        );
    }
    let t0 = std::time::Instant::now();
    let mut skipped = Vec::new();
    let loaded = load_corpus_with(&args.corpus, &Progress::new(), &mut skipped);
    print_warnings(&skipped);
    let corpus = loaded?;
    let out = args
        .output
        .clone()
        .or_else(|| args.corpus.index.clone())
        .or_else(|| crate::store::cache_path(&args.corpus.paths))
        .ok_or("no user cache directory; name the file with -o FILE")?;
    let (docs, bytes) = (corpus.documents.len(), corpus.total_bytes());
    let analysis = reuse::analyse(corpus, &args.corpus.params());
    let meta = crate::store::Meta {
        roots: crate::store::roots(&args.corpus.paths),
        options: args.corpus.load_options(),
        skipped,
    };
    let size = crate::store::save(&out, &analysis, &meta)
        .map_err(|e| format!("{}: {e}", out.display()))?;
    println!(
        "{}: {docs} documents ({:.1} MB), {} clusters, {size} bytes ({:.1}% of the corpus), {:.2} s",
        out.display(),
        bytes as f64 / 1e6,
        analysis.clusters.len(),
        100.0 * size as f64 / bytes.max(1) as f64,
        t0.elapsed().as_secs_f64()
    );
    Ok(0)
}

/// `refrain export --passim FILE`: writes passim's input.
fn run_export(args: &ExportArgs) -> Result<i32, String> {
    let rule: crate::passim::SeriesRule = args.series.parse()?;
    let corpus = load_corpus(&CorpusArgs {
        paths: args.paths.clone(),
        min_words: Params::default().min_words,
        min_similarity: Params::default().min_similarity,
        max_file_size: args.max_file_size,
        no_markup: false,
        no_decompress: false,
        no_cache: true,
        index: None,
        from_passim: None,
        max_boilerplate: None,
    })?;
    let root = crate::passim::corpus_root(&args.paths);
    let shown = args.passim.display();
    let file = std::fs::File::create(&args.passim).map_err(|e| format!("{shown}: {e}"))?;
    let mut w = std::io::BufWriter::new(file);
    let n = crate::passim::export(&corpus, root.as_deref(), rule, &mut w)
        .map_err(|e| format!("{shown}: {e}"))?;
    eprintln!("refrain: {shown}: {n} documents written for passim");
    Ok(0)
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
