import {
  CHUNK_SHIFT,
  CHUNK_SLOTS,
  ENTRY_GENERATION,
  ENTRY_STATE,
  ENTRY_WORDS,
  HEADER_CAPACITY,
  HEADER_DIRECTORY,
  KIND_BYTES,
  SLOT_BITS,
  SLOT_MASK,
  STATE_FREE,
  STATE_JS,
} from './abi.gen.js';
import { mapCoreError, StaleHandleError, WasmViewsError } from './errors.js';
import { arrayConstructor, describeValue, type Kind, type TypedArray } from './kinds.js';

/**
 * The exports every wasm-bindgen module built with the `wasm-views` crate has
 * (they are prefixed so they cannot clash with the module's own exports).
 * `bind()` needs all of them.
 */
export interface WasmViewsExports {
  wasmViewsTable(): number;
  wasmViewsMemory(): WebAssembly.Memory;
  wasmViewsAlloc(kind: number, length: number): number;
  wasmViewsResize(handle: number, length: number): void;
  wasmViewsFree(handle: number): void;
  wasmViewsReserve(bytes: number): void;
  wasmViewsStats(): CoreStats;
  wasmViewsDescribe(handle: number): HandleInfo;
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

/** What the Rust core reports about its memory and table (`wasmViewsStats`). */
export interface CoreStats {
  /** Current memory size in bytes. */
  memoryBytes: number;
  /** Current memory size in 64 KiB pages. */
  pages: number;
  /** The memory's maximum in pages, or `null` when it has none. */
  maximumPages: number | null;
  /** Handles currently live (Rust-owned, JS-owned and raw). */
  liveHandles: number;
  /** Slots in the allocated chunks of the descriptor table. */
  tableCapacity: number;
  /** Bumped each time the core observes that memory has grown. */
  growthEpoch: number;
}

/** One handle's descriptor, as `heap.describe(handle)` returns it. */
export interface HandleInfo {
  /** The handle itself: `(generation << 20) | slot`. */
  handle: number;
  /** Slot index in the descriptor table. */
  slot: number;
  /** The slot's generation, 1..4095. */
  generation: number;
  /** Byte address of element 0 in linear memory. */
  ptr: number;
  /** Number of elements. */
  length: number;
  /** `length` times the element size. */
  byteLength: number;
  /** Element kind. */
  kind: Kind;
  /** Who releases the buffer: its Rust owner, JavaScript (`free()`), or whoever registered it raw. */
  owner: 'rust' | 'js' | 'raw';
}

/** What `onGrow` listeners receive. */
export interface GrowEvent {
  /** Memory size in bytes when the facade last looked. */
  previousBytes: number;
  /** Memory size in bytes now. */
  memoryBytes: number;
  /** Memory size in 64 KiB pages now. */
  pages: number;
}

/** A growth listener; see `Heap.onGrow`. */
export type GrowListener = (event: GrowEvent) => void;

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

const PAGE = 65536;

/** @internal TypeError / RangeError unless `value` is an integer in [0, max]. */
export function checkInteger(value: unknown, what: string, max: number): number {
  if (typeof value !== 'number') {
    throw new TypeError(`${what} must be a number, got ${describeValue(value)}`);
  }
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(
      `${what} must be an integer from 0 to ${max}, got ${describeValue(value)}`,
    );
  }
  return value;
}

/** @internal */
export function checkHandle(handle: unknown): number {
  return checkInteger(handle, 'handle', 0xffffffff);
}

function plain<T>(value: T): T {
  // serde-wasm-bindgen may hand back a Map for a struct, depending on its settings.
  return value instanceof Map ? (Object.fromEntries(value) as T) : value;
}

let textProbe: boolean | undefined;

/** Do TextDecoder.decode and TextEncoder.encodeInto accept views of a resizable buffer? (Chromium and Firefox: no.) */
function textAcceptsResizable(): boolean {
  if (textProbe === undefined) {
    try {
      const Buffer = ArrayBuffer as unknown as new (
        n: number,
        o: { maxByteLength: number },
      ) => ArrayBuffer;
      const rab = new Buffer(1, { maxByteLength: 2 });
      if ((rab as { resizable?: boolean }).resizable !== true)
        throw new Error('no resizable ArrayBuffer');
      new TextDecoder().decode(new Uint8Array(rab, 0, 1));
      new TextDecoder().decode(new Uint8Array(rab));
      new TextEncoder().encodeInto('a', new Uint8Array(rab, 0, 1));
      textProbe = true;
    } catch {
      textProbe = false;
    }
  }
  return textProbe;
}

