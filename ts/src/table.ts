// The descriptor table, read straight from linear memory without calling into wasm: the
// TypeScript side of crate/src/table.rs (which writes it; the byte layout is crate/LAYOUT.md).
// The only file of the facade that knows where the words of the header and of an entry are.
import {
  CHUNK_SHIFT,
  CHUNK_SLOTS,
  ENTRY_GENERATION,
  ENTRY_KIND,
  ENTRY_LENGTH,
  ENTRY_PTR,
  ENTRY_RELEASED_BY,
  ENTRY_STATE,
  ENTRY_VERSION,
  ENTRY_WORDS,
  HEADER_CAPACITY,
  HEADER_CHUNK_SLOTS,
  HEADER_DIRECTORY,
  HEADER_ENTRY_BYTES,
  HEADER_MAGIC,
  HEADER_VERSION,
  KIND_BYTES,
  LAYOUT_VERSION,
  SLOT_BITS,
  SLOT_MASK,
  STATE_FREE,
  STATE_RAW,
  STATE_RUST,
  TABLE_MAGIC,
} from './abi.gen.js';
import {
  describeValue,
  KindMismatchError,
  MATCHING,
  StaleHandleError,
  WasmViewsError,
} from './errors.js';
import { checkHandle, handleText } from './handle.js';
import { arrayConstructor, kindName, type TypedArray } from './kinds.js';

/**
 * @internal One entry, read whole (`Table.read`): its words, indexed by the `ENTRY_*`
 * constants (`e[ENTRY_KIND]` is the kind code), `ENTRY_VERSION` the even sequence-lock
 * version they were read at. The Table's one scratch array, overwritten by the next read:
 * use it before anything else reads the table (an onGrow listener can).
 */
export type Entry = Uint32Array;

// Reads of an entry whose version stays odd (a corrupt table, or a writer that died mid-write)
// give up after this many tries instead of spinning forever. Large, because a writer thread
// descheduled mid-write on a busy machine holds the version odd too (~0.5 s of spinning).
const MAX_ATTEMPTS = 1 << 23;

const hex = (n: number) => `0x${n.toString(16)}`;

/** @internal A StaleHandleError naming the handle, its slot and generation, and why. */
export function staleError(handle: number, why: string): StaleHandleError {
  return new StaleHandleError(`${handleText(handle)} is not live: ${why}`);
}

/** Why a handle whose entry is `e` is not live. */
function staleReason(e: Entry): string {
  const by = e[ENTRY_RELEASED_BY];
  return e[ENTRY_STATE] !== STATE_FREE
    ? `its slot is at generation ${e[ENTRY_GENERATION]} now`
    : by === STATE_RUST
      ? 'its LiveVec was dropped or replaced (LiveVec::replace keeps handles)'
      : by === STATE_RAW
        ? 'raw registration released'
        : 'freed';
}

/**
 * @internal The descriptor table of one module and the buffer it is read through.
 *
 * The buffer rule: `u32` is a whole-memory view over `buf`, the last `memory.buffer` read.
 * `buffer(minEnd)` replaces both when `buf` is detached (memory grew, or `grow(0)`) or
 * shorter than a read needs (shared memory that grew), and fires `grew` (onGrow listeners). So read
 * `this.u32` after `buffer()` (every method here calls it first), never a copy taken before
 * it. After `view()`, `u32` is over the buffer the returned view is over: the fast path of
 * `LiveView.getView()` keeps that pair and compares the entry's version through its `u32`;
 * once that buffer is detached the read is `undefined`, never equal to a version, so it
 * falls to the slow path, which starts here again.
 */
export class Table {
  readonly memory: WebAssembly.Memory;
  /** The memory is a SharedArrayBuffer (threads): never detached, and written by other threads. */
  readonly shared: boolean;
  /** Word index (address / 4) of the header. */
  readonly header: number;
  /** The last `memory.buffer` read and its byteLength then (a detached buffer reads 0). */
  buf!: ArrayBufferLike;
  bufBytes!: number;
  /** Whole-memory u32 view over `buf` (length-tracking on a resizable buffer). */
  u32!: Uint32Array;
  /**
   * What `reread` calls when memory grew: `null` until `heap.onGrow` (wasm-views/growth) sets
   * it, so without listeners the rebuild path pays one field test, as it did for an empty set.
   */
  grew: ((previousBytes: number, memoryBytes: number) => void) | null = null;
  /** What `read()` returns, reused: a read allocated nothing (the one-shot `getView` path). */
  readonly e: Entry = new Uint32Array(ENTRY_WORDS);
  /** The version of the entry the last `oneShot()` viewed (what a LiveView compares). */
  version!: number;

