// One run of a workload that grows memory, against a wasm-pack --target nodejs build of the
// fixture given as the first argument; prints wasm-views/testing's memory report as JSON.
// Run in a fresh process each time (tests/node/testing-initial-memory.test.mjs), so every
// run starts from the module's initial memory.
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { bind } from 'wasm-views';
import { detachAfterCalls, trackMemory } from 'wasm-views/testing';

const fixture = detachAfterCalls(
  createRequire(import.meta.url)(join(resolve(process.argv[2]), 'fixture.js')),
);
const heap = bind(fixture);
const tracker = trackMemory(heap);

// Rust-owned buffers that grow (LiveVec pushes), a canvas, and a JS-owned buffer.
const samples = new fixture.Samples();
for (let i = 0; i < 100; i++) samples.extend(10_000, i);
const canvas = new fixture.Canvas(256, 256);
canvas.fill(1, 2, 3, 4);
const scratch = heap.alloc('f64', 100_000);
scratch.getView().fill(0.5);
const sum = fixture.sumF32(heap.alloc('f32', 1000).handle);

const report = tracker.stop();
console.log(JSON.stringify({ ...report, checks: { samples: samples.len(), sum } }));
