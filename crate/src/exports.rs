//! The `wasmViews...` exports: the boundary the TypeScript facade calls.
//!
//! `#[wasm_bindgen]` exports are always linked into a dependent's module, whether anything
//! uses them or not, so only the two that `bind()` needs are unconditional; the others come
//! with the Cargo feature of the facade API that calls them (`js-buffers`: `heap.alloc()`,
//! `resize()`, `free()`; `reserve`: `heap.reserve()`). [`layout::EXPORTS`](crate::layout::EXPORTS)
//! lists them for the facade.
//!
//! The exports take and return `u32`s. The facade validates every argument first (so no
//! negative, fractional or too large number reaches wasm-bindgen's `>>> 0`), and a failure is a
//! status code (`layout::STATUS_*`), from which the facade builds the exception and its message:
//! nothing here formats, allocates a message or builds a JavaScript object, which keeps
//! `core::fmt` out of a dependent's module. Each export observes growth (bumps the epoch), so
//! the facade's cached views learn of growth at the next call.
//!
//! The functions without the `wasm_views_` prefix are what the exports do, always compiled (and
//! only linked where called), so the boundary's behaviour is tested whatever the features.

use crate::error::Result;
use crate::growth::{observe_growth, reserve as reserve_bytes};
use crate::handle::Handle;
use crate::js_owned::{alloc_js, free_js, resize_js};
use crate::kind::Kind;
use crate::layout::STATUS_OK;
use crate::table::TABLE;
use wasm_bindgen::prelude::*;

fn status(result: Result<()>) -> u32 {
    match result {
        Ok(()) => STATUS_OK,
        Err(error) => error.status(),
    }
}

/// What `wasmViewsTable` does: the table header's address.
pub fn table() -> u32 {
    observe_growth();
    TABLE.address() as u32
}

/// What `wasmViewsAlloc` does: a handle (`>= 1 << 20`) of `length` zeroed elements of kind
/// code `kind`, owned by JavaScript, or a non-zero status code (`< 1 << 20`).
pub fn alloc(kind: u32, length: u32) -> u32 {
    let Some(kind) = Kind::from_code(kind) else {
        return crate::Error::UnknownKind(kind).status();
    };
    match alloc_js(kind, length as usize) {
        Ok(handle) => handle.get(),
        Err(error) => error.status(),
    }
}

/// What `wasmViewsResize` does: a status code.
pub fn resize(handle: u32, length: u32) -> u32 {
    status(resize_js(Handle::from_raw(handle), length as usize))
}

/// What `wasmViewsFree` does: a status code.
pub fn free(handle: u32) -> u32 {
    observe_growth();
    status(free_js(Handle::from_raw(handle)))
}

/// What `wasmViewsReserve` does: a status code (`STATUS_OUT_OF_MEMORY` if memory cannot grow
/// that far).
pub fn reserve(bytes: u32) -> u32 {
    status(reserve_bytes(bytes as usize))
}

#[doc(hidden)]
#[wasm_bindgen(js_name = wasmViewsTable)]
pub fn wasm_views_table() -> u32 {
    table()
}

#[doc(hidden)]
#[wasm_bindgen(js_name = wasmViewsMemory)]
pub fn wasm_views_memory() -> js_sys::WebAssembly::Memory {
    observe_growth();
    wasm_bindgen::memory().unchecked_into()
}

#[cfg(feature = "js-buffers")]
#[doc(hidden)]
#[wasm_bindgen(js_name = wasmViewsAlloc)]
pub fn wasm_views_alloc(kind: u32, length: u32) -> u32 {
    alloc(kind, length)
}

#[cfg(feature = "js-buffers")]
#[doc(hidden)]
#[wasm_bindgen(js_name = wasmViewsResize)]
pub fn wasm_views_resize(handle: u32, length: u32) -> u32 {
    resize(handle, length)
}

