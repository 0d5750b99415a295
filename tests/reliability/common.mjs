// Shared by the reliability suites: an independent reader of the descriptor table (written
// from crate/LAYOUT.md, not from the facade's code, so it can catch the facade out), the
// checksum the fixture computes in Rust, exact values for every kind, and counters.
import {
  BorrowError,
  GrowthError,
  KindMismatchError,
  OutOfMemoryError,
  StaleHandleError,
  WasmViewsError,
} from 'wasm-views';

// crate/LAYOUT.md, version 1.
export const LAYOUT = {
  magic: 0x54445657,
  version: 1,
  capacity: 2,
  epoch: 3,
  live: 4,
  directory: 8,
  chunkShift: 8,
  chunkSlots: 256,
  maxChunks: 4096,
  entryWords: 8,
  slotBits: 20,
  slotMask: 0xfffff,
  maxGeneration: 4095,
  headerBytes: (8 + 4096) * 4,
};
export const ENTRY = { ptr: 0, length: 1, kind: 2, generation: 3, version: 4, state: 5 };
export const STATE = { free: 0, rust: 1, js: 2, raw: 3 };
export const OWNER_STATE = { rust: STATE.rust, js: STATE.js, raw: STATE.raw };

export const KINDS = [
  'i8',
  'u8',
  'u8c',
  'i16',
  'u16',
  'i32',
  'u32',
  'f16',
  'f32',
  'f64',
  'i64',
  'u64',
];
export const KIND_BYTES = [1, 1, 1, 2, 2, 4, 4, 2, 4, 8, 8, 8];
// The arrays that hold each kind's bytes as the suites write them. f16 is written as its bits
// (the model's values for f16 are bit patterns), whatever view the engine gives.
const ARRAYS = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Uint16Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
];
export const isBigintKind = (code) => code >= 10;

/** The element array over `bytes` for kind `code` (bits for f16). */
export function elements(code, buffer, byteOffset, length) {
  return new ARRAYS[code](buffer, byteOffset, length);
}

/** `length` elements of kind `code` as a fresh array of the model's element type. */
export function newElements(code, length) {
  return new ARRAYS[code](length);
}

/** The kind's array constructor (the model's element type). */
export function arrayOf(code) {
  return ARRAYS[code];
}

/**
 * An exact value of kind `code` from two random seeds: every kind stores it unchanged, and
 * Rust's `as` conversion from the same f64 gives the same bits (64-bit integers stay within
 * 2^53 so they cross as numbers). Floats are never NaN: engines may canonicalise NaN bits.
 */
export function valueFor(code, int, dbl) {
  switch (code) {
    case 0:
      return (int << 24) >> 24;
    case 1:
    case 2:
      return int & 0xff;
    case 3:
      return (int << 16) >> 16;
    case 4:
    case 7:
      return int & 0xffff;
    case 5:
      return int | 0;
    case 6:
      return int >>> 0;
    case 8:
      return Math.fround(dbl);
    case 9:
      return dbl;
    case 10:
      return BigInt((int | 0) * 1048573 + (int & 0xfffff));
    case 11:
      return BigInt((int >>> 0) * 1048573 + (int & 0xfffff));
    default:
      throw new Error(`no kind ${code}`);
  }
}

/** The number Rust receives for a value (64-bit kinds cross as exact safe integers). */
export const toNumber = (value) => (typeof value === 'bigint' ? Number(value) : value);

/** 32-bit FNV-1a, as the fixture computes it in Rust. */
export function fnv1a(bytes) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  return hash >>> 0;
}

/** Byte-wise equality; returns the first differing index or -1. */
export function firstDifference(a, b) {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  const n = a.length;
  let i = 0;
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const words = n >>> 2;
    const wa = new Uint32Array(a.buffer, a.byteOffset, words);
    const wb = new Uint32Array(b.buffer, b.byteOffset, words);
    for (; i < words; i++) if (wa[i] !== wb[i]) break;
    i <<= 2;
  }
  for (; i < n; i++) if (a[i] !== b[i]) return i;
  return -1;
}

/** The descriptor of `handle` read straight from memory, or null if the handle is not live. */
export function readEntry(buffer, table, handle) {
  const u32 = new Uint32Array(buffer);
  const t = table >>> 2;
  const slot = handle & LAYOUT.slotMask;
  const generation = handle >>> LAYOUT.slotBits;
  if (generation === 0 || slot >= u32[t + LAYOUT.capacity]) return null;
  const chunk = u32[t + LAYOUT.directory + (slot >>> LAYOUT.chunkShift)];
  if (chunk === 0) return null;
  const e = (chunk >>> 2) + (slot & (LAYOUT.chunkSlots - 1)) * LAYOUT.entryWords;
  const entry = {
    ptr: u32[e + ENTRY.ptr],
    length: u32[e + ENTRY.length],
    kind: u32[e + ENTRY.kind],
    generation: u32[e + ENTRY.generation],
    version: u32[e + ENTRY.version],
    state: u32[e + ENTRY.state],
  };
  if (entry.generation !== generation || entry.state === STATE.free) return null;
  return entry;
}

