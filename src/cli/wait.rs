//! What `report`, `serve` and `index` print on stderr while loading: the
//! progress bar of a background analysis (when stderr is a terminal) and the
//! skipped files, one line each or one summary line.

use super::load::Outcome;
use crate::corpus::Warning;
use crate::job::Job;
use crate::reuse::Analysis;

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
