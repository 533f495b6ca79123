//! Live thresholds: `+` / `-` step min-words, `t` opens a prompt for
//! "WORDS [SIMILARITY]". The corpus is re-analysed on a background [`Job`]
//! (a new request cancels the one running); the event loop calls
//! [`App::tick`] between events, which shows the job's progress and, when it
//! is done, swaps the new analysis in place: the same document, scrolled to
//! the same line, with the passage over the same text selected.

use super::{App, LibraryState, PassagesState, ReaderState, Screen};
use crate::job::Job;
use crate::progress::{Snapshot, Stage};
use crate::reuse::{Analysis, OccurrenceRef, Params};
use std::sync::{Arc, Mutex};

/// Largest min-words the keys and the prompt accept.
pub const MAX_MIN_WORDS: usize = 10_000;

/// A re-analysis running in the background.
pub struct Reanalysis {
    /// The parameters it analyses with.
    pub params: Params,
    // In a mutex only so the app stays `Sync` (an SSH session is shared
    // across an await); it is never contended.
    job: Mutex<Job<Option<Prepared>>>,
}

/// What the background job hands over: the analysis and the lists built
/// from it (a 100 MB corpus's library and passages take tens of ms to build,
/// which must not stall a frame).
pub struct Prepared {
    analysis: Arc<Analysis>,
    library: LibraryState,
    passages: PassagesState,
}

impl Reanalysis {
    fn job(&self) -> std::sync::MutexGuard<'_, Job<Option<Prepared>>> {
        self.job.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Reanalysis {
    /// Where the job stands.
    pub fn snapshot(&self) -> Snapshot {
        self.job().snapshot()
    }

    /// The status-bar text: "re-analysing (min-words 12, similarity 80%): aligning 45%".
    pub fn status(&self) -> String {
        let s = self.snapshot();
        let pct = match (s.done * 100).checked_div(s.total) {
            Some(p) => format!(" {}%", p.min(100)),
            None => String::new(),
        };
        format!(
            "re-analysing (min-words {}, similarity {:.0}%): {}{pct}",
            self.params.min_words,
            self.params.min_similarity * 100.0,
            s.stage.name()
        )
    }
}

impl Drop for Reanalysis {
    fn drop(&mut self) {
        // Nobody will read the result: let the worker stop early.
        self.job().cancel();
    }
}

/// Parses the thresholds prompt: "WORDS" or "WORDS SIMILARITY" (similarity
/// as 0.8 or 80%), keeping `current` for what is not given.
pub fn parse_thresholds(text: &str, current: &Params) -> Result<Params, String> {
    let mut parts = text.split_whitespace();
    let mut p = current.clone();
    let Some(w) = parts.next() else {
        return Err("type min-words and optionally min-similarity, e.g. 12 0.8".into());
    };
    p.min_words = match w.parse::<usize>() {
        Ok(n) if (1..=MAX_MIN_WORDS).contains(&n) => n,
        _ => {
            return Err(format!(
                "min-words must be a number from 1 to {MAX_MIN_WORDS}, not {w:?}"
            ));
        }
    };
    if let Some(s) = parts.next() {
        let (num, pct) = match s.strip_suffix('%') {
            Some(n) => (n, true),
            None => (s, false),
        };
        let v = num
            .parse::<f64>()
            .ok()
            .map(|v| if pct || v > 1.0 { v / 100.0 } else { v })
            .filter(|v| (0.0..=1.0).contains(v));
        p.min_similarity = v.ok_or_else(|| {
            format!("min-similarity must be between 0 and 1 (or 0% and 100%), not {s:?}")
        })?;
    }
    if let Some(extra) = parts.next() {
        return Err(format!("unexpected {extra:?}: type WORDS [SIMILARITY]"));
    }
    Ok(p)
}

impl App {
    /// The parameters in effect, or those being computed.
    pub fn target_params(&self) -> &Params {
        match &self.reanalysis {
            Some(r) => &r.params,
            None => &self.analysis.params,
        }
    }

    /// The thresholds prompt's initial text: the current values.
    pub(super) fn thresholds_text(&self) -> String {
        let p = self.target_params();
        format!("{} {}", p.min_words, p.min_similarity)
    }

    /// Applies the thresholds prompt's text.
    pub(super) fn set_thresholds_text(&mut self, text: &str) {
        match parse_thresholds(text, self.target_params()) {
            Ok(p) => self.reanalyse(p),
            Err(e) => self.set_message(e),
        }
    }

    /// `+` / `-`: min-words one up or down.
    pub(super) fn step_min_words(&mut self, by: isize) {
        let mut p = self.target_params().clone();
        let n = p
            .min_words
            .saturating_add_signed(by)
            .clamp(1, MAX_MIN_WORDS);
        if n == p.min_words {
            self.set_message(format!("min-words is already {n}"));
            return;
        }
        p.min_words = n;
        self.reanalyse(p);
    }

    /// Starts re-analysing with `params` in the background (cancelling a
    /// re-analysis already running); nothing to do when they are in effect.
    pub fn reanalyse(&mut self, params: Params) {
        if params == self.analysis.params {
            self.reanalysis = None;
            self.set_message(format!(
                "min-words {}, similarity {:.0}% (unchanged)",
                params.min_words,
                params.min_similarity * 100.0
            ));
            return;
        }
        let analysis = Arc::clone(&self.analysis);
        let p = params.clone();
        let job = Job::spawn(move |progress| {
            lower_priority();
            progress.stage(Stage::Indexing, 0);
            let corpus = analysis.corpus.clone();
            drop(analysis);
            let a = background_pool()
                .install(|| crate::reuse::analyse_progress(corpus, &p, progress))?;
            let mut passages = PassagesState::new(&a);
            passages.set_filter(&a, "");
            Some(Prepared {
                library: LibraryState::new(&a),
                passages,
                analysis: Arc::new(a),
            })
        });
        self.reanalysis = Some(Reanalysis {
            params,
            job: Mutex::new(job),
        });
    }

