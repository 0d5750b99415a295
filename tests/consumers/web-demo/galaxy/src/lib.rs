//! The web demo's simulation: particles orbiting a centre, kept in a [`LiveVec`] that grows
//! every frame. Each push may reallocate the particles (they move) and grow wasm memory
//! (every view of the old buffer detaches); JavaScript draws them through wasm-views.

use wasm_bindgen::prelude::*;
use wasm_views::{Handle, LiveVec};

/// Floats per particle: x, y, vx, vy, hue (0..1).
const STRIDE: usize = 5;
/// Strength of the centre's pull.
const GM: f32 = 1.0e6;
/// Keeps the pull finite at the centre.
const SOFTENING: f32 = 100.0;

/// A swirl of particles around the centre of a `width` x `height` field.
#[wasm_bindgen]
pub struct Galaxy {
    particles: LiveVec<f32>,
    centre: (f32, f32),
    time: f32,
    seed: u32,
    max: usize,
}

#[wasm_bindgen]
impl Galaxy {
    /// An empty galaxy that stops spawning at `max_particles`.
    #[wasm_bindgen(constructor)]
    pub fn new(width: f32, height: f32, max_particles: u32) -> Galaxy {
        Galaxy {
            particles: LiveVec::new(),
            centre: (width / 2.0, height / 2.0),
            time: 0.0,
            seed: 0x9e37_79b9,
            max: max_particles as usize,
        }
    }

    /// The handle of the particle buffer (`f32`, [`Galaxy::stride`] floats per particle).
    #[wasm_bindgen(getter)]
    pub fn particles(&self) -> Handle {
        self.particles.handle()
    }

    /// The particles' address in linear memory, as a crate without wasm-views would export
    /// it (the demo's naive side uses it).
    #[wasm_bindgen(getter)]
    pub fn ptr(&self) -> u32 {
        self.particles.as_ptr() as u32
    }

    /// Floats per particle.
    #[wasm_bindgen(getter)]
    pub fn stride(&self) -> u32 {
        STRIDE as u32
    }

    /// Number of particles.
    #[wasm_bindgen(getter)]
    pub fn count(&self) -> u32 {
        (self.particles.len() / STRIDE) as u32
    }

    /// Advances by `dt` seconds and emits up to `spawn` new particles.
    pub fn step(&mut self, dt: f32, spawn: u32) {
        let (cx, cy) = self.centre;
        for p in self.particles.chunks_exact_mut(STRIDE) {
            let (dx, dy) = (p[0] - cx, p[1] - cy);
            let r2 = dx * dx + dy * dy + SOFTENING;
            let pull = -GM / (r2 * r2.sqrt());
            p[2] += pull * dx * dt;
            p[3] += pull * dy * dt;
            p[0] += p[2] * dt;
            p[1] += p[3] * dt;
        }
        self.time += dt;
        let room = (self.max * STRIDE).saturating_sub(self.particles.len()) / STRIDE;
        for _ in 0..(spawn as usize).min(room) {
            self.emit();
        }
    }
}

impl Galaxy {
    /// One particle from one of three arms that turn with time, on a roughly circular orbit.
    fn emit(&mut self) {
        let arm = (self.random() * 3.0).floor();
        let angle = self.time * 0.9 + arm * 2.094 + self.random() * 0.25;
        let radius = 25.0 + self.random() * 120.0;
        let (sin, cos) = angle.sin_cos();
        let speed = (GM / radius).sqrt() * (0.85 + self.random() * 0.3);
        let hue = (self.time * 0.05 + arm / 3.0).fract();
        let (cx, cy) = self.centre;
        self.particles.extend_from_slice(&[
            cx + radius * cos,
            cy + radius * sin,
            -speed * sin,
            speed * cos,
            hue,
        ]);
    }

    /// xorshift32, scaled to [0, 1).
    fn random(&mut self) -> f32 {
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 17;
        self.seed ^= self.seed << 5;
        (self.seed >> 8) as f32 / (1u32 << 24) as f32
    }
}
