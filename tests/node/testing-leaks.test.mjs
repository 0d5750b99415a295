// wasm-views/testing's trackLeaks(): JS-owned buffers allocated and not freed are reported
// with their kind, length and allocation stack; a clean test reports nothing.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { bind, Heap, initSync } from 'wasm-views';
import { LeakError, trackLeaks } from 'wasm-views/testing';
import { root } from '../../scripts/env.mjs';

const heap = initSync();
const fixture = createRequire(import.meta.url)(join(root, 'build/fixture-node/fixture.js'));

test('a deliberately leaked buffer is reported with its kind, length and where it was allocated', () => {
  const tracker = trackLeaks();
  const leaked = heap.alloc('f32', 10);
  const freed = heap.alloc('u8', 3);
  freed.free();
  const { leaked: found, allocated } = tracker.report();
  assert.equal(allocated, 2);
  assert.equal(found.length, 1);
  assert.deepEqual(
    { ...found[0], stack: undefined },
    {
      handle: leaked.handle,
      kind: 'f32',
      length: 10,
      byteLength: 40,
      live: true,
      stack: undefined,
    },
  );
  assert.match(found[0].stack, /testing-leaks\.test\.mjs:\d+/);
  assert.match(
    found[0].stack.split('\n')[0],
    /testing-leaks\.test\.mjs:\d+:/,
    'the first frame is the caller',
  );
  assert.throws(
    () => tracker.check(),
    (e) =>
      e instanceof LeakError &&
      e.name === 'LeakError' &&
      e.leaked.length === 1 &&
      e.message.includes(`handle ${leaked.handle}: 10 × f32 (40 bytes)`) &&
      /testing-leaks\.test\.mjs/.test(e.message),
  );
  leaked.free();
});

test('a clean test reports nothing (free, dispose, free through another LiveView)', () => {
  const tracker = trackLeaks();
  heap.alloc('f64', 4).free();
  const scoped = heap.alloc('i32', 2); // what `using` does at the end of its block
  scoped.getView()[0] = 1;
  scoped[Symbol.dispose ?? Symbol.for('Symbol.dispose')]();
  const other = heap.alloc('u16', 5);
  heap.view(other.handle).free(); // a JS-owned buffer is freed through any LiveView of it
  const bound = bind(fixture);
  bound.alloc('u8', 16).free();
  assert.deepEqual(tracker.stop(), { leaked: [], allocated: 4 });
  tracker.check(); // does not throw
});

test('the current length after resize, buffers of a bound module, overlapping trackers', () => {
  const outer = trackLeaks();
  const bound = bind(fixture);
  const grown = bound.alloc('u32', 2);
  const inner = trackLeaks();
  grown.resize(1000);
  const late = heap.alloc('i8', 7);
  const { leaked } = inner.stop();
  assert.deepEqual(
    leaked.map(({ kind, length }) => ({ kind, length })),
    [{ kind: 'i8', length: 7 }],
  );
  const all = outer.stop().leaked;
  assert.deepEqual(
    all.map(({ kind, length, byteLength }) => ({ kind, length, byteLength })),
    [
      { kind: 'u32', length: 1000, byteLength: 4000 },
      { kind: 'i8', length: 7, byteLength: 7 },
    ],
  );
  grown.free();
  late.free();
});

test('the last tracker to stop restores Heap.prototype.alloc and LiveView.prototype.free', () => {
  const alloc = Heap.prototype.alloc;
  const probe = heap.alloc('u8', 1);
  const LiveViewPrototype = Object.getPrototypeOf(probe);
  const free = LiveViewPrototype.free;
  const a = trackLeaks();
  const b = trackLeaks();
  assert.notEqual(Heap.prototype.alloc, alloc);
  heap.alloc('u8', 1).free(); // patches free as well
  a.stop();
  assert.notEqual(Heap.prototype.alloc, alloc);
  b.check();
  assert.equal(Heap.prototype.alloc, alloc);
  assert.equal(LiveViewPrototype.free, free);
  assert.equal(Object.getOwnPropertyDescriptor(Heap.prototype, 'alloc').enumerable, false);
  probe.free();
});
