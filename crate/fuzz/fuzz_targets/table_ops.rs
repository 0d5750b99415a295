//! Fuzzes the descriptor table through the crate's public API: any sequence of JS-owned
//! allocations, resizes, frees, writes and borrows, LiveVec pushes / truncations / drops, raw
//! registrations, alloc/free churn, and forged handles, checked after every step against a
//! model of which handles are live and what they hold. At the end of each input everything
//! is released and no handle may stay live.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use wasm_views::{
    alloc_js, borrow, borrow_mut, describe, free_js, register_raw, release_raw, resize_js, stats,
    update_raw, Error, Handle, Kind, LiveVec,
};

#[derive(Arbitrary, Debug)]
enum Op {
    Alloc { wide: bool, len: u16 },
    Resize { pick: u8, len: u16 },
    Free { pick: u8 },
    Write { pick: u8, index: u16, value: u64 },
    Borrow { pick: u8, exclusive: bool },
    NewVec { len: u8 },
    Push { pick: u8, value: u32 },
    Truncate { pick: u8, len: u8 },
    Shrink { pick: u8 },
    DropVec { pick: u8 },
    Raw { len: u8 },
    RawMove { pick: u8, len: u8 },
    RawRelease { pick: u8 },
    Churn { n: u8 },
    Forged { raw: u32 },
    Dead { pick: u8 },
}

/// A JS-owned buffer of `u8` or (wide) `u64` elements, and the values it must hold.
struct Js {
    handle: Handle,
    wide: bool,
    model: Vec<u64>,
}

struct Raw {
    handle: Handle,
    data: Box<[u16]>,
}

#[derive(Default)]
struct Model {
    js: Vec<Js>,
    vecs: Vec<(LiveVec<u32>, Vec<u32>)>,
    raw: Vec<Raw>,
    dead: Vec<Handle>,
}

fn pick<T>(list: &[T], pick: u8) -> Option<usize> {
    (!list.is_empty()).then(|| pick as usize % list.len())
}

fn read(b: &Js) -> Vec<u64> {
    if b.wide {
        borrow::<u64>(b.handle).unwrap().to_vec()
    } else {
        borrow::<u8>(b.handle)
            .unwrap()
            .iter()
            .map(|&x| x as u64)
            .collect()
    }
}

fn stale_everywhere(h: Handle) {
    let stale = Some(h);
    assert_eq!(describe(h).err().and_then(|e| e.stale_handle()), stale);
    assert_eq!(free_js(h).err().and_then(|e| e.stale_handle()), stale);
    assert_eq!(resize_js(h, 2).err().and_then(|e| e.stale_handle()), stale);
    assert_eq!(release_raw(h).err().and_then(|e| e.stale_handle()), stale);
    assert_eq!(borrow::<u8>(h).err().and_then(|e| e.stale_handle()), stale);
    assert_eq!(borrow_mut::<u64>(h).err().and_then(|e| e.stale_handle()), stale);
    let mut x = [0u16; 1];
    // SAFETY: fails on the stale handle; `x` outlives the call either way.
    assert_eq!(unsafe { update_raw(h, x.as_mut_ptr(), 1) }.err().and_then(|e| e.stale_handle()), stale);
}

impl Model {
    fn live(&self) -> Vec<Handle> {
        let js = self.js.iter().map(|b| b.handle);
        let vecs = self.vecs.iter().map(|(v, _)| v.handle());
        js.chain(vecs)
            .chain(self.raw.iter().map(|b| b.handle))
            .collect()
    }

    fn bury(&mut self, h: Handle) {
        self.dead.push(h);
        if self.dead.len() > 32 {
            self.dead.remove(0);
        }
    }

    fn check(&self) {
        assert_eq!(stats().live_handles as usize, self.live().len());
        for b in &self.js {
            let d = describe(b.handle).unwrap();
            assert_eq!(d.length as usize, b.model.len());
            assert_eq!((d.kind, d.owner), (if b.wide { "u64" } else { "u8" }, "js"));
        }
        for (v, model) in &self.vecs {
            let d = describe(v.handle()).unwrap();
            assert_eq!((d.ptr, d.length as usize), (v.as_ptr() as u32, v.len()));
            assert_eq!(&v[..], &model[..]);
        }
        for b in &self.raw {
            let d = describe(b.handle).unwrap();
            assert_eq!(
                (d.ptr, d.length as usize),
                (b.data.as_ptr() as u32, b.data.len())
            );
        }
    }

