import { ENTRY_KIND, ENTRY_LENGTH, ENTRY_PTR } from './abi.gen.js';
import {
  checkHandle,
  checkInteger,
  Core,
  type CoreStats,
  type GrowListener,
  type HandleInfo,
} from './core.js';
import { GrowthError, KindMismatchError } from './errors.js';
import {
  checkKind,
  describeValue,
  kindName,
  type Kind,
  type TypedArray,
  type ViewOf,
} from './kinds.js';
import { liveView, type LiveView } from './live-view.js';

/** What `heap.stats()` returns: the core's numbers plus the facade's mode. */
export interface HeapStats extends CoreStats {
  /** `debug` mode is on (memory.grow(0) after each call into wasm). */
  debug: boolean;
  /** The memory's buffer is resizable (views survive growth). */
  resizable: boolean;
  /** Why `resizable: true` was not applied, or `null`. */
  resizableReason: string | null;
  /** The memory is shared (SharedArrayBuffer; threads). */
  shared: boolean;
  /** JS-owned buffers released by the FinalizationRegistry safety net so far (whole process). */
  finalizedBuffers: number;
}

const MAX_LENGTH = 0xffffffff;

let make!: (core: Core) => Heap;

/**
 * The wasm memory of one module and the buffers registered in its descriptor
 * table. Get one from `init()`, `initSync()` (the package's own core) or
 * `bind(module)` (your wasm-bindgen module built with the `wasm-views` crate).
 *
 * The facade calls into wasm only in `alloc`, `reserve`, `stats`, `describe`,
 * `LiveView.free` and `LiveView.resize`; after each of those it checks for
 * growth (firing `onGrow` listeners) and, in `debug` mode, detaches the buffer.
 * `view`, `getView` and `LiveView.getView` read the descriptor table directly.
 */
export class Heap {
  #core: Core;

  private constructor(core: Core) {
    this.#core = core;
  }

  static {
    make = (core) => new Heap(core);
  }

  /** The module's `WebAssembly.Memory`. Prefer LiveViews to views made on `memory.buffer` yourself. */
  get memory(): WebAssembly.Memory {
    return this.#core.memory;
  }

