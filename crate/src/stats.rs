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

/// A field value of [`Stats`] or [`Description`], for [`to_js`].
enum Field {
    Number(f64),
    Text(&'static str),
    Null,
}

impl Serialize for Field {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> core::result::Result<S::Ok, S::Error> {
        match *self {
            Field::Number(n) => serializer.serialize_f64(n),
            Field::Text(text) => serializer.serialize_str(text),
            Field::Null => serializer.serialize_none(),
        }
    }
}

/// A plain JavaScript object with these fields, in this order (serde-wasm-bindgen, as a map
/// whose keys become the object's properties).
///
/// Not as the structs' derived `Serialize`: serde-wasm-bindgen caches every struct field name
/// in a `HashMap` that it grows on first use, and when memory is exhausted that allocation
/// aborts the module (`RuntimeError: unreachable`) instead of answering. Map keys are not
/// cached, and nothing else here allocates in linear memory (strings cross to JavaScript as
/// pointer and length), so `stats()` and `describe()` work with no byte free
/// (tests/reliability/edge.mjs). The keys are the names `rename_all = "camelCase"` gives, which
/// the derived `Serialize` still uses for any other serializer.
fn to_js(fields: &[(&'static str, Field)]) -> JsValue {
    use serde::Serializer as _;
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_missing_as_null(true)
        .serialize_maps_as_objects(true);
    match (&serializer).collect_map(fields.iter().map(|(key, value)| (key, value))) {
        Ok(js) => js,
        // String keys and plain values always serialise; a static message keeps the
        // serializer's `Debug` out of the module.
        Err(_) => panic!("wasm-views: stats serialise to plain objects"),
    }
}

impl Stats {
    /// This as a JavaScript object (`{ memoryBytes, pages, ... }`; `maximumPages` is `null`
    /// when unknown). Allocates nothing in linear memory: it works with no memory left.
    pub fn to_js(&self) -> JsValue {
        let number = |n: u32| Field::Number(n.into());
        to_js(&[
            ("memoryBytes", Field::Number(self.memory_bytes as f64)),
            ("pages", number(self.pages)),
            (
                "maximumPages",
                self.maximum_pages.map_or(Field::Null, number),
            ),
            ("liveHandles", number(self.live_handles)),
            ("tableCapacity", number(self.table_capacity)),
            ("growthEpoch", number(self.growth_epoch)),
        ])
    }
}

impl Description {
    /// This as a JavaScript object (`{ handle, slot, ... }`). Allocates nothing in linear
    /// memory: it works with no memory left.
    pub fn to_js(&self) -> JsValue {
        let number = |n: u32| Field::Number(n.into());
        to_js(&[
            ("handle", number(self.handle)),
            ("slot", number(self.slot)),
            ("generation", number(self.generation)),
            ("ptr", number(self.ptr)),
            ("length", number(self.length)),
            ("byteLength", number(self.byte_length)),
            ("kind", Field::Text(self.kind)),
            ("owner", Field::Text(self.owner)),
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::{alloc_js, free_js, Kind, LiveVec};

    #[test]
    fn describe_reports_the_slot() {
        let h = alloc_js(Kind::F64, 3).unwrap();
        let d = describe(h).unwrap();
        let ptr = TABLE.snapshot(h).unwrap().ptr as u32;
        assert_eq!(
            d,
            Description {
                handle: h.get(),
                slot: h.slot(),
                generation: h.generation(),
                ptr,
                length: 3,
                byte_length: 24,
                kind: "f64",
                owner: "js",
            }
        );
        free_js(h).unwrap();
        assert!(describe(h).is_err());
        let v = LiveVec::from(vec![1u16; 5]);
        let d = describe(v.handle()).unwrap();
        assert_eq!((d.byte_length, d.kind, d.owner), (10, "u16", "rust"));
    }

    #[test]
    fn stats_natively() {
        // No linear memory natively, and no `memory.type()` to ask for a maximum.
        let _held = LiveVec::<u8>::new();
        let s = stats();
        assert_eq!((s.memory_bytes, s.pages, s.maximum_pages), (0, 0, None));
        assert!(s.live_handles >= 1);
        assert!(s.table_capacity >= 256 && s.table_capacity.is_multiple_of(256));
        assert_eq!(PAGE, 65536);
    }
}
