//! Fuzzes the descriptor table through the crate's public API: any sequence of the shared
//! model's operations (`tests/support/model.rs`, the one the proptest suite runs), checked
//! after every step. At the end of each input everything is released and no handle may stay
//! live.
#![no_main]

#[path = "../../tests/support/model.rs"]
mod model;

use libfuzzer_sys::fuzz_target;
use model::{Model, Op};

fuzz_target!(|ops: Vec<Op>| {
    let mut model = Model::new();
    for op in ops.into_iter().take(256) {
        model.step(op);
        model.check();
    }
    model.finish();
});
