// Jest's default configuration: CommonJS test files, the node environment, and
// require('wasm-views') from the installed tarball.
const path = require('node:path');
const { GrowthError, initSync, KindMismatchError, StaleHandleError } = require('wasm-views');

test('require() resolves to the published CommonJS bundle', () => {
  expect(require.resolve('wasm-views')).toBe(
    path.join(__dirname, 'node_modules', 'wasm-views', 'node.cjs'),
  );
});

test('data written through getView() survives memory growth', () => {
  const heap = initSync();
  const live = heap.alloc('f64', 10_000);
  live.getView().set(Float64Array.from({ length: 10_000 }, (_, i) => Math.sqrt(i)));
  const cached = live.getView();
  const grew = [];
  const unsubscribe = heap.onGrow((event) => grew.push(event));
  const before = heap.stats().memoryBytes;
  heap.memory.grow(4);
  expect(cached.length).toBe(0); // the raw view went stale
  const fresh = live.getView();
  expect(fresh).toBeInstanceOf(Float64Array);
  expect(fresh.length).toBe(10_000);
  expect(fresh[9_999]).toBe(Math.sqrt(9_999));
  expect(heap.stats().memoryBytes).toBe(before + 4 * 65536);
  expect(grew).toEqual([
    { previousBytes: before, memoryBytes: before + 4 * 65536, pages: before / 65536 + 4 },
  ]);
  unsubscribe();
  live.free();
});

test('allocations that grow memory keep every earlier view correct', () => {
  const heap = initSync();
  const first = heap.alloc('u32', 1000);
  first.copyIn(Array.from({ length: 1000 }, (_, i) => i * 7));
  const pages = heap.stats().pages;
  const big = [];
  for (let i = 0; i < 8; i++) big.push(heap.alloc('u8', 1 << 20)); // 8 MiB: grows memory
  expect(heap.stats().pages).toBeGreaterThan(pages);
  expect(Array.from(first.getView().subarray(995))).toEqual([6965, 6972, 6979, 6986, 6993]);
  for (const b of big) b.free();
  first.free();
});

test('typed errors: freed handles, kind mismatches, growth inside withoutGrowth', () => {
  const heap = initSync();
  const live = heap.alloc('i16', 4);
  expect(() => heap.view(live.handle, 'f32')).toThrow(KindMismatchError);
  expect(() => heap.withoutGrowth(() => heap.memory.grow(1))).toThrow(GrowthError);
  live.free();
  expect(() => live.getView()).toThrow(StaleHandleError);
  expect(() => heap.getView(live.handle)).toThrow(StaleHandleError);
});

// The cases both Jest consumers share (tests/consumers/shared/jest-cases.cjs), with this
// project's wasm-views and the fixture crate built for Node.
require('../shared/jest-cases.cjs')(
  require('wasm-views'),
  require('../../../build/fixture-node/fixture.js'),
);
