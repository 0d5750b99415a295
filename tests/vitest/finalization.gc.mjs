// The FinalizationRegistry safety net: JS-owned buffers whose LiveView is garbage-collected
// without free() are released. Needs --expose-gc:
//   node --expose-gc tests/vitest/finalization.gc.mjs
// (finalization.test.ts runs it.) Exits non-zero with a message if the net did not work.
import { initSync } from 'wasm-views';

if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc');
  process.exit(2);
}

const heap = initSync();
const before = heap.stats();

function leak(count) {
  for (let i = 0; i < count; i++) heap.alloc('f32', 16).getView()[0] = i; // dropped without free()
}
leak(100);
const kept = heap.alloc('u8', 4); // still referenced: must survive
if (heap.stats().liveHandles !== before.liveHandles + 101) {
  console.error('allocation bookkeeping is off', heap.stats());
  process.exit(1);
}

let stats = heap.stats();
for (let round = 0; round < 50 && stats.liveHandles > before.liveHandles + 1; round++) {
  globalThis.gc();
  await new Promise((resolve) => setTimeout(resolve, 10));
  stats = heap.stats();
}
if (stats.liveHandles !== before.liveHandles + 1 || stats.finalizedBuffers < 100) {
  console.error('the FinalizationRegistry net did not release the dropped buffers', stats);
  process.exit(1);
}
kept.getView()[0] = 1;
kept.free();
console.log(`released ${stats.finalizedBuffers} dropped buffers; freed ones were not touched`);
