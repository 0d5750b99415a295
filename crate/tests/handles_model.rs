//! Model test of handles and the descriptor table (native; also run under Miri).
//!
//! Random sequences of every way a slot is taken, moved and released (LiveVec push / extend /
//! truncate / reserve / shrink / replace / clear / drop / into_vec, JS-owned alloc / resize /
//! free / borrows, raw register / update / release, and long alloc/free churn that walks a
//! slot through all its generations until it retires) are checked after every step against
//! a model:
//! - every live handle describes exactly its buffer (address, length, kind, owner);
//! - every released handle is stale for every entry point, forever;
//! - no handle value is ever issued twice (across all cases of the run);
//! - the live handle count is the model's, and the table only grows in whole chunks;
//! - borrow guards block free / resize / conflicting borrows, and contents survive moves.
//!
//! Everything shares the crate's one global table, so this binary has a single test.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use std::collections::HashSet;
use std::sync::Mutex;
use wasm_views::layout::{CHUNK_SLOTS, MAX_GENERATION};
use wasm_views::{
    alloc_js, borrow, borrow_mut, describe, free_js, register_raw, release_raw, resize_js, stats,
    update_raw, Error, Handle, Kind, LiveVec,
};

/// Under Miri every step is interpreted: fewer and shorter cases, shorter churn.
const CASES: u32 = if cfg!(miri) { 3 } else { 256 };
const MAX_OPS: usize = if cfg!(miri) { 24 } else { 150 };
const MAX_CHURN: usize = if cfg!(miri) { 300 } else { 2000 };

/// Every handle value issued during the run.
static ISSUED: Mutex<Option<HashSet<u32>>> = Mutex::new(None);

fn issued(handle: Handle) {
    let mut set = ISSUED.lock().unwrap();
    assert!(
        set.get_or_insert_with(HashSet::new).insert(handle.get()),
        "handle {} issued twice",
        handle.get()
    );
}

#[derive(Clone, Debug)]
enum Op {
    NewVec { wide: bool, n: usize },
    Push { pick: usize, x: u8 },
    Extend { pick: usize, n: usize },
    Truncate { pick: usize, n: usize },
    Reserve { pick: usize, n: usize },
    Shrink { pick: usize },
    Replace { pick: usize, n: usize },
    Clear { pick: usize },
    DropVec { pick: usize },
    IntoVec { pick: usize },
    Alloc { len: usize },
    Resize { pick: usize, len: usize },
    Fill { pick: usize, x: u8 },
    Free { pick: usize },
    Borrowed { pick: usize, exclusive: bool },
    Raw { len: usize },
    RawMove { pick: usize, len: usize },
    RawRelease { pick: usize },
    Churn { n: usize },
    UseDead { pick: usize },
}

fn op() -> impl Strategy<Value = Op> {
    let p = any::<usize>();
    let len = prop_oneof![4 => 0..16usize, 1 => 0..600usize];
    prop_oneof![
        3 => (any::<bool>(), len.clone()).prop_map(|(wide, n)| Op::NewVec { wide, n }),
        4 => (p, any::<u8>()).prop_map(|(pick, x)| Op::Push { pick, x }),
        2 => (p, len.clone()).prop_map(|(pick, n)| Op::Extend { pick, n }),
        1 => (p, 0..40usize).prop_map(|(pick, n)| Op::Truncate { pick, n }),
        1 => (p, len.clone()).prop_map(|(pick, n)| Op::Reserve { pick, n }),
        1 => p.prop_map(|pick| Op::Shrink { pick }),
        1 => (p, len.clone()).prop_map(|(pick, n)| Op::Replace { pick, n }),
        1 => p.prop_map(|pick| Op::Clear { pick }),
        2 => p.prop_map(|pick| Op::DropVec { pick }),
        1 => p.prop_map(|pick| Op::IntoVec { pick }),
        3 => len.clone().prop_map(|len| Op::Alloc { len }),
        2 => (p, len.clone()).prop_map(|(pick, len)| Op::Resize { pick, len }),
        2 => (p, any::<u8>()).prop_map(|(pick, x)| Op::Fill { pick, x }),
        2 => p.prop_map(|pick| Op::Free { pick }),
        2 => (p, any::<bool>()).prop_map(|(pick, exclusive)| Op::Borrowed { pick, exclusive }),
        2 => (0..32usize).prop_map(|len| Op::Raw { len }),
        1 => (p, 0..32usize).prop_map(|(pick, len)| Op::RawMove { pick, len }),
        1 => p.prop_map(|pick| Op::RawRelease { pick }),
        1 => (0..MAX_CHURN).prop_map(|n| Op::Churn { n }),
        3 => p.prop_map(|pick| Op::UseDead { pick }),
    ]
}

