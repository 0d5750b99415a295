//! Memory growth: reserving memory ahead of time, and noticing when memory has grown.
//!
//! The growth epoch (header word 3) lets JavaScript learn "memory grew since I last looked"
//! with one load. The core bumps it when it observes a new memory size: at every export and
//! every allocation it makes. Growth caused elsewhere (another allocation, `memory.grow` from
//! JavaScript) is seen at the next such point, or at once by installing
//! [`GrowthTrackingAllocator`] as the global allocator.

use crate::error::{Error, Result};
use crate::layout::HEADER_EPOCH;
use crate::table::TABLE;
use core::alloc::{GlobalAlloc, Layout};
use core::sync::atomic::{AtomicUsize, Ordering};

/// Pages of 64 KiB in linear memory now.
pub(crate) fn memory_pages() -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_size(0)
    }
    // Natively there is no linear memory: the table logic runs without growth.
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

/// The memory size (in pages) the epoch was last brought up to date with; `0` = never looked.
static SEEN_PAGES: AtomicUsize = AtomicUsize::new(0);

/// Compares the memory size with the one last seen and bumps the epoch if it changed.
/// Lock-free (two atomics), so the allocator wrapper can call it from inside `alloc`.
pub(crate) fn observe_growth() -> u32 {
    let pages = memory_pages();
    let seen = SEEN_PAGES.swap(pages, Ordering::AcqRel);
    // The first look is a baseline, not growth.
    if seen != 0 && seen != pages {
        TABLE.bump_epoch()
    } else {
        TABLE.header_word(HEADER_EPOCH)
    }
}

/// Looks at the memory size now (bumping the growth epoch if memory grew since the core last
/// looked) and returns the epoch. What `wasmViewsCheckGrowth` does.
pub fn check_growth() -> u32 {
    observe_growth()
}

/// The growth epoch as last recorded, without looking at memory.
pub fn growth_epoch() -> u32 {
    TABLE.header_word(HEADER_EPOCH)
}

/// Makes sure later allocations totalling up to `bytes` do not grow memory, by allocating one
/// block of that size through the global allocator and freeing it: the allocator keeps the
/// memory for reuse (wasm memory never shrinks).
///
/// The block is padded by an eighth plus 64 KiB to cover the allocator's per-allocation
/// overhead; many tiny allocations can still use more than that.
/// What `wasmViewsReserve` does. Errors: `OutOfMemory`.
pub fn reserve(bytes: usize) -> Result<()> {
    let padded = bytes.saturating_add(bytes / 8).saturating_add(64 * 1024);
    let layout = Layout::from_size_align(padded, 16).map_err(|_| Error::OutOfMemory {
        bytes: bytes as u64,
    })?;
    // SAFETY: the layout has a non-zero size (at least 64 KiB).
    // black_box: an allocation freed unused is removed by the optimiser, and with it the
    // growth this function exists for.
    let ptr = core::hint::black_box(unsafe { std::alloc::alloc(layout) });
    if ptr.is_null() {
        observe_growth();
        return Err(Error::OutOfMemory {
            bytes: bytes as u64,
        });
    }
    // SAFETY: allocated just above with `layout`, never handed out.
    unsafe { std::alloc::dealloc(ptr, layout) };
    observe_growth();
    Ok(())
}

/// A global-allocator wrapper that bumps the growth epoch the moment an allocation grows
/// memory, so JavaScript sees it without waiting for the core's next export.
///
/// ```
/// #[global_allocator]
/// static ALLOC: wasm_views::GrowthTrackingAllocator<std::alloc::System> =
///     wasm_views::GrowthTrackingAllocator::new(std::alloc::System);
/// ```
///
/// It only adds two atomic operations per allocation and takes no lock, so it cannot deadlock
/// with the descriptor table (which allocates while holding its lock).
#[derive(Debug, Default)]
pub struct GrowthTrackingAllocator<A> {
    inner: A,
}

impl<A> GrowthTrackingAllocator<A> {
    /// Wraps `inner`.
    pub const fn new(inner: A) -> Self {
        GrowthTrackingAllocator { inner }
    }
}

// SAFETY: every method forwards to `inner` with the caller's arguments unchanged and returns
// its result; observing the memory size has no effect on the allocation.
unsafe impl<A: GlobalAlloc> GlobalAlloc for GrowthTrackingAllocator<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, which is `inner`'s.
        let ptr = unsafe { self.inner.alloc(layout) };
        observe_growth();
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as in `alloc`.
        let ptr = unsafe { self.inner.alloc_zeroed(layout) };
        observe_growth();
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller upholds `dealloc`'s contract; `ptr` came from `inner`.
        unsafe { self.inner.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller upholds `realloc`'s contract; `ptr` came from `inner`.
        let ptr = unsafe { self.inner.realloc(ptr, layout, new_size) };
        observe_growth();
        ptr
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn reserve_and_epoch_natively() {
        reserve(1 << 20).unwrap();
        assert!(matches!(
            reserve(usize::MAX),
            Err(Error::OutOfMemory { .. })
        ));
        assert_eq!(check_growth(), growth_epoch());
    }

    #[test]
    fn reserve_pads_by_an_eighth_and_64_kib() {
        use crate::allocator_tests::{largest_allocation, refusing_above};
        let padded = |bytes| largest_allocation(|| reserve(bytes).unwrap());
        assert_eq!(padded(1 << 20), (1 << 20) + (1 << 17) + (64 << 10));
        assert_eq!(padded(1000), 1000 + 125 + (64 << 10));
        assert_eq!(padded(0), 64 << 10);
        // Refused: `OutOfMemory` names the bytes asked for, not the padded block.
        assert_eq!(
            refusing_above(1 << 20, || reserve(1 << 20)),
            Err(Error::OutOfMemory { bytes: 1 << 20 })
        );
    }

    #[test]
    fn no_growth_natively() {
        // Natively there is no linear memory: no pages, and the epoch only moves on request.
        assert_eq!(memory_pages(), 0);
        let epoch = growth_epoch();
        assert_eq!(check_growth(), epoch);
        assert_eq!(crate::stats().pages, 0);
    }
}
