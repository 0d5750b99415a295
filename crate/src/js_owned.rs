//! JS-owned buffers: memory the core allocates for JavaScript (`wasmViewsAlloc`), and the
//! borrow guards through which Rust code reads and writes it.

use crate::error::{Error, Result};
use crate::growth::observe_growth;
use crate::handle::Handle;
use crate::kind::{kind_of, Element, Kind};
use crate::table::{Owner, SlotMut, TABLE};
use bytemuck::AnyBitPattern;
use core::marker::PhantomData;
use core::ops::{Deref, DerefMut};
use std::alloc::Layout;

/// The largest byte size a buffer can have: linear memory is 32-bit.
const MAX_BYTES: u64 = u32::MAX as u64;

/// The allocation layout of `len` elements of `kind`: `TooLarge` past 4 GiB (no wasm32
/// memory can hold it), `OutOfMemory` where the allocator's own limit (`isize::MAX`) refuses.
fn layout(kind: Kind, len: usize) -> Result<Layout> {
    let too_large = Error::TooLarge {
        len: len as u64,
        kind,
    };
    let bytes = (len as u64)
        .checked_mul(kind.bytes() as u64)
        .ok_or(too_large)?;
    if bytes > MAX_BYTES {
        return Err(too_large);
    }
    Layout::from_size_align(bytes as usize, kind.bytes()).map_err(|_| Error::OutOfMemory { bytes })
}

/// The layout a live JS-owned buffer of `cap` elements was allocated with: it was valid then.
fn allocated_layout(kind: Kind, cap: usize) -> Layout {
    match layout(kind, cap) {
        Ok(layout) => layout,
        // A static message: formatting the error would link `core::fmt` into every module.
        Err(_) => panic!("wasm-views: a live allocation has a valid layout"),
    }
}

/// A well-aligned non-null address for an empty buffer: never read (LAYOUT.md).
fn dangling(kind: Kind) -> usize {
    kind.bytes()
}

/// Allocates `len` zeroed elements of `kind` for JavaScript and returns the handle (owner
/// `js`). What `wasmViewsAlloc` does.
///
/// Errors: `TooLarge` (byte size past 4 GiB), `OutOfMemory` (the allocator refused: it never
/// aborts).
pub fn alloc_js(kind: Kind, len: usize) -> Result<Handle> {
    let layout = layout(kind, len)?;
    let ptr = if layout.size() == 0 {
        dangling(kind)
    } else {
        // SAFETY: the layout has a non-zero size.
        let ptr = unsafe { std::alloc::alloc_zeroed(layout) };
        if ptr.is_null() {
            return Err(Error::OutOfMemory {
                bytes: layout.size() as u64,
            });
        }
        ptr as usize
    };
    observe_growth();
    TABLE
        .register(kind, Owner::Js, ptr, len, len)
        .inspect_err(|_| {
            // SAFETY: allocated just above with this layout, and never published.
            unsafe { dealloc(ptr, layout) }
        })
}

/// Frees `layout` at `ptr` unless it is an empty buffer's dangling address.
///
/// # Safety
/// `ptr` must come from the global allocator with `layout`, or `layout` must be empty.
unsafe fn dealloc(ptr: usize, layout: Layout) {
    if layout.size() != 0 {
        // SAFETY: per this function's contract.
        unsafe { std::alloc::dealloc(ptr as *mut u8, layout) }
    }
}

/// The layout a live JS-owned slot was allocated with.
fn slot_layout(slot: &SlotMut<'_>) -> Layout {
    let snap = slot.snapshot();
    allocated_layout(snap.kind, snap.cap)
}

/// Resizes a JS-owned buffer to `len` elements, keeping the first `min(old, len)` and zeroing
/// the rest. The data may move (the version is bumped). What `wasmViewsResize` does.
///
/// Errors: `StaleHandle`, `WrongOwner` (not JS-owned), `Borrowed`, `TooLarge`, `OutOfMemory`
/// (the buffer is then unchanged).
pub fn resize_js(handle: Handle, len: usize) -> Result<()> {
    let result = TABLE.with_slot(handle, |slot| {
        slot.require(Owner::Js)?;
        if slot.borrows() != 0 {
            return Err(Error::Borrowed(handle));
        }
        let snap = slot.snapshot();
        let old = slot_layout(slot);
        let new = layout(snap.kind, len)?;
        let ptr = if new.size() == 0 {
            // SAFETY: `snap.ptr` was allocated with `old` (or `old` is empty).
            unsafe { dealloc(snap.ptr, old) };
            dangling(snap.kind)
        } else {
            let ptr = if old.size() == 0 {
                // SAFETY: non-zero size.
                unsafe { std::alloc::alloc_zeroed(new) }
            } else {
                // SAFETY: `snap.ptr` was allocated with `old`; the new size is non-zero and
                // a valid layout with the same alignment.
                unsafe { std::alloc::realloc(snap.ptr as *mut u8, old, new.size()) }
            };
            if ptr.is_null() {
                // `realloc` leaves the old block as it was on failure.
                return Err(Error::OutOfMemory {
                    bytes: new.size() as u64,
                });
            }
            if new.size() > old.size() && old.size() != 0 {
                // SAFETY: `ptr` is valid for `new.size()` bytes; the tail past the old size is
                // ours and uninitialised, so zero it.
                unsafe { ptr.add(old.size()).write_bytes(0, new.size() - old.size()) };
            }
            ptr as usize
        };
        slot.set(ptr, len, len)
    });
    observe_growth();
    result
}

