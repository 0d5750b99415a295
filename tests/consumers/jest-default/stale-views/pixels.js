// Code under test, shaped like a user's (CommonJS): it paints a canvas of the fixture crate
// (built with wasm-pack --target nodejs) and reads the first pixel back.
const { bind } = require('wasm-views');
const fixture = require('../../../../build/fixture-node/fixture.js');

const heap = bind(fixture);

/**
 * BUGGY on purpose: a raw view of the pixels, then a call into the module (`canvas.fill`),
 * then a read of the view. Whenever that call grows memory the view is detached; in a small
 * test it almost never does.
 */
function paintAndReadBuggy(canvas, red) {
  const pixels = heap.getView(canvas.pixels, 'u8c');
  canvas.fill(red, 0, 0, 255);
  return Array.from(pixels.subarray(0, 4));
}

/** The correct version: a LiveView, whose getView() revalidates after the call. */
function paintAndRead(canvas, red) {
  const pixels = heap.view(canvas.pixels, 'u8c');
  canvas.fill(red, 0, 0, 255);
  return Array.from(pixels.getView().subarray(0, 4));
}

module.exports = { paintAndRead, paintAndReadBuggy, Canvas: fixture.Canvas };
