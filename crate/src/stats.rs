//! `stats()` and `describe(handle)`: what the core knows, as plain structs that serialise to
//! JavaScript objects with camelCase fields.

use crate::error::Result;
use crate::growth::{memory_pages, observe_growth};
use crate::handle::Handle;
use crate::layout::*;
use crate::table::TABLE;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// Bytes per wasm page.
const PAGE: u64 = 64 * 1024;

/// Memory and table figures ([`Stats::to_js`] makes a JavaScript object of them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Linear memory size in bytes.
    pub memory_bytes: u64,
    /// Linear memory size in 64 KiB pages.
    pub pages: u32,
    /// The memory's maximum in pages, where the engine reports it (`memory.type()`), else
    /// `null`.
    pub maximum_pages: Option<u32>,
    /// Handles currently live.
    pub live_handles: u32,
    /// Slots in allocated chunks.
    pub table_capacity: u32,
    /// The growth epoch (brought up to date first).
    pub growth_epoch: u32,
}

/// One live buffer ([`Description::to_js`] makes a JavaScript object of it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Description {
    /// The handle asked about.
    pub handle: u32,
    /// Its slot index.
    pub slot: u32,
    /// Its generation.
    pub generation: u32,
    /// Address of element 0 (dangling when `length` is 0).
    pub ptr: u32,
    /// Elements.
    pub length: u32,
    /// Bytes.
    pub byte_length: u32,
    /// Kind name (`"f32"`, ...).
    pub kind: &'static str,
    /// `"rust"`, `"js"` or `"raw"`.
    pub owner: &'static str,
}

/// The current figures.
pub fn stats() -> Stats {
    let growth_epoch = observe_growth();
    let pages = memory_pages() as u32;
    Stats {
        memory_bytes: pages as u64 * PAGE,
        pages,
        maximum_pages: maximum_pages(),
        live_handles: TABLE.header_word(HEADER_LIVE),
        table_capacity: TABLE.header_word(HEADER_CAPACITY),
        growth_epoch,
    }
}

/// What a live handle describes. Errors: `StaleHandle`.
pub fn describe(handle: Handle) -> Result<Description> {
    let snap = TABLE.snapshot(handle)?;
    Ok(Description {
        handle: handle.get(),
        slot: handle.slot(),
        generation: handle.generation(),
        ptr: snap.ptr as u32,
        length: snap.len as u32,
        byte_length: (snap.len * snap.kind.bytes()) as u32,
        kind: snap.kind.name(),
        owner: snap.owner.name(),
    })
}

/// A plain JavaScript object with these fields, in this order.
///
/// Built with js-sys calls, which allocate nothing in linear memory (keys cross as pointer and
/// length, values as numbers): `stats()` and `describe()` must answer with no byte of memory
/// free (tests/reliability/edge.mjs). serde-wasm-bindgen's serializer could not: it caches
/// every field name in a `HashMap` it grows on first use, and a failed allocation there aborts
/// the module (`RuntimeError: unreachable`). The structs still implement `Serialize` for any
/// other serializer; the field names here are the ones `rename_all = "camelCase"` gives.
fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in fields {
        // Setting a property of a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

impl Stats {
    /// This as a JavaScript object (`{ memoryBytes, pages, ... }`; `maximumPages` is `null`
    /// when unknown). Allocates nothing in linear memory, so it works with no memory left.
    pub fn to_js(&self) -> JsValue {
        let number = |n: u32| JsValue::from_f64(n.into());
        object(&[
            ("memoryBytes", JsValue::from_f64(self.memory_bytes as f64)),
            ("pages", number(self.pages)),
            (
                "maximumPages",
                self.maximum_pages.map_or(JsValue::NULL, number),
            ),
            ("liveHandles", number(self.live_handles)),
            ("tableCapacity", number(self.table_capacity)),
            ("growthEpoch", number(self.growth_epoch)),
        ])
    }
}

impl Description {
    /// This as a JavaScript object (`{ handle, slot, ... }`). Allocates nothing in linear
    /// memory, so it works with no memory left.
    pub fn to_js(&self) -> JsValue {
        let number = |n: u32| JsValue::from_f64(n.into());
        object(&[
            ("handle", number(self.handle)),
            ("slot", number(self.slot)),
            ("generation", number(self.generation)),
            ("ptr", number(self.ptr)),
            ("length", number(self.length)),
            ("byteLength", number(self.byte_length)),
            ("kind", JsValue::from_str(self.kind)),
            ("owner", JsValue::from_str(self.owner)),
        ])
    }
}

/// The type-reflection API (`memory.type().maximum`) where the engine has it.
#[cfg(target_arch = "wasm32")]
fn maximum_pages() -> Option<u32> {
    use js_sys::{Function, Reflect};
    use wasm_bindgen::JsCast;
    let memory = wasm_bindgen::memory();
    let ty = Reflect::get(&memory, &"type".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    let described = ty.call0(&memory).ok()?;
    Reflect::get(&described, &"maximum".into())
        .ok()?
        .as_f64()
        .map(|max| max as u32)
}

#[cfg(not(target_arch = "wasm32"))]
fn maximum_pages() -> Option<u32> {
    None
}