    /// True while a background job runs (the event loop should tick).
    pub fn busy(&self) -> bool {
        self.reanalysis.is_some()
    }

    /// Looks at the background job: installs its result when done. Returns
    /// true when the screen should be drawn again (progress moved or the
    /// analysis changed). Call it between events, every few tens of ms.
    pub fn tick(&mut self) -> bool {
        let Some(r) = &self.reanalysis else {
            return false;
        };
        let finished = r.job().try_finish();
        match finished {
            None => true,
            Some(result) => {
                let params = r.params.clone();
                self.reanalysis = None;
                match result {
                    Ok(Some(prepared)) => {
                        let n = prepared.analysis.clusters.len();
                        self.install(prepared);
                        self.set_message(format!(
                            "min-words {}, similarity {:.0}%: {n} clusters",
                            params.min_words,
                            params.min_similarity * 100.0
                        ));
                    }
                    Ok(None) => {}
                    Err(()) => self.set_message("the re-analysis failed"),
                }
                true
            }
        }
    }

    /// Swaps in `analysis` (of the same corpus): lists rebuilt with their
    /// selections and triage kept, the reader on the same document and line
    /// with the passage over the same text selected, a comparison closed.
    pub fn replace_analysis_in_place(&mut self, analysis: Arc<Analysis>) {
        let mut passages = PassagesState::new(&analysis);
        passages.set_filter(&analysis, "");
        self.install(Prepared {
            library: LibraryState::new(&analysis),
            passages,
            analysis,
        });
    }

    fn install(&mut self, prepared: Prepared) {
        let Prepared {
            analysis,
            library,
            passages,
        } = prepared;
        let old = std::mem::replace(&mut self.analysis, analysis);
        let a = Arc::clone(&self.analysis);
        let selected_doc = self.library.selected;
        self.library = library;
        self.library.selected = selected_doc.min(self.library.docs.len().saturating_sub(1));
        // The passages list: the cluster over the same text stays selected.
        let sel_text = self
            .passages
            .shown
            .get(self.passages.selected)
            .map(|&c| old.clusters[c].occurrences[0]);
        let filter = std::mem::take(&mut self.passages.filter);
        self.passages = passages;
        let t = std::mem::take(&mut self.triage);
        self.triage = super::TriageState::new(&a, t.marks, t.location);
        self.triage.show_hidden = t.show_hidden;
        self.triage.common = t.common;
        self.triage.rebuild(&a);
        self.set_passages_filter(&filter);
        if let Some(p) = sel_text {
            let best = self.passages.shown.iter().position(|&c| {
                a.clusters[c]
                    .occurrences
                    .iter()
                    .any(|q| q.document == p.document && q.start < p.end && p.start < q.end)
            });
            self.passages.selected = best.unwrap_or(0);
        }
        if let Some(r) = self.reader.take() {
            self.reader = Some(self.rebuild_reader(r));
        }
        let jumps = std::mem::take(&mut self.jumps);
        self.jumps = jumps.into_iter().map(|r| self.rebuild_reader(r)).collect();
        if self.compare.take().is_some() {
            self.screen = Screen::Reader;
        }
        self.clamp_views();
        self.relayout();
        // Freeing a large corpus takes a while: not on the UI thread.
        std::thread::spawn(move || drop(old));
    }

    /// A reader on the new analysis at the place `r` (of `old`) was.
    fn rebuild_reader(&self, r: ReaderState) -> ReaderState {
        let a = Arc::clone(&self.analysis);
        let mut n = ReaderState::new(&a, r.doc);
        let t = &self.triage;
        n.retain_clusters(&a, |c| !t.is_left_out(c));
        n.top_line = r.top_line;
        n.top_row = r.top_row;
        n.search = r.search;
        n.selected = r.selected.and_then(|s| closest(&n.occs, &r.occs[s]));
        n
    }
}

/// The thread pool re-analyses run on: as many threads as cores, at a
/// lower priority than the UI thread so keys are answered while it runs.
fn background_pool() -> &'static rayon::ThreadPool {
    static POOL: std::sync::OnceLock<rayon::ThreadPool> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("refrain-reanalyse-{i}"))
            .start_handler(|_| lower_priority())
            .build()
            .unwrap_or_else(|_| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(1)
                    .build()
                    .expect("a one-thread pool")
            })
    })
}

/// Lowers the calling thread's scheduling priority (nice +10; Linux only,
/// where nice is per thread).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: gettid has no preconditions; setpriority on our own thread id
    // only changes this thread's nice value (an error is ignored).
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 10);
    }
}

/// The occurrence of `occs` (new analysis) that best covers the text of
/// `was` (old analysis): the largest overlap, then the nearest start.
fn closest(occs: &[OccurrenceRef], was: &OccurrenceRef) -> Option<usize> {
    let p = was.passage;
    occs.iter()
        .enumerate()
        .filter(|(_, o)| o.passage.start < p.end && p.start < o.passage.end)
        .max_by_key(|(_, o)| {
            let overlap = o.passage.end.min(p.end) - o.passage.start.max(p.start);
            (
                overlap,
                std::cmp::Reverse(o.passage.start.abs_diff(p.start)),
            )
        })
        .map(|(i, _)| i)
}