let finalized = 0;

/**
 * @internal One bound module: its exports, memory, table address and the
 * facade's cached view of memory. Everything here is off the hot path except
 * the fields LiveView copies (`u32`).
 */
export class Core {
  readonly exports: WasmViewsExports;
  readonly memory: WebAssembly.Memory;
  /** Word index (address / 4) of the table header. */
  readonly tableWord: number;
  readonly debug: boolean;
  readonly shared: boolean;
  resizable = false;
  resizableReason: string | null = null;
  /** The last `memory.buffer` read and its byteLength then (a detached buffer reads 0). */
  buf: ArrayBufferLike;
  bufBytes: number;
  /** Whole-memory u32 view over `buf` (length-tracking on a resizable buffer). */
  u32: Uint32Array;
  readonly listeners = new Set<GrowListener>();

  constructor(
    exports: WasmViewsExports,
    memory: WebAssembly.Memory,
    tableAddress: number,
    options: HeapOptions,
  ) {
    this.exports = exports;
    this.memory = memory;
    this.tableWord = tableAddress >>> 2;
    this.debug = options.debug === true;
    const buf = memory.buffer;
    // By tag, not instanceof: the memory may come from another realm (vm contexts, Jest).
    this.shared = Object.prototype.toString.call(buf) === '[object SharedArrayBuffer]';
    this.buf = buf;
    this.bufBytes = buf.byteLength;
    this.u32 = new Uint32Array(buf);
    if ((buf as { resizable?: boolean }).resizable === true) {
      this.resizable = true; // converted earlier (another bind, or the module itself)
    } else if (options.resizable === true) {
      this.makeResizable();
    }
  }

  private makeResizable(): void {
    const memory = this.memory as WebAssembly.Memory & { toResizableBuffer?: () => ArrayBuffer };
    let reason: string | null = null;
    if (this.shared) {
      reason = 'shared memory: a SharedArrayBuffer is never detached, so it is kept as is';
    } else if (typeof memory.toResizableBuffer !== 'function') {
      reason = 'this engine has no WebAssembly.Memory.prototype.toResizableBuffer';
    } else if (!textAcceptsResizable()) {
      reason =
        "this engine's TextDecoder/TextEncoder reject views of resizable buffers, and wasm-bindgen's string glue uses them";
    } else {
      // No engine reports a memory's maximum before this call (memory.type() is not
      // shipped), and the call throws without one: let it decide.
      try {
        memory.toResizableBuffer();
        this.resizable = true;
      } catch (error) {
        reason = `toResizableBuffer() threw (the memory needs a maximum: link the module with --max-memory=N): ${String(error)}`;
      }
    }
    this.resizableReason = reason;
    this.reread();
  }

  /** The current buffer, re-read only if the cached one is detached, grew, or is shorter than `minEnd` bytes. */
  buffer(minEnd: number): ArrayBufferLike {
    const buf = this.buf;
    if (buf.byteLength === this.bufBytes && minEnd <= this.bufBytes) return buf;
    return this.reread();
  }

  /** Reads `memory.buffer` (the expensive getter) and fires onGrow listeners if memory grew. */
  reread(): ArrayBufferLike {
    const buf = this.memory.buffer;
    if (buf !== this.buf) {
      this.buf = buf;
      this.u32 = new Uint32Array(buf);
    }
    const bytes = buf.byteLength;
    const previous = this.bufBytes;
    if (bytes !== previous) {
      this.bufBytes = bytes;
      if (bytes > previous) this.grew(previous, bytes);
    }
    return buf;
  }

