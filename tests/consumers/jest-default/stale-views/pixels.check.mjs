// pixels.mjs under Jest's native ES modules (node --experimental-vm-modules): without
// wasm-views/testing both pass (jest.stale-views-esm.config.cjs), with it the buggy one fails
// (jest.testing-esm.config.cjs).
import { readFileSync } from 'node:fs';
import { Canvas, initSync } from '../../../../build/fixture-web/fixture.js';
import { paintAndRead, paintAndReadBuggy } from './pixels.mjs';

initSync({
  module: readFileSync(new URL('../../../../build/fixture-web/fixture_bg.wasm', import.meta.url)),
});

test('paintAndReadBuggy reads the pixel it painted (ESM)', () => {
  const canvas = new Canvas(8, 8);
  expect(paintAndReadBuggy(canvas, 200)).toEqual([200, 0, 0, 255]);
  canvas.free();
});

test('paintAndRead reads the pixel it painted (ESM)', () => {
  const canvas = new Canvas(8, 8);
  expect(paintAndRead(canvas, 200)).toEqual([200, 0, 0, 255]);
  canvas.free();
});
