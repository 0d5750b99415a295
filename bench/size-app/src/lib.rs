//! The size report's dependent app (bench/size.mjs): what a user writes to hand JavaScript a
//! growable list of `f32`. Without the `live` feature it is the usual hand-written way (a
//! `Vec` and its address, which JavaScript must re-view after every call); with it, the same
//! API on a `wasm_views::LiveVec`, whose handle JavaScript views through the facade.
use wasm_bindgen::prelude::*;

#[cfg(feature = "live")]
type List = wasm_views::LiveVec<f32>;
#[cfg(not(feature = "live"))]
type List = Vec<f32>;

/// A growable list of samples that JavaScript reads in place.
#[wasm_bindgen]
#[derive(Default)]
pub struct Samples {
    data: List,
}

#[wasm_bindgen]
impl Samples {
    /// An empty list.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Samples {
        Samples::default()
    }

    /// Appends one sample (may reallocate, and grow memory).
    pub fn push(&mut self, x: f32) {
        self.data.push(x);
    }

    /// How many samples there are.
    #[wasm_bindgen(getter)]
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// What JavaScript views the samples by: the wasm-views handle.
    #[cfg(feature = "live")]
    #[wasm_bindgen(getter)]
    pub fn handle(&self) -> wasm_views::Handle {
        self.data.handle()
    }

    /// What JavaScript views the samples by: their address (with `len`).
    #[cfg(not(feature = "live"))]
    #[wasm_bindgen(getter)]
    pub fn handle(&self) -> u32 {
        self.data.as_ptr() as u32
    }

    /// The core's statistics as a JavaScript object (control: serde is linked, by name).
    ///
    /// Through `serde_wasm_bindgen::to_value`, not `Stats::to_js`: the crate's `to_js` is
    /// inlined whole into its caller, so it leaves no serde name for the test to find, while the
    /// control must prove that the name check sees serde when it is there.
    #[cfg(feature = "stats")]
    pub fn stats(&self) -> JsValue {
        serde_wasm_bindgen::to_value(&wasm_views::stats()).unwrap_or(JsValue::NULL)
    }

    /// The first sample as text (control: float formatting is linked).
    #[cfg(feature = "format-float")]
    pub fn first(&self) -> String {
        self.data.first().map(|x| x.to_string()).unwrap_or_default()
    }
}
