//! The one model of the descriptor table, shared by the proptest suite (`tests/model.rs`) and
//! the fuzz target (`fuzz/fuzz_targets/table_ops.rs`, through `#[path]`).
//!
//! Any sequence of [`Op`]s (every way a slot is taken, moved and released: `LiveVec` push /
//! extend / truncate / reserve / shrink / replace / clear / drop / into_vec, JS-owned alloc /
//! resize / write / free / borrows, raw register / update / release, alloc/free churn that walks
//! a slot through all its generations until it retires, forged handles) is applied to the
//! crate's one global table and to a plain model, and [`Model::check`] compares them:
//! - every live handle describes exactly its buffer (address, length, kind, owner) and the
//!   buffer holds the model's values;
//! - every released handle is stale for every entry point, and says who released it;
//! - no handle value is issued twice; the live handle count is the model's, and the table only
//!   grows in whole chunks;
//! - borrow guards block free / resize / conflicting borrows; wrong kinds and owners are
//!   refused with nothing changed.

use std::collections::HashSet;
use wasm_views::layout::{CHUNK_SLOTS, MAX_GENERATION};
use wasm_views::{
    alloc_js, borrow, borrow_mut, describe, free_js, register_raw, release_raw, resize_js, stats,
    update_raw, Error, Handle, Kind, LiveVec, Owner,
};

/// One step. Numbers are small fixed-width integers so that proptest and `arbitrary` both
/// generate them directly; `pick` chooses among the live buffers of the op's sort.
#[derive(Clone, Debug)]
#[cfg_attr(fuzzing, derive(arbitrary::Arbitrary))]
pub enum Op {
    NewVec {
        wide: bool,
        len: u16,
    },
    Push {
        pick: u8,
        value: u8,
    },
    Extend {
        pick: u8,
        len: u16,
    },
    Truncate {
        pick: u8,
        len: u16,
    },
    Reserve {
        pick: u8,
        len: u16,
    },
    Shrink {
        pick: u8,
    },
    Replace {
        pick: u8,
        len: u16,
    },
    Clear {
        pick: u8,
    },
    DropVec {
        pick: u8,
    },
    IntoVec {
        pick: u8,
    },
    Alloc {
        wide: bool,
        len: u16,
    },
    Resize {
        pick: u8,
        len: u16,
    },
    Write {
        pick: u8,
        index: u16,
        value: u64,
    },
    /// Borrows with the kind `kinds()[kind % 3]`: a mismatch unless it is the buffer's.
    Read {
        pick: u8,
        kind: u8,
    },
    Free {
        pick: u8,
    },
    Borrowed {
        pick: u8,
        exclusive: bool,
    },
    Raw {
        len: u8,
    },
    RawMove {
        pick: u8,
        len: u8,
    },
    RawRelease {
        pick: u8,
    },
    Churn {
        n: u16,
    },
    Forged {
        raw: u32,
    },
    Dead {
        pick: u8,
    },
}

/// Lengths are taken modulo this, so a case stays small.
const MAX_LEN: usize = 600;

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

/// A JS-owned buffer of `u8` or (wide) `u64` elements.
struct JsBuf {
    handle: Handle,
    wide: bool,
    model: Vec<u64>,
}

impl JsBuf {
    fn kind(&self) -> Kind {
        if self.wide {
            Kind::U64
        } else {
            Kind::U8
        }
    }

    fn read(&self) -> Vec<u64> {
        if self.wide {
            borrow::<u64>(self.handle).unwrap().to_vec()
        } else {
            let data = borrow::<u8>(self.handle).unwrap();
            data.iter().map(|&x| x as u64).collect()
        }
    }
}

struct RawBuf {
    handle: Handle,
    data: Box<[u32]>,
}

/// The model: what must be live, what it holds, and what must be dead.
pub struct Model {
    rust: Vec<RustBuf>,
    js: Vec<JsBuf>,
    raw: Vec<RawBuf>,
    /// Recently released handles and who released them.
    dead: Vec<(Handle, Owner)>,
    issued: HashSet<u32>,
    live_before: u32,
}

fn pick<T>(list: &[T], pick: u8) -> Option<usize> {
    (!list.is_empty()).then(|| pick as usize % list.len())
}

fn len(n: u16) -> usize {
    n as usize % MAX_LEN
}

