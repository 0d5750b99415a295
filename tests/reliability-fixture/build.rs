//! With the `max-memory` feature, links the module with a maximum memory, so that memory
//! can be exhausted in a test: `memory.grow` then fails and allocations report
//! `OutOfMemoryError` instead of growing without bound.

/// 64 MiB: 1024 pages.
const MAX_MEMORY: u32 = 64 << 20;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_MAX_MEMORY").is_some() {
        println!("cargo:rustc-link-arg=--max-memory={MAX_MEMORY}");
    }
}
