import { LAYOUT_VERSION } from './abi.gen.js';
import { BoundModule, type HeapOptions, type WasmViewsExports } from './bound-module.js';
import { checkObject, WasmViewsError } from './errors.js';
import { heapOf, type Heap } from './heap.js';

// The exports bind() needs; the others belong to Cargo features, checked where they are called.
const REQUIRED = ['wasmViewsTable', 'wasmViewsMemory'] as const;

/**
 * Binds a wasm-bindgen module that links the `wasm-views` crate: the module
 * object is what its JS glue exports (`import * as mod from './pkg/mod.js'`
 * after its `init()`, or `require('./pkg')` for `--target nodejs`).
 *
 * Each call returns a new Heap over the module's one memory; all of them see
 * the same buffers.
 *
 * Only `wasmViewsTable` and `wasmViewsMemory` are needed here: methods that
 * call an export of an optional crate feature (`heap.alloc` and
 * `LiveView.resize`/`free` of JS-owned buffers: "js-buffers"; `heap.reserve`:
 * "reserve") throw a TypeError naming the feature when the module lacks it.
 *
 * @throws {TypeError} if the module lacks the `wasmViews*` exports (build it
 *   with the wasm-views crate as a dependency) or is not initialized yet.
 * @throws {WasmViewsError} if the module's table has another layout version
 *   than this package reads (the message names both).
 */
export function bind(wasmModule: object, options: HeapOptions = {}): Heap {
  checkObject(wasmModule, 'bind(): the module (the exports of a wasm-bindgen module)');
  checkObject(options, 'bind() options');
  const record = wasmModule as Record<string, unknown>;
  const missing = REQUIRED.filter((name) => typeof record[name] !== 'function');
  if (missing.length === REQUIRED.length) {
    throw new TypeError(
      'bind(): this module has no wasmViewsTable/wasmViewsMemory exports: build it with the wasm-views crate as a dependency (its wasmViews* exports come with the crate)',
    );
  }
  if (missing.length > 0) {
    throw new WasmViewsError(
      `bind(): this module lacks ${missing.join(', ')}: its wasm-views crate is of another version than this package (layout version ${LAYOUT_VERSION}); use matching versions`,
    );
  }
  const exports = wasmModule as WasmViewsExports;
  let memory: WebAssembly.Memory;
  let table: number;
  try {
    memory = exports.wasmViewsMemory();
    table = exports.wasmViewsTable();
  } catch (error) {
    throw new TypeError(
      'bind(): calling the module failed; is it initialized? (await its default init() or call initSync() first)',
      { cause: error },
    );
  }
  if (typeof memory?.grow !== 'function' || !('buffer' in memory)) {
    throw new TypeError('bind(): wasmViewsMemory() did not return a WebAssembly.Memory');
  }
  return heapOf(new BoundModule(exports, memory, table, options));
}
