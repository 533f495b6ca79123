//! Progress and cancellation of a long job (loading, analysing), shared
//! between the thread doing the work and the thread showing it.
//!
//! The worker calls [`Progress::stage`] when it enters a stage and
//! [`Progress::advance`] as it goes; it polls [`Progress::is_cancelled`] at
//! least every few milliseconds of work and gives up (returning `None` or an
//! error) when it is set. The reader, `refrain report` (on a terminal) and the
//! SSH server read a [`Snapshot`] to draw a progress bar. All atomics: cheap
//! enough to call per document or per thousand anchors. Knows nothing of the
//! terminal.

use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};

/// The stages of loading and analysing a corpus, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Nothing started yet.
    Starting,
    /// Reading files (counts: files).
    Reading,
    /// Tokenising and fingerprinting (counts: documents).
    Indexing,
    /// Growing anchors into aligned passages (counts: anchor groups).
    Aligning,
    /// Grouping passages into clusters and filtering banal ones (counts: pairs).
    Clustering,
    /// Finished.
    Done,
}

impl Stage {
    /// A lower-case name for progress lines ("reading", "aligning", …).
    pub fn name(self) -> &'static str {
        match self {
            Stage::Starting => "starting",
            Stage::Reading => "reading",
            Stage::Indexing => "indexing",
            Stage::Aligning => "aligning",
            Stage::Clustering => "clustering",
            Stage::Done => "done",
        }
    }

    fn from_u8(v: u8) -> Stage {
        match v {
            1 => Stage::Reading,
            2 => Stage::Indexing,
            3 => Stage::Aligning,
            4 => Stage::Clustering,
            5 => Stage::Done,
            _ => Stage::Starting,
        }
    }
}

/// What a progress display reads: the stage and how far into it the work is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot {
    /// The current stage.
    pub stage: Stage,
    /// Units done in this stage.
    pub done: u64,
    /// Units in this stage (0 when unknown).
    pub total: u64,
}

/// Shared progress counters and a cancel flag (put it in an `Arc`).
#[derive(Debug, Default)]
pub struct Progress {
    stage: AtomicU8,
    done: AtomicU64,
    total: AtomicU64,
    cancelled: AtomicBool,
}

impl Progress {
    /// A fresh progress at [`Stage::Starting`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Enters `stage`, with `total` units of work (0 if unknown); resets `done`.
    pub fn stage(&self, stage: Stage, total: u64) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        self.stage.store(stage as u8, Ordering::Release);
    }

    /// Records `n` more units done in the current stage.
    pub fn advance(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    /// The current stage and counts.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            stage: Stage::from_u8(self.stage.load(Ordering::Acquire)),
            done: self.done.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
        }
    }

    /// Asks the worker to stop as soon as it can.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Release);
    }

    /// Whether [`Progress::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_reset_counts_and_cancel_sticks() {
        let p = Progress::new();
        assert_eq!(p.snapshot().stage, Stage::Starting);
        p.stage(Stage::Aligning, 10);
        p.advance(3);
        p.advance(4);
        assert_eq!(
            p.snapshot(),
            Snapshot {
                stage: Stage::Aligning,
                done: 7,
                total: 10
            }
        );
        p.stage(Stage::Clustering, 0);
        assert_eq!(p.snapshot().done, 0);
        assert!(!p.is_cancelled());
        p.cancel();
        assert!(p.is_cancelled());
    }
}
