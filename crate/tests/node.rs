//! The shared wasm suite in Node.js: `wasm-pack test --node crate`.
#![cfg(target_arch = "wasm32")]

mod common;
