//! `LiveVec`: a `Vec` whose descriptor follows it wherever it moves.

use crate::checked::{self, Iter};
use crate::error::{Error, Result};
use crate::growth::observe_growth;
use crate::handle::Handle;
use crate::kind::{kind_of, Element};
use crate::table::{Owner, TABLE};
use bytemuck::AnyBitPattern;
use core::ops::{Deref, DerefMut, Index, IndexMut};

/// A `Vec<T>` that JavaScript can see by [`Handle`].
///
/// Every operation that may move or resize the data (push, extend, resize, truncate, clear,
/// reserve, shrink, replace) writes the new address and length to the descriptor and bumps its
/// version, so the TypeScript facade rebuilds its view on the next `getView()`. Writing
/// elements (`v[i] = x`) changes neither, so it costs nothing. Dropping the `LiveVec` releases
/// the handle: JavaScript then gets `StaleHandleError` instead of freed memory.
///
/// **Give it new contents with [`LiveVec::replace`]**, not by assigning a new `LiveVec`:
/// `self.cells = next.into()` drops the old one, and the handle JavaScript holds goes stale.
/// `self.cells.replace(next)` keeps the handle.
///
/// JavaScript cannot free or resize a `LiveVec` (`wasmViewsFree` on its handle is
/// `STATUS_WRONG_OWNER`): only its Rust owner changes it.
///
/// Element access: `v[i]`, [`get`](LiveVec::get), [`iter`](LiveVec::iter) and `for x in &v`
/// work for every [`Element`], and check each element they read (JavaScript may have written
/// bytes that are no valid value of an enum). Types where every bit pattern is valid (numbers
/// and their newtypes) also dereference to `[T]`, with every slice method. As with every
/// buffer JavaScript can write, do not hold a reference into it across a call into JavaScript
/// that writes this buffer (single-threaded wasm runs JavaScript only inside such calls).
///
/// ```
/// use wasm_views::LiveVec;
///
/// let mut samples = LiveVec::<f32>::new();
/// samples.extend_from_slice(&[1.0, 2.0]);
/// samples.push(3.0);
/// let handle = samples.handle(); // give this number to JavaScript
/// assert_eq!(wasm_views::describe(handle).unwrap().length, 3);
/// samples.replace(vec![4.0; 10]); // new contents, same handle
/// assert_eq!(samples.handle(), handle);
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
            kind_of::<T>(),
            Owner::Rust,
            vec.as_ptr() as usize,
            vec.len(),
            vec.capacity(),
        )?;
        Ok(LiveVec { vec, handle })
    }

    /// The handle JavaScript uses to find this buffer. Stable for the life of the `LiveVec`,
    /// through every push, resize and [`replace`](LiveVec::replace).
    pub fn handle(&self) -> Handle {
        self.handle
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

    /// The address of element 0 (what JavaScript's view starts at; dangling when empty).
    pub fn as_ptr(&self) -> *const T {
        self.vec.as_ptr()
    }

    /// The address of element 0, for writing through (what raw code hands to JavaScript).
    pub fn as_mut_ptr(&mut self) -> *mut T {
        self.vec.as_mut_ptr()
    }

    /// The elements' bytes, as JavaScript sees them.
    pub fn as_bytes(&self) -> &[u8] {
        // SAFETY: the vec's `len` elements are initialised, and `&self` keeps Rust from
        // changing them while the borrow lives.
        unsafe { checked::bytes(self.vec.as_ptr(), self.vec.len()) }
    }

    fn as_bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in `as_bytes`; `&mut self` makes this the only access from Rust.
        unsafe { checked::bytes_mut(self.vec.as_mut_ptr(), self.vec.len()) }
    }

    /// Element `index`, or `None` past the end.
    ///
    /// # Panics
    /// If JavaScript wrote bytes there that are no valid `T` (only possible for types with
    /// invalid bit patterns, such as enums).
    pub fn get(&self, index: usize) -> Option<&T> {
        let size = core::mem::size_of::<T>();
        let start = index.checked_mul(size)?;
        self.as_bytes()
            .get(start..start + size)
            .map(checked::element)
    }

    /// Element `index` mutably, or `None` past the end. Panics as [`LiveVec::get`].
    pub fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        let size = core::mem::size_of::<T>();
        let start = index.checked_mul(size)?;
        self.as_bytes_mut()
            .get_mut(start..start + size)
            .map(checked::element_mut)
    }

    /// The elements in order, each checked as it is reached. Panics as [`LiveVec::get`].
    pub fn iter(&self) -> Iter<'_, T> {
        Iter::new(self.as_bytes())
    }

    /// The index of the first element holding bytes that are no valid `T` (JavaScript wrote
    /// them), or `None` when every element is valid (always, for types without invalid bit
    /// patterns).
    pub fn first_invalid(&self) -> Option<usize> {
        checked::first_invalid::<T>(self.as_bytes())
    }

    /// Sets element `index` to `value`.
    ///
    /// # Panics
    /// If `index` is out of bounds.
    pub fn set(&mut self, index: usize, value: T) {
        let size = core::mem::size_of::<T>();
        // Writing bytes needs no check of the old ones.
        self.as_bytes_mut()[index * size..(index + 1) * size]
            .copy_from_slice(bytemuck::bytes_of(&value));
    }

    /// Appends an element (may move the data).
    pub fn push(&mut self, value: T) {
        self.vec.push(value);
        self.sync();
    }

    /// Removes the last element and returns it. Panics as [`LiveVec::get`].
    pub fn pop(&mut self) -> Option<T> {
        let last = self.len().checked_sub(1)?;
        let value = *self.get(last)?;
        self.truncate(last);
        Some(value)
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
            bytes: (self.vec.len() as u64 + additional as u64) * core::mem::size_of::<T>() as u64,
        })
    }

    /// Gives back unused capacity (may move the data).
    pub fn shrink_to_fit(&mut self) {
        self.vec.shrink_to_fit();
        self.sync();
    }

    /// **Assign a new vector, keeping the handle**: puts `vec` in place of the data and
    /// returns the old data. JavaScript's `getView()` then shows the new contents; its handle
    /// stays live. (Assigning a new `LiveVec` instead would drop this one and make the handle
    /// stale.)
    ///
    /// ```
    /// # use wasm_views::LiveVec;
    /// let mut cells = LiveVec::from(vec![0u8; 4]);
    /// let handle = cells.handle();
    /// let next: Vec<u8> = cells.iter().map(|&c| 1 - c).collect();
    /// cells.replace(next); // not `cells = next.into()`
    /// assert_eq!(cells, [1, 1, 1, 1]);
    /// assert_eq!(cells.handle(), handle);
    /// ```
    ///
    /// # Panics
    /// If the old data holds bytes JavaScript wrote that are no valid `T` (see
    /// [`LiveVec::get`]): they are never handed out as a `Vec<T>`.
    pub fn replace(&mut self, vec: Vec<T>) -> Vec<T> {
        let old = core::mem::replace(&mut self.vec, vec);
        self.sync();
        validated(old)
    }

    /// **Replace the contents** with the items of `iter`, keeping the handle and, where it is
    /// large enough, the allocation: `clear` then `extend`.
    pub fn assign<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        self.vec.clear();
        self.vec.extend(iter);
        self.sync();
    }

    /// Releases the handle and returns the data as a plain `Vec`. Panics as
    /// [`LiveVec::replace`].
    pub fn into_vec(mut self) -> Vec<T> {
        let vec = core::mem::take(&mut self.vec);
        drop(self);
        validated(vec)
    }

    /// The elements, copied into a plain `Vec`. Panics as [`LiveVec::get`].
    pub fn to_vec(&self) -> Vec<T> {
        self.iter().copied().collect()
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
        // 64-bit host can get there. A static message: formatting the error would link
        // `core::fmt` into every module.
        if TABLE
            .with_slot(self.handle, |slot| slot.set(ptr, len, cap))
            .is_err()
        {
            panic!("wasm-views: a LiveVec's length exceeds the descriptor's u32 range");
        }
    }
}

