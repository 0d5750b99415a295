// Code under test, shaped like a user's (ES modules): the same as pixels.js, against the
// fixture crate built with wasm-pack --target web.
import { bind } from 'wasm-views';
import * as fixture from '../../../../build/fixture-web/fixture.js';

let heap;
const heapOf = () => (heap ??= bind(fixture));

/** BUGGY on purpose: a raw view cached across a call into the module. */
export function paintAndReadBuggy(canvas, red) {
  const pixels = heapOf().getView(canvas.pixels, 'u8c');
  canvas.fill(red, 0, 0, 255);
  return Array.from(pixels.subarray(0, 4));
}

/** The correct version: a LiveView, whose getView() revalidates after the call. */
export function paintAndRead(canvas, red) {
  const pixels = heapOf().view(canvas.pixels, 'u8c');
  canvas.fill(red, 0, 0, 255);
  return Array.from(pixels.getView().subarray(0, 4));
}
