import type { BoundModule } from './bound-module.js';
import { stubs } from './core.js';
import type { GrowListener } from './growth.js';
import type { Handle } from './handle.js';
import type { HandleInfo, HeapStats } from './inspect.js';
import { checkKind, type Kind, type TypedArray, type ViewOf } from './kinds.js';
import { liveView, type LiveView } from './live-view.js';

/** @internal A Heap's module, for the feature entries (set by the class's static block, so declared before it). */
export let moduleOf: (heap: Heap) => BoundModule;

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
 *
 * `wasm-views/bind` has `memory`, `view` and `getView`; each other method comes
 * with a feature entry, imported once anywhere in the program for its side
 * effect (`import 'wasm-views/js-buffers'`), and throws a TypeError naming that
 * import without it. The main entry `wasm-views` imports them all.
 */
export class Heap {
  #module: BoundModule;

  private constructor(module: BoundModule) {
    this.#module = module;
  }

  static {
    // The feature entries reach a Heap's module through this (index.ts `internals`).
    moduleOf = (heap) => heap.#module;
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
   * @throws {TypeError} without `import 'wasm-views/js-buffers'`.
   */
  declare alloc: <K extends Kind>(kind: K, length: number) => LiveView<K>;

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
    return liveView(this.#module, handle, optionalKind(kind));
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
   * @throws {TypeError} without `import 'wasm-views/inspect'`.
   */
  declare describe: (handle: number) => HandleInfo;

  /**
   * Makes sure later allocations totalling up to `bytes` do not grow memory
   * (growing it now, once, if needed).
   * @throws {RangeError} for a bad byte count.
   * @throws {OutOfMemoryError} if memory cannot grow enough.
   * @throws {TypeError} without `import 'wasm-views/reserve'`.
   */
  declare reserve: (bytes: number) => void;

  /**
   * Runs `fn` and returns its result, or throws GrowthError if memory grew
   * while it ran (so views taken before `fn` may be stale). Only the
   * synchronous part of `fn` is checked. If `fn` throws, its error propagates.
   *
   * @throws {GrowthError} if memory grew during `fn`.
   * @throws {TypeError} if `fn` is not a function, or without `import 'wasm-views/growth'`.
   */
  declare withoutGrowth: <T>(fn: () => T) => T;

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
   * @throws {TypeError} if `listener` is not a function, or without `import 'wasm-views/growth'`.
   */
  declare onGrow: (listener: GrowListener) => () => void;

  /**
   * Memory and table figures (read from the memory and the table header, no
   * call into wasm), plus the facade's mode:
   * `{ memoryBytes, pages, maximumPages, liveHandles, tableCapacity,
   * growthEpoch, debug, resizable, resizableReason, shared, finalizedBuffers }`.
   * Fires onGrow listeners if memory grew since the facade last looked.
   * @throws {TypeError} without `import 'wasm-views/inspect'`.
   */
  declare stats: () => HeapStats;
}

stubs(
  Heap,
  'heap',
  'js-buffers alloc;reserve reserve;growth onGrow withoutGrowth;inspect stats describe',
);

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
