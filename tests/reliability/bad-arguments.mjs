// The bad arguments of the hostile suite: every documented way to call wasm-views wrongly,
// with what it must give. At the facade, a typed error (RangeError, TypeError,
// KindMismatchError, OutOfMemoryError) that states the offending value; at the raw
// `wasmViews...` exports, which take u32 integers (a JavaScript number reaches them through
// wasm's integer conversion, as `value >>> 0` computes it), the documented status code and no
// exception. The facade validates numbers before it calls an export, so a value the export
// would see wrapped never reaches it from the facade.
import { KIND_BYTES, KINDS } from './common.mjs';

/** How a JavaScript number arrives at a u32 parameter of an export. */
const wrapped = (value) => value >>> 0;
const GIB2 = 2 ** 31;
const GIB4 = 2 ** 32;

/** The status of an allocation of `bytes` bytes that cannot succeed. */
const hugeStatus = (bytes) => (bytes >= GIB4 ? 'TOO_LARGE' : 'OUT_OF_MEMORY');
/** The facade's error for the same size. */
const hugeError = (bytes) => (bytes >= GIB4 ? 'RangeError' : 'OutOfMemoryError');

/**
 * `[what, attempt]` pairs. `attempt()` returns `{ call, error, direct?, mentions? }` (call
 * must throw `error`; `direct`: it bypasses the facade), `{ call, status }` (a raw export
 * that must return that status), or null when the value drawn would not be a bad argument
 * (it wraps to a live handle): the suite counts those as skipped.
 */
