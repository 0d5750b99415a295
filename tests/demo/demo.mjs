// The main job's demo (`npm run demo`): a raw cached Float32Array goes stale
// twice — when wasm memory grows and when a Rust Vec reallocates — while
// wasm-views' getView() stays correct. Every claim is checked and printed with
// numbers; the demo exits non-zero if wasm-views ever reads wrong data.
import { createRequire } from 'node:module';
import { bind } from 'wasm-views';

const require = createRequire(import.meta.url);
// A third-party image/audio library built with the wasm-views crate (tests/fixture).
const fixture = require('../../build/fixture-node/fixture.js');
const heap = bind(fixture);
const memory = heap.memory;

const rows = [];
const sum = (view) => {
  let s = 0;
  for (let i = 0; i < view.length; i++) s += view[i];
  return s;
};
const row = (step, truth, raw, live) =>
  rows.push({ step, truth, 'raw cached view': raw, 'wasm-views getView()': live });
const show = (view) => `length ${view.length}, sum ${sum(view)}`;

// 1. Memory growth detaches the buffer under a cached view.
const buffer = heap.alloc('f32', 1000);
buffer.getView().fill(1.5);
const raw1 = new Float32Array(memory.buffer, heap.getView(buffer.handle).byteOffset, 1000);
row(
  'JS-owned f32[1000], filled with 1.5',
  'length 1000, sum 1500',
  show(raw1),
  show(buffer.getView()),
);
const pagesBefore = memory.buffer.byteLength / 65536;
fixture.growMemory(16);
const pagesAfter = memory.buffer.byteLength / 65536;
row(
  `memory grows ${pagesBefore} -> ${pagesAfter} pages`,
  'length 1000, sum 1500',
  show(raw1),
  show(buffer.getView()),
);

// 2. A Rust Vec that grows moves its data. Reserve first, so the move does not
//    also grow memory: the cached view stays attached and silently reads the old place.
heap.reserve(1 << 20);
const samples = new fixture.Samples();
samples.extend(1000, 1);
const live = heap.view(samples.handle);
const before = live.getView();
const raw2 = new Float32Array(memory.buffer, before.byteOffset, before.length);
row('Rust LiveVec<f32>, 1000 x 1.0', 'length 1000, sum 1000', show(raw2), show(live.getView()));
const ptrBefore = before.byteOffset;
const bytesBefore = memory.buffer.byteLength;
samples.clear();
samples.extend(20000, 2);
const moved = live.getView();
row(
  `Rust clears and pushes 20000 x 2.0 (data moved ${ptrBefore} -> ${moved.byteOffset}; memory ${memory.buffer.byteLength === bytesBefore ? 'did not grow' : 'grew'})`,
  'length 20000, sum 40000',
  show(raw2),
  show(moved),
);

console.log('wasm-views demo: a raw Float32Array cached in JS versus getView()\n');
console.table(rows);

const failures = [];
if (sum(buffer.getView()) !== 1500 || buffer.getView().length !== 1000)
  failures.push('JS-owned buffer after growth');
if (raw1.length !== 0) failures.push('the raw view should have been detached by growth');
if (moved.length !== 20000 || sum(moved) !== 40000)
  failures.push('Rust-owned buffer after reallocation');
if (moved.byteOffset === ptrBefore) failures.push('the Vec was expected to move');
if (raw2.length === 1000 && sum(raw2) === sum(moved.subarray(0, 1000)))
  failures.push('the raw view should be stale');
samples.free();
buffer.free();
if (failures.length) {
  console.error(`\ndemo FAILED: ${failures.join('; ')}`);
  process.exit(1);
}
console.log(
  '\nThe raw views went stale (detached, then pointing at the old place); getView() was right every time.',
);
