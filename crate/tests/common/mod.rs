//! The wasm test suite, shared by `node.rs` (`wasm-pack test --node`) and `browser.rs`
//! (`wasm-pack test --headless --chrome/--firefox`).

use core::alloc::{GlobalAlloc, Layout};
use core::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use js_sys::{Float32Array, Reflect};
use std::alloc::System;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{console_log, wasm_bindgen_test};
use wasm_views::__exports as exports;
use wasm_views::__exports::{wasm_views_memory, wasm_views_table};
use wasm_views::layout::*;
use wasm_views::{Error, Handle, Kind, LiveVec, Owner};

/// When set, the next allocation first grows memory by one page: the adversary of the detach
/// tests ("whatever allocates next detaches every view").
static ARMED: AtomicBool = AtomicBool::new(false);
/// How many armed growths happened.
static FIRED: AtomicU32 = AtomicU32::new(0);

struct GrowOnNextAlloc;

impl GrowOnNextAlloc {
    fn maybe_grow(&self) {
        if ARMED.swap(false, Ordering::Relaxed) {
            core::arch::wasm32::memory_grow(0, 1);
            FIRED.fetch_add(1, Ordering::Relaxed);
        }
    }
}

// SAFETY: every method forwards to `System` unchanged; growing memory first does not affect
// the allocator (dlmalloc asks for memory with `memory.grow` and works with whatever it gets).
unsafe impl GlobalAlloc for GrowOnNextAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        self.maybe_grow();
        // SAFETY: the caller's contract is System's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        self.maybe_grow();
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        self.maybe_grow();
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: GrowOnNextAlloc = GrowOnNextAlloc;

/// Runs `f` with the adversary armed; returns its result and whether memory grew.
fn armed<R>(f: impl FnOnce() -> R) -> (R, bool) {
    let before = FIRED.load(Ordering::Relaxed);
    ARMED.store(true, Ordering::Relaxed);
    let result = f();
    ARMED.store(false, Ordering::Relaxed);
    (result, FIRED.load(Ordering::Relaxed) != before)
}

fn pages() -> usize {
    core::arch::wasm32::memory_size(0)
}

fn name_of(error: &JsValue) -> String {
    Reflect::get(error, &"name".into())
        .unwrap()
        .as_string()
        .unwrap()
}

fn message_of(error: &JsValue) -> String {
    Reflect::get(error, &"message".into())
        .unwrap()
        .as_string()
        .unwrap()
}

/// Reads a `u32` of the descriptor table straight from linear memory, as JavaScript does.
fn word(address: usize) -> u32 {
    // SAFETY: only called with addresses of the header or of entries in allocated chunks,
    // which are live, aligned u32 words; nothing writes them concurrently (single thread).
    unsafe { core::ptr::read_volatile(address as *const u32) }
}

fn entry_address(handle: Handle) -> usize {
    let table = wasm_views::table_address();
    let chunk = word(table + 4 * (HEADER_DIRECTORY + (handle.slot() >> CHUNK_SHIFT) as usize));
    chunk as usize + (handle.slot() as usize & (CHUNK_SLOTS - 1)) * ENTRY_WORDS * 4
}

fn entry(handle: Handle, field: usize) -> u32 {
    word(entry_address(handle) + 4 * field)
}

#[wasm_bindgen_test]
fn header_in_linear_memory() {
    let table = wasm_views_table() as usize;
    assert_eq!(table, wasm_views::table_address());
    assert_eq!(word(table), TABLE_MAGIC);
    assert_eq!(word(table + 4), LAYOUT_VERSION);
    assert_eq!(word(table + 4 * HEADER_CHUNK_SLOTS), 256);
    assert_eq!(word(table + 4 * HEADER_ENTRY_BYTES), 32);
    let memory = wasm_views_memory();
    assert_eq!(
        memory
            .buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length() as usize,
        pages() << 16
    );
}

