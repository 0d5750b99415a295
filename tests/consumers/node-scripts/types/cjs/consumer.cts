// A CommonJS consumer under `module: node16`, as in a "type": "commonjs" TypeScript project
// (tsc -p types/cjs, strict, the published declarations checked too): it compiles to
// require('wasm-views'), and is compiled once, then run on every supported Node
// (tests/node/consumers-node.test.mjs).
import { initSync, type LiveView } from 'wasm-views';

const heap = initSync();
const live: LiveView<'u8c'> = heap.alloc('u8c', 4);
const view: Uint8ClampedArray = live.getView();
view[0] = 300; // clamped
heap.memory.grow(1);
const fresh: Uint8ClampedArray = live.getView();
if (fresh[0] !== 255) throw new Error(`TS CommonJS consumer: ${fresh[0]}`);
console.log(`ok TS CommonJS: ${fresh.length} elements after growth`);
live.free();
