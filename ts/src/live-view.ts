/// <reference lib="esnext.disposable" preserve="true" />
// (kept in the published .d.ts: `[Symbol.dispose]` below needs it where the user's lib is older)
import {
  ENTRY_KIND,
  ENTRY_LENGTH,
  ENTRY_PTR,
  ENTRY_STATE,
  ENTRY_VERSION,
  KINDS,
  STATE_JS,
} from './abi.gen.js';
import type { BoundModule } from './bound-module.js';
import { hooks, stubs } from './core.js';
import { StaleHandleError } from './errors.js';
import { handleText, type Handle } from './handle.js';
import { arrayConstructor, type Kind, type SourceOf, type ViewOf } from './kinds.js';

// Symbol.dispose is missing in some engines; `using` lowered by TypeScript/esbuild falls back to this.
const DISPOSE: symbol = Symbol.dispose ?? Symbol.for('Symbol.dispose');

/** The StaleHandleError of a retired LiveView. */
const freedError = (handle: number) =>
  new StaleHandleError(`${handleText(handle)}: this LiveView was freed`);

/** @internal A LiveView's module, for the feature entries (set by the class's static block, so declared before it). */
export let liveModule: (view: LiveView) => BoundModule;

/** The LiveView class of the modes whose buffers never detach (set by the static block). */
let Steady: unknown;

/**
 * A handle to a buffer in wasm memory, plus a view of it that is revalidated
 * on every {@link LiveView.getView} call.
 *
 * Create one with `heap.alloc(kind, length)` (a JS-owned buffer: release it
 * with `free()` or `using`) or `heap.view(handle)` (any live buffer, typically
 * one owned by Rust, e.g. a `LiveVec`).
 */
export class LiveView<K extends Kind = Kind> {
  /** The handle (a u32: slot and generation), as Rust and `heap.view()` know it. */
  readonly handle: Handle<K>;
  /** The element kind; fixed for the life of this LiveView. */
  readonly kind: K;

  // Hot-path state: plain (TypeScript-private) properties, measurably faster than #private
  // ones in V8 11 on this path. `_u32` and `_view` are always over the same buffer (built
  // together in #refresh; the rule is Table's, table.ts).
  /** @internal */
  private _u32!: Uint32Array;
  /** @internal */
  private _versionIndex: number;
  /** @internal */
  private _version!: number;
  /** @internal */
  private _view!: ViewOf<K>;

  #module: BoundModule;
  #code: number;
  #entry: number;
  #freed = false;

