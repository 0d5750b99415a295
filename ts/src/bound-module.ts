// One module bound by `bind()`: its table plus its wasmViews* exports, and the calls into
// them. The exports return status codes and never build messages (issue 12): each status
// becomes an error from the facts the facade has (arguments, the table's entry) in status.ts,
// which the feature entries that call exports bring (through hooks.fail). The core's own
// call, free() of a JS-owned buffer, meets a buffer only they make (heap.alloc).
import { type EXPORT_FEATURES, STATUS_OK } from './abi.gen.js';
import { hooks } from './core.js';
import { WasmViewsError } from './errors.js';
import { Table } from './table.js';

/**
 * The exports a wasm-bindgen module built with the `wasm-views` crate has
 * (prefixed so they cannot clash with the module's own). `bind()` needs
 * `wasmViewsTable` and `wasmViewsMemory`; the others come with the crate's
 * Cargo features and are needed only by the facade methods that call them.
 */
export interface WasmViewsExports {
  /** The table header's address. */
  wasmViewsTable(): number;
  /** The module's memory. */
  wasmViewsMemory(): WebAssembly.Memory;
  /** Feature `js-buffers`: a handle (`>= 1 << 20`) or a status code (`heap.alloc`). */
  wasmViewsAlloc?(kind: number, length: number): number;
  /** Feature `js-buffers`: a status code (`LiveView.resize`). */
  wasmViewsResize?(handle: number, length: number): number;
  /** Feature `js-buffers`: a status code (`LiveView.free` of a JS-owned buffer). */
  wasmViewsFree?(handle: number): number;
  /** Feature `reserve`: a status code (`heap.reserve`). */
  wasmViewsReserve?(bytes: number): number;
}

/** Options of `bind()`, `init()` and `initSync()`. */
export interface HeapOptions {
  /**
   * After every call the facade makes into wasm, run `memory.grow(0)`, which
   * detaches the current buffer: any raw view cached across such a call then
   * reads as empty (or throws) at once instead of going stale later. For tests.
   * (Shared and resizable buffers never detach, so it cannot flag them there.)
   */
  debug?: boolean;
  /**
   * Ask for a resizable buffer (`memory.toResizableBuffer()`), whose views
   * survive growth. Applied only where the engine has it, the memory has a
   * maximum, and `TextDecoder`/`TextEncoder` accept views of resizable buffers
   * (wasm-bindgen strings need them); otherwise the default mode is used
   * silently and `stats().resizable` is `false` with `resizableReason` saying why.
   * Needs `import 'wasm-views/resizable'` (a TypeError says so without it).
   */
  resizable?: boolean;
}

/** Handles are at least this; smaller results of wasmViewsAlloc are status codes. */
const FIRST_HANDLE = 1 << 20;

/**
 * @internal A module bound by `bind()`: its descriptor table (read without calling into
 * wasm) plus its exports, each called through `run` (growth check, debug detach) and
 * each status turned into an error by `hooks.fail`.
 */
export class BoundModule extends Table {
  readonly exports: WasmViewsExports;
  readonly debug: boolean;
  readonly resizable: boolean;
  readonly resizableReason: string | null = null;
  /** The FinalizationRegistry net's callback (js-buffers.ts installs it). */
  declare releaseLost: (handle: number) => void;

  /** @throws {TypeError} for `resizable: true` without `import 'wasm-views/resizable'`. */
  constructor(
    exports: WasmViewsExports,
    memory: WebAssembly.Memory,
    address: unknown,
    options: HeapOptions,
  ) {
    super(memory, address);
    this.exports = exports;
    this.debug = options.debug === true;
    const convert = options.resizable === true && hooks.resizable;
    if (options.resizable === true && !convert)
      throw new TypeError("bind(): resizable: true needs import 'wasm-views/resizable'");
    // Converted earlier (another bind, or the module itself)? Else convert it if asked to.
    this.resizable =
      (this.buf as { resizable?: boolean }).resizable === true ||
      (!!convert && !(this.resizableReason = convert(memory, this.shared)));
    this.reread(); // the converted buffer
  }

  /**
   * Calls export `name` (`fn`, undefined if the module lacks it: a TypeError then names the
   * crate's Cargo `feature` that has it) for `method` with `args`;
   * afterwards looks for growth (detaching first in debug mode), even if it threw. Its
   * result is a handle (`>= 1 << 20`) or a status: a non-zero one throws the error
   * `hooks.fail` builds from `handle`, `code` and `length` (status.ts), or, without a feature
   * entry that calls exports, a WasmViewsError naming the status.
   */
  run(
    method: string,
    name: keyof typeof EXPORT_FEATURES,
    feature: string,
    fn: ((...args: number[]) => number) | undefined,
    args: number[],
    handle: number,
    code: number,
    length: number,
  ): number {
    if (!fn) {
      throw new TypeError(
        `${method} needs the module's ${name}: build it with features = ["${feature}"] of the wasm-views crate`,
      );
    }
    let result: number;
    try {
      result = fn(...args);
    } finally {
      if (this.debug) this.memory.grow(0);
      this.reread();
    }
    if (result !== STATUS_OK && result < FIRST_HANDLE)
      throw (
        hooks.fail?.(this, result, method, handle, code, length) ??
        new WasmViewsError(`${method}: status ${result}`)
      );
    return result;
  }

  /** Frees a JS-owned buffer. */
  free(handle: number): void {
    // Each export named at its call, so the analyzer's facade map (by name) sees it.
    // 'js-buffers': abi.gen.ts EXPORT_FEATURES.wasmViewsFree, spelled out so the core does
    // not carry that table (the feature entries, which call the other exports, do).
    this.run(
      'LiveView.free()',
      'wasmViewsFree',
      'js-buffers',
      this.exports.wasmViewsFree,
      [handle],
      handle,
      -1,
      0,
    );
  }
}
