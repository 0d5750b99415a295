// One module bound by `bind()`: its table plus its wasmViews* exports, and the calls into
// them. The exports return status codes and never build messages (issue 12): each status
// becomes an error here, from the facts the facade has (arguments, the table's entry).
import {
  EXPORT_FEATURES,
  HEADER_CAPACITY,
  HEADER_EPOCH,
  HEADER_LIVE,
  KIND_BYTES,
  STATUS_BORROWED,
  STATUS_OK,
  STATUS_OUT_OF_MEMORY,
  STATUS_STALE_HANDLE,
  STATUS_TOO_LARGE,
  STATUS_UNKNOWN_KIND,
  STATUS_WRONG_OWNER,
} from './abi.gen.js';
import {
  BorrowError,
  MATCHING,
  OutOfMemoryError,
  StaleHandleError,
  WasmViewsError,
} from './errors.js';
import { makeResizable, PAGE } from './growth.js';
import type { HeapStats } from './heap.js';
import { handleText } from './handle.js';
import { kindName } from './kinds.js';
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
   */
  resizable?: boolean;
}

/** Handles are at least this; smaller results of wasmViewsAlloc are status codes. */
const FIRST_HANDLE = 1 << 20;
const MAX_BYTES = 0xffffffff;

/** @internal JS-owned buffers released by the FinalizationRegistry net so far (all modules). */
export let finalized = 0;

/**
 * @internal A module bound by `bind()`: its descriptor table (read without calling into
 * wasm) plus its exports, each called through `#call` (growth check, debug detach) and
 * each status turned into an error by `#fail`.
 */
export class BoundModule extends Table {
  readonly exports: WasmViewsExports;
  readonly debug: boolean;
  readonly resizable: boolean;
  readonly resizableReason: string | null = null;

  constructor(
    exports: WasmViewsExports,
    memory: WebAssembly.Memory,
    address: unknown,
    options: HeapOptions,
  ) {
    super(memory, address);
    this.exports = exports;
    this.debug = options.debug === true;
    // Converted earlier (another bind, or the module itself)? Else convert it if asked to.
    this.resizable =
      (this.buf as { resizable?: boolean }).resizable === true ||
      (options.resizable === true && !(this.resizableReason = makeResizable(memory, this.shared)));
    this.reread(); // the converted buffer
  }

  /**
   * Calls export `name` (`fn`, undefined if the module lacks it) for `method` with `args`;
   * afterwards looks for growth (detaching first in debug mode), even if it threw. Its
   * result is a handle (`>= 1 << 20`) or a status: a non-zero one throws the error
   * `#fail` builds from `handle`, `code` and `length`.
   */
  #run(
    method: string,
    name: keyof typeof EXPORT_FEATURES,
    fn: ((...args: number[]) => number) | undefined,
    args: number[],
    handle: number,
    code: number,
    length: number,
  ): number {
    if (!fn) {
      const feature = EXPORT_FEATURES[name];
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
      throw this.#fail(result, method, handle, code, length);
    return result;
  }

  /**
   * The error for a non-zero `status` of `method`, from what the facade knows.
   * @param handle the handle it was called with (0 if none).
   * @param code the kind code of the request, or -1 for a byte count (`length` bytes).
   */
  #fail(status: number, method: string, handle: number, code: number, length: number): Error {
    const who = `${method}: ${handleText(handle)}`;
    // What was asked for, e.g. `3 f32 elements (12 bytes)`.
    const request =
      code < 0
        ? `${length} bytes`
        : `${length} ${kindName(code)} elements (${length * KIND_BYTES[code]} bytes)`;
    // (No export the facade calls returns STATUS_KIND_MISMATCH: it takes no kind with a
    // handle. Should one, the last line names the status.)
    try {
      switch (status) {
        case STATUS_STALE_HANDLE:
          this.find(handle); // throws with the reason read from the entry
          return new StaleHandleError(`${who} is not live`);
        case STATUS_OUT_OF_MEMORY:
          return new OutOfMemoryError(`${method}: out of memory allocating ${request}`);
        case STATUS_TOO_LARGE:
          return new RangeError(
            `${method}: ${request} do not fit a 32-bit memory (at most ${MAX_BYTES} bytes)`,
          );
        case STATUS_UNKNOWN_KIND:
          return new TypeError(`${method}: the module has no kind ${kindName(code)}: ${MATCHING}`);
        case STATUS_WRONG_OWNER:
          return new TypeError(
            `${who} is ${this.describe(handle).owner}-owned, not from heap.alloc()`,
          );
        case STATUS_BORROWED:
          return new BorrowError(`${who} is borrowed by a running Rust call`);
      }
    } catch (error) {
      return error as Error; // the handle is not live (any more): say why
    }
    return new WasmViewsError(`${method}: status ${status}`);
  }

  /** A new JS-owned buffer's handle. */
  alloc(code: number, length: number): number {
    // Each export named at its call, so the analyzer's facade map (by name) sees it.
    return this.#run(
      'heap.alloc()',
      'wasmViewsAlloc',
      this.exports.wasmViewsAlloc,
      [code, length],
      0,
      code,
      length,
    );
  }

  /** Resizes a JS-owned buffer of kind `code`. */
  resize(handle: number, code: number, length: number): void {
    this.#run(
      'LiveView.resize()',
      'wasmViewsResize',
      this.exports.wasmViewsResize,
      [handle, length],
      handle,
      code,
      length,
    );
  }

  /** Frees a JS-owned buffer. */
  free(handle: number): void {
    this.#run(
      'LiveView.free()',
      'wasmViewsFree',
      this.exports.wasmViewsFree,
      [handle],
      handle,
      -1,
      0,
    );
  }

  /** Makes sure later allocations of up to `bytes` do not grow memory. */
  reserve(bytes: number): void {
    // The export takes a u32: past 4 GiB ask for 4 GiB - 1, which no memory that already
    // holds the table has free either, so the core says out of memory (and the message
    // names `bytes` as asked).
    this.#run(
      'heap.reserve()',
      'wasmViewsReserve',
      this.exports.wasmViewsReserve,
      [Math.min(bytes, MAX_BYTES)],
      0,
      -1,
      bytes,
    );
  }

  /** What `heap.stats()` returns; fires onGrow listeners if memory grew since the facade last looked. */
  stats(): HeapStats {
    const memoryBytes = this.reread().byteLength;
    const u32 = this.u32;
    const h = this.header;
    const type = (this.memory as { type?: () => { maximum?: number } }).type;
    return {
      memoryBytes,
      pages: memoryBytes / PAGE,
      maximumPages: type?.call(this.memory).maximum ?? null,
      liveHandles: u32[h + HEADER_LIVE],
      tableCapacity: u32[h + HEADER_CAPACITY],
      growthEpoch: u32[h + HEADER_EPOCH],
      debug: this.debug,
      resizable: this.resizable,
      resizableReason: this.resizableReason,
      shared: this.shared,
      finalizedBuffers: finalized,
    };
  }

  /** FinalizationRegistry callback: a JS-owned buffer whose LiveView was collected without free(). */
  releaseLost(handle: number): void {
    try {
      if (this.exports.wasmViewsFree?.(handle) === STATUS_OK) finalized++;
    } catch {
      // A trap: nothing to release, and nobody to tell.
    }
  }
}
