//! Model test of handles and the descriptor table (native; also run under Miri): random
//! sequences of every table operation, checked after every step against the shared model in
//! `support/model.rs` (which the fuzz target uses too).
//!
//! Everything shares the crate's one global table, so this binary has a single test.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/model.rs"]
mod model;

use model::{Model, Op};
use proptest::prelude::*;

/// Under Miri every step is interpreted: fewer and shorter cases, shorter churn.
const CASES: u32 = if cfg!(miri) { 3 } else { 256 };

/// `CASES`, or what `PROPTEST_CASES` asks for: the mutation runs (scripts/mutation.mjs) run
/// fewer cases per mutant, with a fixed seed.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(CASES)
}
const MAX_OPS: usize = if cfg!(miri) { 24 } else { 150 };
const MAX_CHURN: u16 = if cfg!(miri) { 300 } else { 2000 };

fn op() -> impl Strategy<Value = Op> {
    let p = any::<u8>();
    // Mostly short buffers, sometimes a few hundred elements.
    let len = prop_oneof![4 => 0..16u16, 1 => 0..600u16];
    prop_oneof![
        3 => (any::<bool>(), len.clone()).prop_map(|(wide, len)| Op::NewVec { wide, len }),
        4 => (p, any::<u8>()).prop_map(|(pick, value)| Op::Push { pick, value }),
        2 => (p, len.clone()).prop_map(|(pick, len)| Op::Extend { pick, len }),
        1 => (p, 0..40u16).prop_map(|(pick, len)| Op::Truncate { pick, len }),
        1 => (p, len.clone()).prop_map(|(pick, len)| Op::Reserve { pick, len }),
        1 => p.prop_map(|pick| Op::Shrink { pick }),
        1 => (p, len.clone()).prop_map(|(pick, len)| Op::Replace { pick, len }),
        1 => p.prop_map(|pick| Op::Clear { pick }),
        2 => p.prop_map(|pick| Op::DropVec { pick }),
        1 => p.prop_map(|pick| Op::IntoVec { pick }),
        3 => (any::<bool>(), len.clone()).prop_map(|(wide, len)| Op::Alloc { wide, len }),
        2 => (p, len.clone()).prop_map(|(pick, len)| Op::Resize { pick, len }),
        2 => (p, any::<u16>(), any::<u64>())
            .prop_map(|(pick, index, value)| Op::Write { pick, index, value }),
        2 => (p, any::<u8>()).prop_map(|(pick, kind)| Op::Read { pick, kind }),
        2 => p.prop_map(|pick| Op::Free { pick }),
        2 => (p, any::<bool>()).prop_map(|(pick, exclusive)| Op::Borrowed { pick, exclusive }),
        2 => (0..32u8).prop_map(|len| Op::Raw { len }),
        1 => (p, 0..32u8).prop_map(|(pick, len)| Op::RawMove { pick, len }),
        1 => p.prop_map(|pick| Op::RawRelease { pick }),
        1 => (0..MAX_CHURN).prop_map(|n| Op::Churn { n }),
        1 => any::<u32>().prop_map(|raw| Op::Forged { raw }),
        3 => p.prop_map(|pick| Op::Dead { pick }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        // Miri runs isolated from the file system.
        failure_persistence: if cfg!(miri) { None } else { ProptestConfig::default().failure_persistence },
        ..ProptestConfig::default()
    })]

    #[test]
    fn handles_and_descriptors_match_the_model(ops in proptest::collection::vec(op(), 1..MAX_OPS)) {
        let mut model = Model::new();
        for op in ops {
            model.step(op);
            model.check();
        }
        model.finish();
    }
}