/// `vec`, after checking that JavaScript left only valid values in it.
fn validated<T: Element>(vec: Vec<T>) -> Vec<T> {
    // SAFETY: the vec's elements are initialised (by Rust, or as bytes by JavaScript).
    let bytes = unsafe { checked::bytes(vec.as_ptr(), vec.len()) };
    if checked::first_invalid::<T>(bytes).is_some() {
        // Dropping a `Vec` of `Copy` elements reads none of them.
        drop(vec);
        checked::invalid();
    }
    vec
}

/// Slices, for element types where every bit pattern is valid.
impl<T: Element + AnyBitPattern> LiveVec<T> {
    /// The elements.
    pub fn as_slice(&self) -> &[T] {
        &self.vec
    }

    /// The elements, mutably (the descriptor does not change).
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        &mut self.vec
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
        match Self::try_from_vec(vec) {
            Ok(live) => live,
            Err(_) => panic!("wasm-views: cannot register a LiveVec (out of memory)"),
        }
    }
}

impl<T: Element> From<&[T]> for LiveVec<T> {
    /// Copies `values` into a new buffer with a fresh handle.
    fn from(values: &[T]) -> Self {
        Self::from(values.to_vec())
    }
}

impl<T: Element, const N: usize> From<[T; N]> for LiveVec<T> {
    /// Moves `values` into a new buffer with a fresh handle.
    fn from(values: [T; N]) -> Self {
        Self::from(Vec::from(values))
    }
}

impl<T: Element> FromIterator<T> for LiveVec<T> {
    /// Collects into a new buffer with a fresh handle: `(0..n).map(..).collect()`.
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Self::from(Vec::from_iter(iter))
    }
}

impl<T: Element> Clone for LiveVec<T> {
    /// A copy in a **new buffer with a new handle**: JavaScript sees the clone only through
    /// `clone.handle()`. Panics as [`LiveVec::get`].
    fn clone(&self) -> Self {
        Self::from(self.to_vec())
    }
}