/// A Rust-owned buffer: `u8` or (wide) `u64` elements, with the values the model expects.
enum Vecs {
    Narrow(LiveVec<u8>),
    Wide(LiveVec<u64>),
}

impl Vecs {
    fn handle(&self) -> Handle {
        match self {
            Vecs::Narrow(v) => v.handle(),
            Vecs::Wide(v) => v.handle(),
        }
    }
    fn kind(&self) -> Kind {
        match self {
            Vecs::Narrow(_) => Kind::U8,
            Vecs::Wide(_) => Kind::U64,
        }
    }
    fn ptr_len(&self) -> (usize, usize) {
        match self {
            Vecs::Narrow(v) => (v.as_ptr() as usize, v.len()),
            Vecs::Wide(v) => (v.as_ptr() as usize, v.len()),
        }
    }
    fn values(&self) -> Vec<u64> {
        match self {
            Vecs::Narrow(v) => v.iter().map(|&x| x as u64).collect(),
            Vecs::Wide(v) => v.to_vec(),
        }
    }
}

struct RustBuf {
    vec: Vecs,
    model: Vec<u64>,
}

struct JsBuf {
    handle: Handle,
    model: Vec<u8>,
}

struct RawBuf {
    handle: Handle,
    data: Box<[u32]>,
}

#[derive(Default)]
struct Model {
    rust: Vec<RustBuf>,
    js: Vec<JsBuf>,
    raw: Vec<RawBuf>,
    dead: Vec<Handle>,
}

fn pick<T>(list: &[T], pick: usize) -> Option<usize> {
    (!list.is_empty()).then(|| pick % list.len())
}

impl Model {
    fn live(&self) -> usize {
        self.rust.len() + self.js.len() + self.raw.len()
    }

    fn bury(&mut self, handle: Handle) {
        self.dead.push(handle);
        if self.dead.len() > 64 {
            self.dead.remove(0);
        }
    }

    fn check(&self, live_before: u32) {
        let s = stats();
        assert_eq!(s.live_handles, live_before + self.live() as u32);
        assert_eq!(s.table_capacity as usize % CHUNK_SLOTS, 0);
        for b in &self.rust {
            let d = describe(b.vec.handle()).unwrap();
            let (ptr, len) = b.vec.ptr_len();
            assert_eq!(
                (d.ptr, d.length as usize),
                (ptr as u32, len),
                "LiveVec moved unseen"
            );
            assert_eq!((d.kind, d.owner), (b.vec.kind().name(), "rust"));
            assert_eq!(b.vec.values(), b.model);
        }
        for b in &self.js {
            let d = describe(b.handle).unwrap();
            assert_eq!(
                (d.length as usize, d.kind, d.owner),
                (b.model.len(), "u8", "js")
            );
            assert_eq!(&*borrow::<u8>(b.handle).unwrap(), &b.model[..]);
        }
        for b in &self.raw {
            let d = describe(b.handle).unwrap();
            assert_eq!(d.ptr, b.data.as_ptr() as usize as u32);
            assert_eq!(
                (d.length as usize, d.kind, d.owner),
                (b.data.len(), "u32", "raw")
            );
        }
        for &h in self.dead.iter().rev().take(8) {
            assert_eq!(describe(h).err().and_then(|e| e.stale_handle()), Some(h));
        }
    }
}

fn stale_everywhere(h: Handle) {
    let stale = Some(h);
    assert_eq!(describe(h).err().and_then(|e| e.stale_handle()), stale);
    assert_eq!(free_js(h).err().and_then(|e| e.stale_handle()), stale);
    assert_eq!(resize_js(h, 1).err().and_then(|e| e.stale_handle()), stale);
    assert_eq!(release_raw(h).err().and_then(|e| e.stale_handle()), stale);
    assert_eq!(borrow::<u8>(h).err().and_then(|e| e.stale_handle()), stale);
    assert_eq!(
        borrow_mut::<u64>(h).err().and_then(|e| e.stale_handle()),
        stale
    );
    let mut x = [0u32; 1];
    // SAFETY: the update must fail (stale handle); `x` outlives the call either way.
    assert_eq!(
        unsafe { update_raw(h, x.as_mut_ptr(), 1) }
            .err()
            .and_then(|e| e.stale_handle()),
        stale
    );
}