/// Every entry point refuses `h` as stale.
fn stale_everywhere(h: Handle) {
    let stale = Some(h);
    let of = |e: Option<Error>| e.and_then(|e| e.stale_handle());
    assert_eq!(of(describe(h).err()), stale);
    assert_eq!(of(free_js(h).err()), stale);
    assert_eq!(of(resize_js(h, 1).err()), stale);
    assert_eq!(of(release_raw(h).err()), stale);
    assert_eq!(of(borrow::<u8>(h).err()), stale);
    assert_eq!(of(borrow_mut::<u64>(h).err()), stale);
    let mut x = [0u32; 1];
    // SAFETY: the update must fail (stale handle); `x` outlives the call either way.
    assert_eq!(of(unsafe { update_raw(h, x.as_mut_ptr(), 1) }.err()), stale);
}

impl Default for Model {
    fn default() -> Self {
        Model::new()
    }
}

impl Model {
    /// An empty model of the table as it is now (other tests' handles may be live).
    pub fn new() -> Model {
        Model {
            rust: Vec::new(),
            js: Vec::new(),
            raw: Vec::new(),
            dead: Vec::new(),
            issued: HashSet::new(),
            live_before: stats().live_handles,
        }
    }

    fn live(&self) -> usize {
        self.rust.len() + self.js.len() + self.raw.len()
    }

    fn issue(&mut self, handle: Handle) {
        // A handle value is never issued twice: generations move on, slots retire.
        assert!(
            self.issued.insert(handle.get()),
            "handle {} issued twice",
            handle.get()
        );
    }

    fn bury(&mut self, handle: Handle, by: Owner) {
        self.dead.push((handle, by));
        if self.dead.len() > 64 {
            self.dead.remove(0);
        }
    }

