// The fast-check arbitraries the storm operations share, and the model's byte budget.
import fc from 'fast-check';
import { valueFor } from './common.mjs';

export const HAS_F16 = typeof globalThis.Float16Array === 'function';
/** Model bytes a run may hold at once (every step compares all of them). */
export const BYTE_BUDGET = 256 * 1024;

export const lengthArb = fc.oneof(
  { weight: 24, arbitrary: fc.nat(48) },
  { weight: 6, arbitrary: fc.nat(700) },
  { weight: 1, arbitrary: fc.nat(20000) },
);
export const seeds = {
  int: fc.integer({ min: -2147483648, max: 2147483647 }),
  dbl: fc.double({ noNaN: true, noDefaultInfinity: false }),
};
export const pick = fc.nat(1 << 16);
export const kind = fc.nat(11);

/** Values of kind `code` for `count` elements from two seeds. */
export function values(code, count, int, dbl) {
  const out = new Array(count);
  for (let i = 0; i < count; i++)
    out[i] = valueFor(code, Math.imul(int ^ i, 0x9e3779b1) + i, dbl * (i + 1) - i);
  return out;
}

/**
 * An operation on one live buffer of `owner` ('js', 'rust', 'raw'; undefined: any), picked by
 * its `pick` argument: `run(world, buffer, args)`; it applies only while there is one.
 */
export function onBuffer(owner, weight, args, run) {
  return {
    weight,
    args: { pick, ...args },
    when: (w) => w.list(owner).length > 0,
    run: (w, a) => run(w, w.pick(owner, a.pick), a),
  };
}
