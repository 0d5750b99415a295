// The JavaScript half of the view constructor proposed for crate/src/view.rs (measured by the
// benchmark as `rust-view-proposed`): the kind arrives as its code, not as a string to decode,
// and the constructors are looked up once.

const NAMES = [
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float16Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];
const ctors = [];

/** A view of `length` elements of kind `code` at byte address `ptr` in `memory`'s current buffer. */
export function bench_make_view(memory, code, ptr, length) {
  const Ctor = ctors[code] ?? (ctors[code] = globalThis[NAMES[code]] ?? Uint16Array);
  return new Ctor(memory.buffer, ptr, length);
}
