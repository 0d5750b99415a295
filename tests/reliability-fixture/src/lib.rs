//! The wasm module the reliability suites drive (tests/reliability): every way Rust can own,
//! move, register, borrow and grow memory that the wasm-views descriptor table describes.
//!
//! - [`RustBuf`]: a `LiveVec` of any kind, with every operation that may move its data.
//! - [`Raw`]: memory owned by Rust outside any `LiveVec`, described with `register_raw`.
//! - `checksumJs` / `fillJs` / `withBorrow`: Rust borrowing JS-owned buffers, also across a
//!   call back into JavaScript.
//! - `checksumAt`: what Rust reads at a handle's described address, whoever owns it.
//! - `growMemory` / `callWithGrowth`: `memory.grow` from Rust, and re-entrancy.
//!
//! Values arrive as JavaScript numbers and are converted with Rust's `as` casts; the suites
//! only pass values that every kind represents exactly, so the model knows the bytes.
#![warn(missing_docs)]

use js_sys::Function;
use std::alloc::System;
use wasm_bindgen::prelude::*;
use wasm_views::{Element, F16Bits, GrowthTrackingAllocator, Handle, LiveVec, U8Clamped};

// The growth epoch moves the moment an allocation grows memory: the suites check that it
// moves exactly when the memory size changes.
#[global_allocator]
static ALLOCATOR: GrowthTrackingAllocator<System> = GrowthTrackingAllocator::new(System);

/// An element the suites can name with a JavaScript number.
trait Value: Element {
    fn from_f64(value: f64) -> Self;
}

macro_rules! values {
    ($($ty:ty => |$v:ident| $conv:expr;)*) => {
        $(impl Value for $ty {
            fn from_f64($v: f64) -> Self {
                $conv
            }
        })*
    };
}

values! {
    i8 => |v| v as i8;
    u8 => |v| v as u8;
    U8Clamped => |v| U8Clamped(v as u8);
    i16 => |v| v as i16;
    u16 => |v| v as u16;
    i32 => |v| v as i32;
    u32 => |v| v as u32;
    F16Bits => |v| F16Bits(v as u16);
    f32 => |v| v as f32;
    f64 => |v| v;
    i64 => |v| v as i64;
    u64 => |v| v as u64;
}

/// Runs `$body` with `$T` the element type of kind code `$code`, or returns a `TypeError`.
macro_rules! with_kind {
    ($code:expr, $T:ident => $body:expr) => {
        match $code {
            0 => {
                type $T = i8;
                $body
            }
            1 => {
                type $T = u8;
                $body
            }
            2 => {
                type $T = U8Clamped;
                $body
            }
            3 => {
                type $T = i16;
                $body
            }
            4 => {
                type $T = u16;
                $body
            }
            5 => {
                type $T = i32;
                $body
            }
            6 => {
                type $T = u32;
                $body
            }
            7 => {
                type $T = F16Bits;
                $body
            }
            8 => {
                type $T = f32;
                $body
            }
            9 => {
                type $T = f64;
                $body
            }
            10 => {
                type $T = i64;
                $body
            }
            11 => {
                type $T = u64;
                $body
            }
            code => Err(JsValue::from(js_sys::TypeError::new(&format!(
                "unknown kind code {code}"
            )))),
        }
    };
}

/// The bytes of plain-data elements.
fn bytes_of<T: Element>(data: &[T]) -> &[u8] {
    // SAFETY: `Element` types are plain data without padding (the trait is sealed on that
    // promise), so every byte of the slice is initialised; the length is the slice's size.
    unsafe { core::slice::from_raw_parts(data.as_ptr().cast(), core::mem::size_of_val(data)) }
}

/// 32-bit FNV-1a; tests/reliability/model.mjs computes the same in JavaScript.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |hash, &b| {
        (hash ^ b as u32).wrapping_mul(0x0100_0193)
    })
}

