// Shared by the reliability suites: an independent reader of the descriptor table (with the
// numbers of crate/LAYOUT.md, parsed by layout.mjs, not the facade's code or its generated
// constants, so it can catch the facade out), the checksum the fixture computes in Rust, exact
// values for every kind, the checks of typed errors and status codes, and counters.
import * as wasmViews from 'wasm-views';
import { ENTRY, KIND_ARRAYS, KINDS, LAYOUT, STATE, STATUS } from './layout.mjs';

export { ENTRY, KIND_BYTES, KINDS, LAYOUT, STATE, STATUS } from './layout.mjs';
export const OWNER_STATE = { rust: STATE.rust, js: STATE.js, raw: STATE.raw };

// The arrays that hold each kind's bytes as the suites write them. f16 is written as its bits
// (the model's values for f16 are bit patterns), whatever view the engine gives.
const ARRAYS = KIND_ARRAYS.map((name, code) =>
  KINDS[code] === 'f16' ? Uint16Array : globalThis[name],
);
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

/** The bytes a typed array views. */
export const viewBytes = (view) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);

/** The bytes of a LiveView's current view. */
export const bytesOf = (lv) => viewBytes(lv.getView());

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

// The reader runs after every storm step for every buffer: one Uint32Array per buffer read,
// not one per call.
let wordsOf = null;
let wordsBuffer = null;
function words(buffer) {
  if (buffer !== wordsBuffer) {
    wordsBuffer = buffer;
    wordsOf = new Uint32Array(buffer);
  }
  return wordsOf;
}

/** The header's counters, read straight from memory (what `heap.stats()` must agree with). */
export function readHeader(buffer, table) {
  const u32 = words(buffer);
  const t = table >>> 2;
  return {
    magic: u32[t + LAYOUT.magicWord],
    version: u32[t + LAYOUT.versionWord],
    capacity: u32[t + LAYOUT.capacity],
    epoch: u32[t + LAYOUT.epoch],
    live: u32[t + LAYOUT.live],
  };
}

/** The word index of `slot`'s entry, or -1 when its chunk is not allocated. */
function entryWord(u32, table, slot) {
  const chunk = u32[(table >>> 2) + LAYOUT.directory + (slot >>> LAYOUT.chunkShift)];
  if (chunk === 0) return -1;
  return (chunk >>> 2) + (slot & (LAYOUT.chunkSlots - 1)) * LAYOUT.entryWords;
}

/** The words of `slot`'s entry by field name, live or not (null past the table's chunks). */
export function readSlot(buffer, table, slot) {
  const u32 = words(buffer);
  if (slot >= u32[(table >>> 2) + LAYOUT.capacity]) return null;
  const e = entryWord(u32, table, slot);
  if (e < 0) return null;
  return {
    ptr: u32[e + ENTRY.ptr],
    length: u32[e + ENTRY.length],
    kind: u32[e + ENTRY.kind],
    generation: u32[e + ENTRY.generation],
    version: u32[e + ENTRY.version],
    state: u32[e + ENTRY.state],
    releasedBy: ENTRY.releasedBy === undefined ? undefined : u32[e + ENTRY.releasedBy],
  };
}

/** The header of a bound module's table (its `wasmViewsTable`/`wasmViewsMemory` exports). */
export function headerOf(module) {
  return readHeader(module.wasmViewsMemory().buffer, module.wasmViewsTable());
}

/** The descriptor of `handle` read straight from memory, or null if the handle is not live. */
export function readEntry(buffer, table, handle) {
  const generation = handle >>> LAYOUT.slotBits;
  if (generation === 0) return null;
  const entry = readSlot(buffer, table, handle & LAYOUT.slotMask);
  if (entry === null || entry.generation !== generation || entry.state === STATE.free) return null;
  return entry;
}

/** Address ranges `[start, end)` of the table: the header, then every allocated chunk. */
export function tableRanges(buffer, table) {
  const u32 = words(buffer);
  const ranges = [[table, table + LAYOUT.headerBytes]];
  for (let c = 0; c < LAYOUT.maxChunks; c++) {
    const chunk = u32[(table >>> 2) + LAYOUT.directory + c];
    if (chunk === 0) break;
    ranges.push([chunk, chunk + LAYOUT.chunkSlots * LAYOUT.entryWords * 4]);
  }
  return ranges;
}

/** Copies of the bytes of every range of the table: must not change under hostile calls. */
export function tableBytes(buffer, table) {
  return tableRanges(buffer, table).map(([start, end]) =>
    new Uint8Array(buffer, start, end - start).slice(),
  );
}

/** The facade's error classes by name; argument errors are the built-in ones. */
export const ERROR_CLASSES = {
  StaleHandleError: wasmViews.StaleHandleError,
  KindMismatchError: wasmViews.KindMismatchError,
  OutOfMemoryError: wasmViews.OutOfMemoryError,
  BorrowError: wasmViews.BorrowError,
  GrowthError: wasmViews.GrowthError,
  RangeError,
  TypeError,
};

/** A violation the suites found: the only failure that counts as catching a mutant. */
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
 * Runs `fn`, which must throw an error of class `expected`; returns the error's name.
 * `direct`: the call bypasses the facade (a Rust function of the fixture returning the crate's
 * error as a JavaScript value), so the error's own `name` is what counts.
 * `mentions`: facts the message must state (the value, the limit, the handle...), as strings.
 */
export function expectError(fn, expected, what, { direct = false, mentions = [] } = {}) {
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
    if (Class !== RangeError && Class !== TypeError && !(error instanceof wasmViews.WasmViewsError))
      fail(`${what}: ${expected} does not extend WasmViewsError`);
  } else if (
    (expected === 'RangeError' && !(error instanceof RangeError)) ||
    (expected === 'TypeError' && !(error instanceof TypeError))
  ) {
    fail(`${what}: ${expected} is not a real ${expected} object`);
  }
  for (const fact of mentions) {
    if (!String(error.message).includes(String(fact)))
      fail(`${what}: the ${expected} does not say ${String(fact)}: ${error.message}`);
  }
  return name;
}

/**
 * Calls a raw `wasmViews...` export, which must return the status `expected` (a name of
 * crate/LAYOUT.md's status codes, e.g. 'STALE_HANDLE') and must not throw: the exports never
 * build a JavaScript error. Returns `STATUS_<expected>` as a counter name.
 */
export function expectStatus(fn, expected, what) {
  let status;
  try {
    status = fn();
  } catch (error) {
    fail(
      `${what}: expected status ${expected}, but the export threw ${error?.name}: ${error?.message}`,
    );
  }
  const want = STATUS[expected];
  if (status !== want) {
    const got = Object.keys(STATUS).find((name) => STATUS[name] === status);
    fail(
      `${what}: expected status ${expected} (${want}), got ${got ?? 'a non-status'} (${status})`,
    );
  }
  return `STATUS_${expected}`;
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
    byStatus: {},
    leaks: 0,
    instances: 0,
    runs: 0,
  };
}

export function countError(c, name, n = 1) {
  c.errorsByType[name] = (c.errorsByType[name] ?? 0) + n;
}

/** Counts a status code an export returned (the name `expectStatus` gives). */
export function countStatus(c, name) {
  c.byStatus[name] = (c.byStatus[name] ?? 0) + 1;
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