  private grew(previousBytes: number, memoryBytes: number): void {
    if (this.listeners.size === 0) return;
    const event: GrowEvent = { previousBytes, memoryBytes, pages: memoryBytes / PAGE };
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        // Like EventTarget: one failing listener neither stops the others nor the caller.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /** Runs after each call into wasm. */
  private after(): void {
    if (this.debug) this.memory.grow(0);
    this.reread();
  }

  /**
   * Word index of a live handle's entry, with `u32` covering it; StaleHandleError otherwise.
   * Reads only the header and the entry.
   */
  entryWord(handle: number): number {
    const slot = handle & SLOT_MASK;
    const generation = handle >>> SLOT_BITS;
    const t = this.tableWord;
    const stale = (why: string) =>
      new StaleHandleError(
        `handle ${handle} (slot ${slot}, generation ${generation}) is not live: ${why}`,
      );
    if (generation === 0)
      throw stale('generation 0 is never issued (freed, forged, or not a handle)');
    this.buffer((t + HEADER_DIRECTORY + (slot >>> CHUNK_SHIFT) + 1) * 4);
    let u32 = this.u32;
    const capacity = u32[t + HEADER_CAPACITY];
    if (slot >= capacity)
      throw stale(`the table has ${capacity} slots (forged, or from another module)`);
    const chunk = u32[t + HEADER_DIRECTORY + (slot >>> CHUNK_SHIFT)];
    if (chunk === 0 || chunk % 4 !== 0)
      throw stale('its chunk is not allocated (forged, or from another module)');
    const entry = (chunk >>> 2) + (slot & (CHUNK_SLOTS - 1)) * ENTRY_WORDS;
    this.buffer((entry + ENTRY_WORDS) * 4);
    u32 = this.u32;
    if (entry + ENTRY_WORDS > u32.length)
      throw stale('its entry lies outside memory (corrupt table)');
    const current = u32[entry + ENTRY_GENERATION];
    if (current !== generation || u32[entry + ENTRY_STATE] === STATE_FREE) {
      throw stale(
        u32[entry + ENTRY_STATE] === STATE_FREE
          ? 'the buffer was freed'
          : `the buffer was released (the slot is now at generation ${current})`,
      );
    }
    return entry;
  }

  /** Is the live handle at `entry` JS-owned? (false if it is no longer live) */
  isJsOwned(handle: number, entry: number): boolean {
    try {
      return this.entryWord(handle) === entry && this.u32[entry + ENTRY_STATE] === STATE_JS;
    } catch {
      return false;
    }
  }

  /** A view of `length` elements of kind `code` at `ptr` over the current buffer. */
  makeView(code: number, ptr: number, length: number): TypedArray {
    const Array = arrayConstructor(code);
    if (length === 0) return new Array(this.buffer(0), 0, 0); // ptr may dangle
    const bytes = KIND_BYTES[code];
    const end = ptr + length * bytes;
    const buf = this.buffer(end);
    if (end > buf.byteLength || ptr % bytes !== 0) {
      throw new WasmViewsError(
        `corrupt descriptor: ${length} elements of ${bytes} bytes at ${ptr} do not fit a ${buf.byteLength}-byte memory`,
      );
    }
    return new Array(buf, ptr, length);
  }

  /**
   * Every call into wasm goes through here: core errors become our classes, and afterwards
   * the facade looks for growth (and detaches the buffer in debug mode), even on failure.
   */
  private call<T>(fn: (exports: WasmViewsExports) => T): T {
    try {
      return fn(this.exports);
    } catch (error) {
      throw mapCoreError(error);
    } finally {
      this.after();
    }
  }

  alloc(code: number, length: number): number {
    return this.call((e) => e.wasmViewsAlloc(code, length));
  }

  resize(handle: number, length: number): void {
    this.call((e) => e.wasmViewsResize(handle, length));
  }

  free(handle: number): void {
    this.call((e) => e.wasmViewsFree(handle));
  }

  reserve(bytes: number): void {
    this.call((e) => e.wasmViewsReserve(bytes));
  }

  coreStats(): CoreStats {
    return plain(this.call((e) => e.wasmViewsStats()));
  }

  describe(handle: number): HandleInfo {
    return plain(this.call((e) => e.wasmViewsDescribe(handle)));
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

  /** Buffers released by the FinalizationRegistry net so far (all modules). */
  static get finalized(): number {
    return finalized;
  }
}
