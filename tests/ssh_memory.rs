//! Memory per SSH session does not grow with the number of documents (issue
//! 13: at 10,000 small files each session cost 12.7 MB, a document-by-document
//! matrix built per session; 30,000 files, 0.9 GB per session). Each session
//! holds its view state and screens; what is derived from the analysis (the
//! library index) is built once and shared. Measured with a counting
//! allocator, so this file holds a single test (the count is process-wide).

use refrain::corpus::{Corpus, Document};
use refrain::keymap::Keymap;
use refrain::reuse::{Analysis, Params};
use refrain::ssh::session::ReaderSession;
use refrain::ui::ColorMode;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to `System` unchanged; only a counter changes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// `n` one-line documents, each sharing a sentence with one other.
fn small_files(n: usize) -> Arc<Analysis> {
    let documents = (0..n)
        .map(|i| {
            let shared: Vec<String> = (0..12).map(|k| format!("w{}x{k}", i / 2)).collect();
            Document::new(
                format!("notes/{i:05}.txt"),
                format!("note {i}: {}\n", shared.join(" ")),
            )
        })
        .collect();
    Arc::new(refrain::reuse::analyse(
        Corpus { documents },
        &Params::default(),
    ))
}

/// Bytes one more session holds once it has drawn its first screen at
/// 100x30, with `others` sessions already open on the same analysis.
fn one_session(analysis: &Arc<Analysis>, others: &mut Vec<ReaderSession>) -> usize {
    let open = |a: &Arc<Analysis>| {
        let mut s = ReaderSession::new(
            a.clone(),
            Arc::new(Keymap::default()),
            ColorMode::Ansi256,
            (100, 30),
        )
        .unwrap();
        s.start().unwrap();
        s
    };
    if others.is_empty() {
        // The first session builds what all of them share.
        others.push(open(analysis));
    }
    let before = LIVE.load(Ordering::Relaxed);
    let s = open(analysis);
    let held = LIVE.load(Ordering::Relaxed).saturating_sub(before);
    others.push(s);
    held
}

#[test]
fn a_session_holds_about_the_same_at_ten_thousand_documents_as_at_one_thousand() {
    let small = small_files(1_000);
    let large = small_files(10_000);
    assert_eq!(large.clusters.len(), 5_000, "each pair shares a passage");
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let at_1k = one_session(&small, &mut a);
    let at_10k = one_session(&large, &mut b);
    let again_10k = one_session(&large, &mut b);
    eprintln!("one session: {at_1k} bytes at 1,000 documents, {at_10k} and {again_10k} at 10,000");
    // Screens and view state: well under 2 MB (it was 12.7 MB at 10,000).
    assert!(at_10k < 2 << 20, "{at_10k} bytes for one session");
    assert!(again_10k < 2 << 20, "{again_10k} bytes for one session");
    // Ten times the documents: at most a few bytes per document more (the
    // library's own order of the documents), not a square.
    assert!(
        at_10k < at_1k + 9_000 * 64,
        "{at_1k} bytes at 1,000 documents, {at_10k} at 10,000"
    );
}
