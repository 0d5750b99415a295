import type { BoundModule } from './bound-module.js';
import { checkInteger, GrowthError, mustBe } from './errors.js';
import type { GrowListener } from './growth.js';
import { checkHandle, type Handle } from './handle.js';
import { checkKind, type Kind, type TypedArray, type ViewOf } from './kinds.js';
import { liveView, type LiveView } from './live-view.js';
import type { CoreStats, HandleInfo } from './table.js';

/** What `heap.stats()` returns: the memory's and the table header's figures plus the facade's mode. */
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

/**
 * The wasm memory of one module and the buffers registered in its descriptor
 * table. Get one from `init()`, `initSync()` (the package's own module) or
 * `bind(module)` (your wasm-bindgen module built with the `wasm-views` crate).
 *
 * The facade calls into wasm only in `alloc`, `reserve`, `LiveView.free` and
 * `LiveView.resize`; after each of those it checks for growth (firing
 * `onGrow` listeners) and, in `debug` mode, detaches the buffer. `view`,
 * `getView`, `describe`, `stats` and `LiveView.getView` read the descriptor
 * table directly.
 */
export class Heap {
  #module: BoundModule;

  private constructor(module: BoundModule) {
    this.#module = module;
  }

  /** The module's `WebAssembly.Memory`. Prefer LiveViews to views made on `memory.buffer` yourself. */
  get memory(): WebAssembly.Memory {
    return this.#module.memory;
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
    checkInteger(length, 'length', 0xffffffff);
    const handle = this.#module.alloc(code, length);
    return liveView(this.#module, handle, code, true) as unknown as LiveView<K>;
  }

  /**
   * Wraps an existing live buffer, usually Rust-owned (a `LiveVec`'s handle),
   * in a LiveView. Its `free()` then only retires the LiveView unless the
   * buffer is JS-owned. Pass `kind` to check it and type the view; a typed
   * {@link Handle} (e.g. `Handle<'u8'>` from a Rust getter declared with
   * `unchecked_return_type = "WasmViewsHandle<'u8'>"`) types it without one,
   * and a `kind` that contradicts the handle's is a type error.
   *
   * @returns a LiveView of the buffer's kind.
   * @throws {StaleHandleError} if the handle is not live (freed, forged, old generation, other module).
   * @throws {KindMismatchError} if `kind` is given and differs from the buffer's.
   * @throws {TypeError|RangeError} if `handle` is not a u32 number, or `kind` is unknown.
   */
  view<K extends Kind>(handle: Handle<K>): LiveView<K>;
  view<K extends Kind>(handle: Handle<NoInferKind<K>>, kind: K): LiveView<K>;
  view(handle: number, kind?: Kind): LiveView<Kind> {
    // The handle is checked by the LiveView's first read (Table.entry), as in getView().
    return liveView(this.#module, handle, optionalKind(kind), false);
  }

  /**
   * A one-shot fresh view of a live buffer (no LiveView kept), read under the
   * entry's sequence lock. Valid until the next call into wasm or the next growth.
   * Typed by `kind` or by a typed {@link Handle}, as `view()` is.
   *
   * @throws {StaleHandleError} if the handle is not live.
   * @throws {KindMismatchError} if `kind` is given and differs from the buffer's.
   * @throws {TypeError|RangeError} for a bad handle or kind argument.
   */
  getView<K extends Kind>(handle: Handle<K>): ViewOf<K>;
  getView<K extends Kind>(handle: Handle<NoInferKind<K>>, kind: K): ViewOf<K>;
  getView(handle: number, kind?: Kind): TypedArray {
    const module = this.#module;
    // The handle is checked in Table.entry: TypeError or RangeError if not a u32.
    return module.oneShot(handle, optionalKind(kind));
  }

  /**
   * The descriptor of a live handle, read from the table: `{ handle, slot,
   * generation, ptr, length, byteLength, kind, owner }`.
   * @throws {StaleHandleError} if the handle is not live.
   * @throws {TypeError|RangeError} if `handle` is not a u32 number.
   */
  describe(handle: number): HandleInfo {
    return this.#module.describe(checkHandle(handle));
  }

  /**
   * Makes sure later allocations totalling up to `bytes` do not grow memory
   * (growing it now, once, if needed).
   * @throws {RangeError} for a bad byte count.
   * @throws {OutOfMemoryError} if memory cannot grow enough.
   */
  reserve(bytes: number): void {
    checkInteger(bytes, 'bytes', Number.MAX_SAFE_INTEGER);
    this.#module.reserve(bytes);
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
    if (typeof fn !== 'function') mustBe('withoutGrowth: fn', 'a function', fn);
    const module = this.#module;
    const before = module.reread().byteLength;
    let after: number;
    let result: T;
    try {
      result = fn();
    } finally {
      after = module.reread().byteLength; // fires onGrow listeners if it grew
    }
    if (after !== before) {
      throw new GrowthError(
        `withoutGrowth: memory grew from ${before} to ${after} bytes`,
        before,
        after,
      );
    }
    return result;
  }

  /**
   * Calls `listener({ previousBytes, memoryBytes, pages })` when the facade
   * notices that memory grew. It notices synchronously, never by polling:
   * after each call it makes into wasm (alloc, free, resize, reserve), when
   * it reads the table through a buffer that changed (`getView()`, `view()`,
   * `describe()`), in `withoutGrowth` and in `stats()`. Growth caused by your own calls into
   * the module is reported at the next of those points. A listener that
   * throws does not stop the others (the error is rethrown in a microtask).
   *
   * @returns a function that unsubscribes (calling it twice is harmless).
   * @throws {TypeError} if `listener` is not a function.
   */
  onGrow(listener: GrowListener): () => void {
    if (typeof listener !== 'function') mustBe('onGrow: listener', 'a function', listener);
    const listeners = this.#module.listeners;
    // Wrap so the same function can subscribe twice and unsubscribe each independently.
    const entry: GrowListener = (event) => listener(event);
    listeners.add(entry);
    return () => {
      listeners.delete(entry);
    };
  }

  /**
   * Memory and table figures (read from the memory and the table header, no
   * call into wasm), plus the facade's mode:
   * `{ memoryBytes, pages, maximumPages, liveHandles, tableCapacity,
   * growthEpoch, debug, resizable, resizableReason, shared, finalizedBuffers }`.
   * Fires onGrow listeners if memory grew since the facade last looked.
   */
  stats(): HeapStats {
    return this.#module.stats();
  }
}

// The last kind name checked and its code: a search of the kind list costs the one-shot
// `getView(handle, kind)` as much as the rest of its table reads.
let lastKind: unknown;
let lastCode = -1;

/** The kind code of an optional `kind` argument: -1 (any kind) when it is omitted. */
const optionalKind = (kind: unknown) =>
  kind === undefined
    ? -1
    : kind === lastKind
      ? lastCode
      : ((lastCode = checkKind(kind)), (lastKind = kind), lastCode);

/** `K`, kept out of type inference (TypeScript 5.4's `NoInfer`, for older compilers too). */
type NoInferKind<K> = [K][K extends unknown ? 0 : never];