#[cfg(feature = "js-buffers")]
#[doc(hidden)]
#[wasm_bindgen(js_name = wasmViewsFree)]
pub fn wasm_views_free(handle: u32) -> u32 {
    free(handle)
}

#[cfg(feature = "reserve")]
#[doc(hidden)]
#[wasm_bindgen(js_name = wasmViewsReserve)]
pub fn wasm_views_reserve(bytes: u32) -> u32 {
    reserve(bytes)
}

/// The `WasmViewsHandle<K>` type for every dependent module's `.d.ts`, so a getter can say
/// which kind its handle holds:
/// `#[wasm_bindgen(getter, unchecked_return_type = "WasmViewsHandle<'u8'>")]`.
#[wasm_bindgen(typescript_custom_section)]
const WASM_VIEWS_HANDLE_TS: &'static str = r#"
/** A wasm-views handle whose buffer holds elements of kind K (a plain number at run time). */
export type WasmViewsHandle<K extends string = string> = number & { readonly __wasmViewsKind?: K };
"#;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::layout::*;

    #[test]
    fn statuses_not_exceptions() {
        // Sizes past 4 GiB are refused before anything is allocated; should that check break,
        // the allocator refuses them instead of committing gigabytes (see allocator_tests).
        let huge = |f: &dyn Fn() -> u32| crate::allocator_tests::refusing_above(1 << 20, f);
        let h = alloc(Kind::F32.code(), 3);
        assert!(h >= 1 << SLOT_BITS, "{h}");
        assert_eq!(alloc(12, 1), STATUS_UNKNOWN_KIND);
        assert_eq!(alloc(u32::MAX, 1), STATUS_UNKNOWN_KIND);
        assert_eq!(huge(&|| alloc(Kind::F64.code(), 1 << 29)), STATUS_TOO_LARGE);
        assert_eq!(resize(h, 5), STATUS_OK);
        assert_eq!(huge(&|| resize(h, u32::MAX)), STATUS_TOO_LARGE);
        assert_eq!(free(h), STATUS_OK);
        for stale in [h, 0, 12345] {
            assert_eq!(free(stale), STATUS_STALE_HANDLE);
            assert_eq!(resize(stale, 1), STATUS_STALE_HANDLE);
        }
        assert_eq!(reserve(1 << 16), STATUS_OK);
        assert_eq!(
            crate::allocator_tests::refusing_above(1 << 20, || reserve(1 << 20)),
            STATUS_OUT_OF_MEMORY
        );
        assert_eq!(table(), TABLE.address() as u32);
    }

    /// The `#[wasm_bindgen]` exports forward to the functions above (natively they are plain
    /// functions). They exist with the features the package's module and the fixture enable,
    /// which `cargo test --workspace` unifies onto this crate.
    #[cfg(all(feature = "js-buffers", feature = "reserve"))]
    #[test]
    fn exports_forward_their_arguments_and_statuses() {
        use crate::allocator_tests::refusing_above;
        assert_eq!(wasm_views_table(), table());
        let h = wasm_views_alloc(Kind::U16.code(), 2);
        assert!(h >= 1 << SLOT_BITS, "{h}");
        let length = || crate::describe(Handle::from_raw(h)).unwrap().length;
        assert_eq!(length(), 2);
        assert_eq!(wasm_views_alloc(12, 1), STATUS_UNKNOWN_KIND);
        assert_eq!(wasm_views_resize(h, 7), STATUS_OK);
        assert_eq!(length(), 7);
        assert_eq!(
            refusing_above(1 << 20, || wasm_views_resize(h, u32::MAX)),
            STATUS_TOO_LARGE
        );
        assert_eq!(wasm_views_free(h), STATUS_OK);
        assert_eq!(wasm_views_free(h), STATUS_STALE_HANDLE);
        assert_eq!(wasm_views_reserve(1 << 16), STATUS_OK);
        assert_eq!(
            refusing_above(1 << 20, || wasm_views_reserve(1 << 20)),
            STATUS_OUT_OF_MEMORY
        );
    }
}