/// Frees a JS-owned buffer: its handle goes stale. What `wasmViewsFree` does.
///
/// Errors: `StaleHandle`, `WrongOwner` (a Rust-owned or raw handle: only its owner frees it,
/// and nothing changes), `Borrowed`.
pub fn free_js(handle: Handle) -> Result<()> {
    let snap = TABLE.release(handle, Owner::Js)?;
    let layout = allocated_layout(snap.kind, snap.cap);
    // SAFETY: the slot was JS-owned, so `snap.ptr` came from `alloc_js`/`resize_js` with this
    // layout; releasing the slot made this the only path to it.
    unsafe { dealloc(snap.ptr, layout) };
    Ok(())
}

/// Takes a borrow of a JS-owned buffer of kind `T`: `+1` shared or `-1` exclusive.
fn acquire<T: Element>(handle: Handle, exclusive: bool) -> Result<(usize, usize)> {
    TABLE.with_slot(handle, |slot| {
        slot.require(Owner::Js)?;
        slot.require_kind(kind_of::<T>())?;
        let borrows = slot.borrows();
        if borrows < 0 || (exclusive && borrows != 0) {
            return Err(Error::Borrowed(handle));
        }
        slot.set_borrows(if exclusive { -1 } else { borrows + 1 });
        let snap = slot.snapshot();
        Ok((snap.ptr, snap.len))
    })
}

fn unacquire(handle: Handle, exclusive: bool) {
    // The slot is still live: a borrowed slot cannot be released or resized.
    let _ = TABLE.with_slot(handle, |slot| {
        let borrows = slot.borrows();
        slot.set_borrows(if exclusive { 0 } else { borrows - 1 });
        Ok(())
    });
}

/// Borrows a JS-owned buffer as `&[T]` (through the returned guard).
///
/// Errors: `StaleHandle`, `WrongOwner` (Rust-owned or raw: their owner may be mutating
/// them), `KindMismatch`, `Borrowed` (a [`borrow_mut`] guard is alive).
///
/// While any guard is alive, the buffer cannot be freed, resized or mutably borrowed from
/// Rust or JavaScript (those return `Borrowed`), so the slice cannot dangle or alias a
/// `&mut`. The one thing the guard cannot stop is JavaScript writing through a view it
/// already holds: do not call into JavaScript code that writes this buffer while holding it.
///
/// ```
/// let handle = wasm_views::alloc_js(wasm_views::Kind::F32, 3).unwrap();
/// wasm_views::borrow_mut::<f32>(handle).unwrap().fill(0.5);
/// let sum: f32 = wasm_views::borrow::<f32>(handle).unwrap().iter().sum();
/// assert_eq!(sum, 1.5);
/// wasm_views::free_js(handle).unwrap();
/// ```
pub fn borrow<T: Element + AnyBitPattern>(handle: Handle) -> Result<Ref<T>> {
    Ref::take(handle)
}

/// Borrows a JS-owned buffer as `&mut [T]` (through the returned guard).
///
/// As [`borrow`], and `Borrowed` if any other guard for the buffer is alive.
pub fn borrow_mut<T: Element + AnyBitPattern>(handle: Handle) -> Result<RefMut<T>> {
    RefMut::take(handle)
}