fn new_vec(wide: bool, n: usize) -> RustBuf {
    let model: Vec<u64> = (0..n as u64).map(|i| i % 251).collect();
    let vec = if wide {
        Vecs::Wide(LiveVec::from(model.clone()))
    } else {
        Vecs::Narrow(LiveVec::from(
            model.iter().map(|&x| x as u8).collect::<Vec<u8>>(),
        ))
    };
    issued(vec.handle());
    RustBuf { vec, model }
}

fn step(m: &mut Model, op: Op) {
    match op {
        Op::NewVec { wide, n } => m.rust.push(new_vec(wide, n)),
        Op::Push { pick: p, x } => {
            if let Some(i) = pick(&m.rust, p) {
                let b = &mut m.rust[i];
                match &mut b.vec {
                    Vecs::Narrow(v) => v.push(x),
                    Vecs::Wide(v) => v.push(x as u64),
                }
                b.model.push(x as u64);
            }
        }
        Op::Extend { pick: p, n } => {
            if let Some(i) = pick(&m.rust, p) {
                let b = &mut m.rust[i];
                match &mut b.vec {
                    Vecs::Narrow(v) => v.extend_from_slice(&vec![7; n]),
                    Vecs::Wide(v) => v.extend(std::iter::repeat_n(7, n)),
                }
                b.model.extend(std::iter::repeat_n(7, n));
            }
        }
        Op::Truncate { pick: p, n } => {
            if let Some(i) = pick(&m.rust, p) {
                let b = &mut m.rust[i];
                match &mut b.vec {
                    Vecs::Narrow(v) => v.truncate(n),
                    Vecs::Wide(v) => v.truncate(n),
                }
                b.model.truncate(n);
            }
        }
        Op::Reserve { pick: p, n } => {
            if let Some(i) = pick(&m.rust, p) {
                match &mut m.rust[i].vec {
                    Vecs::Narrow(v) => v.reserve(n),
                    Vecs::Wide(v) => v.try_reserve(n).unwrap(),
                }
            }
        }
        Op::Shrink { pick: p } => {
            if let Some(i) = pick(&m.rust, p) {
                match &mut m.rust[i].vec {
                    Vecs::Narrow(v) => v.shrink_to_fit(),
                    Vecs::Wide(v) => v.shrink_to_fit(),
                }
            }
        }
        Op::Replace { pick: p, n } => {
            if let Some(i) = pick(&m.rust, p) {
                let b = &mut m.rust[i];
                let old = std::mem::replace(&mut b.model, vec![3; n]);
                match &mut b.vec {
                    Vecs::Narrow(v) => {
                        let back = v.replace(vec![3; n]);
                        assert_eq!(back.iter().map(|&x| x as u64).collect::<Vec<_>>(), old);
                    }
                    Vecs::Wide(v) => assert_eq!(v.replace(vec![3; n]), old),
                }
            }
        }
        Op::Clear { pick: p } => {
            if let Some(i) = pick(&m.rust, p) {
                let b = &mut m.rust[i];
                match &mut b.vec {
                    Vecs::Narrow(v) => v.clear(),
                    Vecs::Wide(v) => v.clear(),
                }
                b.model.clear();
            }
        }
        Op::DropVec { pick: p } => {
            if let Some(i) = pick(&m.rust, p) {
                let b = m.rust.swap_remove(i);
                let h = b.vec.handle();
                drop(b);
                m.bury(h);
            }
        }
        Op::IntoVec { pick: p } => {
            if let Some(i) = pick(&m.rust, p) {
                let b = m.rust.swap_remove(i);
                let h = b.vec.handle();
                let values: Vec<u64> = match b.vec {
                    Vecs::Narrow(v) => v.into_vec().into_iter().map(|x| x as u64).collect(),
                    Vecs::Wide(v) => v.into_vec(),
                };
                assert_eq!(values, b.model);
                m.bury(h);
            }
        }
        Op::Alloc { len } => {
            let handle = alloc_js(Kind::U8, len).unwrap();
            issued(handle);
            m.js.push(JsBuf {
                handle,
                model: vec![0; len],
            });
        }
        Op::Resize { pick: p, len } => {
            if let Some(i) = pick(&m.js, p) {
                let b = &mut m.js[i];
                resize_js(b.handle, len).unwrap();
                b.model.resize(len, 0);
            }
        }
        Op::Fill { pick: p, x } => {
            if let Some(i) = pick(&m.js, p) {
                let b = &mut m.js[i];
                for (k, byte) in borrow_mut::<u8>(b.handle).unwrap().iter_mut().enumerate() {
                    *byte = x.wrapping_add(k as u8);
                }
                for (k, byte) in b.model.iter_mut().enumerate() {
                    *byte = x.wrapping_add(k as u8);
                }
            }
        }
        Op::Free { pick: p } => {
            if let Some(i) = pick(&m.js, p) {
                let b = m.js.swap_remove(i);
                free_js(b.handle).unwrap();
                m.bury(b.handle);
            }
        }
        Op::Borrowed { pick: p, exclusive } => {
            if let Some(i) = pick(&m.js, p) {
                let h = m.js[i].handle;
                let busy = Some(Error::Borrowed(h));
                if exclusive {
                    let guard = borrow_mut::<u8>(h).unwrap();
                    assert_eq!(borrow::<u8>(h).err(), busy);
                    assert_eq!(free_js(h).err(), busy);
                    assert_eq!(resize_js(h, 3).err(), busy);
                    assert_eq!(&*guard, &m.js[i].model[..]);
                } else {
                    let a = borrow::<u8>(h).unwrap();
                    let b = borrow::<u8>(h).unwrap();
                    assert_eq!(borrow_mut::<u8>(h).err(), busy);
                    assert_eq!(free_js(h).err(), busy);
                    assert_eq!(resize_js(h, 3).err(), busy);
                    assert_eq!(&*a, &*b);
                }
                assert!(matches!(
                    borrow::<u64>(h).err(),
                    Some(Error::KindMismatch { .. })
                ));
            }
        }
        Op::Raw { len } => {
            let mut data = vec![5u32; len].into_boxed_slice();
            // SAFETY: `data` is kept in the model until the registration is released.
            let handle = unsafe { register_raw(data.as_mut_ptr(), data.len()) }.unwrap();
            issued(handle);
            m.raw.push(RawBuf { handle, data });
        }
        Op::RawMove { pick: p, len } => {
            if let Some(i) = pick(&m.raw, p) {
                let b = &mut m.raw[i];
                let mut data = vec![6u32; len].into_boxed_slice();
                // SAFETY: the new memory replaces the old in the model, which keeps it alive.
                unsafe { update_raw(b.handle, data.as_mut_ptr(), data.len()) }.unwrap();
                b.data = data;
            }
        }
        Op::RawRelease { pick: p } => {
            if let Some(i) = pick(&m.raw, p) {
                let b = m.raw.swap_remove(i);
                assert!(matches!(free_js(b.handle), Err(Error::WrongOwner { .. })));
                release_raw(b.handle).unwrap();
                m.bury(b.handle);
            }
        }
        Op::Churn { n } => {
            // Alloc/free in a loop: the free list is last-in first-out, so this walks one slot
            // through its generations (and past the last one, retiring it).
            let mut last = None;
            for _ in 0..n {
                let h = alloc_js(Kind::F32, 1).unwrap();
                issued(h);
                assert!(h.generation() >= 1 && h.generation() <= MAX_GENERATION);
                free_js(h).unwrap();
                last = Some(h);
            }
            if let Some(h) = last {
                m.bury(h);
            }
        }
        Op::UseDead { pick: p } => {
            if let Some(i) = pick(&m.dead, p) {
                stale_everywhere(m.dead[i]);
            }
        }
    }
}

fn run(ops: Vec<Op>) {
    let live_before = stats().live_handles;
    let mut m = Model::default();
    for op in ops {
        step(&mut m, op);
        m.check(live_before);
    }
    for b in m.js.drain(..) {
        free_js(b.handle).unwrap();
    }
    for b in m.raw.drain(..) {
        release_raw(b.handle).unwrap();
    }
    m.rust.clear();
    assert_eq!(stats().live_handles, live_before, "handles leaked");
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: CASES,
        // Miri runs isolated from the file system.
        failure_persistence: if cfg!(miri) { None } else { ProptestConfig::default().failure_persistence },
        ..ProptestConfig::default()
    })]

    #[test]
    fn handles_and_descriptors_match_the_model(ops in proptest::collection::vec(op(), 1..MAX_OPS)) {
        run(ops);
    }
}
