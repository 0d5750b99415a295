// Type-checked only (tsc -p types/esm): an ES module consumer under `module: node16`.
import { init, StaleHandleError, type LiveView } from 'wasm-views';

const heap = await init();
const live: LiveView<'f32'> = heap.alloc('f32', 4);
const view: Float32Array = live.getView();
view[0] = 1;
export const stale: boolean = new StaleHandleError('x') instanceof Error;