    fn step(&mut self, op: Op) {
        match op {
            Op::Alloc { wide, len } => {
                let len = len as usize % 4096;
                let kind = if wide { Kind::U64 } else { Kind::U8 };
                let handle = alloc_js(kind, len).unwrap();
                self.js.push(Js {
                    handle,
                    wide,
                    model: vec![0; len],
                });
            }
            Op::Resize { pick: p, len } => {
                if let Some(i) = pick(&self.js, p) {
                    let b = &mut self.js[i];
                    let len = len as usize % 4096;
                    resize_js(b.handle, len).unwrap();
                    b.model.resize(len, 0);
                    assert_eq!(read(b), b.model);
                }
            }
            Op::Free { pick: p } => {
                if let Some(i) = pick(&self.js, p) {
                    let b = self.js.swap_remove(i);
                    free_js(b.handle).unwrap();
                    self.bury(b.handle);
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
                    assert_eq!(read(b), b.model);
                }
            }
            Op::Borrow { pick: p, exclusive } => {
                if let Some(i) = pick(&self.js, p) {
                    let b = &self.js[i];
                    let busy = Some(Error::Borrowed(b.handle));
                    if exclusive {
                        let _guard = borrow_mut::<u8>(b.handle);
                        if _guard.is_ok() {
                            assert_eq!(borrow::<u8>(b.handle).err(), busy);
                            assert_eq!(free_js(b.handle).err(), busy);
                        } else {
                            assert!(b.wide, "borrow_mut::<u8> of a u8 buffer failed");
                        }
                    } else {
                        let _guard = borrow::<u64>(b.handle);
                        if _guard.is_ok() {
                            assert_eq!(borrow_mut::<u64>(b.handle).err(), busy);
                            assert_eq!(resize_js(b.handle, 1).err(), busy);
                        } else {
                            assert!(!b.wide, "borrow::<u64> of a u64 buffer failed");
                        }
                    }
                }
            }
            Op::NewVec { len } => {
                let model: Vec<u32> = (0..len as u32).collect();
                self.vecs.push((LiveVec::from(model.clone()), model));
            }
            Op::Push { pick: p, value } => {
                if let Some(i) = pick(&self.vecs, p) {
                    let (v, model) = &mut self.vecs[i];
                    v.push(value);
                    model.push(value);
                }
            }
            Op::Truncate { pick: p, len } => {
                if let Some(i) = pick(&self.vecs, p) {
                    let (v, model) = &mut self.vecs[i];
                    v.truncate(len as usize);
                    model.truncate(len as usize);
                }
            }
            Op::Shrink { pick: p } => {
                if let Some(i) = pick(&self.vecs, p) {
                    self.vecs[i].0.shrink_to_fit();
                }
            }
            Op::DropVec { pick: p } => {
                if let Some(i) = pick(&self.vecs, p) {
                    let (v, _) = self.vecs.swap_remove(i);
                    let h = v.handle();
                    assert!(matches!(free_js(h), Err(Error::WrongOwner { .. })));
                    drop(v);
                    self.bury(h);
                }
            }
            Op::Raw { len } => {
                let mut data = vec![1u16; len as usize].into_boxed_slice();
                // SAFETY: `data` stays in the model until the registration is released.
                let handle = unsafe { register_raw(data.as_mut_ptr(), data.len()) }.unwrap();
                self.raw.push(Raw { handle, data });
            }
            Op::RawMove { pick: p, len } => {
                if let Some(i) = pick(&self.raw, p) {
                    let b = &mut self.raw[i];
                    let mut data = vec![2u16; len as usize].into_boxed_slice();
                    // SAFETY: the new memory replaces the old in the model.
                    unsafe { update_raw(b.handle, data.as_mut_ptr(), data.len()) }.unwrap();
                    b.data = data;
                }
            }
            Op::RawRelease { pick: p } => {
                if let Some(i) = pick(&self.raw, p) {
                    let b = self.raw.swap_remove(i);
                    release_raw(b.handle).unwrap();
                    self.bury(b.handle);
                }
            }
            Op::Churn { n } => {
                for _ in 0..n as usize * 16 {
                    let h = alloc_js(Kind::I16, 1).unwrap();
                    free_js(h).unwrap();
                    self.bury(h);
                }
            }
            Op::Forged { raw } => {
                let h = Handle::from_raw(raw);
                if self.live().contains(&h) {
                    assert!(describe(h).is_ok());
                } else {
                    stale_everywhere(h);
                }
            }
            Op::Dead { pick: p } => {
                if let Some(i) = pick(&self.dead, p) {
                    stale_everywhere(self.dead[i]);
                }
            }
        }
    }
}

fuzz_target!(|ops: Vec<Op>| {
    let mut model = Model::default();
    assert_eq!(stats().live_handles, 0, "a previous input leaked handles");
    for op in ops.into_iter().take(256) {
        model.step(op);
        model.check();
    }
    for b in model.js.drain(..) {
        free_js(b.handle).unwrap();
    }
    for b in model.raw.drain(..) {
        release_raw(b.handle).unwrap();
    }
    model.vecs.clear();
    assert_eq!(stats().live_handles, 0, "handles leaked");
});
