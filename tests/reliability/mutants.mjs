// Tests of the tests: the storm must fail when the facade is broken on purpose. Each mutant
// replaces one method of the packaged classes (LiveView, Heap) in this process the way a real
// bug would behave, using only the public API (so a refactoring of the facade's internals
// cannot turn a mutant into a no-op), runs a short storm, and reports whether the model
// caught it. Only a violation the suites report themselves (a `Failure`) counts as caught:
// a mutant that merely makes something throw is a crash, not a catch.
import { Heap, LiveView } from 'wasm-views';
import { Failure } from './common.mjs';
import { storm } from './model.mjs';

/** A cache per LiveView, for mutants that keep what they should have rebuilt. */
function cached(original, keep) {
  const views = new WeakMap();
  return function () {
    const view = views.get(this);
    if (view !== undefined && keep(view)) return view;
    const fresh = original.call(this);
    views.set(this, fresh);
    return fresh;
  };
}

/** `source` without its last element (an array or a typed array). */
const shortened = (source) =>
  source !== null && typeof source === 'object' && source.length > 0
    ? source.slice(0, source.length - 1)
    : source;

/** name -> [class, method, (original) => replacement]. */
export const MUTANTS = {
  // Keeps the cached view while its buffer is attached: misses data that Rust moved.
  'getView ignores the descriptor version': [
    LiveView,
    'getView',
    (original) => cached(original, (view) => view.buffer.byteLength !== 0),
  ],
  // Keeps the cached view forever: misses growth.
  'getView ignores a detached buffer': [
    LiveView,
    'getView',
    (original) => cached(original, () => true),
  ],
  // Rebuilds every time but at the address it first saw.
  'getView rebuilds at a stale address': [
    LiveView,
    'getView',
    (original) => {
      const first = new WeakMap();
      return function () {
        const view = original.call(this);
        if (view.length === 0) return view;
        if (!first.has(this)) first.set(this, view.byteOffset);
        const offset = first.get(this);
        if (offset === view.byteOffset) return view;
        const room = (view.buffer.byteLength - offset) / view.BYTES_PER_ELEMENT;
        return new view.constructor(view.buffer, offset, Math.min(view.length, room));
      };
    },
  ],
  'copyIn drops the last element': [
    LiveView,
    'copyIn',
    (original) =>
      function (source, offset) {
        return original.call(this, shortened(source), offset);
      },
  ],
  'copyIn ignores the offset': [
    LiveView,
    'copyIn',
    (original) =>
      function (source) {
        return original.call(this, source);
      },
  ],
  // Hands out the live view itself: a later write or growth changes the "copy".
  'copyOut returns the view, not a copy': [
    LiveView,
    'copyOut',
    () =>
      function () {
        return this.getView();
      },
  ],
  'copyOut drops the last element': [
    LiveView,
    'copyOut',
    (original) =>
      function () {
        return shortened(original.call(this));
      },
  ],
  'resize never shrinks': [
    LiveView,
    'resize',
    (original) =>
      function (length) {
        if (typeof length === 'number' && length < this.length) return undefined;
        return original.call(this, length);
      },
  ],
  // Neither releases the buffer nor retires the LiveView.
  'free does nothing': [LiveView, 'free', () => () => undefined],
  'heap.getView ignores the kind asked for': [
    Heap,
    'getView',
    (original) =>
      function (handle) {
        return original.call(this, handle);
      },
  ],
  'heap.alloc allocates one element short': [
    Heap,
    'alloc',
    (original) =>
      function (kind, length) {
        return original.call(this, kind, length > 0 ? length - 1 : length);
      },
  ],
  'heap.stats counts one live handle too many': [
    Heap,
    'stats',
    (original) =>
      function () {
        const stats = original.call(this);
        return { ...stats, liveHandles: stats.liveHandles + 1 };
      },
  ],
  'heap.describe gives the length in bytes': [
    Heap,
    'describe',
    (original) =>
      function (handle) {
        const info = original.call(this, handle);
        return { ...info, length: info.byteLength };
      },
  ],
};

/**
 * Runs each mutant (or those named in `only`) on fixture instances from `load()`. Resolves to, per mutant, null if the storm did not notice it; `{ crash }` if
 * it ended in an error that is not the suites' own `Failure` (not a catch); else
 * `{ failure, counterexample, shrinks }`: the first line of the violation, and the minimal
 * sequence of operations fast-check shrank it to.
 */
export async function runMutants({ load, operations = 3000, seed = 0x5eed, only, shrink } = {}) {
  const caught = {};
  for (const [name, [Class, method, mutate]] of Object.entries(MUTANTS)) {
    if (only !== undefined && !only.includes(name)) continue;
    const original = Class.prototype[method];
    Class.prototype[method] = mutate(original);
    try {
      await storm({ load, operations, growths: 1, seed, shrink });
      caught[name] = null;
    } catch (error) {
      const report = String(error.message);
      const cause = error.cause ?? error;
      caught[name] =
        cause instanceof Failure
          ? {
              failure: String(cause.message).split('\n')[0],
              counterexample:
                report
                  .match(/Counterexample: (\[.*\])/)?.[1]
                  ?.replace(/ \/\*replayPath=.*?\*\//, '') ?? null,
              shrinks: Number(report.match(/Shrunk (\d+) time/)?.[1] ?? 0),
            }
          : { crash: `${cause?.name}: ${String(cause?.message).split('\n')[0]}` };
    } finally {
      Class.prototype[method] = original;
    }
  }
  return caught;
}
