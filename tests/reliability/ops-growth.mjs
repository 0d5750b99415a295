// Storm operations that grow memory: from JavaScript, from Rust, inside a callback from Rust
// (re-entrancy), and inside heap.withoutGrowth().
import fc from 'fast-check';
import { BYTE_BUDGET, pick, seeds } from './arbitraries.mjs';
import {
  countError,
  elements,
  expectError,
  fail,
  firstDifference,
  valueFor,
  viewBytes,
} from './common.mjs';

/** name -> { weight, args, when?, run }. */
export const OPS_GROWTH = {
  growJs: {
    weight: 3,
    args: { pages: fc.nat(3) },
    run(w, a) {
      w.memory.grow(a.pages);
    },
  },
  growRust: {
    weight: 3,
    args: { pages: fc.nat(3) },
    run(w, a) {
      if (w.fx.growMemory(a.pages) < 0) fail(`growMemory(${a.pages}) failed`);
    },
  },
  callback: {
    weight: 3,
    args: { pages: fc.nat(2), pick, nested: fc.boolean(), ...seeds },
    run(w, a) {
      // Views taken before the call: raw typed arrays, which growth inside must detach
      // (never show old bytes), and the LiveViews, which must stay right inside and after.
      const before = w.buffers
        .filter((b) => b.length > 0)
        .slice(0, 4)
        .map((b) => [b, b.views[0].getView()]);
      let calls = 0;
      const inner = () => {
        calls++;
        for (const [b, raw] of before) {
          if (!w.buffers.includes(b)) continue;
          if (raw.buffer.byteLength !== 0 && raw.buffer !== w.memory.buffer)
            fail('a view from before the callback is neither detached nor current');
          if (raw.buffer.byteLength !== 0 && firstDifference(viewBytes(raw), b.bytes) >= 0)
            fail('a view from before the callback shows wrong bytes');
        }
        w.verify('inside a callback from Rust');
        const b = w.pick(undefined, a.pick);
        if (b !== undefined && b.length > 0) {
          const value = valueFor(b.code, a.int, a.dbl);
          const view = b.views[0].getView();
          elements(b.code, view.buffer, view.byteOffset, view.length)[a.pick % b.length] = value;
          b.set(a.pick % b.length, value);
          w.touched = b;
        }
        if (a.nested && calls === 1) w.fx.callWithGrowth(inner, 1);
        return 7;
      };
      if (w.fx.callWithGrowth(inner, a.pages) !== 7) fail('callWithGrowth lost the return value');
      w.c.reentrantCalls = (w.c.reentrantCalls ?? 0) + calls;
    },
  },
  withoutGrowth: {
    weight: 3,
    args: { variant: fc.nat(3), pages: fc.integer({ min: 1, max: 2 }), pick, n: fc.nat(5000) },
    run(w, a) {
      const heap = w.heap;
      const before = w.memory.buffer.byteLength;
      if (a.variant === 0) {
        const result = heap.withoutGrowth(() =>
          w.buffers.reduce((n, b) => n + b.views[0].getView().length, 0),
        );
        if (result !== w.buffers.reduce((n, b) => n + b.length, 0))
          fail('withoutGrowth changed the result');
        return;
      }
      const grow =
        a.variant === 1
          ? () => w.memory.grow(a.pages)
          : a.variant === 2
            ? () => w.fx.growMemory(a.pages)
            : () => {
                const b = w.pick('rust', a.pick);
                if (b === undefined || w.totalBytes() + a.n * b.size > BYTE_BUDGET) return;
                b.rust.extendFill(a.n, 0);
                b.setLength(b.length + a.n, valueFor(b.code, 0, 0));
                w.touched = b;
              };
      let error;
      try {
        heap.withoutGrowth(grow);
      } catch (e) {
        error = e;
      }
      const after = w.memory.buffer.byteLength;
      if (after === before) {
        if (error !== undefined) throw error;
        return;
      }
      countError(
        w.c,
        expectError(
          () => {
            if (error !== undefined) throw error;
          },
          'GrowthError',
          'withoutGrowth around growth',
        ),
      );
      if (error.previousBytes !== before || error.memoryBytes !== after)
        fail(
          `GrowthError says ${error.previousBytes} -> ${error.memoryBytes}, memory went ${before} -> ${after}`,
        );
    },
  },
};
