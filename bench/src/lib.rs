//! The Rust side of `npm run bench` (`bench/run.mjs`): buffers to read, and the Rust-side
//! alternatives wasm-views is measured against, each in its idiomatic form.
//!
//! Linking `wasm-views` gives this module the `wasmViews...` exports, so the facade can `bind()`
//! it and read the same buffers the alternatives below hand out.
#![warn(missing_docs)]

use js_sys::Float32Array;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_views::{Handle, LiveVec};

thread_local! {
    /// Every buffer made by `makeBuffer`, by id. Never dropped: the benchmark keeps them all.
    static BUFFERS: RefCell<Vec<LiveVec<f32>>> = const { RefCell::new(Vec::new()) };
}

fn with<R>(id: u32, f: impl FnOnce(&mut LiveVec<f32>) -> R) -> R {
    BUFFERS.with(|buffers| f(&mut buffers.borrow_mut()[id as usize]))
}

/// Makes a Rust-owned buffer (`LiveVec<f32>`) of `len` elements, element `i` being `i % 1000`
/// (exact in `f32`, so every alternative's sums agree exactly), and returns its id.
#[wasm_bindgen(js_name = makeBuffer)]
pub fn make_buffer(len: u32) -> u32 {
    let data: Vec<f32> = (0..len).map(|i| (i % 1000) as f32).collect();
    BUFFERS.with(|buffers| {
        let mut buffers = buffers.borrow_mut();
        buffers.push(LiveVec::from(data));
        buffers.len() as u32 - 1
    })
}

/// The wasm-views handle of buffer `id`.
#[wasm_bindgen(js_name = bufferHandle)]
pub fn buffer_handle(id: u32) -> Handle {
    with(id, |buffer| buffer.handle())
}

/// js-sys `Float32Array::view` returned through the boundary: the idiomatic zero-copy hand-over
/// without wasm-views (a view that growth between its creation and its first use detaches).
#[wasm_bindgen(js_name = jsSysView)]
pub fn js_sys_view(id: u32) -> Float32Array {
    // SAFETY: the view is returned to JavaScript at once; nothing in Rust allocates before it
    // leaves, which is as much as `view`'s contract can be honoured at a boundary.
    with(id, |buffer| unsafe { Float32Array::view(buffer) })
}

/// wasm-views' Rust-side view constructor (`wasm_views::view`), returned through the boundary.
#[wasm_bindgen(js_name = rustView)]
pub fn rust_view(id: u32) -> Float32Array {
    with(id, |buffer| wasm_views::view(buffer))
}

/// Copy out through a returned `Vec<f32>` (wasm-bindgen copies it into a new `Float32Array`).
#[wasm_bindgen(js_name = copyVec)]
pub fn copy_vec(id: u32) -> Vec<f32> {
    with(id, |buffer| buffer.to_vec())
}

/// Copy out through serde-wasm-bindgen (a JavaScript `Array` of numbers).
#[wasm_bindgen(js_name = serdeOut)]
pub fn serde_out(id: u32) -> Result<JsValue, JsValue> {
    with(id, |buffer| {
        serde_wasm_bindgen::to_value(buffer.as_slice()).map_err(JsValue::from)
    })
}

/// Copy in through a `&[f32]` parameter (wasm-bindgen copies `data` into wasm memory first),
/// into the start of buffer `id`.
#[wasm_bindgen(js_name = copyInSlice)]
pub fn copy_in_slice(id: u32, data: &[f32]) {
    with(id, |buffer| buffer[..data.len()].copy_from_slice(data));
}

/// The `u32` at word index `word` (address / 4) of linear memory, read through a call into wasm
/// rather than through a typed array: how the `floor-wasm-version` alternative reads a
/// descriptor's version after a growth, where any read from JavaScript needs a new typed array
/// over the new buffer first. Only for a word inside memory (the benchmark passes a live
/// entry's version word): past its end the load traps.
#[wasm_bindgen(js_name = readWord)]
pub fn read_word(word: u32) -> u32 {
    let address = word as usize * 4;
    // Atomic, as the table's own words are written: an entry's version may be written by
    // another thread in a shared memory (the benchmark reads it in non-shared ones only).
    // SAFETY: a word of the table, aligned and inside memory; it is only read.
    unsafe { core::sync::atomic::AtomicU32::from_ptr(address as *mut u32) }
        .load(core::sync::atomic::Ordering::Acquire)
}

/// `memory.grow(pages)` from Rust; returns the previous size in pages. `grow(0)` detaches a
/// non-shared memory's buffer just as real growth does, without using up address space.
#[wasm_bindgen]
pub fn grow(pages: u32) -> u32 {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_grow(0, pages as usize) as u32
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = pages;
        0
    }
}