#[wasm_bindgen_test]
fn live_vec_descriptor_follows_moves() {
    let mut v = LiveVec::<f64>::new();
    let h = v.handle();
    assert_eq!(entry(h, ENTRY_STATE), STATE_RUST);
    assert_eq!(entry(h, ENTRY_KIND), Kind::F64.code());
    assert_eq!(entry(h, ENTRY_GENERATION), h.generation());
    let mut version = entry(h, ENTRY_VERSION);
    for i in 0..100 {
        v.push(i as f64);
        assert_eq!(entry(h, ENTRY_PTR), v.as_ptr() as u32);
        assert_eq!(entry(h, ENTRY_LENGTH), v.len() as u32);
        assert!(entry(h, ENTRY_VERSION) > version);
        version = entry(h, ENTRY_VERSION);
    }
    v[3] = 42.0; // element writes change no descriptor field
    assert_eq!(entry(h, ENTRY_VERSION), version);
    let view = wasm_views::view(&v);
    assert_eq!(view.length(), 100);
    assert_eq!(view.get_index(3), 42.0);
    drop(v);
    assert_eq!(entry(h, ENTRY_STATE), STATE_FREE);
    assert_ne!(entry(h, ENTRY_GENERATION), h.generation());
    // What the facade reads to say why the handle is stale.
    assert_eq!(entry(h, ENTRY_RELEASED_BY), STATE_RUST);
    let stale = wasm_views::describe(h).unwrap_err();
    assert_eq!(
        stale,
        Error::StaleHandle {
            handle: h,
            released_by: Some(Owner::Rust)
        }
    );
    let js = JsValue::from(stale);
    assert_eq!(name_of(&js), "StaleHandleError");
    assert!(message_of(&js).contains("LiveVec::replace"), "{js:?}");
}

#[wasm_bindgen_test]
fn js_owned_round_trip() {
    let h = Handle::from_raw(exports::alloc(Kind::F32.code(), 4));
    assert!(h.generation() >= 1, "a handle, not a status: {}", h.get());
    assert_eq!(entry(h, ENTRY_RELEASED_BY), 0);
    let described = wasm_views::describe(h).unwrap().to_js();
    assert_eq!(Reflect::get(&described, &"owner".into()).unwrap(), "js");
    assert_eq!(Reflect::get(&described, &"kind".into()).unwrap(), "f32");
    assert_eq!(Reflect::get(&described, &"byteLength".into()).unwrap(), 16);
    wasm_views::borrow_mut::<f32>(h)
        .unwrap()
        .copy_from_slice(&[1.0, 2.0, 3.0, 4.0]);
    assert_eq!(exports::resize(h.get(), 6), STATUS_OK);
    assert_eq!(
        &*wasm_views::borrow::<f32>(h).unwrap(),
        &[1.0, 2.0, 3.0, 4.0, 0.0, 0.0]
    );
    let view: Float32Array = wasm_views::view_handle(h).unwrap().unchecked_into();
    assert_eq!(view.to_vec(), vec![1.0, 2.0, 3.0, 4.0, 0.0, 0.0]);
    assert_eq!(exports::free(h.get()), STATUS_OK);
    assert_eq!(entry(h, ENTRY_RELEASED_BY), STATE_JS);
    assert!(wasm_views::view_handle(h).is_err());
}

#[wasm_bindgen_test]
fn f16_handle_views_are_the_bits() {
    let h = wasm_views::alloc_js(Kind::F16, 2).unwrap();
    wasm_views::borrow_mut::<wasm_views::F16Bits>(h).unwrap()[1] = wasm_views::F16Bits(0x3c00);
    let view: js_sys::Uint16Array = wasm_views::view_handle(h).unwrap().dyn_into().unwrap();
    assert_eq!(view.to_vec(), vec![0, 0x3c00]);
    wasm_views::free_js(h).unwrap();
}

#[wasm_bindgen_test]
fn stats_object() {
    let _registered = LiveVec::<u8>::new();
    let stats = wasm_views::stats().to_js();
    let get = |key: &str| Reflect::get(&stats, &key.into()).unwrap();
    assert_eq!(get("pages").as_f64().unwrap() as usize, pages());
    assert_eq!(get("memoryBytes").as_f64().unwrap() as usize, pages() << 16);
    assert!(get("maximumPages").is_null() || get("maximumPages").as_f64().is_some());
    assert!(get("tableCapacity").as_f64().unwrap() >= 256.0);
    assert!(get("liveHandles").as_f64().is_some());
    assert!(get("growthEpoch").as_f64().is_some());
}

