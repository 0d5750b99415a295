// A plain Node ESM script using wasm-views as installed from the tarball: the
// package's own core (init) and a third-party crate built with
// `wasm-pack --target nodejs` (bind). Fails with an assertion error if anything is off.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { bind, init, StaleHandleError } from 'wasm-views';
import checkGrowth from '../shared/growth-check.cjs';

const require = createRequire(import.meta.url);
const here = fileURLToPath(new URL('.', import.meta.url));

// The installed package, through its "node" + "import" condition.
assert.equal(
  fileURLToPath(import.meta.resolve('wasm-views')),
  `${here}node_modules/wasm-views/node.mjs`,
);

// JS-owned buffer in the package's own core: written, then memory grows.
const heap = await init();
const live = heap.alloc('f32', 4096);
live.getView().set(Float32Array.from({ length: 4096 }, (_, i) => i / 2));
checkGrowth(heap, live, {
  length: 4096,
  expected: (i) => i / 2,
  pages: 3,
  ViewType: Float32Array,
  StaleHandleError,
});

// A Rust-owned LiveVec in a third-party crate: it reallocates and memory grows.
const fixture = require(process.env.FIXTURE_NODE ?? '../../../build/fixture-node/fixture.js');
const lib = bind(fixture);
const samples = new fixture.Samples();
samples.extend(100, 1.5);
const view = lib.view(samples.handle, 'f32');
const before = view.getView();
const grewFrom = lib.memory.buffer.byteLength;
samples.extend(500_000, 2.5); // reallocates, and grows memory by megabytes
assert.ok(lib.memory.buffer.byteLength > grewFrom, 'memory grew');
const after = view.getView();
assert.equal(after.length, 500_100);
assert.notEqual(after.byteOffset, before.byteOffset, 'the data moved');
assert.equal(after[0], 1.5);
assert.equal(after[500_099], 2.5);
assert.equal(samples.sum(), 100 * 1.5 + 500_000 * 2.5);
samples.free();
assert.throws(() => view.getView(), StaleHandleError);

console.log(`ok ESM: ${fileURLToPath(import.meta.resolve('wasm-views')).slice(here.length)}`);
