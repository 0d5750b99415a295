//! Gives the bench module's memory a maximum, which `toResizableBuffer()` (the resizable mode)
//! requires. A build script rather than `.cargo/config.toml`: cargo reads that file from the
//! directory it runs in, and this crate is built from the repository root too (`cargo clippy
//! --workspace`, the shared-memory build in `bench/run.mjs`).

/// 1 GiB: room for the 64 MiB buffers and their copies, far below the 4 GiB limit.
const MAX_MEMORY: u64 = 1 << 30;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-cdylib=--max-memory={MAX_MEMORY}");
    }
}
