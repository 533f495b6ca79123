//! Process-wide settings of the system allocator, made once at start by
//! every command (and by the benchmarks, so they measure what the binary
//! does), and a call that hands freed memory back.
//!
//! glibc serves allocations of at least `M_MMAP_THRESHOLD` bytes (128 kB at
//! first) with a mapping of their own, unmapped when freed, but *raises* that
//! threshold to the size of the largest such block freed (up to 32 MB).
//! The engine frees large vectors between its phases (a wave of anchors,
//! a document's hashes), so after the first one every later vector of up to
//! that size came from the heap arenas, where its pages stay resident after
//! it is freed, among the small allocations that keep the arena from
//! shrinking. Fixing the threshold keeps large vectors in their own
//! mappings: on /usr/share/doc (59 MB of text) the analysis's peak RSS
//! fell from 134 MB to 115 MB (2.3× to 1.96× the text), and that of
//! `refrain report` from 252 MB to 196 MB, with the same results. The
//! threshold is 1 MB rather than glibc's initial 128 kB: the alignment's
//! per-task buffers (up to half a megabyte) then stay in the heap, where
//! they are reused, instead of costing a mapping and its page faults each
//! (system time 1.4 s instead of 0.9 s at 128 kB on that folder, for the
//! same peak).
//!
//! Only glibc on Linux has these knobs; elsewhere both calls do nothing.

/// Size from which an allocation gets its own mapping, fixed by [`tune`]
/// (see the module doc).
pub const MMAP_THRESHOLD: usize = 1 << 20;

/// Fixes glibc's mmap threshold at [`MMAP_THRESHOLD`] (see the module doc).
/// Call once, at the start of the process.
pub fn tune() {
    fix_mmap_threshold(MMAP_THRESHOLD);
}

/// Fixes glibc's mmap threshold at `bytes` (at most 32 MB), so glibc no
/// longer moves it.
pub fn fix_mmap_threshold(bytes: usize) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator parameters.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, bytes.min(32 << 20) as libc::c_int);
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = bytes;
}

/// Caps glibc's malloc arenas at `n` (otherwise up to 8 per core, each
/// keeping free pages of its own): for the long-running server.
pub fn limit_arenas(n: usize) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator parameters.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, n.clamp(1, 64) as libc::c_int);
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = n;
}

/// Bytes of memory the process holds resident now (Linux: `/proc/self/statm`);
/// `None` where that cannot be read. The engine plans its memory with it
/// (see `reuse::index`).
pub fn resident_bytes() -> Option<usize> {
    #[cfg(target_os = "linux")]
    {
        let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
        let pages: usize = statm.split_whitespace().nth(1)?.parse().ok()?;
        Some(pages * page_size())
    }
    #[cfg(not(target_os = "linux"))]
    None
}

/// The system's memory page size in bytes (4 kB where it cannot be read).
#[cfg(target_os = "linux")]
fn page_size() -> usize {
    // SAFETY: sysconf only reads a system setting.
    usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(4096)
}

/// Hands the whole pages inside `mem` back to the system (Linux:
/// `madvise(MADV_DONTNEED)`; they read as zeros afterwards), keeping the
/// partial pages at its ends: for a part of a large buffer the caller is
/// done with but cannot free yet. Does nothing elsewhere.
pub fn release_pages(mem: &mut [u32]) {
    #[cfg(target_os = "linux")]
    {
        let page = page_size();
        let start = mem.as_mut_ptr() as usize;
        let end = start + std::mem::size_of_val(mem);
        let (lo, hi) = (start.next_multiple_of(page), end / page * page);
        if hi > lo {
            // SAFETY: `lo..hi` lies inside `mem`, which is borrowed mutably,
            // so nothing else reads or writes it meanwhile; on private
            // anonymous memory (every Rust allocation) MADV_DONTNEED only
            // makes those pages read as zeros from now on, and a `u32` may
            // be zero.
            unsafe {
                libc::madvise(lo as *mut libc::c_void, hi - lo, libc::MADV_DONTNEED);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = mem;
}

/// Returns freed memory to the system: glibc keeps freed memory in its
/// arenas, and `malloc_trim` releases the free pages of every arena.
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free heap pages to the system; it is
    // thread-safe and has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}
