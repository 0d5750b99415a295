// The fixture module (tests/fixture, wasm-pack --target nodejs): a tiny image library that
// links the wasm-views crate, for Rust-owned buffers and Rust-side growth.
import { createRequire } from 'node:module';
import { expect } from 'vitest';

export interface Canvas {
  readonly pixels: number;
  readonly width: number;
  readonly height: number;
  fill(r: number, g: number, b: number, a: number): void;
  resize(width: number, height: number): void;
  free(): void;
}

export interface Samples {
  readonly handle: number;
  push(x: number): void;
  extend(n: number, value: number): void;
  shrinkToFit(): void;
  clear(): void;
  truncate(n: number): void;
  len(): number;
  capacity(): number;
  sum(): number;
  free(): void;
}

export interface Fixture {
  Canvas: new (width: number, height: number) => Canvas;
  Samples: new () => Samples;
  growMemory(pages: number): number;
  sumF32(handle: number): number;
  fillF32(handle: number, value: number): void;
  viewOfSamples(samples: Samples): Float32Array;
  callWithGrowth(callback: () => void, pages: number): void;
  wasmViewsMemory(): WebAssembly.Memory;
  [name: string]: unknown;
}

const require = createRequire(import.meta.url);

/** The fixture's exports (one instance per process). */
export const fixture = require('../../build/fixture-node/fixture.js') as Fixture;

/** Catches and returns what `fn` throws (fails the test if it does not). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

/**
 * Grows `heap`'s memory by `pages` (0: a detach without growth) between two reads of `live`:
 * the view read before is detached (what a cached raw view suffers), and getView() after it
 * holds `values` (the facade noticed and rebuilt).
 */
export function expectRebuiltAcrossGrowth(
  heap: { readonly memory: WebAssembly.Memory },
  live: { getView(): ArrayLike<unknown> & Iterable<unknown> },
  pages: number,
  values: unknown[],
): void {
  const before = live.getView();
  heap.memory.grow(pages);
  expect(before.length).toBe(0);
  expect([...live.getView()]).toEqual(values);
}