// The two borrow guards differ only in the pointer's mutability, the count they took
// (shared or exclusive) and `DerefMut`, which `RefMut` adds below: one definition serves
// both, so the release on drop and the `unsafe` read cannot drift apart.
macro_rules! borrow_guard {
    ($(#[$doc:meta])* $name:ident, *$mutability:tt, exclusive: $exclusive:literal) => {
        $(#[$doc])*
        pub struct $name<T: Element> {
            handle: Handle,
            ptr: *$mutability T,
            len: usize,
            _not_send: PhantomData<*$mutability T>,
        }

        impl<T: Element> $name<T> {
            /// The borrowed buffer's handle.
            pub fn handle(&self) -> Handle {
                self.handle
            }
        }

        impl<T: Element + AnyBitPattern> $name<T> {
            /// Takes the borrow count for `handle` (see `acquire`) and guards it.
            fn take(handle: Handle) -> Result<Self> {
                let (ptr, len) = acquire::<T>(handle, $exclusive)?;
                Ok(Self {
                    handle,
                    ptr: ptr as *$mutability T,
                    len,
                    _not_send: PhantomData,
                })
            }
        }

        impl<T: Element + AnyBitPattern> Deref for $name<T> {
            type Target = [T];

            fn deref(&self) -> &[T] {
                // SAFETY: `acquire` checked the slot is JS-owned with kind `T`, so `ptr` is an
                // aligned allocation of `len` initialised (zeroed, then written as plain data)
                // `T`s, or a dangling aligned address with `len == 0`. The borrow count this
                // guard took (shared, or exclusive for a `RefMut`) keeps it from being freed,
                // resized or mutably borrowed elsewhere until the guard drops.
                unsafe { core::slice::from_raw_parts(self.ptr, self.len) }
            }
        }

        impl<T: Element> Drop for $name<T> {
            fn drop(&mut self) {
                unacquire(self.handle, $exclusive);
            }
        }
    };
}

borrow_guard! {
    /// A shared borrow of a JS-owned buffer; see [`borrow`]. Releases the borrow on drop.
    Ref, *const, exclusive: false
}

borrow_guard! {
    /// An exclusive borrow of a JS-owned buffer; see [`borrow_mut`]. Releases it on drop.
    RefMut, *mut, exclusive: true
}

impl<T: Element + AnyBitPattern> DerefMut for RefMut<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        // SAFETY: as in `deref` (in `borrow_guard!`); `&mut self` makes this the only reference
        // through the guard, and the exclusive count (-1) rules out every other guard.
        unsafe { core::slice::from_raw_parts_mut(self.ptr, self.len) }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::LiveVec;

    #[test]
    fn alloc_is_zeroed_and_resize_keeps_contents() {
        let h = alloc_js(Kind::F64, 4).unwrap();
        assert_eq!(&*borrow::<f64>(h).unwrap(), &[0.0; 4]);
        borrow_mut::<f64>(h)
            .unwrap()
            .copy_from_slice(&[1.0, 2.0, 3.0, 4.0]);
        resize_js(h, 6).unwrap();
        assert_eq!(&*borrow::<f64>(h).unwrap(), &[1.0, 2.0, 3.0, 4.0, 0.0, 0.0]);
        resize_js(h, 2).unwrap();
        assert_eq!(&*borrow::<f64>(h).unwrap(), &[1.0, 2.0]);
        resize_js(h, 0).unwrap();
        assert!(borrow::<f64>(h).unwrap().is_empty());
        resize_js(h, 3).unwrap();
        assert_eq!(&*borrow::<f64>(h).unwrap(), &[0.0; 3]);
        free_js(h).unwrap();
        let freed = Error::StaleHandle {
            handle: h,
            released_by: Some(Owner::Js),
        };
        assert_eq!(free_js(h), Err(freed));
    }

    #[test]
    fn growing_in_place_zeroes_what_the_old_block_left_behind() {
        // Shrinking keeps the block where it is and growing it again extends it in place
        // (the allocator's usual way), so the bytes past the kept ones are what the buffer held
        // before, unless resize zeroes them.
        let h = alloc_js(Kind::U8, 4096).unwrap();
        borrow_mut::<u8>(h).unwrap().fill(0xab);
        resize_js(h, 16).unwrap();
        resize_js(h, 4096).unwrap();
        let bytes = borrow::<u8>(h).unwrap();
        assert_eq!(&bytes[..16], &[0xab; 16]);
        assert!(
            bytes[16..].iter().all(|&b| b == 0),
            "resize left old bytes in the new tail"
        );
        drop(bytes);
        free_js(h).unwrap();
    }

    #[test]
    fn a_refused_allocation_is_out_of_memory_and_changes_nothing() {
        use crate::allocator_tests::refusing_above;
        assert_eq!(
            refusing_above(1024, || alloc_js(Kind::U8, 4096)),
            Err(Error::OutOfMemory { bytes: 4096 })
        );
        let h = alloc_js(Kind::U32, 4).unwrap();
        borrow_mut::<u32>(h).unwrap().copy_from_slice(&[1, 2, 3, 4]);
        let before = TABLE.snapshot(h).unwrap();
        // A realloc that fails leaves the block, the descriptor and its version as they were.
        assert_eq!(
            refusing_above(1024, || resize_js(h, 1000)),
            Err(Error::OutOfMemory { bytes: 4000 })
        );
        assert_eq!(TABLE.snapshot(h).unwrap(), before);
        assert_eq!(&*borrow::<u32>(h).unwrap(), &[1, 2, 3, 4]);
        // So does a fresh allocation for an empty buffer.
        resize_js(h, 0).unwrap();
        let empty = TABLE.snapshot(h).unwrap();
        assert_eq!((empty.len, empty.ptr), (0, Kind::U32.bytes()));
        assert_eq!(
            refusing_above(1024, || resize_js(h, 1000)),
            Err(Error::OutOfMemory { bytes: 4000 })
        );
        assert_eq!(TABLE.snapshot(h).unwrap(), empty);
        free_js(h).unwrap();
    }

    #[test]
    fn empty_buffers_sit_at_an_aligned_dangling_address() {
        for &kind in Kind::ALL {
            let h = alloc_js(kind, 0).unwrap();
            let s = TABLE.snapshot(h).unwrap();
            assert_eq!((s.ptr, s.len, s.cap), (kind.bytes(), 0, 0), "{kind}");
            free_js(h).unwrap();
        }
    }

    #[test]
    fn borrow_rules() {
        let h = alloc_js(Kind::I32, 2).unwrap();
        assert!(matches!(borrow::<f32>(h), Err(Error::KindMismatch { .. })));
        let a = borrow::<i32>(h).unwrap();
        let b = borrow::<i32>(h).unwrap();
        assert_eq!(borrow_mut::<i32>(h).err(), Some(Error::Borrowed(h)));
        assert_eq!(free_js(h), Err(Error::Borrowed(h)));
        assert_eq!(resize_js(h, 9), Err(Error::Borrowed(h)));
        drop((a, b));
        let m = borrow_mut::<i32>(h).unwrap();
        assert_eq!(borrow::<i32>(h).err(), Some(Error::Borrowed(h)));
        drop(m);
        free_js(h).unwrap();
    }

    #[test]
    fn only_js_owned_buffers_are_borrowed_or_freed() {
        let v = LiveVec::<u8>::from(vec![1, 2]);
        let h = v.handle();
        let wrong = Error::WrongOwner {
            handle: h,
            expected: Owner::Js,
            found: Owner::Rust,
        };
        assert_eq!(borrow::<u8>(h).err(), Some(wrong));
        assert_eq!(free_js(h), Err(wrong));
        assert_eq!(resize_js(h, 1), Err(wrong));
        assert_eq!(&v[..], &[1, 2]);
    }

    #[test]
    fn four_gib_less_one_is_the_largest_size() {
        use crate::allocator_tests::refusing_above;
        // u32::MAX bytes fit a 32-bit memory: only the allocator can refuse them (it is made
        // to here, so that nothing is allocated); one more byte is too large to ask for.
        let largest = u32::MAX as usize;
        assert_eq!(
            refusing_above(1024, || alloc_js(Kind::U8, largest)),
            Err(Error::OutOfMemory {
                bytes: u32::MAX as u64
            })
        );
        assert_eq!(
            refusing_above(1024, || alloc_js(Kind::U8, largest + 1)),
            Err(Error::TooLarge {
                len: 1 << 32,
                kind: Kind::U8
            })
        );
        assert_eq!(
            refusing_above(1024, || alloc_js(Kind::U16, largest / 2 + 1)),
            Err(Error::TooLarge {
                len: 1 << 31,
                kind: Kind::U16
            })
        );
    }

    #[test]
    fn sizes_are_checked() {
        // Refused before anything is allocated; should that check break, the allocator refuses
        // the gigabytes instead of committing them (see allocator_tests).
        use crate::allocator_tests::refusing_above;
        assert_eq!(
            refusing_above(1 << 20, || alloc_js(Kind::F64, 1 << 29)),
            Err(Error::TooLarge {
                len: 1 << 29,
                kind: Kind::F64
            })
        );
        let h = alloc_js(Kind::U8, 0).unwrap();
        assert_eq!(
            refusing_above(1 << 20, || resize_js(h, 1 << 33)),
            Err(Error::TooLarge {
                len: 1 << 33,
                kind: Kind::U8
            })
        );
        free_js(h).unwrap();
    }
}