#[wasm_bindgen_test]
fn growth_epoch_moves_when_memory_grows() {
    let before = wasm_views::check_growth();
    assert_eq!(wasm_views::check_growth(), before);
    core::arch::wasm32::memory_grow(0, 1);
    // The exports observe growth: the next call into the table brings the epoch up to date.
    exports::table();
    assert_eq!(wasm_views::growth_epoch(), before + 1);
    assert_eq!(
        word(wasm_views::table_address() + 4 * HEADER_EPOCH),
        before + 1
    );
    // Observing growth answers the new epoch; looking again without growth, the same one.
    core::arch::wasm32::memory_grow(0, 1);
    assert_eq!(wasm_views::check_growth(), before + 2);
    assert_eq!(wasm_views::check_growth(), before + 2);
    assert_eq!(wasm_views::growth_epoch(), before + 2);
}

#[wasm_bindgen_test]
fn exports_return_status_codes() {
    // Unknown kinds and byte sizes past 4 GiB: the facade turns these into TypeError and
    // RangeError (it validated the numbers before the call).
    assert_eq!(exports::alloc(12, 1), STATUS_UNKNOWN_KIND);
    assert_eq!(exports::alloc(u32::MAX, 1), STATUS_UNKNOWN_KIND);
    assert_eq!(exports::alloc(Kind::F64.code(), 1 << 29), STATUS_TOO_LARGE);

    // Stale, forged and zero handles.
    let h = exports::alloc(Kind::U8.code(), 1);
    assert_eq!(exports::free(h), STATUS_OK);
    for stale in [h, 0, 12345] {
        assert_eq!(exports::free(stale), STATUS_STALE_HANDLE);
        assert_eq!(exports::resize(stale, 1), STATUS_STALE_HANDLE);
    }

    // A Rust-owned buffer cannot be freed or resized from JavaScript, and stays as it was.
    let rust_owned = LiveVec::<u8>::from(vec![1, 2, 3]);
    assert_eq!(exports::free(rust_owned.handle().get()), STATUS_WRONG_OWNER);
    assert_eq!(
        exports::resize(rust_owned.handle().get(), 9),
        STATUS_WRONG_OWNER
    );
    assert_eq!(&rust_owned[..], &[1, 2, 3]);

    // Borrowed buffers cannot be freed or resized.
    let h = wasm_views::alloc_js(Kind::I32, 1).unwrap();
    let guard = wasm_views::borrow::<i32>(h).unwrap();
    assert_eq!(exports::free(h.get()), STATUS_BORROWED);
    assert_eq!(exports::resize(h.get(), 2), STATUS_BORROWED);
    drop(guard);
    assert_eq!(exports::free(h.get()), STATUS_OK);
}

#[wasm_bindgen_test]
fn rust_errors_become_js_exceptions() {
    let is = |value: &JsValue, name: &str| {
        assert!(
            value.is_instance_of::<js_sys::Error>(),
            "{value:?} is not an Error"
        );
        assert_eq!(name_of(value), name, "{value:?}");
    };
    let too_large = JsValue::from(wasm_views::alloc_js(Kind::F64, 1 << 29).unwrap_err());
    assert!(too_large.is_instance_of::<js_sys::RangeError>());
    is(&too_large, "RangeError");
    assert!(message_of(&too_large).contains("536870912 f64 elements"));
    let unknown = JsValue::from(Error::UnknownKind(12));
    assert!(unknown.is_instance_of::<js_sys::TypeError>());
    assert!(message_of(&unknown).contains("12"));

    let h = wasm_views::alloc_js(Kind::I32, 1).unwrap();
    is(
        &JsValue::from(wasm_views::borrow::<f32>(h).err().unwrap()),
        "KindMismatchError",
    );
    let rust_owned = LiveVec::<u8>::from(vec![1, 2, 3]);
    let wrong = JsValue::from(wasm_views::free_js(rust_owned.handle()).unwrap_err());
    assert!(wrong.is_instance_of::<js_sys::TypeError>());
    let guard = wasm_views::borrow::<i32>(h).unwrap();
    is(
        &JsValue::from(wasm_views::free_js(h).unwrap_err()),
        "BorrowError",
    );
    drop(guard);
    wasm_views::free_js(h).unwrap();
    let freed = JsValue::from(wasm_views::free_js(h).unwrap_err());
    is(&freed, "StaleHandleError");
    assert!(message_of(&freed).contains("freed"), "{freed:?}");
    // OutOfMemory formats into a stack buffer: it needs no allocation.
    is(
        &JsValue::from(Error::OutOfMemory { bytes: 1 << 31 }),
        "OutOfMemoryError",
    );
}

