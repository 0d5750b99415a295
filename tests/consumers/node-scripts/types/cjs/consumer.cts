// Type-checked only (tsc -p types/cjs): a CommonJS consumer under `module: node16`,
// as in a "type": "commonjs" TypeScript project; compiles to require('wasm-views').
import { initSync, type LiveView } from 'wasm-views';

const heap = initSync();
const live: LiveView<'u8c'> = heap.alloc('u8c', 4);
const view: Uint8ClampedArray = live.getView();
view[0] = 255;
export = view.length;
