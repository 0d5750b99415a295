//! The wasm-views npm package's own module: the crate's exports (`wasmViewsTable`,
//! `wasmViewsMemory`, `wasmViewsAlloc`, `wasmViewsResize`, `wasmViewsFree`,
//! `wasmViewsReserve`), linked from the dependency as in any user's module.

pub use wasm_views;
