//! Gives the crate's own module (the npm package's `wasm_views_bg.wasm`) a maximum memory, so
//! that `memory.toResizableBuffer()` (Node 26+, current browsers) is allowed on it and the
//! facade's resizable mode can engage.
//!
//! `rustc-link-arg` applies to this package's own targets only (its cdylib and its wasm tests):
//! a crate that depends on wasm-views links its module with its own flags, untouched by this.
//! Not `rustc-link-arg-cdylib`: cargo passes that one on to every dependent cdylib
//! (rust-lang/cargo#9562), which would impose the maximum on users' modules.

/// 4 GiB, the most a wasm32 memory can have: the maximum is a permission, not a reservation
/// of physical memory.
const MAX_MEMORY: u64 = 4 << 30;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg=--max-memory={MAX_MEMORY}");
    }
}
