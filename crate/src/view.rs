//! A typed-array view constructor that never returns a detached view.
//!
//! js-sys's `Float32Array::view(&slice)` can return a view that is already detached: the
//! view is built in JavaScript on the current `memory.buffer`, but returning it to Rust stores
//! it in wasm-bindgen's externref table, and when that table's Rust-side slab is full it
//! allocates, which may `memory.grow` and detach the buffer the view was just built on
//! (wasm-bindgen issues #4395, #4815).
//!
//! Storing the result is the only thing between building the view and getting it back that
//! can allocate, so here the memory size is compared before and after: unchanged means the
//! view is attached. Otherwise the detached view is dropped, which frees the externref slot
//! its storing took, and the view is built again: it reuses that slot, so the second attempt
//! allocates nothing. Only js-sys calls are used (one call into JavaScript per view, as js-sys's
//! own `view`), no JavaScript snippet of our own: a snippet is an ES module, which wasm-pack's
//! `--target nodejs` output would `require()`, and that fails under Jest on Node 20.

use crate::error::Result;
use crate::growth::memory_pages;
use crate::handle::Handle;
use crate::kind::{kind_of, ArrayOf, Element, Kind};
use crate::live_vec::LiveVec;
use crate::table::TABLE;
use wasm_bindgen::prelude::*;

/// Attempts before giving up; the second one reuses the slot the first one freed, so in
/// practice it never takes more than two.
const ATTEMPTS: usize = 16;

/// js-sys's view of `len` elements of `kind` at `ptr`, checked to be attached.
///
/// # Safety
/// `ptr` must be valid for `len` elements of `kind`.
unsafe fn checked_view(kind: Kind, ptr: usize, len: usize) -> JsValue {
    // Shared memory (a threads build) is never detached, and other threads may grow it at
    // any time, so its size proves nothing: the view is right as it is.
    if cfg!(target_feature = "atomics") {
        // SAFETY: per this function's contract.
        return unsafe { kind.raw_view(ptr, len) };
    }
    for _ in 0..ATTEMPTS {
        let pages = memory_pages();
        // SAFETY: per this function's contract.
        let view = unsafe { kind.raw_view(ptr, len) };
        if memory_pages() == pages {
            return view;
        }
    }
    panic!("wasm-views: memory kept growing while building a view");
}

/// A typed array over `data`'s current elements, never detached when returned.
///
/// It stays valid until memory grows or `data` moves (push, resize, ...); the TypeScript
/// facade's `getView()` is the way to hold on to a buffer across those. JavaScript can already
/// read and write all of linear memory through `memory.buffer`; a view adds no access, only a
/// window that can go stale, which is why this is safe (unlike js-sys's `view`, which also
/// has the detach bug).
///
/// For [`F16Bits`](crate::F16Bits) the view is a `Uint16Array` of the bits.
pub fn view<T: Element>(data: &LiveVec<T>) -> ArrayOf<T> {
    // SAFETY: a LiveVec's data is valid for its length, of its kind.
    unsafe { checked_view(kind_of::<T>(), data.as_ptr() as usize, data.len()) }.unchecked_into()
}

/// Like [`view`], for any slice of elements (its memory must not move while JavaScript uses
/// the view; see [`view`]).
///
/// Only for types where every bit pattern is valid: JavaScript may write any bytes through
/// the view, and a plain slice (unlike a [`LiveVec`]) does not check what it reads. For an
/// enum, keep the data in a `LiveVec` and use [`view`].
pub fn view_slice<T: Element + bytemuck::AnyBitPattern>(data: &[T]) -> ArrayOf<T> {
    // SAFETY: `data` is valid for its length, and `kind_of::<T>()` is `T::Repr`'s kind, whose
    // size and alignment `T` has (checked at build time).
    unsafe { checked_view(kind_of::<T>(), data.as_ptr() as usize, data.len()) }.unchecked_into()
}

/// A view of a live handle's buffer as its kind's `Element::Array` (so `f16` gives a
/// `Uint16Array` of the bits: in JavaScript, `new Float16Array(v.buffer, v.byteOffset,
/// v.length)` where the engine has one, or use the facade's `getView()`).
///
/// Errors: `StaleHandle`.
pub fn view_handle(handle: Handle) -> Result<JsValue> {
    let snap = TABLE.snapshot(handle)?;
    // SAFETY: a live slot describes `len` elements of its kind at `ptr` (the table's invariant).
    Ok(unsafe { checked_view(snap.kind, snap.ptr, snap.len) })
}
