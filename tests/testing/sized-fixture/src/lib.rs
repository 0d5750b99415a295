//! The fixture crate's exports with an allocator that uses the initial memory.
//!
//! `--initial-memory=N` only avoids growth if the allocator takes the memory the module starts
//! with before it grows memory; std's allocator on the pinned toolchain (dlmalloc 0.2.11) always
//! grows. dlmalloc 0.2.13 first uses the region `__heap_base..__heap_end` that the linker leaves.

// Linking the fixture brings in its #[wasm_bindgen] exports (and wasm-views' with them).
use fixture as _;

#[global_allocator]
static ALLOC: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;
