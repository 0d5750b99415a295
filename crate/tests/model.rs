//! Model test: random sequences of register / update / release / resize / borrow / stale use,
//! checked against a plain model after every step. Native (`cargo test`).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use std::collections::HashSet;
use wasm_views::{
    alloc_js, borrow, borrow_mut, describe, free_js, register_raw, release_raw, resize_js, stats,
    update_raw, Error, Handle, Kind,
};

#[derive(Clone, Debug)]
enum Op {
    Alloc { f32: bool, len: usize },
    Resize { pick: usize, len: usize },
    Free { pick: usize },
    Fill { pick: usize, value: i16 },
    Read { pick: usize, as_f32: bool },
    RegisterRaw { len: usize },
    UpdateRaw { pick: usize, len: usize },
    ReleaseRaw { pick: usize },
    UseStale { pick: usize },
    WrongOwner { pick: usize },
}

fn op() -> impl Strategy<Value = Op> {
    let pick = any::<usize>();
    prop_oneof![
        (any::<bool>(), 0..48usize).prop_map(|(f32, len)| Op::Alloc { f32, len }),
        (pick, 0..48usize).prop_map(|(pick, len)| Op::Resize { pick, len }),
        pick.prop_map(|pick| Op::Free { pick }),
        (pick, any::<i16>()).prop_map(|(pick, value)| Op::Fill { pick, value }),
        (pick, any::<bool>()).prop_map(|(pick, as_f32)| Op::Read { pick, as_f32 }),
        (0..48usize).prop_map(|len| Op::RegisterRaw { len }),
        (pick, 0..48usize).prop_map(|(pick, len)| Op::UpdateRaw { pick, len }),
        pick.prop_map(|pick| Op::ReleaseRaw { pick }),
        pick.prop_map(|pick| Op::UseStale { pick }),
        pick.prop_map(|pick| Op::WrongOwner { pick }),
    ]
}

/// A live buffer as the model sees it.
#[derive(Debug)]
struct Buffer {
    handle: Handle,
    kind: Kind,
    /// JS-owned: the element values (as i16, stored as f32 or i16). Raw: the memory itself.
    values: Vec<i16>,
    raw: Option<Box<[u32]>>,
}

#[derive(Default)]
struct Model {
    live: Vec<Buffer>,
    stale: Vec<Handle>,
    ever: HashSet<u32>,
}

impl Model {
    fn pick(&self, pick: usize, raw: bool) -> Option<usize> {
        let candidates: Vec<usize> = (0..self.live.len())
            .filter(|&i| self.live[i].raw.is_some() == raw)
            .collect();
        (!candidates.is_empty()).then(|| candidates[pick % candidates.len()])
    }

    fn issued(&mut self, handle: Handle) {
        // A handle value is never issued twice: generations move on, slots retire.
        assert!(
            self.ever.insert(handle.get()),
            "handle {handle:?} issued twice"
        );
    }

    fn check(&self, live_before: u32) {
        assert_eq!(stats().live_handles, live_before + self.live.len() as u32);
        for buffer in &self.live {
            let d = describe(buffer.handle).unwrap();
            assert_eq!(d.kind, buffer.kind.name());
            assert_eq!(d.length as usize, buffer.values.len().max(raw_len(buffer)));
            assert_eq!(d.owner, if buffer.raw.is_some() { "raw" } else { "js" });
        }
        for &handle in self.stale.iter().rev().take(32) {
            assert_eq!(
                describe(handle).err().and_then(|e| e.stale_handle()),
                Some(handle)
            );
        }
    }
}

fn raw_len(buffer: &Buffer) -> usize {
    buffer.raw.as_ref().map_or(0, |raw| raw.len())
}

fn read(buffer: &Buffer) -> Vec<i16> {
    match buffer.kind {
        Kind::F32 => borrow::<f32>(buffer.handle)
            .unwrap()
            .iter()
            .map(|&x| x as i16)
            .collect(),
        _ => borrow::<i16>(buffer.handle).unwrap().to_vec(),
    }
}

