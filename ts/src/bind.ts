import {
  CHUNK_SLOTS,
  ENTRY_WORDS,
  HEADER_CHUNK_SLOTS,
  HEADER_ENTRY_BYTES,
  HEADER_MAGIC,
  HEADER_VERSION,
  LAYOUT_VERSION,
  TABLE_MAGIC,
} from './abi.gen.js';
import { Core, EXPORT_NAMES, type HeapOptions, type WasmViewsExports } from './core.js';
import { WasmViewsError } from './errors.js';
import { heapOf, type Heap } from './heap.js';
import { describeValue } from './kinds.js';

const FIX =
  'build it with the wasm-views crate as a dependency (its wasmViews* exports come with the crate)';

const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

/**
 * Binds a wasm-bindgen module that links the `wasm-views` crate: the module
 * object is what its JS glue exports (`import * as mod from './pkg/mod.js'`
 * after its `init()`, or `require('./pkg')` for `--target nodejs`).
 *
 * Each call returns a new Heap over the module's one memory; all of them see
 * the same buffers.
 *
 * @throws {TypeError} if the module lacks the `wasmViews*` exports (build it
 *   with the wasm-views crate as a dependency) or is not initialized yet.
 * @throws {WasmViewsError} if the module's core has a different table layout
 *   version than this package (the message names both).
 */
export function bind(wasmModule: object, options: HeapOptions = {}): Heap {
  if (typeof wasmModule !== 'object' && typeof wasmModule !== 'function') {
    throw new TypeError(
      `bind() needs the exports of a wasm-bindgen module, got ${describeValue(wasmModule)}`,
    );
  }
  if (wasmModule === null)
    throw new TypeError(`bind() needs the exports of a wasm-bindgen module, got null`);
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`bind() options must be an object, got ${describeValue(options)}`);
  }
  const record = wasmModule as Record<string, unknown>;
  const missing = EXPORT_NAMES.filter((name) => typeof record[name] !== 'function');
  if (missing.length === EXPORT_NAMES.length) {
    throw new TypeError(
      `bind(): this module has no wasmViewsTable/wasmViewsMemory/... exports: ${FIX}`,
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
  if (
    memory === null ||
    typeof memory !== 'object' ||
    typeof memory.grow !== 'function' ||
    !('buffer' in memory)
  ) {
    throw new TypeError(`bind(): wasmViewsMemory() did not return a WebAssembly.Memory`);
  }
  const buffer = memory.buffer;
  if (typeof table !== 'number' || table % 4 !== 0 || table + 32 > buffer.byteLength) {
    throw new WasmViewsError(
      `bind(): wasmViewsTable() returned ${describeValue(table)}, not a table address`,
    );
  }
  const header = new Uint32Array(buffer, table, 8);
  const magic = header[HEADER_MAGIC];
  const version = header[HEADER_VERSION];
  if (magic !== TABLE_MAGIC) {
    throw new WasmViewsError(
      `bind(): no wasm-views descriptor table at ${table} (magic ${hex(magic)}, expected ${hex(TABLE_MAGIC)}; layout version there: ${version}, this package reads layout version ${LAYOUT_VERSION}). Rebuild the module with a wasm-views crate matching this package`,
    );
  }
  if (version !== LAYOUT_VERSION) {
    throw new WasmViewsError(
      `bind(): the module's wasm-views core uses table layout version ${version}, this package reads layout version ${LAYOUT_VERSION}. Use matching versions of the wasm-views crate and npm package`,
    );
  }
  if (
    header[HEADER_CHUNK_SLOTS] !== CHUNK_SLOTS ||
    header[HEADER_ENTRY_BYTES] !== ENTRY_WORDS * 4
  ) {
    throw new WasmViewsError(
      `bind(): table header says ${header[HEADER_CHUNK_SLOTS]} slots per chunk and ${header[HEADER_ENTRY_BYTES]}-byte entries; layout version ${LAYOUT_VERSION} has ${CHUNK_SLOTS} and ${ENTRY_WORDS * 4}`,
    );
  }
  return heapOf(new Core(exports, memory, table, options));
}
