//! Giving memory back when sessions end: what the server's threads keep for
//! drawing, and what the allocator keeps after it is freed.
//!
//! Found with the soak (`examples/soak.rs`, which counts the server's live
//! allocations): after 50 sessions ended the server still held 4,000
//! allocations (0.3 MB) more than before, all of them ratatui's layout cache.
//! ratatui keeps the last 500 layouts it computed *per thread*; the sessions'
//! frames are drawn on the runtime's worker threads, so the layouts of every
//! window size the sessions were resized to stayed there after they ended,
//! scattered over heap pages that could then not be given back (+31% VmRSS).
//! Now a worker forgets its layouts whenever it goes idle ([`on_worker_park`]):
//! a busy worker keeps the cache (it pays off while sessions type), an idle
//! one holds nothing, and once no session is left the freed pages go back to
//! the system. Nothing else is kept per session outside the session itself.
//!
//! Must not touch: what a session shows (see `session.rs`).

use std::cell::Cell;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};

/// ratatui's layout cache size per thread (its default).
const LAYOUTS: NonZeroUsize = NonZeroUsize::new(500).unwrap();

/// glibc malloc arenas at most (otherwise up to 8 per core, each keeping its
/// top free pages, which `malloc_trim` does not trim).
const ARENAS: usize = 2;

/// Size from which the server's allocations get their own mapping.
const SERVER_MMAP_THRESHOLD: usize = 128 * 1024;

thread_local! {
    /// Whether this thread drew a frame since it last forgot its layouts.
    static DREW: Cell<bool> = const { Cell::new(false) };
}

/// Readers alive in this process.
static SESSIONS: AtomicUsize = AtomicUsize::new(0);

/// Held by each session's reader: counts it as alive.
#[derive(Debug)]
pub struct SessionCount(());

impl SessionCount {
    /// Counts one more session, until the value is dropped.
    pub fn new() -> Self {
        SESSIONS.fetch_add(1, Ordering::AcqRel);
        SessionCount(())
    }
}

impl Default for SessionCount {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for SessionCount {
    fn drop(&mut self) {
        SESSIONS.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Readers alive in this process.
pub fn sessions() -> usize {
    SESSIONS.load(Ordering::Acquire)
}

/// Notes that this thread drew a frame (its layout cache has entries).
pub fn drew() {
    DREW.with(|d| d.set(true));
}

/// Empties this thread's ratatui layout cache if it drew since the last time;
/// true when it did.
pub fn forget_layouts() -> bool {
    if !DREW.with(|d| d.replace(false)) {
        return false;
    }
    // Shrinking evicts every entry but one; the size is then restored.
    ratatui::layout::Layout::init_cache(NonZeroUsize::MIN);
    ratatui::layout::Layout::init_cache(LAYOUTS);
    true
}

/// Run by each worker thread of the server's runtime before it goes idle:
/// forgets the layouts it cached while drawing and, when no session is left,
/// gives the freed memory back.
pub fn on_worker_park() {
    if forget_layouts() && sessions() == 0 {
        give_back();
    }
}

/// Returns freed memory to the system ([`crate::allocator::give_back`]).
pub fn give_back() {
    crate::allocator::give_back();
}

/// Tunes the allocator for a long-running server whose sessions come and
/// go: buffers from 128 kB (screens, frames) always get their own mapping,
/// returned to the system when freed (glibc otherwise raises that threshold
/// after the first such free and serves later ones from the heap, where
/// they fragment it; see [`crate::allocator`]), and few arenas.
pub fn tune_allocator() {
    crate::allocator::fix_mmap_threshold(SERVER_MMAP_THRESHOLD);
    crate::allocator::limit_arenas(ARENAS);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_that_drew_forgets_its_layouts_once() {
        std::thread::spawn(|| {
            assert!(!forget_layouts(), "nothing drawn yet");
            drew();
            assert!(forget_layouts());
            assert!(!forget_layouts(), "already forgotten");
        })
        .join()
        .unwrap();
    }

    #[test]
    fn sessions_are_counted_while_alive() {
        // Other tests may open and close sessions meanwhile: while this one
        // is alive the count cannot be zero.
        let a = SessionCount::new();
        assert!(sessions() >= 1);
        drop(a);
    }
}
