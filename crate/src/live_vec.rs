//! `LiveVec`: a `Vec` whose descriptor follows it wherever it moves.

use crate::growth::observe_growth;
use crate::error::{Error, Result};
use crate::handle::Handle;
use crate::kind::Element;
use crate::table::{Owner, TABLE};
use core::ops::{Deref, DerefMut};

/// A `Vec<T>` that JavaScript can see by [`Handle`].
///
/// Every operation that may move or resize the data (push, extend, resize, truncate, clear,
/// reserve, shrink) writes the new address and length to the descriptor and bumps its
/// version, so the TypeScript facade rebuilds its view on the next `getView()`. Writing
/// elements through `DerefMut` changes neither, so it costs nothing. Dropping the `LiveVec`
/// releases the handle: JavaScript then gets `StaleHandleError` instead of freed memory.
///
/// JavaScript cannot free or resize a `LiveVec` (`wasmViewsFree` on its handle is a
/// `TypeError`): only its Rust owner changes it.
///
/// ```
/// use wasm_views::LiveVec;
///
/// let mut samples = LiveVec::<f32>::new();
/// samples.extend_from_slice(&[1.0, 2.0]);
/// samples.push(3.0);
/// let handle = samples.handle(); // give this number to JavaScript
/// assert_eq!(wasm_views::describe(handle).unwrap().length, 3);
/// ```
pub struct LiveVec<T: Element> {
    vec: Vec<T>,
    handle: Handle,
}

impl<T: Element> LiveVec<T> {
    /// An empty buffer with a fresh handle.
    ///
    /// # Panics
    /// If the descriptor table cannot grow (out of memory); [`LiveVec::try_from_vec`] reports
    /// that as an error instead.
    pub fn new() -> Self {
        Self::from(Vec::new())
    }

    /// An empty buffer with room for `capacity` elements.
    ///
    /// # Panics
    /// Like [`Vec::with_capacity`] and [`LiveVec::new`].
    pub fn with_capacity(capacity: usize) -> Self {
        Self::from(Vec::with_capacity(capacity))
    }

    /// Registers `vec`, or reports that the table could not grow.
    pub fn try_from_vec(vec: Vec<T>) -> Result<Self> {
        observe_growth();
        let handle = TABLE.register(
            T::KIND,
            Owner::Rust,
            vec.as_ptr() as usize,
            vec.len(),
            vec.capacity(),
        )?;
        Ok(LiveVec { vec, handle })
    }

    /// The handle JavaScript uses to find this buffer. Stable for the life of the `LiveVec`.
    pub fn handle(&self) -> Handle {
        self.handle
    }

    /// The elements.
    pub fn as_slice(&self) -> &[T] {
        &self.vec
    }

