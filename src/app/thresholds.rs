//! Live thresholds: `+` / `-` step min-words, `t` opens a prompt for
//! "WORDS [SIMILARITY]". The corpus is re-analysed on a background [`Job`]
//! (a new request cancels the one running); the event loop calls
//! [`App::tick`] between events, which shows the job's progress and, when it
//! is done, swaps the new analysis in place ([`App::replace_analysis_with`]):
//! the same document, the cursor on the same text. The job also builds the
//! library and passages lists, so the frame that swaps them in stays short.

use super::{App, LibraryState, PassagesState};
use crate::job::Job;
use crate::progress::{Snapshot, Stage};
use crate::reuse::{Analysis, Params};
use std::sync::{Arc, Mutex};

/// Largest min-words the keys and the prompt accept.
pub const MAX_MIN_WORDS: usize = 10_000;

/// A re-analysis running in the background.
pub struct ThresholdJob {
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

impl ThresholdJob {
    fn job(&self) -> std::sync::MutexGuard<'_, Job<Option<Prepared>>> {
        self.job.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl ThresholdJob {
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

impl Drop for ThresholdJob {
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
        match &self.thresholds_job {
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
            self.thresholds_job = None;
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
            let a = Arc::new(a);
            let mut passages = PassagesState::new(&a);
            passages.set_filter(&a, "");
            Some(Prepared {
                library: LibraryState::new(&a),
                passages,
                analysis: a,
            })
        });
        self.thresholds_job = Some(ThresholdJob {
            params,
            job: Mutex::new(job),
        });
    }

    /// True while a background job runs (a re-analysis for new thresholds or
    /// after a reload): the event loop should call [`App::tick`] and redraw
    /// every few tens of ms to show its progress.
    pub fn busy(&self) -> bool {
        self.thresholds_job.is_some() || self.reanalysing() || self.query_waiting
    }

    /// Collects finished background jobs and swaps their analysis in; true
    /// when the state changed (draw again). Never blocks: call it between
    /// events.
    pub fn tick(&mut self) -> bool {
        let mut changed = self.poll_background() | self.poll_query_index();
        let finished = match &self.thresholds_job {
            Some(r) => r.job().try_finish(),
            None => None,
        };
        let Some(result) = finished else {
            return changed;
        };
        let params = self.thresholds_job.take().map(|r| r.params.clone());
        let params = params.unwrap_or_default();
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
            Err(crate::job::WorkerDied) => self.set_message("the re-analysis failed"),
        }
        changed = true;
        changed
    }

    /// Swaps in a finished re-analysis through [`App::replace_analysis_with`]
    /// (the reader stays on the same text); the old analysis is freed on
    /// another thread (a large corpus takes a while).
    fn install(&mut self, prepared: Prepared) {
        let old = Arc::clone(&self.analysis);
        self.replace_analysis_with(prepared.analysis, prepared.library, prepared.passages);
        std::thread::spawn(move || drop(old));
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
