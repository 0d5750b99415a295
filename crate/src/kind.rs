//! The one table of element kinds.
//!
//! Everything that depends on the set of kinds (the `Kind` enum, its codes, names, byte sizes,
//! JavaScript array names, the Rust element types and the generated TypeScript constants) comes
//! from the single `kinds!` invocation below, so adding a kind is a one-line change.

use js_sys::{
    BigInt64Array, BigUint64Array, Float32Array, Float64Array, Int16Array, Int32Array, Int8Array,
    Uint16Array, Uint32Array, Uint8Array, Uint8ClampedArray,
};
use wasm_bindgen::{JsCast, JsValue};

/// A `u8` that JavaScript sees through a `Uint8ClampedArray` (kind `u8c`), as canvas `ImageData`
/// wants it.
#[repr(transparent)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct U8Clamped(pub u8);

/// The bits of an IEEE 754 half-precision float (kind `f16`), stored as a `u16`.
///
/// Rust has no stable `f16` yet; the bits are what JavaScript's `Float16Array` reads (engines
/// without `Float16Array` get a `Uint16Array` of the same bits).
#[repr(transparent)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct F16Bits(pub u16);

mod sealed {
    /// Keeps `Element` closed: the table's soundness relies on each implementor's layout
    /// matching its kind's byte size, which only this crate can promise.
    pub trait Sealed {}
}

/// A Rust element type that has a kind: the only types a [`LiveVec`](crate::LiveVec), a raw
/// registration or a borrow can hold.
///
/// Sealed: every implementor is plain data (any bit pattern valid, no padding, size equal to
/// [`Kind::bytes`]), which is what lets JavaScript write the memory at any time.
pub trait Element: sealed::Sealed + Copy + Default + 'static {
    /// The kind code the descriptor records for buffers of this type.
    const KIND: Kind;
    /// The js-sys typed array a view of this type is (`Uint16Array` for [`F16Bits`], because
    /// js-sys has no `Float16Array`).
    type Array: JsCast;
}

macro_rules! kinds {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $code:literal, $name:literal, $ty:ty, $raw:ty, $array:ident, $array_name:literal;
    )*) => {
        /// The element kind of a buffer: the `kind` field of a descriptor entry.
        ///
        /// The discriminant is the kind code written to linear memory.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u32)]
        pub enum Kind {
            $( $(#[$doc])* $variant = $code, )*
        }

        impl Kind {
            /// Every kind, indexed by its code.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant),*];

            /// The kind with this code, if there is one.
            pub const fn from_code(code: u32) -> Option<Kind> {
                match code {
                    $( $code => Some(Kind::$variant), )*
                    _ => None,
                }
            }

            /// The kind code written to the descriptor.
            pub const fn code(self) -> u32 {
                self as u32
            }

            /// The short name the TypeScript API uses (`"f32"`, `"u8c"`, ...).
            pub const fn name(self) -> &'static str {
                match self {
                    $( Kind::$variant => $name, )*
                }
            }

            /// Bytes per element; also the alignment of the data.
            pub const fn bytes(self) -> usize {
                match self {
                    $( Kind::$variant => core::mem::size_of::<$ty>(), )*
                }
            }

            /// The name of the JavaScript typed array constructor for this kind.
            pub const fn js_array(self) -> &'static str {
                match self {
                    $( Kind::$variant => $array_name, )*
                }
            }

            /// js-sys's view of `len` elements at `ptr` as this kind's `Element::Array`
            /// (`Uint16Array` for `f16`): one call into JavaScript, which builds it on the
            /// current `memory.buffer`. It may come back detached: see `view.rs`.
            ///
            /// # Safety
            /// `ptr` must be valid for `len` elements of this kind.
            pub(crate) unsafe fn raw_view(self, ptr: usize, len: usize) -> JsValue {
                match self {
                    // SAFETY: per this function's contract.
                    $( Kind::$variant => unsafe { $array::view_mut_raw(ptr as *mut $raw, len) }.into(), )*
                }
            }
        }

        $(
            impl sealed::Sealed for $ty {}
            impl Element for $ty {
                const KIND: Kind = Kind::$variant;
                type Array = $array;
            }
        )*
    };
}

// Columns: variant = code, TypeScript name, Rust element type, the primitive js-sys views it
// as, js-sys array type, JavaScript array name.
kinds! {
    /// `i8`, `Int8Array`.
    I8 = 0, "i8", i8, i8, Int8Array, "Int8Array";
    /// `u8`, `Uint8Array`.
    U8 = 1, "u8", u8, u8, Uint8Array, "Uint8Array";
    /// [`U8Clamped`], `Uint8ClampedArray`.
    U8Clamped = 2, "u8c", U8Clamped, u8, Uint8ClampedArray, "Uint8ClampedArray";
    /// `i16`, `Int16Array`.
    I16 = 3, "i16", i16, i16, Int16Array, "Int16Array";
    /// `u16`, `Uint16Array`.
    U16 = 4, "u16", u16, u16, Uint16Array, "Uint16Array";
    /// `i32`, `Int32Array`.
    I32 = 5, "i32", i32, i32, Int32Array, "Int32Array";
    /// `u32`, `Uint32Array`.
    U32 = 6, "u32", u32, u32, Uint32Array, "Uint32Array";
    /// [`F16Bits`], `Float16Array` (`Uint16Array` of the bits where the engine has none).
    F16 = 7, "f16", F16Bits, u16, Uint16Array, "Float16Array";
    /// `f32`, `Float32Array`.
    F32 = 8, "f32", f32, f32, Float32Array, "Float32Array";
    /// `f64`, `Float64Array`.
    F64 = 9, "f64", f64, f64, Float64Array, "Float64Array";
    /// `i64`, `BigInt64Array`.
    I64 = 10, "i64", i64, i64, BigInt64Array, "BigInt64Array";
    /// `u64`, `BigUint64Array`.
    U64 = 11, "u64", u64, u64, BigUint64Array, "BigUint64Array";
}

impl core::fmt::Display for Kind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn codes_are_indexes() {
        for (i, kind) in Kind::ALL.iter().enumerate() {
            assert_eq!(kind.code() as usize, i);
            assert_eq!(Kind::from_code(i as u32), Some(*kind));
        }
        assert_eq!(Kind::from_code(Kind::ALL.len() as u32), None);
    }

    #[test]
    fn sizes_match_layout() {
        let bytes: Vec<usize> = Kind::ALL.iter().map(|k| k.bytes()).collect();
        assert_eq!(bytes, [1, 1, 1, 2, 2, 4, 4, 2, 4, 8, 8, 8]);
        assert_eq!(core::mem::align_of::<F16Bits>(), 2);
    }
}
