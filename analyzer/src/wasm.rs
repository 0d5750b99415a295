//! The analyzer compiled to wasm, for the `wasm-views` CLI (built with
//! `wasm-pack --target nodejs` by scripts/build-analyzer.mjs).

use wasm_bindgen::prelude::*;

use crate::{analyze_with, Options};

/// Analyses a wasm binary and returns the report as JSON (see
/// [`crate::Report::to_json`]). `strict` treats tables that wasm-bindgen
/// exports for its glue as holding unknown functions (see
/// [`Options::trust_wasm_bindgen_tables`]); `ignore_aborts` counts only
/// growth after which the call can return normally (see
/// [`Options::count_growth_before_aborts`]).
#[wasm_bindgen(js_name = analyze)]
pub fn analyze_json(bytes: &[u8], strict: bool, ignore_aborts: bool) -> Result<String, JsError> {
    let options = Options {
        trust_wasm_bindgen_tables: !strict,
        count_growth_before_aborts: !ignore_aborts,
    };
    analyze_with(bytes, &options)
        .map(|r| r.to_json())
        .map_err(|e| JsError::new(&e.to_string()))
}