/// What [`RustBuf`] does with a `LiveVec<T>` of any `T`.
trait AnyVec {
    fn handle(&self) -> Handle;
    fn push(&mut self, value: f64);
    fn extend_fill(&mut self, n: usize, value: f64);
    fn resize(&mut self, n: usize, value: f64);
    fn truncate(&mut self, n: usize);
    fn clear(&mut self);
    fn reserve(&mut self, additional: usize);
    fn shrink_to_fit(&mut self);
    fn move_data(&mut self);
    fn len(&self) -> usize;
    fn capacity(&self) -> usize;
    fn ptr(&self) -> usize;
    fn bytes(&self) -> &[u8];
    fn view(&self) -> JsValue;
}

impl<T: Value> AnyVec for LiveVec<T> {
    fn handle(&self) -> Handle {
        LiveVec::handle(self)
    }
    fn push(&mut self, value: f64) {
        LiveVec::push(self, T::from_f64(value));
    }
    fn extend_fill(&mut self, n: usize, value: f64) {
        self.extend(std::iter::repeat_n(T::from_f64(value), n));
    }
    fn resize(&mut self, n: usize, value: f64) {
        LiveVec::resize(self, n, T::from_f64(value));
    }
    fn truncate(&mut self, n: usize) {
        LiveVec::truncate(self, n);
    }
    fn clear(&mut self) {
        LiveVec::clear(self);
    }
    fn reserve(&mut self, additional: usize) {
        LiveVec::reserve(self, additional);
    }
    fn shrink_to_fit(&mut self) {
        LiveVec::shrink_to_fit(self);
    }
    fn move_data(&mut self) {
        // Copied while the old allocation is alive, so the data really moves.
        let fresh = self.as_slice().to_vec();
        drop(self.replace(fresh));
    }
    fn len(&self) -> usize {
        LiveVec::len(self)
    }
    fn capacity(&self) -> usize {
        LiveVec::capacity(self)
    }
    fn ptr(&self) -> usize {
        self.as_ptr() as usize
    }
    fn bytes(&self) -> &[u8] {
        bytes_of(self.as_slice())
    }
    fn view(&self) -> JsValue {
        wasm_views::view(self).into()
    }
}

/// A Rust-owned buffer (`LiveVec`) of any kind.
#[wasm_bindgen]
pub struct RustBuf {
    vec: Box<dyn AnyVec>,
}

#[wasm_bindgen]
impl RustBuf {
    /// An empty `LiveVec` of kind code `kind`.
    #[wasm_bindgen(constructor)]
    pub fn new(kind: u32) -> Result<RustBuf, JsValue> {
        with_kind!(kind, T => Ok(RustBuf { vec: Box::new(LiveVec::<T>::new()) }))
    }

    /// The buffer's handle.
    #[wasm_bindgen(getter)]
    pub fn handle(&self) -> Handle {
        self.vec.handle()
    }

    /// Appends one element.
    pub fn push(&mut self, value: f64) {
        self.vec.push(value);
    }

    /// Appends `n` copies of `value`.
    #[wasm_bindgen(js_name = extendFill)]
    pub fn extend_fill(&mut self, n: u32, value: f64) {
        self.vec.extend_fill(n as usize, value);
    }

    /// `Vec::resize(n, value)`.
    pub fn resize(&mut self, n: u32, value: f64) {
        self.vec.resize(n as usize, value);
    }

    /// Keeps the first `n` elements.
    pub fn truncate(&mut self, n: u32) {
        self.vec.truncate(n as usize);
    }

    /// Removes every element.
    pub fn clear(&mut self) {
        self.vec.clear();
    }

    /// Makes room for `additional` more elements.
    pub fn reserve(&mut self, additional: u32) {
        self.vec.reserve(additional as usize);
    }

    /// Gives back unused capacity.
    #[wasm_bindgen(js_name = shrinkToFit)]
    pub fn shrink_to_fit(&mut self) {
        self.vec.shrink_to_fit();
    }

