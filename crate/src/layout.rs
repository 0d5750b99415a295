//! The numbers that fix the descriptor table's byte layout and the boundary's status codes:
//! the contract with the TypeScript facade, rendered into `ts/src/abi.gen.ts` by the `abi_gen`
//! test, and written out for people in `crate/LAYOUT.md`.

pub use crate::handle::{MAX_GENERATION, SLOT_BITS, SLOT_MASK};

/// `header.magic`: the bytes `"WVDT"` read as a little-endian `u32`.
pub const TABLE_MAGIC: u32 = 0x5444_5657;
/// `header.version`: the layout version; the facade refuses any other.
pub const LAYOUT_VERSION: u32 = 1;

/// Word index (from the table address / 4) of the magic.
pub const HEADER_MAGIC: usize = 0;
/// Word index of the layout version.
pub const HEADER_VERSION: usize = 1;
/// Word index of the number of slots in allocated chunks.
pub const HEADER_CAPACITY: usize = 2;
/// Word index of the growth epoch.
pub const HEADER_EPOCH: usize = 3;
/// Word index of the number of live handles.
pub const HEADER_LIVE: usize = 4;
/// Word index of the slots per chunk.
pub const HEADER_CHUNK_SLOTS: usize = 5;
/// Word index of the bytes per entry.
pub const HEADER_ENTRY_BYTES: usize = 6;
/// Word index of the first chunk directory word.
pub const HEADER_DIRECTORY: usize = 8;

/// `slot >> CHUNK_SHIFT` is the chunk index.
pub const CHUNK_SHIFT: u32 = 8;
/// Entries per chunk.
pub const CHUNK_SLOTS: usize = 1 << CHUNK_SHIFT;
/// Chunk directory words: enough chunks for every slot a handle can name.
pub const MAX_CHUNKS: usize = (1 << SLOT_BITS) / CHUNK_SLOTS;
/// `u32` words per entry.
pub const ENTRY_WORDS: usize = 8;

/// Word index (from the entry address / 4) of the data address.
pub const ENTRY_PTR: usize = 0;
/// Word index of the length in elements.
pub const ENTRY_LENGTH: usize = 1;
/// Word index of the kind code.
pub const ENTRY_KIND: usize = 2;
/// Word index of the slot's generation.
pub const ENTRY_GENERATION: usize = 3;
/// Word index of the version, bumped on every change.
pub const ENTRY_VERSION: usize = 4;
/// Word index of the state (owner).
pub const ENTRY_STATE: usize = 5;
/// Word index of the state the slot had when it was last released (`STATE_RUST`, `STATE_JS`
/// or `STATE_RAW`); `0` while the slot is live or was never used. It lets JavaScript say why a
/// handle is stale: a Rust owner dropped or replaced its buffer, JavaScript freed it, or a raw
/// registration ended.
pub const ENTRY_RELEASED_BY: usize = 6;

/// State of an unused slot.
pub const STATE_FREE: u32 = 0;
/// State of a slot owned by a Rust [`LiveVec`](crate::LiveVec).
pub const STATE_RUST: u32 = 1;
/// State of a JS-owned buffer ([`alloc_js`](crate::alloc_js), `wasmViewsAlloc`).
pub const STATE_JS: u32 = 2;
/// State of a raw registration ([`register_raw`](crate::register_raw)).
pub const STATE_RAW: u32 = 3;

/// `u32` words in the header, directory included.
pub const HEADER_WORDS: usize = HEADER_DIRECTORY + MAX_CHUNKS;
/// Status codes the `wasmViews...` exports return instead of throwing: `0` is success, and
/// `wasmViewsAlloc` returns either a handle (always `>= 1 << SLOT_BITS`, as its generation is
/// at least 1) or one of the non-zero codes below. The facade builds every message from the
/// code plus what it knows (the arguments, the table entry), so the wasm side formats nothing.
/// [`Error::status`](crate::Error::status) maps each error to its code.
pub const STATUS_OK: u32 = 0;
/// The handle is not live ([`Error::StaleHandle`](crate::Error::StaleHandle)).
pub const STATUS_STALE_HANDLE: u32 = 1;
/// The buffer holds another kind ([`Error::KindMismatch`](crate::Error::KindMismatch)).
pub const STATUS_KIND_MISMATCH: u32 = 2;
/// The allocator refused ([`Error::OutOfMemory`](crate::Error::OutOfMemory)).
pub const STATUS_OUT_OF_MEMORY: u32 = 3;
/// The byte size does not fit 4 GiB / the descriptor's `u32` length
/// ([`Error::TooLarge`](crate::Error::TooLarge)).
pub const STATUS_TOO_LARGE: u32 = 4;
/// No kind has this code ([`Error::UnknownKind`](crate::Error::UnknownKind)).
pub const STATUS_UNKNOWN_KIND: u32 = 5;
/// The buffer has another owner ([`Error::WrongOwner`](crate::Error::WrongOwner)).
pub const STATUS_WRONG_OWNER: u32 = 6;
/// Rust code holds a borrow of the buffer ([`Error::Borrowed`](crate::Error::Borrowed)).
pub const STATUS_BORROWED: u32 = 7;

/// Every `wasmViews...` export and the Cargo feature that adds it (`""`: always there), in the
/// order of `crate/src/exports.rs`. The facade names the feature when an export is missing.
pub const EXPORTS: &[(&str, &str)] = &[
    ("wasmViewsTable", ""),
    ("wasmViewsMemory", ""),
    ("wasmViewsAlloc", "js-buffers"),
    ("wasmViewsResize", "js-buffers"),
    ("wasmViewsFree", "js-buffers"),
    ("wasmViewsReserve", "reserve"),
];