#[wasm_bindgen_test]
fn out_of_memory_is_an_error_not_an_abort() {
    let h = wasm_views::alloc_js(Kind::U8, 16).unwrap();
    wasm_views::borrow_mut::<u8>(h)
        .unwrap()
        .copy_from_slice(&[7; 16]);
    let samples = LiveVec::from(vec![1.5f32; 8]);
    let pages_before = pages();

    let three_gib = 3 << 30;
    assert_eq!(
        exports::alloc(Kind::U8.code(), three_gib),
        STATUS_OUT_OF_MEMORY
    );
    assert_eq!(exports::resize(h.get(), three_gib), STATUS_OUT_OF_MEMORY);
    assert_eq!(exports::reserve(three_gib), STATUS_OUT_OF_MEMORY);
    assert_eq!(exports::reserve(u32::MAX), STATUS_OUT_OF_MEMORY);

    // Everything that existed is untouched.
    assert_eq!(&*wasm_views::borrow::<u8>(h).unwrap(), &[7; 16]);
    assert_eq!(&samples[..], &[1.5; 8]);
    assert_eq!(pages(), pages_before);
    wasm_views::free_js(h).unwrap();
}

#[wasm_bindgen_test]
fn reserve_keeps_later_allocations_from_growing_memory() {
    const N: usize = 8 << 20;
    assert_eq!(exports::reserve(N as u32), STATUS_OK);
    let before = pages();
    // N bytes in a mix of sizes, all alive at once.
    let mut blocks: Vec<Vec<u8>> = Vec::with_capacity(64);
    blocks.push(Vec::with_capacity(N / 2));
    for _ in 0..4 {
        blocks.push(Vec::with_capacity(N / 16));
    }
    for _ in 0..32 {
        blocks.push(Vec::with_capacity(N / 128));
    }
    let total: usize = blocks.iter().map(|b| b.capacity()).sum();
    assert_eq!(total, N);
    assert_eq!(
        pages(),
        before,
        "memory grew although {N} bytes were reserved"
    );
    let h = wasm_views::alloc_js(Kind::F32, 1024).unwrap();
    assert_eq!(pages(), before);
    wasm_views::free_js(h).unwrap();
}

/// The upstream bug, reproduced and beaten: sweep the externref slab's fill levels with an
/// allocator that grows memory on the next allocation; js-sys's `Float32Array::view` comes
/// back detached where the slab has to grow, the crate's constructor never does.
#[wasm_bindgen_test]
fn views_are_never_detached() {
    const JS_SYS_VIEWS: usize = 1100;
    const CRATE_VIEWS: usize = 3100;
    let data = vec![1.0f32; 16];
    // Every view stays alive, so each call meets a fuller slab. Reserved up front: these
    // pushes must not allocate.
    let mut alive: Vec<JsValue> = Vec::with_capacity(JS_SYS_VIEWS + CRATE_VIEWS);

    let (mut js_sys_detached, mut js_sys_grew) = (0, 0);
    for _ in 0..JS_SYS_VIEWS {
        // SAFETY: `data` is neither moved nor freed while the view is used (only its length
        // is read; the views are dropped before `data`).
        let (view, grew) = armed(|| unsafe { Float32Array::view(&data) });
        js_sys_grew += grew as usize;
        if view.length() != data.len() as u32 {
            js_sys_detached += 1;
        }
        alive.push(view.into());
    }

    let (mut crate_detached, mut crate_grew) = (0, 0);
    for _ in 0..CRATE_VIEWS {
        let (view, grew) = armed(|| wasm_views::view_slice(&data));
        crate_grew += grew as usize;
        // Only the length: `view.buffer()` would take an externref slot itself (and so meet
        // the slab's growth points before the next view does).
        if view.length() != data.len() as u32 {
            crate_detached += 1;
        }
        alive.push(view.into());
    }

    console_log!(
        "detach sweep: js-sys Float32Array::view detached {js_sys_detached} of {JS_SYS_VIEWS} \
         (memory grew during {js_sys_grew}); wasm_views::view_slice detached {crate_detached} \
         of {CRATE_VIEWS} (memory grew during {crate_grew})"
    );
    assert!(js_sys_detached >= 1, "the upstream bug did not reproduce");
    assert!(
        crate_grew >= 1,
        "memory never grew inside the crate's constructor: no evidence"
    );
    assert_eq!(
        crate_detached, 0,
        "wasm_views::view_slice returned a detached view"
    );
    drop(alive);
}

