//! The one table of element kinds.
//!
//! Everything that depends on the set of kinds (the `Kind` enum, its codes, names, byte sizes,
//! JavaScript array names, the Rust element types and the generated TypeScript constants) comes
//! from the single `kinds!` invocation below, so adding a kind is a one-line change.

use bytemuck::{CheckedBitPattern, NoUninit, Pod, Zeroable};
use js_sys::{
    BigInt64Array, BigUint64Array, Float32Array, Float64Array, Int16Array, Int32Array, Int8Array,
    Uint16Array, Uint32Array, Uint8Array, Uint8ClampedArray,
};
use wasm_bindgen::{JsCast, JsValue};

/// A `u8` that JavaScript sees through a `Uint8ClampedArray` (kind `u8c`), as canvas `ImageData`
/// wants it.
#[repr(transparent)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Pod, Zeroable)]
pub struct U8Clamped(pub u8);

/// The bits of an IEEE 754 half-precision float (kind `f16`), stored as a `u16`.
///
/// Rust has no stable `f16` yet; the bits are what JavaScript's `Float16Array` reads (engines
/// without `Float16Array` get a `Uint16Array` of the same bits).
#[repr(transparent)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Pod, Zeroable)]
pub struct F16Bits(pub u16);

mod sealed {
    /// Keeps `Primitive` closed: each implementor's size is its kind's byte size, and the
    /// table's soundness relies on that, which only this crate can promise.
    pub trait Sealed {}
}

/// One of the twelve element types a [`Kind`] is made of (`u8`, `f32`, [`U8Clamped`], ...):
/// what JavaScript sees an [`Element`] as. Sealed.
pub trait Primitive: sealed::Sealed + Element + Pod {
    /// The kind code the descriptor records for buffers of this type.
    const KIND: Kind;
    /// The js-sys typed array a view of this type is (`Uint16Array` for [`F16Bits`], because
    /// js-sys has no `Float16Array`).
    type Array: JsCast;
}

/// A type a [`LiveVec`](crate::LiveVec), a raw registration or a borrow can hold: a
/// [`Primitive`], or your own type stored as one, with no `unsafe` in your crate.
///
/// `Repr` is the primitive JavaScript sees it as; the type must have `Repr`'s size and
/// alignment (a `#[repr(transparent)]` newtype of it, or a fieldless enum with `#[repr(u8)]`,
/// `#[repr(i32)]`, ...), checked when the crate is built. The bytemuck derives prove the rest:
/// `NoUninit` (no padding, so JavaScript reads only initialised bytes) and
/// `CheckedBitPattern` (which bytes are a valid value). JavaScript may write any bytes into the
/// view, so [`LiveVec`](crate::LiveVec) validates each element it reads of a type that has
/// invalid bit patterns (an enum) and hands out whole slices (`Deref<Target = [T]>`) only of
/// types where every bit pattern is valid (`bytemuck::AnyBitPattern`: numbers and their
/// newtypes).
///
/// ```
/// use bytemuck::{CheckedBitPattern, NoUninit, Pod, Zeroable};
/// use wasm_views::{Element, LiveVec};
///
/// /// A cell of the Game of Life; JavaScript sees a `Uint8Array` of 0s and 1s.
/// #[derive(Clone, Copy, Debug, PartialEq, Eq, NoUninit, CheckedBitPattern)]
/// #[repr(u8)]
/// enum Cell {
///     Dead = 0,
///     Alive = 1,
/// }
///
/// impl Element for Cell {
///     type Repr = u8;
/// }
///
/// /// Metres, seen by JavaScript as a `Float32Array`.
/// #[derive(Clone, Copy, Debug, PartialEq, Pod, Zeroable)]
/// #[repr(transparent)]
/// struct Metres(f32);
///
/// impl Element for Metres {
///     type Repr = f32;
/// }
///
/// let mut cells: LiveVec<Cell> = (0..4).map(|i| if i % 2 == 0 { Cell::Alive } else { Cell::Dead }).collect();
/// cells[1] = Cell::Alive;
/// assert_eq!(cells.iter().filter(|&&c| c == Cell::Alive).count(), 3);
/// assert_eq!(wasm_views::describe(cells.handle()).unwrap().kind, "u8");
///
/// let heights = LiveVec::from(vec![Metres(1.5), Metres(2.0)]);
/// let total: f32 = heights.iter().map(|m| m.0).sum(); // a `&[Metres]` too: every f32 is valid
/// assert_eq!(total, 3.5);
/// ```
///
/// A type that is not plain data does not compile: `bytemuck`'s derives reject padding and
/// fields, and a size or alignment other than `Repr`'s fails the build with a message naming
/// the fix.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a wasm-views element type",
    note = "store it as a primitive kind: derive `bytemuck::NoUninit` and \
            `bytemuck::CheckedBitPattern` (a `#[repr(u8)]` fieldless enum) or `bytemuck::Pod` \
            (a `#[repr(transparent)]` newtype), then `impl wasm_views::Element for {Self} \
            {{ type Repr = u8; }}` with the primitive it is made of"
)]
pub trait Element: Copy + NoUninit + CheckedBitPattern + 'static {
    /// The primitive type (and so the kind) JavaScript sees this type as.
    type Repr: Primitive;
}

/// The kind `T` is stored as; fails the build (when instantiated) if `T`'s layout is not its
/// `Repr`'s.
pub(crate) const fn kind_of<T: Element>() -> Kind {
    const {
        assert!(
            core::mem::size_of::<T>() == core::mem::size_of::<T::Repr>()
                && core::mem::align_of::<T>() == core::mem::align_of::<T::Repr>(),
            "wasm-views: an Element must have the size and alignment of its Repr: make it \
             #[repr(transparent)] over Repr, or a fieldless enum with #[repr(<Repr>)]"
        )
    };
    <T::Repr as Primitive>::KIND
}

/// The js-sys typed array type that views a buffer of `T`.
pub type ArrayOf<T> = <<T as Element>::Repr as Primitive>::Array;

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
            impl Primitive for $ty {
                const KIND: Kind = Kind::$variant;
                type Array = $array;
            }
            impl Element for $ty {
                type Repr = $ty;
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
