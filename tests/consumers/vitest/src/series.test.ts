// Runs in both Vitest projects (node and jsdom; see vitest.config.ts).
import initFixture, * as fixture from '@fixture';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bind, StaleHandleError, type Heap } from 'wasm-views';
import { Series } from './series';

// Paths from node:path: in the jsdom environment Vite rewrites `new URL(path, import.meta.url)`
// to an http://localhost URL, as it would for a page.
const project = dirname(dirname(fileURLToPath(import.meta.url)));
const fixtureWasm = join(project, '../../../build/fixture-web/fixture_bg.wasm');

describe(`wasm-views under Vitest (${typeof window === 'object' ? 'jsdom' : 'node'})`, () => {
  it('imports the package installed in this project', () => {
    // Vitest leaves node_modules to Node, which picks the "node" + "import" condition in
    // both environments.
    expect(fileURLToPath(import.meta.resolve('wasm-views'))).toBe(
      join(project, 'node_modules/wasm-views/node.mjs'),
    );
  });

  it('a series that outgrows its buffer keeps its data while memory grows', async () => {
    const series = await Series.create(16);
    const pages = series.heap.stats().pages;
    for (let i = 0; i < 300_000; i++) series.push(i % 100);
    expect(series.heap.stats().pages).toBeGreaterThan(pages);
    expect(series.length).toBe(300_000);
    expect(series.mean()).toBeCloseTo(49.5, 6);
    expect(series.samples()[299_999]).toBe(99);
    series.free();
  });

  it('a view cached across growth is stale; getView() is not', async () => {
    const series = await Series.create(4);
    for (const x of [1, 2, 3]) series.push(x);
    const cached = series.samples();
    series.heap.memory.grow(1);
    expect(cached.length).toBe(0);
    expect([...series.samples()]).toEqual([1, 2, 3]);
    series.free();
  });

  describe('a third-party crate built with wasm-pack --target web, through bind()', () => {
    let heap: Heap;

    it('binds after init with the wasm bytes (fetch cannot read file: URLs)', async () => {
      await initFixture({ module_or_path: readFileSync(fixtureWasm) });
      heap = bind(fixture);
      expect(heap.stats().liveHandles).toBeGreaterThanOrEqual(0);
    });

    it('a Rust-owned canvas stays readable across reallocation and growth', () => {
      const canvas = new fixture.Canvas(8, 8);
      canvas.fill(200, 100, 50, 255);
      const pixels = heap.view(canvas.pixels, 'u8c');
      const before = pixels.getView();
      expect(before).toBeInstanceOf(Uint8ClampedArray);
      expect([...before.subarray(0, 4)]).toEqual([200, 100, 50, 255]);
      const bytes = heap.memory.buffer.byteLength;
      canvas.resize(512, 512); // 1 MiB of pixels: moves them and grows memory
      fixture.growMemory(2);
      expect(heap.memory.buffer.byteLength).toBeGreaterThan(bytes);
      const after = pixels.getView();
      expect(after.length).toBe(512 * 512 * 4);
      expect(after.byteOffset).not.toBe(before.byteOffset);
      expect([...after.subarray(0, 4)]).toEqual([200, 100, 50, 255]);
      canvas.free();
      expect(() => pixels.getView()).toThrow(StaleHandleError);
    });
  });
});
