//! The allocator settings every command makes at start (`refrain::allocator`):
//! a large block still gets its own mapping after a larger one was freed,
//! so freeing it gives its pages back. Its own test binary, so no other
//! test's allocations run alongside.

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn large_blocks_keep_their_own_mapping_after_a_larger_one_is_freed() {
    refrain::allocator::tune();
    // Without the fixed threshold glibc would now raise it to 16 MB.
    let big = vec![1u8; 16 << 20];
    std::hint::black_box(&big);
    drop(big);
    // SAFETY: mallinfo2 only reads the allocator's statistics.
    let mapped = || unsafe { libc::mallinfo2() }.hblkhd;
    let before = mapped();
    let block = vec![1u8; 2 << 20];
    std::hint::black_box(&block);
    let during = mapped();
    drop(block);
    let after = mapped();
    assert!(
        during >= before + (2 << 20),
        "a 2 MB block was not mapped on its own: {before} → {during} bytes mapped"
    );
    assert!(
        after < during,
        "freeing it kept its mapping: {during} → {after}"
    );
}