    /// Moves the data to a new allocation (same contents, same handle).
    #[wasm_bindgen(js_name = moveData)]
    pub fn move_data(&mut self) {
        self.vec.move_data();
    }

    /// Number of elements.
    pub fn len(&self) -> u32 {
        self.vec.len() as u32
    }

    /// Whether there are no elements.
    #[wasm_bindgen(js_name = isEmpty)]
    pub fn is_empty(&self) -> bool {
        self.vec.len() == 0
    }

    /// Capacity in elements.
    pub fn capacity(&self) -> u32 {
        self.vec.capacity() as u32
    }

    /// The data's address as Rust sees it.
    pub fn ptr(&self) -> u32 {
        self.vec.ptr() as u32
    }

    /// FNV-1a of the data as Rust reads it.
    pub fn checksum(&self) -> u32 {
        fnv1a(self.vec.bytes())
    }

    /// A typed array from the crate's never-detached view constructor.
    pub fn view(&self) -> JsValue {
        self.vec.view()
    }
}

/// What [`Raw`] does with memory of any element type.
trait AnyRaw {
    fn handle(&self) -> Handle;
    fn move_to(&mut self, len: usize) -> Result<(), JsValue>;
    fn release(&mut self) -> Result<(), JsValue>;
    fn ptr(&self) -> usize;
    fn bytes(&self) -> &[u8];
}

struct RawData<T: Value> {
    data: Box<[T]>,
    handle: Option<Handle>,
}

impl<T: Value> RawData<T> {
    fn new(len: usize) -> Result<Self, JsValue> {
        let mut data = vec![T::default(); len].into_boxed_slice();
        // SAFETY: `data` lives in this struct until the registration is released (`release`,
        // or `Drop`), and `move_to` re-points it before dropping old memory.
        let handle = unsafe { wasm_views::register_raw(data.as_mut_ptr(), data.len()) }?;
        Ok(RawData {
            data,
            handle: Some(handle),
        })
    }

    fn live(&self) -> Result<Handle, JsValue> {
        self.handle
            .ok_or_else(|| js_sys::Error::new("raw registration already released").into())
    }
}

impl<T: Value> AnyRaw for RawData<T> {
    fn handle(&self) -> Handle {
        self.handle.unwrap_or(Handle::from_raw(0))
    }
    fn move_to(&mut self, len: usize) -> Result<(), JsValue> {
        let handle = self.live()?;
        let mut fresh = vec![T::default(); len].into_boxed_slice();
        let keep = len.min(self.data.len());
        fresh[..keep].copy_from_slice(&self.data[..keep]);
        // SAFETY: `fresh` replaces `data` below and lives until released; the old memory is
        // dropped only after the descriptor points at the new.
        unsafe { wasm_views::update_raw(handle, fresh.as_mut_ptr(), fresh.len()) }?;
        self.data = fresh;
        Ok(())
    }
    fn release(&mut self) -> Result<(), JsValue> {
        wasm_views::release_raw(self.live()?)?;
        self.handle = None;
        Ok(())
    }
    fn ptr(&self) -> usize {
        self.data.as_ptr() as usize
    }
    fn bytes(&self) -> &[u8] {
        bytes_of(&self.data)
    }
}

impl<T: Value> Drop for RawData<T> {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            let _ = wasm_views::release_raw(handle);
        }
    }
}

/// Rust-owned memory described by a raw registration (owner `raw`).
#[wasm_bindgen]
pub struct Raw {
    raw: Box<dyn AnyRaw>,
}

#[wasm_bindgen]
impl Raw {
    /// `len` zeroed elements of kind code `kind`, registered raw.
    #[wasm_bindgen(constructor)]
    pub fn new(kind: u32, len: u32) -> Result<Raw, JsValue> {
        let len = len as usize;
        with_kind!(kind, T => Ok(Raw { raw: Box::new(RawData::<T>::new(len)?) }))
    }

    /// The registration's handle (0 once released).
    #[wasm_bindgen(getter)]
    pub fn handle(&self) -> Handle {
        self.raw.handle()
    }

