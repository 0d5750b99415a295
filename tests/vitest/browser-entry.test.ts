// @vitest-environment jsdom
// The browser bundle (browser.mjs of the built package) under Vitest + jsdom: init() finds
// its wasm through a file: URL and reads it with node:fs (process.getBuiltinModule, no import()
// expression); initSync() without bytes says what to do.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// Not an exported subpath: imported by file so this test exercises the browser entry in Node.
import * as browser from '../../node_modules/wasm-views/browser.mjs';

describe('browser entry', () => {
  it('exports the same API as the Node entry', async () => {
    const node = await import('wasm-views');
    expect(Object.keys(browser).sort()).toEqual(Object.keys(node).sort());
  });

  it('has no import() expression, which webpack 5 warns about as a "Critical dependency"', () => {
    // By path from the root (vitest's root and cwd): under jsdom import.meta.url is not a file: URL.
    const source = readFileSync('node_modules/wasm-views/browser.mjs', 'utf8');
    expect(source).toContain('getBuiltinModule');
    expect(source).not.toMatch(/\bimport\s*\(/);
  });

  it('initSync() before init() without bytes: TypeError naming the fix', () => {
    expect(() => browser.initSync()).toThrow(/needs \{ module: .*use `await init\(\)`/);
  });

  it('init() loads the core from a file: URL and works; repeated calls reuse it', async () => {
    expect(typeof window).toBe('object');
    const heap = await browser.init();
    const live = heap.alloc('f32', 2);
    live.copyIn([1, 2]);
    heap.memory.grow(1);
    expect([...live.getView()]).toEqual([1, 2]);
    live.free();
    const again = browser.initSync(); // instantiated already: no bytes needed
    expect(again.memory).toBe(heap.memory);
    expect((await browser.init()).memory).toBe(heap.memory);
  });
});
