//! A long computation (loading and analysing a corpus, re-analysing with new
//! thresholds) run on its own thread, with shared [`Progress`] and a result
//! collected without blocking. The reader polls it between frames; the SSH
//! server and `refrain report` use the same type. Knows nothing of the terminal.

use crate::progress::{Progress, Snapshot};
use std::sync::Arc;
use std::sync::mpsc;

/// The worker thread of a [`Job`] died (panicked) without delivering a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkerDied;

impl std::fmt::Display for WorkerDied {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the background worker stopped without a result")
    }
}

impl std::error::Error for WorkerDied {}

/// A background job producing a `T`.
pub struct Job<T> {
    progress: Arc<Progress>,
    rx: mpsc::Receiver<T>,
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a new thread; it receives the job's progress, should
    /// report its stages to it and return early when it is cancelled.
    pub fn spawn(work: impl FnOnce(&Progress) -> T + Send + 'static) -> Self {
        let progress = Arc::new(Progress::new());
        let (tx, rx) = mpsc::channel();
        let p = Arc::clone(&progress);
        std::thread::Builder::new()
            .name("refrain-job".into())
            .spawn(move || {
                let _ = tx.send(work(&p));
            })
            .expect("spawn a thread");
        Job { progress, rx }
    }

    /// Where the work stands.
    pub fn snapshot(&self) -> Snapshot {
        self.progress.snapshot()
    }

    /// The shared progress (to hand to a display, or to cancel from elsewhere).
    pub fn progress(&self) -> &Arc<Progress> {
        &self.progress
    }

    /// Asks the work to stop; its result (if any) is still delivered.
    pub fn cancel(&self) {
        self.progress.cancel();
    }

    /// The result, if the work has finished; never blocks. `Err(WorkerDied)` when the
    /// worker thread died (panicked) without a result.
    pub fn try_finish(&self) -> Option<Result<T, WorkerDied>> {
        match self.rx.try_recv() {
            Ok(v) => Some(Ok(v)),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(Err(WorkerDied)),
        }
    }

    /// Waits for the result (for non-interactive callers such as `report`).
    pub fn wait(self) -> Result<T, WorkerDied> {
        self.rx.recv().map_err(|_| WorkerDied)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Stage;

    #[test]
    fn result_arrives_and_cancel_is_seen_by_the_worker() {
        let job = Job::spawn(|p| {
            p.stage(Stage::Aligning, 1);
            while !p.is_cancelled() {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            42
        });
        assert!(job.try_finish().is_none() || job.snapshot().stage == Stage::Aligning);
        job.cancel();
        assert_eq!(job.wait(), Ok(42));
    }

    #[test]
    fn a_panicking_worker_is_reported_not_hung() {
        let job: Job<u8> = Job::spawn(|_| panic!("boom"));
        assert_eq!(job.wait(), Err(WorkerDied));
    }
}