    /// Moves the contents (first `min(old, len)` elements, the rest zero) to new memory of
    /// `len` elements and points the registration there.
    #[wasm_bindgen(js_name = moveTo)]
    pub fn move_to(&mut self, len: u32) -> Result<(), JsValue> {
        self.raw.move_to(len as usize)
    }

    /// Ends the registration (the memory stays until `free()`).
    pub fn release(&mut self) -> Result<(), JsValue> {
        self.raw.release()
    }

    /// The memory's address as Rust sees it.
    pub fn ptr(&self) -> u32 {
        self.raw.ptr() as u32
    }

    /// FNV-1a of the memory as Rust reads it.
    pub fn checksum(&self) -> u32 {
        fnv1a(self.raw.bytes())
    }
}

/// FNV-1a of a JS-owned buffer, read through `borrow::<T>` with `T` of kind code `kind`.
#[wasm_bindgen(js_name = checksumJs)]
pub fn checksum_js(handle: u32, kind: u32) -> Result<u32, JsValue> {
    let handle = Handle::from_raw(handle);
    with_kind!(kind, T => Ok(fnv1a(bytes_of(&wasm_views::borrow::<T>(handle)?))))
}

/// Sets every element of a JS-owned buffer to `value`, through `borrow_mut::<T>`.
#[wasm_bindgen(js_name = fillJs)]
pub fn fill_js(handle: u32, kind: u32, value: f64) -> Result<(), JsValue> {
    let handle = Handle::from_raw(handle);
    with_kind!(kind, T => {
        wasm_views::borrow_mut::<T>(handle)?.fill(T::from_f64(value));
        Ok(())
    })
}

/// Borrows a JS-owned buffer (shared, or exclusive if `exclusive`), calls `callback()` while
/// the borrow is held, and returns what it returns.
#[wasm_bindgen(js_name = withBorrow)]
pub fn with_borrow(
    handle: u32,
    kind: u32,
    exclusive: bool,
    callback: &Function,
) -> Result<JsValue, JsValue> {
    let handle = Handle::from_raw(handle);
    with_kind!(kind, T => {
        if exclusive {
            let _guard = wasm_views::borrow_mut::<T>(handle)?;
            callback.call0(&JsValue::UNDEFINED)
        } else {
            let _guard = wasm_views::borrow::<T>(handle)?;
            callback.call0(&JsValue::UNDEFINED)
        }
    })
}

/// FNV-1a of the bytes at a live handle's described address (any owner), as Rust reads
/// linear memory there.
#[wasm_bindgen(js_name = checksumAt)]
pub fn checksum_at(handle: u32) -> Result<u32, JsValue> {
    let d = wasm_views::describe(Handle::from_raw(handle))?;
    if d.byte_length == 0 {
        return Ok(fnv1a(&[]));
    }
    // SAFETY: a live descriptor names `byte_length` bytes of initialised plain data at `ptr`
    // (a LiveVec, a JS-owned allocation or a raw registration), and nothing writes them while
    // this runs (single thread, no call out).
    let bytes =
        unsafe { core::slice::from_raw_parts(d.ptr as usize as *const u8, d.byte_length as usize) };
    Ok(fnv1a(bytes))
}

/// `memory.grow(pages)` from Rust: the previous size in pages, or -1 if memory cannot grow.
#[wasm_bindgen(js_name = growMemory)]
pub fn grow_memory(pages: u32) -> i32 {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_grow(0, pages as usize) as i32
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = pages;
        -1
    }
}

/// Grows memory by `pages` from Rust (ignoring failure), then calls `callback()` and returns
/// what it returns: the re-entrancy tests.
#[wasm_bindgen(js_name = callWithGrowth)]
pub fn call_with_growth(callback: &Function, pages: u32) -> Result<JsValue, JsValue> {
    grow_memory(pages);
    callback.call0(&JsValue::UNDEFINED)
}
