// What the feature entries share, bundled into each of them (no side effects, no import of
// the core, so one feature entry never brings another's code).
import { STATE_JS, STATE_RAW, STATE_RUST } from './abi.gen.js';
import type { Owner } from './inspect.js';

/** @internal Owner name by entry state. */
export const OWNERS: Record<number, Owner> = {
  [STATE_RUST]: 'rust',
  [STATE_JS]: 'js',
  [STATE_RAW]: 'raw',
};

/**
 * @internal Installs `methods` on `cls.prototype` the way class methods are (writable,
 * configurable, not enumerable): the feature entries' implementations over the core's stubs.
 */
export function implement<T>(cls: { prototype: T }, methods: Partial<T> & ThisType<T>): void {
  for (const name in methods)
    Object.defineProperty(cls.prototype, name, {
      value: methods[name],
      writable: true,
      configurable: true,
    });
}