  private constructor(module: BoundModule, handle: number, code: number) {
    this.#module = module;
    this.handle = handle;
    const word = module.entry(handle);
    const e = module.find(handle, code, word);
    this.#entry = word;
    this.#code = e[ENTRY_KIND];
    this.kind = KINDS[this.#code] as K;
    this._versionIndex = word + ENTRY_VERSION;
    // _version, _u32 and _view: set by #refresh, in that order (one shape for every LiveView).
    this.#refresh();
  }

  /**
   * A view of the buffer's current data, of the right kind.
   *
   * Cheap: it checks that the cached view's buffer is not detached and the
   * descriptor's version is unchanged (one typed-array read, no call into
   * wasm, no `memory.buffer` getter) and rebuilds only when something changed.
   * The returned view is valid until the next call into wasm (or the next
   * memory growth): call `getView()` again instead of keeping it.
   *
   * @returns a `ViewOf<K>`, e.g. `Float32Array` for `'f32'`.
   * @throws {StaleHandleError} if this LiveView was freed or the buffer was released (e.g. its Rust owner dropped it).
   * @throws {KindMismatchError} if the buffer's kind changed since this LiveView was made.
   */
  getView(): ViewOf<K> {
    // The view's own length first, the detach probe: `_u32` is over the same buffer, so once
    // memory grew it reads 0 and the detached `_u32` is never read. (An out-of-bounds read
    // there, once per growth, made the engines compile the version load out-of-bounds-
    // tolerant, and slower, for good.) An empty view reads 0 too and takes #refresh, which
    // tells the two apart. `!== 0`, not a bare `length &&`: measured ~10% faster in Firefox
    // 153 and Chromium 156.
    if (this._view.length !== 0 && this._u32[this._versionIndex] === this._version)
      return this._view;
    return this.#refresh();
  }

  #refresh(): ViewOf<K> {
    if (this.#freed) throw freedError(this.handle);
    const module = this.#module;
    let view: ViewOf<K> | undefined;
    // An empty view whose buffer is not detached and whose entry did not change: its length
    // reads 0 without a growth, so it comes here on every call.
    if (this._u32?.length && this._u32[this._versionIndex] === this._version) return this._view;
    // `_u32` reading length 0 (after the constructor's call; only the default mode's can) means
    // the buffer was detached: memory grew. If the entry's version is still the one the view
    // was built at, the entry is as it was (every write to an entry moves its version, and
    // versions only grow), so the same elements are viewed on the new buffer without the
    // table lookup. With memory growing before every read, against a bare
    // `new Float32Array(memory.buffer, ptr, len)`, the whole lookup (oneShot) -> this, two
    // runs of 25-30 rounds: Node 22 1.22-1.25× -> 1.16-1.20×, Node 24 1.25-1.29× -> 1.24×,
    // Node 26 1.26-1.29× -> 1.22-1.23×, Chromium 1.21-1.23× -> 1.17-1.20×, Node 20 1.23× ->
    // 1.20× (one run), Firefox the same; the fast path and the one-shot path unchanged.
    if (this._u32?.length === 0) {
      module.buffer(0); // re-reads the buffer, firing onGrow listeners, so the
      const u32 = module.u32; // version is read after them (one may change or free the entry)
      const word = this.#entry;
      if (u32[this._versionIndex] === this._version) {
        const length = u32[word + ENTRY_LENGTH];
        // No bounds test: memory that does not shrink still holds the elements it held.
        view = new (arrayConstructor(this.#code))(
          module.buf,
          length && u32[word + ENTRY_PTR], // the pointer of an empty buffer may dangle
          length,
        ) as ViewOf<K>;
      }
    }
    if (!view) {
      // KindMismatchError if the buffer's kind changed since this LiveView was made.
      view = module.oneShot(this.handle, this.#code) as ViewOf<K>;
      this._version = module.version;
    }
    // An onGrow listener fired by the re-read may have freed this LiveView (free() set
    // `_version` to -1, which the line above overwrote): it stays freed.
    if (this.#freed) throw freedError(this.handle);
    // oneShot() may have replaced the buffer: keep the u32 view of the one `view` is over, so
    // the fast path reads the version where the view lives.
    this._u32 = module.u32;
    this._view = view;
    return view;
  }

  /**
   * The current number of elements. For a Rust-owned buffer this follows the
   * owner (a `LiveVec` that grows or shrinks); it is read from the descriptor.
   * @throws {StaleHandleError} if freed or released.
   */
  get length(): number {
    return this.getView().length;
  }

  /**
   * The current size in bytes (`length` times the element size).
   * @throws {StaleHandleError} if freed or released.
   */
  get byteLength(): number {
    return this.getView().byteLength;
  }

  /** `true` once `free()` (or disposal) retired this LiveView. */
  get freed(): boolean {
    return this.#freed;
  }

  /**
   * A copy of the current data in a fresh, non-shared ArrayBuffer: no growth,
   * reallocation or free can touch it.
   * @throws {StaleHandleError} if freed or released.
   * @throws {TypeError} without `import 'wasm-views/copy'`.
   */
  declare copyOut: () => ViewOf<K>;

  /**
   * Writes `source` into the buffer starting at element `offset`.
   *
   * @param source a typed array or array of numbers (`bigint`s for `i64`/`u64`).
   * @param offset first element to write; default 0.
   * @throws {RangeError} if `offset` is not a valid index or `source` does not fit; nothing is written then.
   * @throws {TypeError} if `source` is not array-like or holds elements of the wrong type (numbers vs bigints); nothing is written then.
   * @throws {StaleHandleError} if freed or released.
   * @throws {TypeError} without `import 'wasm-views/copy'`.
   */
  declare copyIn: (source: SourceOf<K>, offset?: number) => void;

  /**
   * Changes the length of a JS-owned buffer (from `heap.alloc`), keeping the
   * contents up to the smaller length and zero-filling the rest. The data may
   * move and memory may grow: call `getView()` again afterwards.
   *
   * @throws {RangeError} for a bad length.
   * @throws {TypeError} if the buffer is not JS-owned (Rust owns its buffers' sizes).
   * @throws {OutOfMemoryError} if memory cannot grow; the buffer is unchanged then.
   * @throws {BorrowError} if Rust borrows the buffer right now.
   * @throws {StaleHandleError} if freed or released.
   * @throws {TypeError} without `import 'wasm-views/js-buffers'`.
   */
  declare resize: (length: number) => void;

  /**
   * Retires this LiveView: every later `getView()` (and `length`, `copyIn`, ...)
   * throws StaleHandleError. If the buffer is JS-owned (made by
   * `heap.alloc`), it is released too, for every LiveView of it. A Rust-owned
   * or raw buffer is left alone: its owner releases it. Calling `free()` again
   * does nothing.
   *
   * @throws {BorrowError} if Rust borrows the buffer right now (nothing changes then).
   */
  free(): void {
    if (this.#freed) return;
    const module = this.#module;
    // Throws BorrowError while Rust borrows the buffer; this LiveView stays usable then.
    let js = false;
    try {
      js = module.read(this.handle, this.#entry)[ENTRY_STATE] === STATE_JS;
    } catch {
      // Not live any more: nothing to release.
    }
    if (js) module.free(this.handle);
    this.#freed = true;
    this._version = -1; // u32 reads are never -1: the fast path now always falls to #refresh
    hooks.untrack?.(this); // the FinalizationRegistry net's, if js-buffers is loaded
  }

  /** Same as `free()`, for `using view = heap.alloc(...)`. */
  declare [Symbol.dispose]: () => void;

  static {
    // The feature entries reach a LiveView's module through this (index.ts `internals`).
    liveModule = (view) => view.#module;
    // Shared and resizable buffers never detach, so their LiveViews leave the detach probe
    // out of the fast path: the version test alone, as the cheapest hand-written check on such
    // a buffer (bench `floor-shared`) does. With the probe (an array of length 1 then), shared
    // getView() measured 1.14x that floor in Firefox 153. A class of its own, not a test of
    // the mode in getView(): each call site sees one shape and one method.
    Steady = class extends this {
      override getView() {
        return this._u32[this._versionIndex] === this._version ? this._view : super.getView();
      }
    };
    // Calls `this.free()` (not the function itself), so a wrapped `free` (wasm-views/testing's
    // leak tracker) sees disposals too. A symbol key: never enumerated, like a method.
    (this.prototype as unknown as Record<symbol, unknown>)[DISPOSE] = function (this: LiveView) {
      this.free();
    };
  }
}

stubs(LiveView, 'LiveView', 'js-buffers resize;copy copyOut copyIn');

/** @internal A new LiveView (`code` -1: of any kind) of the live buffer `handle`. */
export function liveView(module: BoundModule, handle: number, code: number): LiveView<Kind> {
  // The constructor is private to keep it out of the public type; the module calls it.
  const Class = module.shared || module.resizable ? Steady : LiveView;
  return new (Class as unknown as new (...args: unknown[]) => LiveView)(module, handle, code);
}
