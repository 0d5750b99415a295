//! The unit tests' global allocator: `System`, which a test can watch (the largest block its
//! thread asks for) or make refuse blocks above a size. Natively the system allocator
//! overcommits instead of failing, so this is how the out-of-memory paths (`OutOfMemory`, the
//! buffer left as it was) are reached outside wasm. Only the calling thread is affected: the
//! other tests, on their own threads, allocate as usual.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

thread_local! {
    /// While `Some`, the largest block size this thread asked for.
    static LARGEST: Cell<Option<usize>> = const { Cell::new(None) };
    /// Blocks of a size in this inclusive range are refused on this thread.
    static REFUSED: Cell<(usize, usize)> = const { Cell::new((usize::MAX, 0)) };
}

/// Notes `size` and says whether to refuse it. `try_with`: the allocator also runs while a
/// thread's locals are being torn down. Never while the thread panics: the panic hook's own
/// allocations (the message, a backtrace) must not fail, or the hook waits on itself.
fn refuses(size: usize) -> bool {
    if std::thread::panicking() {
        return false;
    }
    let _ = LARGEST.try_with(|largest| {
        if let Some(n) = largest.get() {
            largest.set(Some(n.max(size)));
        }
    });
    REFUSED
        .try_with(|refused| {
            let (low, high) = refused.get();
            (low..=high).contains(&size)
        })
        .unwrap_or(false)
}

struct Watched;

// SAFETY: every block comes from `System` with the caller's layout, or is refused (null), which
// `GlobalAlloc` allows; `realloc` refusing leaves the old block as it was, as its contract says.
unsafe impl GlobalAlloc for Watched {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if refuses(layout.size()) {
            return core::ptr::null_mut();
        }
        // SAFETY: the caller's contract is System's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if refuses(layout.size()) {
            return core::ptr::null_mut();
        }
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above; `ptr` came from System.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if refuses(new_size) {
            return core::ptr::null_mut();
        }
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Watched = Watched;

/// Runs `f` and returns the largest block size this thread asked for meanwhile.
pub(crate) fn largest_allocation(f: impl FnOnce()) -> usize {
    LARGEST.with(|largest| largest.set(Some(0)));
    f();
    LARGEST.with(|largest| largest.take()).unwrap_or(0)
}

/// Runs `f` with this thread's blocks of more than `bytes` refused, as an allocator whose memory
/// cannot grow refuses them.
pub(crate) fn refusing_above<R>(bytes: usize, f: impl FnOnce() -> R) -> R {
    struct Restore((usize, usize));
    impl Drop for Restore {
        fn drop(&mut self) {
            REFUSED.with(|refused| refused.set(self.0));
        }
    }
    let _restore = Restore(REFUSED.with(|refused| refused.replace((bytes + 1, usize::MAX))));
    f()
}
