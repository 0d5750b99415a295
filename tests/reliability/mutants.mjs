// Tests of the tests: the storm must fail when the facade is broken on purpose. Each mutant
// patches LiveView.prototype.getView in this process (the packaged class) the way a real
// bug would behave, runs a short storm and reports whether it was caught.
import { LiveView } from 'wasm-views';
import { storm } from './model.mjs';

const original = LiveView.prototype.getView;

export const MUTANTS = {
  // Keeps the cached view while its buffer is attached: misses data that Rust moved.
  'ignores the descriptor version': function () {
    if (this._view !== undefined && this._view.buffer.byteLength !== 0) return this._view;
    return original.call(this);
  },
  // Keeps the cached view forever: misses growth.
  'ignores a detached buffer': function () {
    if (this._view !== undefined) return this._view;
    return original.call(this);
  },
  // Rebuilds every time but at the address it first saw.
  'rebuilds at a stale address': function () {
    const view = original.call(this);
    if (view.length === 0) return view;
    this._firstOffset ??= view.byteOffset;
    if (this._firstOffset === view.byteOffset) return view;
    return new view.constructor(
      view.buffer,
      this._firstOffset,
      Math.min(view.length, (view.buffer.byteLength - this._firstOffset) / view.BYTES_PER_ELEMENT),
    );
  },
};

/**
 * Runs each mutant. Returns, per mutant, null if the storm did not notice it, else
 * `{ failure, counterexample, shrinks }`: the first line of the failure, and the minimal
 * sequence of operations fast-check shrank it to.
 */
export function runMutants({ operations = 3000, seed = 0x5eed } = {}) {
  const caught = {};
  for (const [name, mutant] of Object.entries(MUTANTS)) {
    LiveView.prototype.getView = mutant;
    try {
      storm({ operations, growths: 1, seed });
      caught[name] = null;
    } catch (error) {
      const report = String(error.message);
      caught[name] = {
        failure: String(error.cause?.message ?? report).split('\n')[0],
        counterexample:
          report.match(/Counterexample: (\[.*\])/)?.[1]?.replace(/ \/\*replayPath=.*?\*\//, '') ??
          null,
        shrinks: Number(report.match(/Shrunk (\d+) time/)?.[1] ?? 0),
      };
    } finally {
      LiveView.prototype.getView = original;
    }
  }
  return caught;
}
