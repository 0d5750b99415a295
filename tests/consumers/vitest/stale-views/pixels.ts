// Code under test, shaped like a user's: it paints a canvas of the fixture crate (a
// wasm-bindgen module built with wasm-views) and reads the first pixel back.
import { Canvas } from '@fixture';
import type { Heap } from 'wasm-views';

/**
 * BUGGY on purpose: it makes a raw view of the pixels, then calls into the module
 * (`canvas.fill`), then reads the view. Whenever that call grows memory the view is
 * detached; in a small test it almost never does, so the bug passes unnoticed there.
 */
export function paintAndReadBuggy(heap: Heap, canvas: Canvas, red: number): number[] {
  const pixels = heap.getView(canvas.pixels, 'u8c');
  canvas.fill(red, 0, 0, 255);
  return Array.from(pixels.subarray(0, 4));
}

/** The correct version: a LiveView, whose getView() revalidates after the call. */
export function paintAndRead(heap: Heap, canvas: Canvas, red: number): number[] {
  const pixels = heap.view(canvas.pixels, 'u8c');
  canvas.fill(red, 0, 0, 255);
  return Array.from(pixels.getView().subarray(0, 4));
}
