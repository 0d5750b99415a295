//! A typed-array view constructor that never returns a detached view.
//!
//! js-sys's `Float32Array::view(&slice)` can return a view that is already detached: the
//! view is a JavaScript object, so returning it to Rust stores it in wasm-bindgen's externref
//! table, and when that table's Rust-side slab is full it allocates, which may `memory.grow`
//! and detach the buffer the view was just built on (wasm-bindgen issues #4395, #4815).
//!
//! Here the slab is first made to hold two free slots (taking them grows it now, if it must),
//! so fetching `memory.buffer` and building the view on it reuse those slots and allocate
//! nothing in between; the view's byte length is then checked, and it is rebuilt if growth
//! still happened. Only js-sys calls are used, no JavaScript snippet of our own: a snippet is
//! an ES module, which wasm-pack's `--target nodejs` output would `require()`, and that fails
//! under Jest on Node 20.

use crate::error::Result;
use crate::handle::Handle;
use crate::kind::{Element, Kind};
use crate::live_vec::LiveVec;
use crate::table::TABLE;
use js_sys::WebAssembly;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The module's `WebAssembly.Memory`, fetched once: fetching it again would take an
    /// externref slot (and so possibly allocate) on every view.
    static MEMORY: WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
}

/// Attempts before giving up; each retry reuses the slots the failed one freed, so in
/// practice the first retry succeeds.
const ATTEMPTS: usize = 16;

/// A view built by `build(buffer, ptr, len)` over the current buffer, checked to be attached.
fn make_view(
    ptr: usize,
    len: usize,
    bytes: usize,
    build: impl Fn(&JsValue, u32, u32) -> JsValue,
) -> JsValue {
    MEMORY.with(|memory| {
        for _ in 0..ATTEMPTS {
            // Two slots, for the buffer and the view: taken (the slab grows now if it must)
            // and given back, so the two values below reuse them (the slab's free list is
            // last-in first-out) and nothing allocates between reading the buffer and
            // building the view on it.
            drop((JsValue::from_f64(0.0), JsValue::from_f64(0.0)));
            let buffer = memory.buffer();
            let view = build(&buffer, ptr as u32, len as u32);
            drop(buffer);
            // A detached view has byteLength 0. `byteLength` is the same getter on every
            // typed array, and reading it returns a number, which takes no slot.
            if view.unchecked_ref::<js_sys::Uint8Array>().byte_length() as usize == len * bytes {
                return view;
            }
        }
        panic!("wasm-views: memory kept growing while building a view");
    })
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
pub fn view<T: Element>(data: &LiveVec<T>) -> T::Array {
    view_slice(data.as_slice())
}

/// Like [`view`], for any slice of elements (its memory must not move while JavaScript uses
/// the view; see [`view`]).
pub fn view_slice<T: Element>(data: &[T]) -> T::Array {
    let kind = T::KIND;
    make_view(
        data.as_ptr() as usize,
        data.len(),
        kind.bytes(),
        |buffer, ptr, len| kind.new_view(buffer, ptr, len),
    )
    .unchecked_into()
}

/// A view of a live handle's buffer as JavaScript's constructor for its kind (`Float16Array`
/// for `f16` where the engine has one, else a `Uint16Array` of the bits).
///
/// Errors: `StaleHandle`.
pub fn view_handle(handle: Handle) -> Result<JsValue> {
    let snap = TABLE.snapshot(handle)?;
    let kind = snap.kind;
    let float16 = kind == Kind::F16 && has_float16_array();
    Ok(make_view(
        snap.ptr,
        snap.len,
        kind.bytes(),
        |buffer, ptr, len| {
            if float16 {
                js_sys::Float16Array::new_with_byte_offset_and_length(buffer, ptr, len).into()
            } else {
                kind.new_view(buffer, ptr, len)
            }
        },
    ))
}

fn has_float16_array() -> bool {
    js_sys::Reflect::has(&js_sys::global(), &JsValue::from_str("Float16Array")).unwrap_or(false)
}
