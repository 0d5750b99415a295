// One module bound by `bind()`: its table plus its wasmViews* exports, and the calls into
// them. The exports return status codes and never build messages (issue 12): each status
// becomes an error here, from the facts the facade has (arguments, the table's entry).
import { mapCoreError } from './errors.js';
import { makeResizable } from './growth.js';
import { Table, type CoreStats } from './table.js';

/**
 * The exports a wasm-bindgen module built with the `wasm-views` crate has
 * (prefixed so they cannot clash with the module's own). `bind()` needs
 * `wasmViewsTable` and `wasmViewsMemory`; the others come with the crate's
 * Cargo features and are needed only by the facade methods that call them.
 */
export interface WasmViewsExports {
  wasmViewsTable(): number;
  wasmViewsMemory(): WebAssembly.Memory;
  wasmViewsAlloc(kind: number, length: number): number;
  wasmViewsResize(handle: number, length: number): void;
  wasmViewsFree(handle: number): void;
  wasmViewsReserve(bytes: number): void;
  wasmViewsStats(): CoreStats;
  wasmViewsDescribe(handle: number): unknown;
  wasmViewsCheckGrowth(): number;
}

/** @internal The names `bind()` looks for. */
export const EXPORT_NAMES = [
  'wasmViewsTable',
  'wasmViewsMemory',
  'wasmViewsAlloc',
  'wasmViewsResize',
  'wasmViewsFree',
  'wasmViewsReserve',
  'wasmViewsStats',
  'wasmViewsDescribe',
  'wasmViewsCheckGrowth',
] as const;

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

let finalized = 0;

/** @internal JS-owned buffers released by the FinalizationRegistry net so far (all modules). */
export function finalizedBuffers(): number {
  return finalized;
}

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
    // Converted earlier (another bind, or the module itself)?
    let resizable = (this.buf as { resizable?: boolean }).resizable === true;
    if (!resizable && options.resizable === true) {
      this.resizableReason = makeResizable(memory, this.shared);
      resizable = this.resizableReason === null;
      this.reread();
    }
    this.resizable = resizable;
  }

  /** Runs one call into wasm; afterwards looks for growth (detaching first in debug mode), even if it threw. */
  #call<T>(fn: () => T): T {
    try {
      return fn();
    } finally {
      if (this.debug) this.memory.grow(0);
      this.reread();
    }
  }

  /** Every call into wasm goes through here: core errors become our classes. */
  #core<T>(fn: (exports: WasmViewsExports) => T): T {
    return this.#call(() => {
      try {
        return fn(this.exports);
      } catch (error) {
        throw mapCoreError(error);
      }
    });
  }

  /** A new JS-owned buffer's handle. */
  alloc(code: number, length: number): number {
    return this.#core((e) => e.wasmViewsAlloc(code, length));
  }

  /** Resizes a JS-owned buffer of kind `code`. */
  resize(handle: number, _code: number, length: number): void {
    this.#core((e) => e.wasmViewsResize(handle, length));
  }

  /** Frees a JS-owned buffer. */
  free(handle: number): void {
    this.#core((e) => e.wasmViewsFree(handle));
  }

  /** Makes sure later allocations of up to `bytes` do not grow memory. */
  reserve(bytes: number): void {
    this.#core((e) => e.wasmViewsReserve(bytes));
  }

  /** The core's figures. */
  coreStats(): CoreStats {
    const stats = this.#core((e) => e.wasmViewsStats());
    // serde-wasm-bindgen may hand back a Map for a struct, depending on its settings.
    return stats instanceof Map ? (Object.fromEntries(stats) as CoreStats) : stats;
  }

  /** FinalizationRegistry callback: a JS-owned buffer whose LiveView was collected without free(). */
  releaseLost(handle: number): void {
    try {
      this.exports.wasmViewsFree(handle);
      finalized++;
    } catch {
      // Already released (e.g. through another LiveView of the same handle).
    }
  }
}
