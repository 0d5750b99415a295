// Jest with the jsdom environment: require('wasm-views') resolves with the
// "browser" condition, and the code under test renders into the DOM.
const path = require('node:path');
const { init, initSync, StaleHandleError } = require('wasm-views');

test('runs in jsdom and resolves to the published CommonJS bundle', () => {
  expect(typeof window).toBe('object');
  expect(typeof document.createElement).toBe('function');
  expect(require.resolve('wasm-views')).toBe(
    path.join(__dirname, 'node_modules', 'wasm-views', 'node.cjs'),
  );
});

// A tiny "widget": renders a histogram of a wasm buffer as DOM bars.
function renderBars(container, values) {
  container.replaceChildren(
    ...Array.from(values, (v) => {
      const bar = document.createElement('div');
      bar.className = 'bar';
      bar.style.height = `${v}px`;
      return bar;
    }),
  );
}

test('a widget renders from getView() before and after memory grows', async () => {
  const heap = await init();
  const live = heap.alloc('u8', 64);
  live.copyIn(Array.from({ length: 64 }, (_, i) => i * 3));
  const root = document.createElement('div');
  document.body.append(root);
  renderBars(root, live.getView());
  expect(root.children).toHaveLength(64);
  const stale = live.getView();
  heap.memory.grow(2);
  expect(stale.length).toBe(0); // rendering from it now would draw nothing
  renderBars(root, live.getView());
  expect(root.children).toHaveLength(64);
  expect(root.children[63].style.height).toBe('189px');
  live.free();
  expect(() => live.getView()).toThrow(StaleHandleError);
});

test('init() and initSync() share one core', async () => {
  const a = await init();
  const b = initSync();
  expect(b.memory).toBe(a.memory);
  const live = a.alloc('f32', 2);
  live.copyIn([0.5, 1.5]);
  expect(Array.from(b.view(live.handle, 'f32').getView())).toEqual([0.5, 1.5]);
  live.free();
});

// The cases both Jest consumers share (tests/consumers/shared/jest-cases.cjs), here under
// jsdom, with this project's wasm-views and the fixture crate built for Node.
require('../shared/jest-cases.cjs')(
  require('wasm-views'),
  require('../../../build/fixture-node/fixture.js'),
);
