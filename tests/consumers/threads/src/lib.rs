//! A shared-memory build of a crate that depends on wasm-views: a worker grows a
//! [`LiveVec`] (so its data moves and wasm memory grows) while the main thread reads it
//! through the facade's `getView()`.
//!
//! Element `i` always holds `i as f32`, so any consistent read can be checked. `seq()` is a
//! sequence counter, odd while the worker is changing the buffer: a read that starts and
//! ends on the same even value saw no change in between, and must be exactly right.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_views::{Handle, LiveVec};

static SAMPLES: Mutex<Option<LiveVec<f32>>> = Mutex::new(None);
static SEQ: AtomicU32 = AtomicU32::new(0);

/// Creates the shared buffer with `initial` elements (main thread, before the worker starts)
/// and returns its handle.
#[wasm_bindgen]
pub fn create(initial: u32) -> Handle {
    let mut samples = LiveVec::with_capacity(initial as usize);
    samples.extend((0..initial).map(|i| i as f32));
    let handle = samples.handle();
    *SAMPLES.lock().unwrap() = Some(samples);
    handle
}

/// The sequence counter (one atomic load; never takes a lock, so the main thread may call it).
#[wasm_bindgen]
pub fn seq() -> u32 {
    SEQ.load(Ordering::SeqCst)
}

/// Whether this build has shared memory (compiled with `+atomics`).
#[wasm_bindgen(js_name = sharedBuild)]
pub fn shared_build() -> bool {
    cfg!(target_feature = "atomics")
}

/// Runs in a worker: appends `per_round` elements `rounds` times, pausing `pause_ms` between
/// rounds. The appends reallocate the buffer, and grow memory when it no longer fits.
/// Returns the final length.
#[wasm_bindgen(js_name = growFromWorker)]
pub fn grow_from_worker(rounds: u32, per_round: u32, pause_ms: u32) -> u32 {
    let mut len = 0;
    for _ in 0..rounds {
        SEQ.fetch_add(1, Ordering::SeqCst); // odd: changing
        {
            let mut guard = SAMPLES.lock().unwrap();
            let samples = guard.as_mut().expect("create() runs first");
            let start = samples.len() as u32;
            samples.extend((start..start + per_round).map(|i| i as f32));
            len = samples.len() as u32;
        }
        SEQ.fetch_add(1, Ordering::SeqCst); // even: stable
        if pause_ms > 0 {
            std::thread::sleep(Duration::from_millis(pause_ms as u64));
        }
    }
    len
}
