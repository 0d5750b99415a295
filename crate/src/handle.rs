//! Handles: the `u32` names of buffers that cross to JavaScript.

use wasm_bindgen::convert::{FromWasmAbi, IntoWasmAbi};
use wasm_bindgen::describe::WasmDescribe;
use wasm_bindgen::JsValue;

/// Bits of a handle that hold the slot index.
pub const SLOT_BITS: u32 = 20;
/// Mask of the slot index in a handle.
pub const SLOT_MASK: u32 = (1 << SLOT_BITS) - 1;
/// The last generation a slot can have; releasing it then retires the slot.
pub const MAX_GENERATION: u32 = 4095;

/// The name of a registered buffer: `(generation << 20) | slot`.
///
/// It is a plain `u32` so it crosses any boundary: wasm-bindgen passes it as a JavaScript
/// number (it implements the ABI traits as `u32`), and it survives `postMessage` or JSON.
/// `0` is never a valid handle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(transparent)]
pub struct Handle(u32);

impl Handle {
    /// The handle with this raw value. It need not be live: every use checks.
    pub const fn from_raw(raw: u32) -> Handle {
        Handle(raw)
    }

    /// The handle of `slot` at `generation`.
    pub(crate) const fn new(slot: u32, generation: u32) -> Handle {
        Handle((generation << SLOT_BITS) | slot)
    }

    /// The raw value, as JavaScript sees it.
    pub const fn get(self) -> u32 {
        self.0
    }

    /// The slot index.
    pub const fn slot(self) -> u32 {
        self.0 & SLOT_MASK
    }

    /// The generation (`0` in a handle that can never be live).
    pub const fn generation(self) -> u32 {
        self.0 >> SLOT_BITS
    }
}

impl From<Handle> for u32 {
    fn from(handle: Handle) -> u32 {
        handle.0
    }
}

impl From<Handle> for JsValue {
    fn from(handle: Handle) -> JsValue {
        JsValue::from(handle.0)
    }
}

// The ABI impls below describe a `Handle` to wasm-bindgen exactly as a `u32`, so exported
// functions can take and return handles and JavaScript sees a number.

impl WasmDescribe for Handle {
    fn describe() {
        <u32 as WasmDescribe>::describe()
    }
}

impl IntoWasmAbi for Handle {
    type Abi = <u32 as IntoWasmAbi>::Abi;

    fn into_abi(self) -> Self::Abi {
        self.0.into_abi()
    }
}

impl FromWasmAbi for Handle {
    type Abi = <u32 as FromWasmAbi>::Abi;

    unsafe fn from_abi(js: Self::Abi) -> Self {
        // SAFETY: forwarded to u32's impl with the same ABI value; any u32 is a valid (if not
        // live) handle.
        Handle(unsafe { u32::from_abi(js) })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn fields_and_conversions() {
        let h = Handle::new(0xabcde, 4095);
        assert_eq!(h.get(), (4095 << 20) | 0xabcde);
        assert_eq!((h.slot(), h.generation()), (0xabcde, 4095));
        assert_eq!(SLOT_MASK, 0xf_ffff);
        assert_eq!(Handle::from_raw(h.get()), h);
        assert_eq!(u32::from(h), h.get());
        // What wasm-bindgen passes across the boundary: the number itself.
        assert_eq!(h.into_abi(), h.get());
        // SAFETY: any u32 is a handle's ABI value.
        assert_eq!(unsafe { Handle::from_abi(7) }, Handle::from_raw(7));
    }
}
