#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

mod checked;
mod error;
mod exports;
mod growth;
mod handle;
mod js_owned;
mod kind;
pub mod layout;
mod live_vec;
mod raw;
mod stats;
mod table;
mod view;

/// The unit tests' allocator, which can refuse blocks (the out-of-memory paths, natively).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod allocator_tests;

pub use checked::Iter;
pub use error::Error;
pub use growth::{check_growth, growth_epoch, reserve, GrowthTrackingAllocator};
pub use handle::Handle;
pub use js_owned::{alloc_js, borrow, borrow_mut, free_js, resize_js, Ref, RefMut};
pub use kind::{ArrayOf, Element, F16Bits, Kind, Primitive, U8Clamped};
pub use live_vec::LiveVec;
pub use raw::{register_raw, release_raw, update_raw};
pub use stats::{describe, stats, Description, Stats};
pub use table::Owner;
pub use view::{view, view_handle, view_slice};

/// What the `wasmViews...` exports do, as Rust functions returning the same status codes, for
/// tests of the boundary whatever the enabled features. Not part of the API.
#[doc(hidden)]
pub mod __exports {
    pub use crate::exports::*;
}

/// The address of the descriptor table header in linear memory (what `wasmViewsTable()`
/// returns).
pub fn table_address() -> usize {
    table::TABLE.address()
}
