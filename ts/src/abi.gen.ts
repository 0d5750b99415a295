// Generated from the Rust core (crate/src/kind.rs, crate/src/layout.rs) by
// crate/tests/abi_gen.rs. Do not edit: `cargo test` fails when this file differs from
// the Rust source; `WASM_VIEWS_BLESS=1 cargo test -p wasm-views --test abi_gen`
// rewrites it. The byte layout itself is described in crate/LAYOUT.md.

// Table header.
export const TABLE_MAGIC = 0x54445657;
export const LAYOUT_VERSION = 1;

// Header fields as u32 word indexes from the table address / 4.
export const HEADER_MAGIC = 0;
export const HEADER_VERSION = 1;
export const HEADER_CAPACITY = 2;
export const HEADER_EPOCH = 3;
export const HEADER_LIVE = 4;
export const HEADER_CHUNK_SLOTS = 5;
export const HEADER_ENTRY_BYTES = 6;
export const HEADER_DIRECTORY = 8;

// Chunks: slot s has its entry at dir[s >> CHUNK_SHIFT] + (s & 255) * ENTRY_WORDS * 4.
export const CHUNK_SHIFT = 8;
export const CHUNK_SLOTS = 256;
export const MAX_CHUNKS = 4096;
export const ENTRY_WORDS = 8;

// Entry fields as u32 word indexes from the entry address / 4.
export const ENTRY_PTR = 0;
export const ENTRY_LENGTH = 1;
export const ENTRY_KIND = 2;
export const ENTRY_GENERATION = 3;
export const ENTRY_VERSION = 4;
export const ENTRY_STATE = 5;
export const ENTRY_RELEASED_BY = 6;

// Entry states (owners); ENTRY_RELEASED_BY holds the state a released slot had.
export const STATE_FREE = 0;
export const STATE_RUST = 1;
export const STATE_JS = 2;
export const STATE_RAW = 3;

// Export status codes; wasmViewsAlloc returns a handle (>= 1 << SLOT_BITS) or one of these.
export const STATUS_OK = 0;
export const STATUS_STALE_HANDLE = 1;
export const STATUS_KIND_MISMATCH = 2;
export const STATUS_OUT_OF_MEMORY = 3;
export const STATUS_TOO_LARGE = 4;
export const STATUS_UNKNOWN_KIND = 5;
export const STATUS_WRONG_OWNER = 6;
export const STATUS_BORROWED = 7;

// Handles: (generation << SLOT_BITS) | slot.
export const SLOT_BITS = 20;
export const SLOT_MASK = 0xfffff;
export const MAX_GENERATION = 4095;

// Element kinds; the index is the kind code.
export const KINDS = [
  'i8',
  'u8',
  'u8c',
  'i16',
  'u16',
  'i32',
  'u32',
  'f16',
  'f32',
  'f64',
  'i64',
  'u64',
] as const;
export const KIND_BYTES = [1, 1, 1, 2, 2, 4, 4, 2, 4, 8, 8, 8] as const;
export const KIND_ARRAYS = [
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float16Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
] as const;

// Every export and the wasm-views Cargo feature that adds it ('' = always there).
export const EXPORT_FEATURES = {
  wasmViewsTable: '',
  wasmViewsMemory: '',
  wasmViewsAlloc: 'js-buffers',
  wasmViewsResize: 'js-buffers',
  wasmViewsFree: 'js-buffers',
  wasmViewsReserve: 'reserve',
} as const;