  /**
   * Allocates a zeroed JS-owned buffer of `length` elements of `kind` in wasm memory.
   * Release it with `free()` (or `using`); a FinalizationRegistry releases
   * buffers whose LiveView was garbage-collected, but only as a safety net.
   *
   * @returns a LiveView whose `getView()` is `ViewOf<K>` (`'f32'` gives `Float32Array`).
   * @throws {TypeError} for an unknown kind.
   * @throws {RangeError} for a negative, fractional, NaN or too large length.
   * @throws {OutOfMemoryError} if memory cannot grow enough.
   */
  alloc<K extends Kind>(kind: K, length: number): LiveView<K> {
    const code = checkKind(kind);
    checkInteger(length, 'length', MAX_LENGTH);
    const handle = this.#core.alloc(code, length);
    return liveView(this.#core, handle, code, true) as unknown as LiveView<K>;
  }

  /**
   * Wraps an existing live buffer, usually Rust-owned (a `LiveVec`'s handle),
   * in a LiveView. Its `free()` then only retires the LiveView unless the
   * buffer is JS-owned. Pass `kind` to check it and type the view.
   *
   * @returns a LiveView of the buffer's kind.
   * @throws {StaleHandleError} if the handle is not live (freed, forged, old generation, other module).
   * @throws {KindMismatchError} if `kind` is given and differs from the buffer's.
   * @throws {TypeError|RangeError} if `handle` is not a u32 number, or `kind` is unknown.
   */
  view(handle: number): LiveView<Kind>;
  view<K extends Kind>(handle: number, kind: K): LiveView<K>;
  view(handle: number, kind?: Kind): LiveView<Kind> {
    checkHandle(handle);
    const code = kind === undefined ? -1 : checkKind(kind);
    return liveView(this.#core, handle, code, false);
  }

  /**
   * A one-shot fresh view of a live buffer (no LiveView kept). Valid until the
   * next call into wasm or the next growth.
   *
   * @throws {StaleHandleError} if the handle is not live.
   * @throws {KindMismatchError} if `kind` is given and differs from the buffer's.
   * @throws {TypeError|RangeError} for a bad handle or kind argument.
   */
  getView(handle: number): TypedArray;
  getView<K extends Kind>(handle: number, kind: K): ViewOf<K>;
  getView(handle: number, kind?: Kind): TypedArray {
    checkHandle(handle);
    const expected = kind === undefined ? -1 : checkKind(kind);
    const core = this.#core;
    const entry = core.entryWord(handle);
    const u32 = core.u32;
    const code = u32[entry + ENTRY_KIND];
    if (expected >= 0 && code !== expected) {
      throw new KindMismatchError(
        `handle ${handle} is a ${kindName(code)} buffer, not ${kindName(expected)}`,
      );
    }
    return core.makeView(code, u32[entry + ENTRY_PTR], u32[entry + ENTRY_LENGTH]);
  }

  /**
   * The descriptor of a live handle, from the core: `{ handle, slot,
   * generation, ptr, length, byteLength, kind, owner }`.
   * @throws {StaleHandleError} if the handle is not live.
   */
  describe(handle: number): HandleInfo {
    checkHandle(handle);
    return this.#core.describe(handle);
  }

  /**
   * Makes sure later allocations totalling up to `bytes` do not grow memory
   * (growing it now, once, if needed).
   * @throws {RangeError} for a bad byte count.
   * @throws {OutOfMemoryError} if memory cannot grow enough.
   */
  reserve(bytes: number): void {
    checkInteger(bytes, 'bytes', Number.MAX_SAFE_INTEGER);
    this.#core.reserve(bytes);
  }

  /**
   * Runs `fn` and returns its result, or throws GrowthError if memory grew
   * while it ran (so views taken before `fn` may be stale). Only the
   * synchronous part of `fn` is checked. If `fn` throws, its error propagates.
   *
   * @throws {GrowthError} if memory grew during `fn`.
   * @throws {TypeError} if `fn` is not a function.
   */
  withoutGrowth<T>(fn: () => T): T {
    if (typeof fn !== 'function')
      throw new TypeError(`withoutGrowth needs a function, got ${describeValue(fn)}`);
    const core = this.#core;
    const before = core.memory.buffer.byteLength;
    let result: T;
    try {
      result = fn();
    } finally {
      core.reread(); // fires onGrow listeners if it grew
    }
    const after = core.memory.buffer.byteLength;
    if (after !== before) {
      throw new GrowthError(
        `memory grew from ${before} to ${after} bytes inside withoutGrowth()`,
        before,
        after,
      );
    }
    return result;
  }

  /**
   * Calls `listener({ previousBytes, memoryBytes, pages })` when the facade
   * notices that memory grew. It notices synchronously, never by polling:
   * after each call it makes into wasm (alloc, free, resize, reserve, stats,
   * describe), when a `getView()` rebuilds because the buffer changed, in
   * `withoutGrowth`, and in `stats()`. Growth caused by your own calls into
   * the module is reported at the next of those points. A listener that
   * throws does not stop the others (the error is rethrown in a microtask).
   *
   * @returns a function that unsubscribes (calling it twice is harmless).
   * @throws {TypeError} if `listener` is not a function.
   */
  onGrow(listener: GrowListener): () => void {
    if (typeof listener !== 'function')
      throw new TypeError(`onGrow needs a function, got ${describeValue(listener)}`);
    const listeners = this.#core.listeners;
    // Wrap so the same function can subscribe twice and unsubscribe each independently.
    const entry: GrowListener = (event) => listener(event);
    listeners.add(entry);
    return () => {
      listeners.delete(entry);
    };
  }

  /**
   * Memory and table numbers from the core, plus the facade's mode:
   * `{ memoryBytes, pages, maximumPages, liveHandles, tableCapacity,
   * growthEpoch, debug, resizable, resizableReason, shared, finalizedBuffers }`.
   * Fires onGrow listeners if memory grew since the facade last looked.
   */
  stats(): HeapStats {
    const core = this.#core;
    const stats = core.coreStats();
    const memoryBytes = core.memory.buffer.byteLength;
    return {
      ...stats,
      memoryBytes,
      pages: memoryBytes / 65536,
      maximumPages: stats.maximumPages ?? null,
      debug: core.debug,
      resizable: core.resizable,
      resizableReason: core.resizableReason,
      shared: core.shared,
      finalizedBuffers: Core.finalized,
    };
  }
}

/** @internal */
export function heapOf(core: Core): Heap {
  return make(core);
}