  /** @throws {WasmViewsError} unless a table of this package's layout is at `address`. */
  constructor(memory: WebAssembly.Memory, address: unknown) {
    this.memory = memory;
    const buf = memory.buffer;
    if (typeof address !== 'number' || address % 4 || address + 32 > buf.byteLength) {
      throw new WasmViewsError(`bind(): no table at ${describeValue(address)}`);
    }
    const h = address >>> 2;
    const u32 = new Uint32Array(buf);
    // What the header says against what this package reads.
    const found = [
      hex(u32[h + HEADER_MAGIC]),
      u32[h + HEADER_VERSION],
      u32[h + HEADER_CHUNK_SLOTS],
      u32[h + HEADER_ENTRY_BYTES],
    ];
    const expected = [hex(TABLE_MAGIC), LAYOUT_VERSION, CHUNK_SLOTS, ENTRY_WORDS * 4];
    if (`${found}` !== `${expected}`) {
      throw new WasmViewsError(
        `bind(): the table at ${address} is not layout version ${LAYOUT_VERSION} (magic, version, slots per chunk, entry bytes: ${found}; expected ${expected}): ${MATCHING}`,
      );
    }
    this.header = h;
    // By tag, not instanceof: the memory may come from another realm (vm contexts, Jest).
    this.shared = Object.prototype.toString.call(buf) === '[object SharedArrayBuffer]';
    this.reread(); // sets buf, bufBytes and u32 (no listener yet to tell)
  }

  /** The current buffer, re-read only if the cached one is detached, grew, or is shorter than `minEnd` bytes. */
  buffer(minEnd: number): ArrayBufferLike {
    // `u32.length`, not `buf.byteLength`: the same test (0 once detached; length-tracking on a
    // resizable buffer), but ArrayBuffer's getter is a call into the engine's C++ in V8 and
    // the typed array's is inlined (about half the one-shot path's instructions in Node 20).
    if (this.u32.length * 4 === this.bufBytes && minEnd <= this.bufBytes) return this.buf;
    return this.reread();
  }

  /** Reads `memory.buffer` (the expensive getter), swaps `u32` if the buffer is another, and fires onGrow listeners if memory grew. */
  reread(): ArrayBufferLike {
    const buf = this.memory.buffer;
    if (buf !== this.buf) {
      this.buf = buf;
      this.u32 = new Uint32Array(buf);
    }
    const bytes = this.u32.length * 4; // buf.byteLength, without its call (see buffer())
    const previous = this.bufBytes;
    this.bufBytes = bytes;
    // Skipped without listeners: the event and the listener list would be built for nobody on
    // every rebuild after a growth (the benchmarks' rebuild path).
    if (bytes > previous && this.grew) this.grew(previous, bytes);
    return buf;
  }

  /**
   * Word index of the entry `handle` names (it never moves: chunks are never freed).
   * StaleHandleError if the handle cannot name one (TypeError or RangeError if it is not a
   * u32); whether it is live there is `read`'s to say.
   */
  entry(handle: number): number {
    const slot = handle & SLOT_MASK;
    const dir = this.header + HEADER_DIRECTORY + (slot >>> CHUNK_SHIFT);
    // Not a u32 at all: checkHandle's TypeError or RangeError. (Tested here rather than by
    // every caller first: Number.isInteger is a call in V8 11, a fifth of the one-shot path.)
    if (handle >>> SLOT_BITS === 0 || handle >>> 0 !== handle) {
      checkHandle(handle);
      throw staleError(handle, 'generation 0 is never issued (freed, forged, or not a handle)');
    }
    this.buffer(dir * 4 + 4);
    const capacity = this.u32[this.header + HEADER_CAPACITY];
    if (slot >= capacity)
      throw staleError(handle, `the table has ${capacity} slots (forged, or from another module)`);
    const chunk = this.u32[dir];
    if (!chunk || chunk % 4)
      throw staleError(handle, 'its chunk is not allocated (forged, or from another module)');
    const word = (chunk >>> 2) + (slot & (CHUNK_SLOTS - 1)) * ENTRY_WORDS;
    // Re-read if the entry lies past the buffer (shared memory another thread grew).
    this.buffer((word + ENTRY_WORDS) * 4);
    if (word + ENTRY_WORDS > this.u32.length)
      throw staleError(handle, 'its entry lies outside memory (corrupt table)');
    return word;
  }

  /**
   * The entry at `word`, read whole under its sequence lock (LAYOUT.md): the version is odd
   * while the core writes the entry (from another thread), and the same even version before
   * and after the other reads means they all saw one state of it.
   *
   * @throws {StaleHandleError} unless `handle` is live there (the reason read from the entry).
   * @throws {WasmViewsError} if the version never settles (a corrupt table, or a writer that died).
   */
  read(handle: number, word: number): Entry {
    this.buffer((word + ENTRY_WORDS) * 4);
    const u32 = this.u32;
    const e = this.e;
    let settled = false;
    // Atomics (plain reads could be reordered around the version reads on shared memory),
    // and the version read before and after the others, as another thread may write
    // meanwhile. No other thread writes a non-shared memory, so an odd version there cannot
    // change while we look: one try. (Off the hot paths since oneShot() reads the words
    // where they lie, so one loop for both: smaller than the unrolled plain reads it replaced.)
    // The buffer is checked once: a shared one is never detached nor replaced by a shorter one.
    for (let attempt = 0; !settled && attempt < (this.shared ? MAX_ATTEMPTS : 1); attempt++) {
      const version = Atomics.load(u32, word + ENTRY_VERSION);
      if (version % 2) continue;
      for (let i = 0; i < ENTRY_WORDS; i++) e[i] = Atomics.load(u32, word + i);
      // Changed meanwhile? Versions only grow, so a change before the loop read
      // e[ENTRY_VERSION] shows here too: once settled, e[ENTRY_VERSION] is `version`.
      settled = Atomics.load(u32, word + ENTRY_VERSION) === version;
    }
    if (!settled)
      throw new WasmViewsError(`${handleText(handle)}: its entry never settled (corrupt table)`);
    if (e[ENTRY_GENERATION] !== handle >>> SLOT_BITS || e[ENTRY_STATE] === STATE_FREE)
      throw staleError(handle, staleReason(e));
    return e;
  }

