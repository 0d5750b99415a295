// wasm-views/testing's trackMemory() and memoryAdvice(): peak, growths and the linker
// argument, from a heap and from a module namespace. (The rebuild-and-rerun workflow is
// tests/node/testing-initial-memory.test.mjs.)
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { bind } from 'wasm-views';
import {
  detachAfterCalls,
  formatMemoryReport,
  memoryAdvice,
  trackMemory,
  undoDetachAfterCalls,
} from 'wasm-views/testing';
import { root } from '../../scripts/env.mjs';

const fixture = createRequire(import.meta.url)(join(root, 'build/fixture-node/fixture.js'));
const PAGE = 65536;

test('memoryAdvice rounds up to whole 64 KiB pages and names the exact flag', () => {
  assert.deepEqual(memoryAdvice(PAGE * 17 + 1), {
    initialMemoryBytes: PAGE * 18,
    linkArg: '-C link-arg=--initial-memory=1179648',
    rustflags: "RUSTFLAGS='-C link-arg=--initial-memory=1179648'",
    cargoConfig:
      '[target.wasm32-unknown-unknown]\nrustflags = ["-C", "link-arg=--initial-memory=1179648"]',
  });
  assert.equal(memoryAdvice(PAGE * 20).initialMemoryBytes, PAGE * 20);
  for (const bad of [-1, 1.5, NaN, '65536']) assert.throws(() => memoryAdvice(bad), RangeError);
});

test('trackMemory(heap): growth seen through onGrow, peak, and the advice from heap.stats()', () => {
  const heap = bind(fixture);
  const tracker = trackMemory(heap);
  const start = heap.memory.buffer.byteLength;
  heap.memory.grow(2);
  heap.stats(); // the facade notices (onGrow)
  heap.memory.grow(1);
  const report = tracker.stop();
  assert.equal(report.startBytes, start);
  assert.equal(report.peakBytes, start + 3 * PAGE);
  assert.equal(report.peakPages, start / PAGE + 3);
  assert.equal(report.growths, 2);
  assert.equal(report.linkArg, `-C link-arg=--initial-memory=${start + 3 * PAGE}`);
  // The same advice from heap.stats() at the end of a run (memory never shrinks).
  assert.equal(memoryAdvice(heap.stats().memoryBytes).linkArg, report.linkArg);
  assert.equal(tracker.stop(), report);
  const text = formatMemoryReport(report);
  assert.match(text, /grew 2 times/);
  assert.ok(text.includes(report.rustflags) && text.includes('.cargo/config.toml'));
  assert.match(text, /dlmalloc 0\.2\.13/);
});

test('trackMemory(namespace) sees every growth a wrapped call causes; none is none', () => {
  const mod = detachAfterCalls(fixture);
  try {
    const quiet = trackMemory(mod);
    mod.shout('no growth here');
    assert.equal(quiet.stop().growths, 0);
    assert.doesNotMatch(formatMemoryReport(quiet.stop()), /link with/);
    const tracker = trackMemory(mod);
    mod.growMemory(1);
    mod.growMemory(1); // two calls, two growths: each seen after its call
    const report = tracker.stop();
    assert.equal(report.growths, 2);
    assert.equal(report.peakBytes - report.startBytes, 2 * PAGE);
  } finally {
    undoDetachAfterCalls(mod);
  }
});

test('trackMemory without a reachable memory is a TypeError', () => {
  for (const bad of [{}, null, 3, { memory: {} }]) {
    assert.throws(
      () => trackMemory(bad),
      (e) => e instanceof TypeError && /Heap/.test(e.message),
    );
  }
});