    /// The elements, mutably (the descriptor does not change).
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        &mut self.vec
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.vec.len()
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.vec.is_empty()
    }

    /// Elements the buffer holds without reallocating.
    pub fn capacity(&self) -> usize {
        self.vec.capacity()
    }

    /// Appends an element (may move the data).
    pub fn push(&mut self, value: T) {
        self.vec.push(value);
        self.sync();
    }

    /// Appends an element, or returns `OutOfMemory` (and leaves the buffer as it was) if the
    /// buffer would have to grow and cannot.
    pub fn try_push(&mut self, value: T) -> Result<()> {
        self.try_reserve(1)?;
        self.push(value);
        Ok(())
    }

    /// Appends copies of `values`.
    pub fn extend_from_slice(&mut self, values: &[T]) {
        self.vec.extend_from_slice(values);
        self.sync();
    }

    /// Grows or shrinks to `len` elements, filling with `value`.
    pub fn resize(&mut self, len: usize, value: T) {
        self.vec.resize(len, value);
        self.sync();
    }

    /// Keeps the first `len` elements.
    pub fn truncate(&mut self, len: usize) {
        self.vec.truncate(len);
        self.sync();
    }

    /// Removes every element (the capacity stays).
    pub fn clear(&mut self) {
        self.vec.clear();
        self.sync();
    }

    /// Makes room for at least `additional` more elements.
    pub fn reserve(&mut self, additional: usize) {
        self.vec.reserve(additional);
        self.sync();
    }

    /// Like [`LiveVec::reserve`], but returns `OutOfMemory` instead of aborting.
    pub fn try_reserve(&mut self, additional: usize) -> Result<()> {
        let result = self.vec.try_reserve(additional);
        self.sync();
        result.map_err(|_| Error::OutOfMemory {
            bytes: (self.vec.len() as u64 + additional as u64) * T::KIND.bytes() as u64,
        })
    }

    /// Gives back unused capacity (may move the data).
    pub fn shrink_to_fit(&mut self) {
        self.vec.shrink_to_fit();
        self.sync();
    }

    /// Puts `vec` in place of the data, under the same handle, and returns the old data.
    pub fn replace(&mut self, vec: Vec<T>) -> Vec<T> {
        let old = core::mem::replace(&mut self.vec, vec);
        self.sync();
        old
    }

    /// Releases the handle and returns the data as a plain `Vec`.
    pub fn into_vec(mut self) -> Vec<T> {
        let vec = core::mem::take(&mut self.vec);
        drop(self);
        vec
    }

    /// Writes the current address and length to the descriptor.
    fn sync(&mut self) {
        observe_growth();
        let (ptr, len, cap) = (
            self.vec.as_ptr() as usize,
            self.vec.len(),
            self.vec.capacity(),
        );
        // Fails only for a length past u32::MAX, which the descriptor cannot express; only a
        // 64-bit host can get there.
        TABLE
            .with_slot(self.handle, |slot| slot.set(ptr, len, cap))
            .expect("LiveVec length exceeds the descriptor's u32 range");
    }
}

impl<T: Element> Default for LiveVec<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Element> From<Vec<T>> for LiveVec<T> {
    /// Registers `vec` without copying it.
    ///
    /// # Panics
    /// If the descriptor table cannot grow.
    fn from(vec: Vec<T>) -> Self {
        Self::try_from_vec(vec).expect("wasm-views: cannot register buffer")
    }
}

impl<T: Element> Deref for LiveVec<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.vec
    }
}

impl<T: Element> DerefMut for LiveVec<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.vec
    }
}

impl<T: Element> Extend<T> for LiveVec<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        self.vec.extend(iter);
        self.sync();
    }
}

impl<T: Element + core::fmt::Debug> core::fmt::Debug for LiveVec<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("LiveVec")
            .field("handle", &self.handle)
            .field("data", &self.vec)
            .finish()
    }
}

impl<T: Element> Drop for LiveVec<T> {
    fn drop(&mut self) {
        // Cannot fail: the handle is ours and live, and Rust-owned slots are never borrowed.
        let _ = TABLE.release(self.handle, Owner::Rust);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::table::Owner;

    #[test]
    fn descriptor_follows_the_vec() {
        let mut v = LiveVec::<f32>::new();
        let h = v.handle();
        for i in 0..1000 {
            v.push(i as f32);
            let s = TABLE.snapshot(h).unwrap();
            assert_eq!(
                (s.ptr, s.len, s.owner),
                (v.as_ptr() as usize, v.len(), Owner::Rust)
            );
        }
        v.truncate(10);
        v.shrink_to_fit();
        assert_eq!(TABLE.snapshot(h).unwrap().ptr, v.as_ptr() as usize);
        assert_eq!(TABLE.snapshot(h).unwrap().len, 10);
        v.clear();
        assert_eq!(TABLE.snapshot(h).unwrap().len, 0);
        v.resize(5, 2.5);
        v.extend([1.0, 2.0]);
        assert_eq!(&v[..], &[2.5, 2.5, 2.5, 2.5, 2.5, 1.0, 2.0]);
        v.try_push(3.0).unwrap();
        assert!(v.try_reserve(usize::MAX / 8).is_err());
        assert_eq!(v.len(), 8);
        drop(v);
        assert!(TABLE.snapshot(h).is_err());
    }

    #[test]
    fn into_vec_releases() {
        let v = LiveVec::from(vec![1u8, 2, 3]);
        let h = v.handle();
        assert_eq!(v.into_vec(), vec![1, 2, 3]);
        assert!(TABLE.snapshot(h).is_err());
    }
}
