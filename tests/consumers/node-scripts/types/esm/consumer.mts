// An ES module consumer under `module: node16` (tsc -p types/esm, strict, the published
// declarations checked too), compiled once and then run on every supported Node
// (tests/node/consumers-node.test.mjs): what TypeScript emits must load the package too.
import { init, StaleHandleError, type LiveView } from 'wasm-views';

const heap = await init();
const live: LiveView<'f32'> = heap.alloc('f32', 4);
const view: Float32Array = live.getView();
view[0] = 1.5;
heap.memory.grow(1);
const fresh: Float32Array = live.getView();
const first = fresh[0]; // before free(): the freed bytes go back to the allocator
live.free();
let stale = false;
try {
  live.getView();
} catch (error) {
  stale = error instanceof StaleHandleError;
}
if (first !== 1.5 || !stale) throw new Error(`TS ESM consumer: ${first}, ${stale}`);
console.log(`ok TS ESM: ${fresh.length} elements after growth`);
