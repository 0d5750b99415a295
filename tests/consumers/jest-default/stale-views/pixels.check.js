// The buggy and the correct function of pixels.js. Without wasm-views/testing both pass
// (jest.stale-views.config.cjs); with its setup file (jest.testing.config.cjs) the buggy
// one fails with the engine's detached-buffer TypeError.
const { Canvas, paintAndRead, paintAndReadBuggy } = require('./pixels.js');

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