    /// Compares the table with the model.
    pub fn check(&self) {
        let s = stats();
        assert_eq!(s.live_handles, self.live_before + self.live() as u32);
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
            let want = (b.model.len(), b.kind().name(), "js");
            assert_eq!((d.length as usize, d.kind, d.owner), want);
            assert_eq!(b.read(), b.model);
        }
        for b in &self.raw {
            let d = describe(b.handle).unwrap();
            assert_eq!(d.ptr, b.data.as_ptr() as usize as u32);
            let want = (b.data.len(), "u32", "raw");
            assert_eq!((d.length as usize, d.kind, d.owner), want);
        }
        for &(h, _) in self.dead.iter().rev().take(8) {
            assert_eq!(describe(h).err().and_then(|e| e.stale_handle()), Some(h));
        }
        // The most recent release is what its slot records, unless the slot was reused.
        if let Some(&(h, by)) = self.dead.last() {
            if let Err(Error::StaleHandle { released_by, .. }) = describe(h) {
                assert!(released_by.is_none() || released_by == Some(by));
            }
        }
    }

    /// Releases everything the model holds; no handle may stay live.
    pub fn finish(mut self) {
        for b in self.js.drain(..) {
            free_js(b.handle).unwrap();
        }
        for b in self.raw.drain(..) {
            release_raw(b.handle).unwrap();
        }
        self.rust.clear();
        assert_eq!(stats().live_handles, self.live_before, "handles leaked");
    }

    /// Applies `op` to the table and the model.
    pub fn step(&mut self, op: Op) {
        match op {
            Op::NewVec { wide, len: n } => {
                let model: Vec<u64> = (0..len(n) as u64).map(|i| i % 251).collect();
                let vec = if wide {
                    Vecs::Wide(LiveVec::from(model.clone()))
                } else {
                    Vecs::Narrow(model.iter().map(|&x| x as u8).collect())
                };
                self.issue(vec.handle());
                self.rust.push(RustBuf { vec, model });
            }
            Op::Push { pick: p, value } => {
                if let Some(i) = pick(&self.rust, p) {
                    let b = &mut self.rust[i];
                    match &mut b.vec {
                        Vecs::Narrow(v) => v.push(value),
                        Vecs::Wide(v) => v.push(value as u64),
                    }
                    b.model.push(value as u64);
                }
            }
            Op::Extend { pick: p, len: n } => {
                if let Some(i) = pick(&self.rust, p) {
                    let b = &mut self.rust[i];
                    match &mut b.vec {
                        Vecs::Narrow(v) => v.extend_from_slice(&vec![7; len(n)]),
                        Vecs::Wide(v) => v.extend(std::iter::repeat_n(7, len(n))),
                    }
                    b.model.extend(std::iter::repeat_n(7, len(n)));
                }
            }
            Op::Truncate { pick: p, len: n } => {
                if let Some(i) = pick(&self.rust, p) {
                    let b = &mut self.rust[i];
                    let n = n as usize % 40;
                    match &mut b.vec {
                        Vecs::Narrow(v) => v.truncate(n),
                        Vecs::Wide(v) => v.truncate(n),
                    }
                    b.model.truncate(n);
                }
            }
            Op::Reserve { pick: p, len: n } => {
                if let Some(i) = pick(&self.rust, p) {
                    match &mut self.rust[i].vec {
                        Vecs::Narrow(v) => v.reserve(len(n)),
                        Vecs::Wide(v) => v.try_reserve(len(n)).unwrap(),
                    }
                }
            }
            Op::Shrink { pick: p } => {
                if let Some(i) = pick(&self.rust, p) {
                    match &mut self.rust[i].vec {
                        Vecs::Narrow(v) => v.shrink_to_fit(),
                        Vecs::Wide(v) => v.shrink_to_fit(),
                    }
                }
            }
            Op::Replace { pick: p, len: n } => {
                if let Some(i) = pick(&self.rust, p) {
                    let b = &mut self.rust[i];
                    let h = b.vec.handle();
                    let old = std::mem::replace(&mut b.model, vec![3; len(n)]);
                    let back: Vec<u64> = match &mut b.vec {
                        Vecs::Narrow(v) => v
                            .replace(vec![3; len(n)])
                            .into_iter()
                            .map(u64::from)
                            .collect(),
                        Vecs::Wide(v) => v.replace(vec![3; len(n)]),
                    };
                    assert_eq!(back, old);
                    assert_eq!(b.vec.handle(), h, "replace keeps the handle");
                }
            }
            Op::Clear { pick: p } => {
                if let Some(i) = pick(&self.rust, p) {
                    let b = &mut self.rust[i];
                    match &mut b.vec {
                        Vecs::Narrow(v) => v.clear(),
                        Vecs::Wide(v) => v.clear(),
                    }
                    b.model.clear();
                }
            }
            Op::DropVec { pick: p } => {
                if let Some(i) = pick(&self.rust, p) {
                    let b = self.rust.swap_remove(i);
                    let h = b.vec.handle();
                    assert!(matches!(free_js(h), Err(Error::WrongOwner { .. })));
                    drop(b);
                    self.bury(h, Owner::Rust);
                }
            }
            Op::IntoVec { pick: p } => {
                if let Some(i) = pick(&self.rust, p) {
                    let b = self.rust.swap_remove(i);
                    let h = b.vec.handle();
                    let values: Vec<u64> = match b.vec {
                        Vecs::Narrow(v) => v.into_vec().into_iter().map(u64::from).collect(),
                        Vecs::Wide(v) => v.into_vec(),
                    };
                    assert_eq!(values, b.model);
                    self.bury(h, Owner::Rust);
                }
            }
            Op::Alloc { wide, len: n } => {
                let kind = if wide { Kind::U64 } else { Kind::U8 };
                let handle = alloc_js(kind, len(n)).unwrap();
                self.issue(handle);
                let model = vec![0; len(n)];
                self.js.push(JsBuf {
                    handle,
                    wide,
                    model,
                });
            }
            Op::Resize { pick: p, len: n } => {
                if let Some(i) = pick(&self.js, p) {
                    let b = &mut self.js[i];
                    resize_js(b.handle, len(n)).unwrap();
                    b.model.resize(len(n), 0);
                    assert_eq!(b.read(), b.model, "resize keeps the contents");
                }
            }
            Op::Write {
                pick: p,
                index,
                value,
            } => {
                if let Some(i) = pick(&self.js, p) {
                    let b = &mut self.js[i];
                    if b.model.is_empty() {
                        return;
                    }
                    let k = index as usize % b.model.len();
                    if b.wide {
                        borrow_mut::<u64>(b.handle).unwrap()[k] = value;
                        b.model[k] = value;
                    } else {
                        borrow_mut::<u8>(b.handle).unwrap()[k] = value as u8;
                        b.model[k] = value as u8 as u64;
                    }
                }
            }
            Op::Read { pick: p, kind } => {
                if let Some(i) = pick(&self.js, p) {
                    let b = &self.js[i];
                    let asked = [Kind::U8, Kind::U64, Kind::F32][kind as usize % 3];
                    let got = match asked {
                        Kind::U8 => borrow::<u8>(b.handle).err(),
                        Kind::U64 => borrow::<u64>(b.handle).err(),
                        _ => borrow::<f32>(b.handle).err(),
                    };
                    let mismatch = Error::KindMismatch {
                        expected: asked,
                        found: b.kind(),
                    };
                    assert_eq!(got, (asked != b.kind()).then_some(mismatch));
                }
            }
            Op::Free { pick: p } => {
                if let Some(i) = pick(&self.js, p) {
                    let b = self.js.swap_remove(i);
                    free_js(b.handle).unwrap();
                    self.bury(b.handle, Owner::Js);
                }
            }
            Op::Borrowed { pick: p, exclusive } => {
                if let Some(i) = pick(&self.js, p) {
                    let b = &self.js[i];
                    let (h, busy) = (b.handle, Some(Error::Borrowed(b.handle)));
                    if b.wide {
                        return;
                    }
                    if exclusive {
                        let guard = borrow_mut::<u8>(h).unwrap();
                        assert_eq!(borrow::<u8>(h).err(), busy);
                        assert_eq!(free_js(h).err(), busy);
                        assert_eq!(resize_js(h, 3).err(), busy);
                        assert!(guard.iter().map(|&x| x as u64).eq(b.model.iter().copied()));
                    } else {
                        let first = borrow::<u8>(h).unwrap();
                        let second = borrow::<u8>(h).unwrap();
                        assert_eq!(borrow_mut::<u8>(h).err(), busy);
                        assert_eq!(free_js(h).err(), busy);
                        assert_eq!(resize_js(h, 3).err(), busy);
                        assert_eq!(&*first, &*second);
                    }
                }
            }
            Op::Raw { len } => {
                let mut data = vec![5u32; len as usize].into_boxed_slice();
                // SAFETY: `data` is kept in the model until the registration is released.
                let handle = unsafe { register_raw(data.as_mut_ptr(), data.len()) }.unwrap();
                self.issue(handle);
                self.raw.push(RawBuf { handle, data });
            }
            Op::RawMove { pick: p, len } => {
                if let Some(i) = pick(&self.raw, p) {
                    let b = &mut self.raw[i];
                    let mut data = vec![6u32; len as usize].into_boxed_slice();
                    // SAFETY: the new memory replaces the old in the model, which keeps it alive.
                    unsafe { update_raw(b.handle, data.as_mut_ptr(), data.len()) }.unwrap();
                    b.data = data;
                }
            }
            Op::RawRelease { pick: p } => {
                if let Some(i) = pick(&self.raw, p) {
                    let b = self.raw.swap_remove(i);
                    assert!(matches!(free_js(b.handle), Err(Error::WrongOwner { .. })));
                    assert!(matches!(
                        borrow::<u32>(b.handle).err(),
                        Some(Error::WrongOwner { .. })
                    ));
                    release_raw(b.handle).unwrap();
                    self.bury(b.handle, Owner::Raw);
                }
            }
            Op::Churn { n } => {
                // Alloc/free in a loop: the free list is last-in first-out, so this walks one
                // slot through its generations (and past the last one, retiring it).
                let mut last = None;
                for _ in 0..n as usize % 4096 {
                    let h = alloc_js(Kind::F32, 1).unwrap();
                    self.issue(h);
                    assert!(h.generation() >= 1 && h.generation() <= MAX_GENERATION);
                    free_js(h).unwrap();
                    last = Some(h);
                }
                if let Some(h) = last {
                    self.bury(h, Owner::Js);
                }
            }
            Op::Forged { raw } => {
                let h = Handle::from_raw(raw);
                let live = self.rust.iter().any(|b| b.vec.handle() == h)
                    || self.js.iter().any(|b| b.handle == h)
                    || self.raw.iter().any(|b| b.handle == h);
                if live {
                    assert!(describe(h).is_ok());
                } else if describe(h).is_err() {
                    // (A handle live from before the model began is left alone.)
                    stale_everywhere(h);
                }
            }
            Op::Dead { pick: p } => {
                if let Some(i) = pick(&self.dead, p) {
                    stale_everywhere(self.dead[i].0);
                }
            }
        }
    }
}
