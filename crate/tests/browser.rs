//! The shared wasm suite in browsers: `wasm-pack test --headless --chrome crate` (or
//! `--firefox`).
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;
