//! From arguments to an analysis: passim's clusters (`--from-passim`), a
//! current saved analysis reopened without reading its documents, or a
//! corpus loaded to be analysed (and saved), on a background [`Job`] with
//! progress. What loading has to say (skipped files, a stale saved
//! analysis) is collected in [`Notes`], not printed, so the reader can show
//! it on its screen.

use super::args::CorpusArgs;
use super::wait::{print_warnings, wait_with_progress};
use crate::corpus::{self, Warning};
use crate::job::Job;
use crate::progress::Progress;
use crate::reuse::{self, Analysis};
use std::path::PathBuf;

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
    /// What the reader's status bar shows of them, when that is shorter
    /// than the first line (a stale saved analysis without its file's path,
    /// which filled the bar at 80 columns).
    pub status: Option<String>,
}

/// The note for a saved analysis at `path` that could not be used (`why`):
/// the line printed on stderr, naming the file, and the reader's shorter
/// status (see [`Notes::status`]).
fn unusable_note(path: &std::path::Path, why: &crate::store::Unusable) -> (String, String) {
    (
        format!("{}: {why}; re-analysing", path.display()),
        format!("{why}; analysed afresh"),
    )
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
            let (line, status) = unusable_note(path, &why);
            notes.lines.push(line);
            notes.status.get_or_insert(status);
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
                let changed = if verify {
                    changed_since(&r.analysis)
                } else {
                    0
                };
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
            // Nothing left to read may be the globs' doing: say which.
            let excluded = if args.exclude.is_empty() {
                String::new()
            } else {
                format!(" (with --exclude '{}')", args.exclude.join("' --exclude '"))
            };
            if let corpus::LoadError::NothingReadable(ws) = &e {
                warnings.extend(ws.iter().cloned());
                if let [only] = args.paths.as_slice() {
                    return Err(format!(
                        "{}: {e}{excluded}",
                        crate::sanitize::sanitize(&only.display().to_string())
                    ));
                }
                return Err(format!("{e}{excluded}"));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unusable_saved_analysis_is_named_on_stderr_and_shown_short_in_the_reader() {
        let path = std::path::Path::new("/home/u/.cache/refrain/analyses/80d21d2b00f9f952.refrain");
        let why = crate::store::Unusable::Stale("written by another build of refrain".into());
        let (line, status) = unusable_note(path, &why);
        assert_eq!(
            line,
            "/home/u/.cache/refrain/analyses/80d21d2b00f9f952.refrain: saved analysis is \
             stale (written by another build of refrain); re-analysing"
        );
        assert_eq!(
            status,
            "saved analysis is stale (written by another build of refrain); analysed afresh"
        );
    }
}
