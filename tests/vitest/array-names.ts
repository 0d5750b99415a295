// The typed-array constructor each kind's views must have, written out by hand (not derived
// from the facade's table, so a wrong entry there fails the tests that use this).
import type { Kind } from 'wasm-views';

/** Kind -> the constructor name its views have (`f16`: see {@link arrayNameOf}). */
export const ARRAY_NAMES: Record<Kind, string> = {
  i8: 'Int8Array',
  u8: 'Uint8Array',
  u8c: 'Uint8ClampedArray',
  i16: 'Int16Array',
  u16: 'Uint16Array',
  i32: 'Int32Array',
  u32: 'Uint32Array',
  f16: 'Float16Array',
  f32: 'Float32Array',
  f64: 'Float64Array',
  i64: 'BigInt64Array',
  u64: 'BigUint64Array',
};

/** The constructor name here: raw half-precision bits (Uint16Array) where the engine has no Float16Array (Node 20). */
export function arrayNameOf(kind: Kind): string {
  const name = ARRAY_NAMES[kind];
  return name in globalThis ? name : 'Uint16Array';
}
