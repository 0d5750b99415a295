//! The `wasmViews...` exports: the boundary the TypeScript facade calls.
//!
//! They are `#[doc(hidden)]`: Rust code uses the typed functions they wrap. They exist in
//! every module that links this crate, so the facade can `bind()` any such module; the
//! `wasmViews` prefix keeps them from clashing with the module's own exports.
//!
//! Numbers arrive as `f64` and are validated here, so a negative, NaN, fractional or too large
//! value is a `RangeError` naming it, instead of silently wrapping as wasm-bindgen's `u32`
//! conversion (`>>> 0`) would.

use crate::growth::{check_growth, observe_growth, reserve};
use crate::error::{Error, Result};
use crate::handle::Handle;
use crate::js_owned::{alloc_js, free_js, resize_js};
use crate::kind::Kind;
use crate::stats::{describe, stats};
use crate::table::TABLE;
use wasm_bindgen::prelude::*;

/// `value` as a whole number in `0..=max`, or a `RangeError` naming `what` and the value.
fn whole(what: &str, value: f64, max: f64) -> Result<f64> {
    if value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= max {
        Ok(value)
    } else {
        Err(Error::InvalidArgument(format!(
            "{what} must be a whole number from 0 to {max}, got {}",
            js_number(value)
        )))
    }
}

/// Formats like JavaScript's `String(number)` for the values that matter in messages.
fn js_number(value: f64) -> String {
    if value.is_nan() {
        "NaN".into()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        value.to_string()
    }
}

fn parse_length(value: f64) -> Result<usize> {
    Ok(whole("length", value, u32::MAX as f64)? as usize)
}

fn parse_handle(value: f64) -> Result<Handle> {
    Ok(Handle::from_raw(
        whole("handle", value, u32::MAX as f64)? as u32
    ))
}

fn parse_kind(value: f64) -> Result<Kind> {
    if value.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&value) {
        Kind::from_code_checked(value as u32)
    } else {
        Err(Error::UnknownKind(js_number(value)))
    }
}

#[doc(hidden)]
#[wasm_bindgen(js_name = wasmViewsTable)]
pub fn wasm_views_table() -> u32 {
    observe_growth();
    TABLE.address() as u32
}

#[doc(hidden)]
#[wasm_bindgen(js_name = wasmViewsMemory)]
pub fn wasm_views_memory() -> js_sys::WebAssembly::Memory {
    observe_growth();
    wasm_bindgen::memory().unchecked_into()
}

#[doc(hidden)]
#[wasm_bindgen(js_name = wasmViewsAlloc)]
pub fn wasm_views_alloc(kind: f64, length: f64) -> core::result::Result<u32, JsValue> {
    let kind = parse_kind(kind)?;
    Ok(alloc_js(kind, parse_length(length)?)?.get())
}

#[doc(hidden)]
#[wasm_bindgen(js_name = wasmViewsResize)]
pub fn wasm_views_resize(handle: f64, length: f64) -> core::result::Result<(), JsValue> {
    let handle = parse_handle(handle)?;
    Ok(resize_js(handle, parse_length(length)?)?)
}

#[doc(hidden)]
#[wasm_bindgen(js_name = wasmViewsFree)]
pub fn wasm_views_free(handle: f64) -> core::result::Result<(), JsValue> {
    observe_growth();
    Ok(free_js(parse_handle(handle)?)?)
}

#[doc(hidden)]
#[wasm_bindgen(js_name = wasmViewsReserve)]
pub fn wasm_views_reserve(bytes: f64) -> core::result::Result<(), JsValue> {
    // Anything past 4 GiB cannot fit a 32-bit memory: out of memory, not a bad argument.
    let bytes = whole("bytes", bytes, 9_007_199_254_740_991.0)?;
    if bytes > u32::MAX as f64 {
        return Err(Error::OutOfMemory {
            bytes: bytes as u64,
        }
        .into());
    }
    Ok(reserve(bytes as usize)?)
}

#[doc(hidden)]
#[wasm_bindgen(
    js_name = wasmViewsStats,
    unchecked_return_type = "{ memoryBytes: number; pages: number; maximumPages: number | null; \
        liveHandles: number; tableCapacity: number; growthEpoch: number }"
)]
pub fn wasm_views_stats() -> JsValue {
    stats().to_js()
}

#[doc(hidden)]
#[wasm_bindgen(
    js_name = wasmViewsDescribe,
    unchecked_return_type = "{ handle: number; slot: number; generation: number; ptr: number; \
        length: number; byteLength: number; kind: string; owner: 'rust' | 'js' | 'raw' }"
)]
pub fn wasm_views_describe(handle: f64) -> core::result::Result<JsValue, JsValue> {
    observe_growth();
    Ok(describe(parse_handle(handle)?)?.to_js())
}

#[doc(hidden)]
#[wasm_bindgen(js_name = wasmViewsCheckGrowth)]
pub fn wasm_views_check_growth() -> u32 {
    check_growth()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_validated() {
        assert_eq!(parse_length(3.0), Ok(3));
        for bad in [-1.0, 0.5, f64::NAN, f64::INFINITY, 4294967296.0] {
            let err = parse_length(bad).unwrap_err();
            assert_eq!(err.js_name(), "RangeError");
            assert!(err.to_string().contains(&js_number(bad)), "{err}");
        }
        assert_eq!(parse_kind(8.0), Ok(Kind::F32));
        for bad in [12.0, -1.0, 1.5, f64::NAN] {
            assert_eq!(parse_kind(bad).unwrap_err().js_name(), "TypeError");
        }
        assert_eq!(parse_handle(5.0), Ok(Handle::from_raw(5)));
    }
}