#[wasm_bindgen_test]
fn maximum_pages_comes_from_memory_type_where_the_engine_has_it() {
    let memory = wasm_bindgen::memory();
    let key = JsValue::from("type");
    let maximum = || wasm_views::stats().maximum_pages;
    let native = Reflect::has(&memory, &key).unwrap();
    if !native {
        // V8 (Node, Chromium) ships no type reflection: no maximum to report.
        assert_eq!(maximum(), None);
    }
    // An engine with type reflection, stood in for by an own `type` method on this memory.
    let reflect = |body: &str| {
        Reflect::set(&memory, &key, &js_sys::Function::new_no_args(body)).unwrap();
    };
    reflect("return { minimum: 1, maximum: 77 }");
    assert_eq!(maximum(), Some(77));
    reflect("return { minimum: 1 }");
    assert_eq!(maximum(), None);
    Reflect::delete_property(memory.unchecked_ref::<js_sys::Object>(), &key).unwrap();
    if !native {
        assert_eq!(maximum(), None);
    }
}

/// Takes and returns a [`Handle`] across the boundary: wasm-bindgen reads this export's
/// descriptor (`Handle`'s `WasmDescribe`) when it builds the test module, and a call goes
/// through its `FromWasmAbi` and `IntoWasmAbi`.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn wasm_views_test_next_handle(handle: Handle) -> Handle {
    Handle::from_raw(handle.get() + 1)
}

#[wasm_bindgen_test]
fn handles_cross_the_boundary_as_numbers() {
    let h = Handle::from_raw((3 << SLOT_BITS) | 9);
    assert_eq!(JsValue::from(h).as_f64(), Some(h.get() as f64));
    // The raw export, as JavaScript glue calls it: a number in, a number out.
    let next: js_sys::Function = Reflect::get(
        &wasm_bindgen::exports(),
        &"wasm_views_test_next_handle".into(),
    )
    .unwrap()
    .dyn_into()
    .unwrap();
    let out = next.call1(&JsValue::UNDEFINED, &JsValue::from(h)).unwrap();
    assert_eq!(out.as_f64(), Some(h.get() as f64 + 1.0));
}

#[wasm_bindgen_test]
fn stats_and_descriptions_become_objects_field_by_field() {
    let number = |object: &JsValue, key: &str| Reflect::get(object, &key.into()).unwrap().as_f64();
    let h = wasm_views::alloc_js(Kind::I16, 5).unwrap();
    let d = wasm_views::describe(h).unwrap();
    let js = d.to_js();
    for (key, value) in [
        ("handle", d.handle),
        ("slot", d.slot),
        ("generation", d.generation),
        ("ptr", d.ptr),
        ("length", 5),
        ("byteLength", 10),
    ] {
        assert_eq!(number(&js, key), Some(value as f64), "{key}");
    }
    assert_eq!(d.ptr as usize, entry(h, ENTRY_PTR) as usize);
    assert_eq!(Reflect::get(&js, &"kind".into()).unwrap(), "i16");
    assert_eq!(Reflect::get(&js, &"owner".into()).unwrap(), "js");
    wasm_views::free_js(h).unwrap();

    let s = wasm_views::stats();
    let js = s.to_js();
    for (key, value) in [
        ("memoryBytes", s.memory_bytes as f64),
        ("pages", s.pages as f64),
        ("liveHandles", s.live_handles as f64),
        ("tableCapacity", s.table_capacity as f64),
        ("growthEpoch", s.growth_epoch as f64),
    ] {
        assert_eq!(number(&js, key), Some(value), "{key}");
    }
    let maximum = Reflect::get(&js, &"maximumPages".into()).unwrap();
    match s.maximum_pages {
        Some(max) => assert_eq!(maximum.as_f64(), Some(max as f64)),
        None => assert!(maximum.is_null(), "{maximum:?}"),
    }
}