/** The bytes of the header and of every allocated chunk: must not change under hostile calls. */
export function tableBytes(buffer, table) {
  const u32 = new Uint32Array(buffer);
  const t = table >>> 2;
  const parts = [new Uint8Array(buffer, table, LAYOUT.headerBytes).slice()];
  for (let c = 0; c < LAYOUT.maxChunks; c++) {
    const chunk = u32[t + LAYOUT.directory + c];
    if (chunk === 0) break;
    parts.push(new Uint8Array(buffer, chunk, LAYOUT.chunkSlots * LAYOUT.entryWords * 4).slice());
  }
  return parts;
}

/** Address ranges of the table (header and chunks). */
export function tableRanges(buffer, table) {
  const u32 = new Uint32Array(buffer);
  const t = table >>> 2;
  const ranges = [[table, table + LAYOUT.headerBytes]];
  for (let c = 0; c < LAYOUT.maxChunks; c++) {
    const chunk = u32[t + LAYOUT.directory + c];
    if (chunk === 0) break;
    ranges.push([chunk, chunk + LAYOUT.chunkSlots * LAYOUT.entryWords * 4]);
  }
  return ranges;
}

/** The facade's error classes by name; argument errors are the built-in ones. */
export const ERROR_CLASSES = {
  StaleHandleError,
  KindMismatchError,
  OutOfMemoryError,
  BorrowError,
  GrowthError,
  RangeError,
  TypeError,
};

export class Failure extends Error {
  constructor(message) {
    super(message);
    this.name = 'ReliabilityFailure';
  }
}

export function fail(message) {
  throw new Failure(message);
}

/**
 * Runs `fn`, which must throw an error of class `expected` (by name for errors that come
 * straight from the core, whose classes are plain Error). Returns the error's name.
 * `direct`: the call bypasses the facade, so the core's own `name` is what counts.
 */
export function expectError(fn, expected, what, { direct = false } = {}) {
  let error;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  if (error === undefined) fail(`${what}: expected ${expected}, but it did not throw`);
  const name = error?.name;
  if (name !== expected) fail(`${what}: expected ${expected}, got ${name}: ${error?.message}`);
  if (!(error instanceof Error)) fail(`${what}: threw a non-Error ${String(error)}`);
  if (!direct) {
    const Class = ERROR_CLASSES[expected];
    if (Class !== undefined && !(error instanceof Class))
      fail(`${what}: ${expected} is not an instance of the exported class`);
    if (Class !== RangeError && Class !== TypeError && !(error instanceof WasmViewsError))
      fail(`${what}: ${expected} does not extend WasmViewsError`);
  } else if (
    (expected === 'RangeError' && !(error instanceof RangeError)) ||
    (expected === 'TypeError' && !(error instanceof TypeError))
  ) {
    fail(`${what}: ${expected} is not a real ${expected} object`);
  }
  return name;
}

/** Counters shared by a run and merged into the report. */
export function counters() {
  return {
    operations: 0,
    byOperation: {},
    growths: 0,
    grownPages: 0,
    detaches: 0,
    viewChecks: 0,
    staleViews: 0,
    bytesCompared: 0,
    mismatchedBytes: 0,
    rustChecksums: 0,
    errorsByType: {},
    leaks: 0,
    instances: 0,
    runs: 0,
  };
}

export function countError(c, name, n = 1) {
  c.errorsByType[name] = (c.errorsByType[name] ?? 0) + n;
}

export function mergeCounters(into, from) {
  for (const [key, value] of Object.entries(from)) {
    if (typeof value === 'number') into[key] = (into[key] ?? 0) + value;
    else if (value && typeof value === 'object') {
      into[key] ??= {};
      for (const [k, v] of Object.entries(value)) into[key][k] = (into[key][k] ?? 0) + v;
    }
  }
  return into;
}

/** A small seeded PRNG (xorshift128+ reduced to 32 bits) for the volume suites. */
export function rng(seed) {
  let a = seed >>> 0 || 1;
  let b = (seed * 0x9e3779b1) >>> 0 || 2;
  let c = 0x6d2b79f5;
  let d = 0x85ebca6b;
  const next = () => {
    const t = a ^ (a << 11);
    a = b;
    b = c;
    c = d;
    d = (d ^ (d >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    return d;
  };
  for (let i = 0; i < 16; i++) next();
  return {
    u32: next,
    /** integer in [0, n) */
    below: (n) => Math.floor((next() / 4294967296) * n),
    float: () => next() / 4294967296,
    double: () => {
      const view = new DataView(new ArrayBuffer(8));
      view.setUint32(0, next());
      view.setUint32(4, next());
      const x = view.getFloat64(0);
      return Number.isFinite(x) ? x : next() - 2147483648;
    },
    pick: (array) => array[Math.floor((next() / 4294967296) * array.length)],
  };
}
