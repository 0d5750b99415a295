//! Reading elements that JavaScript may have written.
//!
//! JavaScript can write any bytes into a view, so a buffer of a type with invalid bit patterns
//! (a `#[repr(u8)]` enum) may hold bytes that are no value of the type. Rust never makes a
//! reference to such bytes: it reads them as bytes and checks them with
//! `bytemuck::CheckedBitPattern` first. For types where every bit pattern is valid (numbers
//! and their newtypes) the check is a constant `true` and compiles to nothing.

use crate::kind::Element;
use core::iter::FusedIterator;
use core::slice::ChunksExact;

/// The panic when JavaScript wrote bytes that are no valid `T`: a static message, so no
/// formatting code is linked.
#[cold]
#[inline(never)]
pub(crate) fn invalid() -> ! {
    panic!(
        "wasm-views: a LiveVec element holds bytes that are no valid value of its type \
         (JavaScript wrote them through a view)"
    )
}

/// The bytes of `len` elements at `ptr`.
///
/// # Safety
/// `ptr` must point to `len` initialised elements of `T` that stay unchanged for `'a`.
pub(crate) unsafe fn bytes<'a, T: Element>(ptr: *const T, len: usize) -> &'a [u8] {
    let size = core::mem::size_of::<T>();
    // SAFETY: `T: NoUninit`, so every byte of an initialised `T` is initialised (bytes that
    // JavaScript wrote are too); the caller guarantees the rest.
    unsafe { core::slice::from_raw_parts(ptr.cast::<u8>(), size * len) }
}

/// The bytes of `len` elements at `ptr`, mutably.
///
/// # Safety
/// As for [`bytes`], and nothing else may access them for `'a`.
pub(crate) unsafe fn bytes_mut<'a, T: Element>(ptr: *mut T, len: usize) -> &'a mut [u8] {
    let size = core::mem::size_of::<T>();
    // SAFETY: as in `bytes`, exclusively: the caller guarantees no other access.
    unsafe { core::slice::from_raw_parts_mut(ptr.cast::<u8>(), size * len) }
}

/// `bytes` (one element's worth) as a `&T`, or the panic if they are no valid `T`.
pub(crate) fn element<T: Element>(bytes: &[u8]) -> &T {
    match bytemuck::checked::try_from_bytes(bytes) {
        Ok(value) => value,
        Err(_) => invalid(),
    }
}

/// `bytes` (one element's worth) as a `&mut T`, or the panic if they are no valid `T`.
pub(crate) fn element_mut<T: Element>(bytes: &mut [u8]) -> &mut T {
    match bytemuck::checked::try_from_bytes_mut(bytes) {
        Ok(value) => value,
        Err(_) => invalid(),
    }
}

/// The index of the first element of `bytes` that is no valid `T`.
pub(crate) fn first_invalid<T: Element>(bytes: &[u8]) -> Option<usize> {
    bytes
        .chunks_exact(core::mem::size_of::<T>())
        .position(|chunk| bytemuck::checked::try_from_bytes::<T>(chunk).is_err())
}

/// An iterator over a [`LiveVec`](crate::LiveVec)'s elements, each checked as it is reached
/// (see [`LiveVec::iter`](crate::LiveVec::iter)).
pub struct Iter<'a, T: Element> {
    chunks: ChunksExact<'a, u8>,
    _elements: core::marker::PhantomData<&'a T>,
}

impl<'a, T: Element> Iter<'a, T> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Iter {
            chunks: bytes.chunks_exact(core::mem::size_of::<T>()),
            _elements: core::marker::PhantomData,
        }
    }
}

impl<'a, T: Element> Iterator for Iter<'a, T> {
    type Item = &'a T;

    fn next(&mut self) -> Option<&'a T> {
        self.chunks.next().map(element)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.chunks.size_hint()
    }

    fn nth(&mut self, n: usize) -> Option<&'a T> {
        self.chunks.nth(n).map(element)
    }
}

impl<T: Element> DoubleEndedIterator for Iter<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.chunks.next_back().map(element)
    }
}

impl<T: Element> ExactSizeIterator for Iter<'_, T> {}

impl<T: Element> FusedIterator for Iter<'_, T> {}

impl<T: Element> Clone for Iter<'_, T> {
    fn clone(&self) -> Self {
        Iter {
            chunks: self.chunks.clone(),
            _elements: core::marker::PhantomData,
        }
    }
}