  /**
   * The live entry of `handle`, read whole.
   * @param expected a kind code the buffer must have, or -1 for any.
   * @param word the entry's word index, if the caller has it (`entry(handle)`).
   * @throws {StaleHandleError} if the handle is not live.
   * @throws {KindMismatchError} if the buffer's kind is not `expected`.
   */
  find(handle: number, expected = -1, word?: number): Entry {
    const e = this.read(handle, word ?? this.entry(handle));
    if (expected >= 0 && e[ENTRY_KIND] !== expected) {
      throw new KindMismatchError(
        `${handleText(handle)} is a ${kindName(e[ENTRY_KIND])} buffer, not ${kindName(expected)}`,
      );
    }
    return e;
  }

  /**
   * A view of the elements of `handle`'s live buffer over the current buffer, and the
   * entry's version in `version`: the one-shot `heap.getView` and a LiveView's rebuild
   * (after it, `u32` is over the buffer the view is over).
   *
   * Where no other thread writes the memory, the words are tested and used where they lie:
   * no copy, no call, no message built. Anything that is not a live entry of the expected
   * kind there, and shared memory (where the sequence lock needs the copy), takes find(),
   * which throws the precise error or returns the copy; the bounds test is common to both.
   * Against a bare `new Float32Array(memory.buffer, ptr, len)` the fast path measured about
   * 0.9-1.0× in Node 20-26 when the layout constants are folded (see BENCHMARKS.md).
   *
   * @param expected a kind code the buffer must have, or -1 for any.
   * @throws {StaleHandleError} if the handle is not live.
   * @throws {KindMismatchError} if the buffer's kind is not `expected`.
   * @throws {WasmViewsError} if the elements do not fit memory or are misaligned (a corrupt entry).
   * @throws {TypeError} for a kind code the engine has no array type for.
   */
  oneShot(handle: number, expected: number): TypedArray {
    // A detached (or, resizable, grown) buffer is re-read here rather than by find(), so a
    // LiveView's first getView() after a growth stays on the fast path.
    this.buffer(0);
    let e = this.u32; // the entry's words: in place (at `word`), or find()'s copy (at 0)
    let word = -1;
    const slot = handle & SLOT_MASK;
    if (
      !this.shared &&
      handle >>> 0 === handle && // (generation 0 is left to the generation test: no live entry has it)
      slot < e[this.header + HEADER_CAPACITY]
    ) {
      const chunk = e[this.header + HEADER_DIRECTORY + (slot >>> CHUNK_SHIFT)];
      if (chunk && !(chunk % 4)) word = (chunk >>> 2) + (slot & (CHUNK_SLOTS - 1)) * ENTRY_WORDS;
    }
    if (
      !(word >= 0 && word + ENTRY_WORDS <= e.length) ||
      e[word + ENTRY_VERSION] % 2 ||
      e[word + ENTRY_GENERATION] !== handle >>> SLOT_BITS ||
      e[word + ENTRY_STATE] === STATE_FREE ||
      (expected >= 0 && e[word + ENTRY_KIND] !== expected)
    ) {
      e = this.find(handle, expected);
      word = 0;
    }
    const version = e[word + ENTRY_VERSION];
    const kind = e[word + ENTRY_KIND];
    const length = e[word + ENTRY_LENGTH];
    const ptr = length && e[word + ENTRY_PTR]; // the pointer of an empty buffer may dangle
    const bytes = KIND_BYTES[kind];
    const end = ptr + length * bytes;
    // Re-reads only a buffer too short for the elements (shared memory another thread grew:
    // that may fire onGrow listeners, which may read the table, so `e` is not read after it).
    const buf = this.buffer(end);
    // An unknown kind (bytes undefined) passes both tests, for arrayConstructor's TypeError.
    // `& (bytes - 1)`, not `% bytes`: sizes are powers of two.
    if (end > this.bufBytes || ptr & (bytes - 1)) {
      throw new WasmViewsError(
        `corrupt descriptor: ${length} elements of ${bytes} bytes at ${ptr} do not fit a ${this.bufBytes}-byte memory`,
      );
    }
    this.version = version;
    return new (arrayConstructor(kind))(buf, ptr, length);
  }
}
