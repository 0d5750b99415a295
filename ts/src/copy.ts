// `import 'wasm-views/copy'`: `LiveView.copyOut()` and `LiveView.copyIn()`, copies between a
// buffer and JavaScript memory with every argument checked first (nothing is written on bad
// input). Without it, `getView()` gives the view to copy with yourself.
import { implement } from './feature.js';
import { internals, LiveView, type Kind, type SourceOf, type TypedArray } from './index.js';

// Positions as in index.ts `internals`.
const [, checkInteger, , , , , , , , , mustBe] = internals;

implement(LiveView, {
  copyOut() {
    const view = this.getView() as Float32Array;
    // `new` + `set` rather than `slice()`: V8 11 and SpiderMonkey copy faster that way
    // (BENCHMARKS.md, copy scenario). The view's own constructor is the kind's array type
    // (Uint16Array for f16 where the engine has no Float16Array).
    const copy = new (view.constructor as Float32ArrayConstructor)(view.length);
    copy.set(view);
    return copy as never;
  },

  copyIn(source: SourceOf<Kind>, offset = 0) {
    if (typeof source !== 'object' || typeof (source as { length?: unknown })?.length !== 'number')
      mustBe('copyIn: source', 'array-like', source);
    const view = this.getView() as unknown as TypedArray;
    checkInteger(offset, 'copyIn: offset', view.length);
    const count = source.length;
    if (count > view.length - offset) {
      throw new RangeError(
        `copyIn: ${count} elements at offset ${offset} overflow length ${view.length}`,
      );
    }
    if (!ArrayBuffer.isView(source)) {
      // TypedArray#set converts element by element and would stop half-way on a bigint/number mix.
      const wantBigint = this.kind === 'i64' || this.kind === 'u64';
      for (let i = 0; i < count; i++) {
        if ((typeof source[i] === 'bigint') !== wantBigint) {
          mustBe(
            `copyIn: element ${i}`,
            `a ${wantBigint ? 'bigint' : 'number'} (${this.kind})`,
            source[i],
          );
        }
      }
    }
    (view as Float32Array).set(source as ArrayLike<number>, offset);
  },
});