fn run(ops: Vec<Op>) {
    let live_before = stats().live_handles;
    let mut model = Model::default();
    for op in ops {
        match op {
            Op::Alloc { f32, len } => {
                let kind = if f32 { Kind::F32 } else { Kind::I16 };
                let handle = alloc_js(kind, len).unwrap();
                model.issued(handle);
                model.live.push(Buffer {
                    handle,
                    kind,
                    values: vec![0; len],
                    raw: None,
                });
            }
            Op::Resize { pick, len } => {
                if let Some(i) = model.pick(pick, false) {
                    resize_js(model.live[i].handle, len).unwrap();
                    model.live[i].values.resize(len, 0);
                    assert_eq!(read(&model.live[i]), model.live[i].values);
                }
            }
            Op::Free { pick } => {
                if let Some(i) = model.pick(pick, false) {
                    let buffer = model.live.swap_remove(i);
                    free_js(buffer.handle).unwrap();
                    model.stale.push(buffer.handle);
                }
            }
            Op::Fill { pick, value } => {
                if let Some(i) = model.pick(pick, false) {
                    let buffer = &mut model.live[i];
                    match buffer.kind {
                        Kind::F32 => borrow_mut::<f32>(buffer.handle).unwrap().fill(value as f32),
                        _ => borrow_mut::<i16>(buffer.handle).unwrap().fill(value),
                    }
                    buffer.values.fill(value);
                }
            }
            Op::Read { pick, as_f32 } => {
                if let Some(i) = model.pick(pick, false) {
                    let buffer = &model.live[i];
                    let asked = if as_f32 { Kind::F32 } else { Kind::I16 };
                    if asked == buffer.kind {
                        assert_eq!(read(buffer), buffer.values);
                    } else {
                        let mismatch = Error::KindMismatch {
                            expected: asked,
                            found: buffer.kind,
                        };
                        let got = if as_f32 {
                            borrow::<f32>(buffer.handle).err()
                        } else {
                            borrow::<i16>(buffer.handle).err()
                        };
                        assert_eq!(got, Some(mismatch));
                    }
                }
            }
            Op::RegisterRaw { len } => {
                let mut raw = vec![7u32; len].into_boxed_slice();
                // SAFETY: the box is kept in the model until the handle is released.
                let handle = unsafe { register_raw(raw.as_mut_ptr(), raw.len()) }.unwrap();
                model.issued(handle);
                model.live.push(Buffer {
                    handle,
                    kind: Kind::U32,
                    values: vec![],
                    raw: Some(raw),
                });
            }
            Op::UpdateRaw { pick, len } => {
                if let Some(i) = model.pick(pick, true) {
                    let mut raw = vec![9u32; len].into_boxed_slice();
                    let buffer = &mut model.live[i];
                    // SAFETY: the new box replaces the old in the model, which keeps it alive.
                    unsafe { update_raw(buffer.handle, raw.as_mut_ptr(), raw.len()) }.unwrap();
                    buffer.raw = Some(raw);
                }
            }
            Op::ReleaseRaw { pick } => {
                if let Some(i) = model.pick(pick, true) {
                    let buffer = model.live.swap_remove(i);
                    release_raw(buffer.handle).unwrap();
                    model.stale.push(buffer.handle);
                }
            }
            Op::UseStale { pick } => {
                if !model.stale.is_empty() {
                    let h = model.stale[pick % model.stale.len()];
                    let stale = Some(h);
                    assert_eq!(free_js(h).err().and_then(|e| e.stale_handle()), stale);
                    assert_eq!(resize_js(h, 3).err().and_then(|e| e.stale_handle()), stale);
                    assert_eq!(release_raw(h).err().and_then(|e| e.stale_handle()), stale);
                    assert_eq!(borrow::<f32>(h).err().and_then(|e| e.stale_handle()), stale);
                    assert_eq!(
                        borrow_mut::<i16>(h).err().and_then(|e| e.stale_handle()),
                        stale
                    );
                }
            }
            Op::WrongOwner { pick } => {
                if let Some(i) = model.pick(pick, true) {
                    let h = model.live[i].handle;
                    assert!(matches!(free_js(h), Err(Error::WrongOwner { .. })));
                    assert!(matches!(
                        borrow::<u32>(h).err(),
                        Some(Error::WrongOwner { .. })
                    ));
                }
                if let Some(i) = model.pick(pick, false) {
                    let h = model.live[i].handle;
                    assert!(matches!(release_raw(h), Err(Error::WrongOwner { .. })));
                }
            }
        }
        model.check(live_before);
    }
    for buffer in model.live.drain(..) {
        if buffer.raw.is_some() {
            release_raw(buffer.handle).unwrap();
        } else {
            free_js(buffer.handle).unwrap();
        }
    }
    assert_eq!(stats().live_handles, live_before);
}

// Under Miri every step is interpreted: a few short cases, and no failure files (Miri runs
// isolated from the file system).
const CASES: u32 = if cfg!(miri) { 3 } else { 256 };
const MAX_OPS: usize = if cfg!(miri) { 30 } else { 120 };

proptest! {
    #![proptest_config(ProptestConfig {
        cases: CASES,
        failure_persistence: if cfg!(miri) { None } else { ProptestConfig::default().failure_persistence },
        ..ProptestConfig::default()
    })]

    #[test]
    fn table_matches_model(ops in proptest::collection::vec(op(), 1..MAX_OPS)) {
        run(ops);
    }
}
