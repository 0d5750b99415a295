import { BoundModule, type HeapOptions, type WasmViewsExports } from './bound-module.js';
import { checkObject, MATCHING, WasmViewsError } from './errors.js';
import { Heap } from './heap.js';

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
 * "reserve") throw a TypeError naming the feature when the module lacks it,
 * and, imported from `wasm-views/bind`, each method of a feature entry that
 * was not imported throws one naming the import (`wasm-views/js-buffers`, ...).
 *
 * @throws {TypeError} if the module lacks the `wasmViews*` exports (build it
 *   with the wasm-views crate as a dependency) or is not initialized yet.
 * @throws {WasmViewsError} if the module's table has another layout version
 *   than this package reads (the message names both).
 * @throws {TypeError} for `resizable: true` without `import 'wasm-views/resizable'`.
 */
export function bind(wasmModule: object, options: HeapOptions = {}): Heap {
  checkObject(wasmModule, 'bind(): the module');
  checkObject(options, 'bind(): options');
  const exports = wasmModule as WasmViewsExports;
  // The exports every module has (the others come with Cargo features: checked when called).
  // Neither: not a wasm-views module (TypeError); one: another version of the crate.
  const missing = (['wasmViewsTable', 'wasmViewsMemory'] as const).filter(
    (name) => typeof exports[name] !== 'function',
  );
  if (missing[0]) {
    throw new (missing[1] ? TypeError : WasmViewsError)(
      `bind(): the module lacks ${missing.join(' and ')}: ${missing[1] ? 'build it with the wasm-views crate as a dependency' : MATCHING}`,
    );
  }
  let memory: WebAssembly.Memory;
  let table: number;
  try {
    memory = exports.wasmViewsMemory();
    table = exports.wasmViewsTable();
  } catch (error) {
    throw new TypeError('bind(): the module threw: is it initialized?', { cause: error });
  }
  if (typeof memory?.grow !== 'function' || !('buffer' in memory)) {
    throw new TypeError('bind(): wasmViewsMemory() returned no WebAssembly.Memory');
  }
  // Heap's constructor is private to keep it out of the public type.
  return new (Heap as unknown as new (module: BoundModule) => Heap)(
    new BoundModule(exports, memory, table, options),
  );
}
