// wasm-views/testing in a program that binds through `wasm-views/bind` alone (no main entry,
// no feature import of its own): the helpers use heap.alloc, heap.describe and heap.onGrow,
// so the testing entry loads every feature itself. Without that, trackLeaks() would wrap the
// core's "needs import 'wasm-views/js-buffers'" stub and trackMemory() would throw on onGrow.
// Its own file, so no other test's import of 'wasm-views' installs the features first.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { bind } from 'wasm-views/bind';
import { trackLeaks, trackMemory } from 'wasm-views/testing';
import { root } from '../../scripts/env.mjs';

const fixture = createRequire(import.meta.url)(join(root, 'build/fixture-node/fixture.js'));
const PAGE = 65536;

test('trackLeaks() records heap.alloc and reads liveness through describe(), with bind alone', () => {
  const heap = bind(fixture);
  const tracker = trackLeaks();
  const leaked = heap.alloc('u16', 5);
  heap.alloc('u8', 1).free();
  const { leaked: found, allocated } = tracker.stop();
  assert.equal(allocated, 2);
  assert.deepEqual(
    found.map(({ handle, kind, length, live }) => ({ handle, kind, length, live })),
    [{ handle: leaked.handle, kind: 'u16', length: 5, live: true }],
  );
  assert.equal(heap.describe(leaked.handle).owner, 'js');
  leaked.free();
});

test('trackMemory(heap) subscribes through onGrow and reads stats(), with bind alone', () => {
  const heap = bind(fixture);
  const tracker = trackMemory(heap);
  const start = heap.memory.buffer.byteLength;
  heap.memory.grow(1);
  heap.stats(); // the facade notices the growth here
  const report = tracker.stop();
  assert.equal(report.growths, 1);
  assert.equal(report.peakBytes, start + PAGE);
});
