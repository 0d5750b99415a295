// The check every plain-script consumer (node-scripts' consumer.mjs and consumer.cjs,
// runtime-smoke's smoke.mjs on Node, Deno and Bun) runs on a JS-owned buffer of the
// package's own module: a view cached before `memory.grow()` is detached, while
// getView() after it is a fresh view holding the data, and free() makes the handle stale.
//
// CommonJS, so that ESM scripts (import) and CommonJS ones (require) load this one file.
// It never loads wasm-views itself: from here that would resolve another copy than the
// caller's (and, through the other module system's condition, another StaleHandleError
// class), so the caller passes in what its own import or require gave it.
const assert = require('node:assert/strict');

/**
 * Checks `live` (a LiveView of `heap` with `length` elements, already written with
 * `expected(i)` at each index)
 * across `heap.memory.grow(pages)`, then frees it. `ViewType` is the kind's typed-array
 * constructor; `detached` says whether the view cached before growth must be detached
 * (false only in resizable mode, where it follows the memory); `StaleHandleError` is the
 * class from the caller's copy of the package.
 */
module.exports = function checkGrowth(
  heap,
  live,
  { length, expected, pages, ViewType, detached = true, StaleHandleError },
) {
  const cached = live.getView();
  const before = heap.stats().pages;
  heap.memory.grow(pages);
  assert.equal(heap.stats().pages, before + pages, 'memory grew');
  if (detached) assert.equal(cached.length, 0, 'a view cached across growth is detached');
  const fresh = live.getView();
  assert.ok(fresh instanceof ViewType);
  assert.equal(fresh.length, length);
  assert.ok(
    fresh.every((x, i) => x === expected(i)),
    'getView() after growth holds the data',
  );
  live.free();
  assert.throws(() => live.getView(), StaleHandleError);
};