impl<T: Element + AnyBitPattern> Deref for LiveVec<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.vec
    }
}

impl<T: Element + AnyBitPattern> DerefMut for LiveVec<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.vec
    }
}

impl<T: Element> Index<usize> for LiveVec<T> {
    type Output = T;

    /// Element `index`. Panics past the end, and as [`LiveVec::get`].
    fn index(&self, index: usize) -> &T {
        match self.get(index) {
            Some(value) => value,
            None => panic!("wasm-views: LiveVec index out of bounds"),
        }
    }
}

impl<T: Element> IndexMut<usize> for LiveVec<T> {
    /// Element `index`, mutably (the descriptor does not change). Panics as `Index`.
    fn index_mut(&mut self, index: usize) -> &mut T {
        match self.get_mut(index) {
            Some(value) => value,
            None => panic!("wasm-views: LiveVec index out of bounds"),
        }
    }
}

/// `v[a..b]`, `v[..]`, ...: checked like single elements, then handed out as a slice.
macro_rules! index_ranges {
    ($($range:ty),*) => {$(
        impl<T: Element> Index<$range> for LiveVec<T> {
            type Output = [T];

            /// The elements in the range. Panics out of bounds, and as [`LiveVec::get`].
            fn index(&self, range: $range) -> &[T] {
                let size = core::mem::size_of::<T>();
                let (start, end) = bounds(&range, self.len());
                if checked::first_invalid::<T>(&self.as_bytes()[start * size..end * size]).is_some() {
                    checked::invalid();
                }
                &self.vec[start..end]
            }
        }

        impl<T: Element> IndexMut<$range> for LiveVec<T> {
            /// The elements in the range, mutably. Panics as `Index`.
            fn index_mut(&mut self, range: $range) -> &mut [T] {
                let (start, end) = bounds(&range, self.len());
                let _ = &self[start..end];
                &mut self.vec[start..end]
            }
        }
    )*};
}

/// `range` within `0..len` as `(start, end)`, or the slice-indexing panic.
fn bounds(range: &impl core::ops::RangeBounds<usize>, len: usize) -> (usize, usize) {
    use core::ops::Bound;
    let start = match range.start_bound() {
        Bound::Included(&s) => s,
        Bound::Excluded(&s) => s.saturating_add(1),
        Bound::Unbounded => 0,
    };
    let end = match range.end_bound() {
        Bound::Included(&e) => e.saturating_add(1),
        Bound::Excluded(&e) => e,
        Bound::Unbounded => len,
    };
    if start > end || end > len {
        panic!("wasm-views: LiveVec range out of bounds");
    }
    (start, end)
}

index_ranges!(
    core::ops::Range<usize>,
    core::ops::RangeFrom<usize>,
    core::ops::RangeTo<usize>,
    core::ops::RangeFull,
    core::ops::RangeInclusive<usize>,
    core::ops::RangeToInclusive<usize>
);

impl<'a, T: Element> IntoIterator for &'a LiveVec<T> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<T: Element> Extend<T> for LiveVec<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        self.vec.extend(iter);
        self.sync();
    }
}

impl<'a, T: Element> Extend<&'a T> for LiveVec<T> {
    fn extend<I: IntoIterator<Item = &'a T>>(&mut self, iter: I) {
        self.vec.extend(iter);
        self.sync();
    }
}

impl<T: Element + PartialEq> PartialEq for LiveVec<T> {
    /// Same elements (handles aside).
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl<T: Element + Eq> Eq for LiveVec<T> {}

impl<T: Element + PartialEq> PartialEq<[T]> for LiveVec<T> {
    fn eq(&self, other: &[T]) -> bool {
        self.iter().eq(other.iter())
    }
}

impl<T: Element + PartialEq> PartialEq<&[T]> for LiveVec<T> {
    fn eq(&self, other: &&[T]) -> bool {
        self.iter().eq(other.iter())
    }
}

impl<T: Element + PartialEq, const N: usize> PartialEq<[T; N]> for LiveVec<T> {
    fn eq(&self, other: &[T; N]) -> bool {
        self.iter().eq(other.iter())
    }
}

impl<T: Element + PartialEq> PartialEq<Vec<T>> for LiveVec<T> {
    fn eq(&self, other: &Vec<T>) -> bool {
        self.iter().eq(other.iter())
    }
}

impl<T: Element + core::fmt::Debug> core::fmt::Debug for LiveVec<T> {
    /// `LiveVec { handle: .., data: [..] }`. Panics as [`LiveVec::get`].
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        struct Data<'a, T: Element>(&'a LiveVec<T>);
        impl<T: Element + core::fmt::Debug> core::fmt::Debug for Data<'_, T> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_list().entries(self.0.iter()).finish()
            }
        }
        f.debug_struct("LiveVec")
            .field("handle", &self.handle.get())
            .field("data", &Data(self))
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
#[path = "live_vec_tests.rs"]
mod tests;
