// A hand-made descriptor table (crate/LAYOUT.md, version 1) over any memory-like object,
// for modes the real core cannot reach in Node 20 (shared memory, resizable buffers) and
// states it never produces on purpose. The wasmViews* calls are minimal stand-ins.

export interface MemoryLike {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}

/** Word offsets in an entry (crate/LAYOUT.md), for tests that forge one: `w[core.entry(slot) + VERSION]`. */
export const PTR = 0;
export const LENGTH = 1;
export const KIND = 2;
export const GENERATION = 3;
export const VERSION = 4;
export const STATE = 5;

const TABLE = 1024;
/** Word index of the table header, and word offsets in it: `w[TABLE_WORD + CAPACITY]`. */
export const TABLE_WORD = TABLE / 4;
export const CAPACITY = 2;
export const DIRECTORY = 8;
const CHUNK = 20480;
const DATA = 32768;
const BYTES = [1, 1, 1, 2, 2, 4, 4, 2, 4, 8, 8, 8];

export class FakeCore {
  readonly memory: MemoryLike;
  readonly exports: Record<string, unknown>;
  private top = DATA;

  constructor(memory: MemoryLike) {
    this.memory = memory;
    const w = this.words();
    w.set([0x54445657, 1, 256, 0, 0, 256, 32, 0], TABLE / 4);
    w[TABLE / 4 + 8] = CHUNK;
    // What a module built without the crate's optional features exports, plus stand-ins for
    // free/resize/reserve that report success (status 0); tests replace them as needed.
    this.exports = {
      wasmViewsTable: () => TABLE,
      wasmViewsMemory: () => memory,
      wasmViewsResize: () => 0,
      wasmViewsFree: () => 0,
      wasmViewsReserve: () => 0,
    };
  }

  /** Releases a slot as the core does: `by` is the state it had (1 rust, 2 js, 3 raw). */
  release(slot: number, by: number): void {
    const w = this.words();
    const e = this.entry(slot);
    w[e + 4] += 1; // odd: being written
    w[e + 5] = 0;
    w[e + 3] += 1;
    w[e + 6] = by;
    w[e + 4] += 1;
  }

  words(): Uint32Array {
    return new Uint32Array(this.memory.buffer);
  }

  /** Word index of a slot's entry. */
  entry(slot: number): number {
    return CHUNK / 4 + slot * 8;
  }

  /** Registers a buffer (state 1 = Rust-owned, 2 = JS-owned) at the next free address; returns its handle. */
  register(slot: number, kind: number, length: number, state = 1): number {
    const ptr = this.place(kind, length);
    const w = this.words();
    const e = this.entry(slot);
    w[e] = ptr;
    w[e + 1] = length;
    w[e + 2] = kind;
    w[e + 3] = 1;
    w[e + 4] += 2; // the version moves in twos (a sequence lock: odd while written)
    w[e + 5] = state;
    return (1 << 20) | slot;
  }

  /** Moves a buffer to `ptr` (or the next free address), copying its data, like a reallocating Vec. */
  move(handle: number, length: number, ptr?: number): void {
    const slot = handle & 0xfffff;
    const e = this.entry(slot);
    let w = this.words();
    const kind = w[e + 2];
    const target = ptr ?? this.place(kind, length);
    const bytes = new Uint8Array(this.memory.buffer);
    bytes.copyWithin(target, w[e], w[e] + Math.min(w[e + 1], length) * BYTES[kind]);
    w = this.words();
    w[e] = target;
    w[e + 1] = length;
    w[e + 4] += 2; // the version moves in twos (a sequence lock: odd while written)
  }

  private place(kind: number, length: number): number {
    const ptr = this.top;
    this.top += Math.max(8, length * BYTES[kind]);
    return ptr;
  }
}
