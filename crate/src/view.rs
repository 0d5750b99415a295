//! A typed-array view constructor that never returns a detached view.
//!
//! js-sys's `Float32Array::view(&slice)` can return a view that is already detached: the
//! view is a JavaScript object, so returning it to Rust stores it in wasm-bindgen's externref
//! table, and when that table's Rust-side slab is full it allocates, which may `memory.grow`
//! and detach the buffer the view was just built on (wasm-bindgen issues #4395, #4815).
//!
//! Here the view is built in JavaScript (`js/view.js`) against the current `memory.buffer`
//! after making sure the slab has a free slot (so storing the result allocates nothing), and
//! checked before it is returned; if growth still happened, it is rebuilt.

use crate::error::Result;
use crate::handle::Handle;
use crate::kind::{Element, Kind};
use crate::live_vec::LiveVec;
use crate::table::TABLE;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/view.js")]
extern "C" {
    fn wasm_views_make_view(memory: &JsValue, ctor: &str, ptr: u32, length: u32) -> JsValue;
    fn wasm_views_view_ok(view: &JsValue, length: u32) -> bool;
}

thread_local! {
    /// The module's `WebAssembly.Memory`, fetched once: fetching it again would take an
    /// externref slot (and so possibly allocate) on every view.
    static MEMORY: JsValue = wasm_bindgen::memory();
}

/// Attempts before giving up; each retry reuses the slot the failed view freed, so in
/// practice the first retry succeeds.
const ATTEMPTS: usize = 16;

fn make_view(ctor: &str, ptr: usize, len: usize) -> JsValue {
    MEMORY.with(|memory| {
        for _ in 0..ATTEMPTS {
            // Take a slot in the externref table and give it back: if the slab had to grow
            // (allocate, maybe `memory.grow`), it does so now, and the view below reuses the
            // freed slot without allocating.
            drop(JsValue::from_f64(0.0));
            let view = wasm_views_make_view(memory, ctor, ptr as u32, len as u32);
            if wasm_views_view_ok(&view, len as u32) {
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
    make_view(
        T::KIND.rust_view_array(),
        data.as_ptr() as usize,
        data.len(),
    )
    .unchecked_into()
}

/// A view of a live handle's buffer as JavaScript's constructor for its kind (`Float16Array`
/// for `f16` where the engine has one, else a `Uint16Array` of the bits).
///
/// Errors: `StaleHandle`.
pub fn view_handle(handle: Handle) -> Result<JsValue> {
    let snap = TABLE.snapshot(handle)?;
    let ctor = match snap.kind {
        Kind::F16 if !has_float16_array() => Kind::U16.js_array(),
        kind => kind.js_array(),
    };
    Ok(make_view(ctor, snap.ptr, snap.len))
}

fn has_float16_array() -> bool {
    js_sys::Reflect::has(&js_sys::global(), &JsValue::from_str("Float16Array")).unwrap_or(false)
}
