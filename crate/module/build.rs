//! Gives the package's own module a maximum memory, so that `memory.toResizableBuffer()`
//! (Node 26+, current browsers) is allowed on it and the facade's resizable mode can engage.
//! `rustc-link-arg` reaches this package's own cdylib only (`rustc-link-arg-cdylib` would also
//! reach every dependent cdylib: rust-lang/cargo#9562).

/// 4 GiB, the most a wasm32 memory can have: a permission, not a reservation.
const MAX_MEMORY: u64 = 4 << 30;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg=--max-memory={MAX_MEMORY}");
    }
}
