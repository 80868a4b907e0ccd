//! Hints about memory: the core's hot loops (resolving references, scanning search keys) wait
//! for memory more than they compute.

/// Asks for the memory of `item` to be brought near the core, without waiting for it.
#[inline]
pub fn prefetch<T>(item: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint: it reads nothing the program sees and never faults, and the
    // address is that of a live reference.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>((item as *const T).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = item;
}

/// Large buffers (a file's bytes, the relation table while it is laid out) are freed during a
/// load. glibc would raise its mmap threshold to the size of the first such block freed and
/// keep the next ones on its heap, where freeing them does not give the memory back: a fixed
/// threshold returns every big block to the system at once, so the next stage of the load
/// reuses it instead of adding to the peak. Called first in `main` (the binary's, the
/// keystroke bench's), before any other thread exists.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn return_big_blocks_when_freed() {
    // SAFETY: mallopt takes no pointers and only sets the allocator's parameters; the
    // programs that call this do so first in `main`, before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn return_big_blocks_when_freed() {}
