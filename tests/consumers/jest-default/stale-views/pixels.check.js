// The buggy, the correct and the leaky function of pixels.js. Without wasm-views/testing all
// pass (jest.stale-views.config.cjs); with its setup files (jest.testing.config.cjs) the
// buggy one fails with the engine's detached-buffer TypeError, the leaky one with a LeakError.
const { Canvas, paintAndRead, paintAndReadBuggy, sumLeaky } = require('./pixels.js');

test('paintAndReadBuggy reads the pixel it painted', () => {
  const canvas = new Canvas(8, 8);
  expect(paintAndReadBuggy(canvas, 200)).toEqual([200, 0, 0, 255]);
  canvas.free();
});

test('paintAndRead reads the pixel it painted', () => {
  const canvas = new Canvas(8, 8);
  expect(paintAndRead(canvas, 200)).toEqual([200, 0, 0, 255]);
  canvas.free();
});

test('sumLeaky sums its values', () => {
  expect(sumLeaky([1, 2, 3])).toBe(6);
});