export function badArguments(p, r) {
  const { heap, fx } = p;
  const js = p.buffers.filter((b) => b.owner === 'js' && b.lv.getView().length > 0);
  const rust = p.buffers.filter((b) => b.owner !== 'js');
  const anyJs = () => js[r.below(js.length)];
  const anyRust = () => rust[r.below(rust.length)];
  const anyBuffer = () => p.buffers[r.below(p.buffers.length)];
  const otherKind = (b) => KINDS[(b.code + 1 + r.below(11)) % 12];
  const badNumbers = () =>
    r.pick([
      -1,
      -0.5,
      0.5,
      1.5,
      NaN,
      Infinity,
      -Infinity,
      GIB4,
      2 ** 53,
      -GIB2,
      4294967296.5,
      -r.below(1e9) - 1,
      r.below(1000) + 0.25,
    ]);
  const notNumbers = () =>
    r.pick(['3', '', 3n, null, undefined, {}, [], true, () => 1, Symbol('x')]);
  const badKinds = () =>
    r.pick(['F32', 'f128', 'float32', '', 'i8 ', 8, null, undefined, {}, 'u8C']);
  // Codes no kind has, also once wrapped to a u32.
  const badCodes = () => r.pick([-1, 12, 13, 255, GIB4 - 1, 1e10, 12 + r.below(GIB2)]);
  // A length whose byte size no 32-bit memory can hold: more than 2 GiB (past wasm32's
  // isize::MAX, which no allocation can get) is out of memory, 4 GiB or more does not fit the
  // descriptor's u32 byte size at all.
  const hugeLength = (code) => {
    const bytes = KIND_BYTES[code];
    return Math.floor((GIB2 + 1 + r.below(GIB4 - GIB2 - 2)) / bytes) + 1;
  };
  const facade = (call, error, mentions = []) => ({ call, error, mentions });
  // A bad number the facade must refuse with a RangeError that states it.
  const refused = (use) => {
    const value = badNumbers();
    return facade(() => use(value), 'RangeError', [String(value)]);
  };
  const direct = (call, error) => ({ call, error, direct: true });
  const status = (call, code) => ({ call, status: code });
  // A bad number at a handle parameter of an export: it wraps, and then must not be live.
  const wrappedHandle = (use) => {
    const value = badNumbers();
    return p.live.has(wrapped(value)) ? null : status(() => use(value), 'STALE_HANDLE');
  };
  return [
    ['handle: bad number', () => refused((v) => heap.getView(v))],
    ['handle: bad number (view)', () => refused((v) => heap.view(v))],
    ['handle: not a number', () => facade(() => heap.getView(notNumbers()), 'TypeError')],
    [
      'handle: not a number (describe)',
      () => facade(() => heap.describe(notNumbers()), 'TypeError'),
    ],
    ['handle: wraps, not live (core free)', () => wrappedHandle((v) => fx.wasmViewsFree(v))],
    ['handle: wraps, not live (core resize)', () => wrappedHandle((v) => fx.wasmViewsResize(v, 1))],
    ['length: bad number', () => refused((v) => heap.alloc(KINDS[r.below(12)], v))],
    [
      'length: not a number',
      () => facade(() => heap.alloc(KINDS[r.below(12)], notNumbers()), 'TypeError'),
    ],
    [
      'length: negative, wraps past 2 GiB (core)',
      () => {
        const code = r.below(12);
        const value = r.pick([-1, -GIB2, -r.below(1e9) - 1]);
        const bytes = wrapped(value) * KIND_BYTES[code];
        return status(() => fx.wasmViewsAlloc(code, value), hugeStatus(bytes));
      },
    ],
    [
      'length: beyond memory',
      () => {
        const code = r.below(12);
        const len = hugeLength(code);
        return facade(() => heap.alloc(KINDS[code], len), hugeError(len * KIND_BYTES[code]));
      },
    ],
    [
      'length: beyond memory (core)',
      () => {
        const code = r.below(12);
        const len = hugeLength(code);
        return status(() => fx.wasmViewsAlloc(code, len), hugeStatus(len * KIND_BYTES[code]));
      },
    ],
    [
      'length: beyond memory (resize)',
      () => {
        const b = anyJs();
        const len = hugeLength(b.code);
        return facade(() => b.lv.resize(len), hugeError(len * KIND_BYTES[b.code]));
      },
    ],
    [
      'length: beyond memory (core resize)',
      () => {
        const b = anyJs();
        const len = hugeLength(b.code);
        return status(
          () => fx.wasmViewsResize(b.handle, len),
          hugeStatus(len * KIND_BYTES[b.code]),
        );
      },
    ],
    ['resize: bad number', () => refused((v) => anyJs().lv.resize(v))],
    ['resize: not a number', () => facade(() => anyJs().lv.resize(notNumbers()), 'TypeError')],
    ['resize: Rust-owned', () => facade(() => anyRust().lv.resize(1 + r.below(9)), 'TypeError')],
    [
      'resize: Rust-owned (core)',
      () => status(() => fx.wasmViewsResize(anyRust().handle, 1 + r.below(9)), 'WRONG_OWNER'),
    ],
    [
      'free: Rust-owned (core)',
      () => status(() => fx.wasmViewsFree(anyRust().handle), 'WRONG_OWNER'),
    ],
    ['borrow: Rust-owned', () => direct(() => fx.checksumJs(anyRust().handle, 1), 'TypeError')],
    ['kind: unknown name', () => facade(() => heap.alloc(badKinds(), 1), 'TypeError')],
    // (undefined means "no kind check" there, so it is not a bad kind)
    [
      'kind: unknown name (view)',
      () => facade(() => heap.view(p.buffers[0].handle, badKinds() ?? 'x'), 'TypeError'),
    ],
    [
      'kind: unknown code (core)',
      () => status(() => fx.wasmViewsAlloc(badCodes(), 1), 'UNKNOWN_KIND'),
    ],
    [
      'kind: mismatch',
      () => {
        const b = anyBuffer();
        return facade(() => heap.getView(b.handle, otherKind(b)), 'KindMismatchError');
      },
    ],
    [
      'kind: mismatch (view)',
      () => {
        const b = anyBuffer();
        return facade(() => heap.view(b.handle, otherKind(b)), 'KindMismatchError');
      },
    ],
    [
      'kind: mismatch (Rust borrow)',
      () => {
        const b = anyJs();
        return direct(
          () => fx.fillJs(b.handle, KINDS.indexOf(otherKind(b)), 0),
          'KindMismatchError',
        );
      },
    ],
    ['copyIn: bad offset', () => refused((v) => anyJs().lv.copyIn([], v))],
    [
      'copyIn: too long',
      () => {
        const b = anyJs();
        const n = b.lv.getView().length + 1 + r.below(4);
        const source = new Array(n).fill(b.code >= 10 ? 1n : 1);
        return facade(() => b.lv.copyIn(source, r.below(2)), 'RangeError');
      },
    ],
    [
      'copyIn: not array-like',
      () => facade(() => anyJs().lv.copyIn(r.pick([null, undefined, 5, 'abc', true])), 'TypeError'),
    ],
    [
      'copyIn: wrong element type',
      () => {
        const b = anyJs();
        return facade(() => b.lv.copyIn(b.code >= 10 ? [1.5] : [1n]), 'TypeError');
      },
    ],
    [
      'reserve: bad number',
      () => {
        const value = r.pick([-1, NaN, 0.5, Infinity, -Infinity]);
        return facade(() => heap.reserve(value), 'RangeError', [String(value)]);
      },
    ],
    ['reserve: not a number', () => facade(() => heap.reserve(notNumbers()), 'TypeError')],
    [
      'reserve: beyond memory',
      () => facade(() => heap.reserve(GIB2 + r.below(2 ** 40)), 'OutOfMemoryError'),
    ],
    [
      'reserve: beyond memory (core)',
      () => status(() => fx.wasmViewsReserve(GIB2 + r.below(GIB2)), 'OUT_OF_MEMORY'),
    ],
    [
      'withoutGrowth: not a function',
      () =>
        facade(
          () => heap.withoutGrowth(r.pick([null, undefined, 5, 'f', {}, [], 1n])),
          'TypeError',
        ),
    ],
    [
      'onGrow: not a function',
      () => facade(() => heap.onGrow(r.pick([null, 5, 'f', {}])), 'TypeError'),
    ],
  ];
}
