/** @jest-environment jsdom */
// The package loads and works under jsdom (require resolves the "browser" + "require"
// conditions to the CommonJS bundle).
const { initSync, StaleHandleError } = require('wasm-views');

test('runs under jsdom', () => {
  expect(typeof window).toBe('object');
  const heap = initSync();
  const live = heap.alloc('f32', 3);
  live.copyIn([1, 2, 3]);
  heap.memory.grow(1);
  expect(Array.from(live.getView())).toEqual([1, 2, 3]);
  live.free();
  expect(() => live.getView()).toThrow(StaleHandleError);
});
