// @vitest-environment jsdom
// initSync() of the browser bundle: it needs the bytes (or a Module) the first time, says so for
// anything else, and instantiates from bytes.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
// Not an exported subpath: imported by file so this test exercises the browser entry in Node.
import * as browser from '../../node_modules/wasm-views/browser.mjs';

it('initSync() without usable bytes: TypeError naming what it got; with bytes: a Heap', () => {
  const fix = 'fetch wasm-views/wasm_views_bg.wasm yourself, or use `await init()`';
  for (const [module, shown] of [
    [undefined, 'undefined'],
    [null, 'null'],
    [5, '5'],
    ['x.wasm', '"x.wasm"'],
  ] as const) {
    expect(() => browser.initSync({ module: module as never })).toThrow(
      new TypeError(
        `initSync() in a browser needs { module: <the wasm bytes or a WebAssembly.Module> } (got ${shown}); ${fix}`,
      ),
    );
  }
  const heap = browser.initSync({
    module: readFileSync('node_modules/wasm-views/wasm_views_bg.wasm'),
  });
  expect(heap.alloc('f64', 1).getView()).toBeInstanceOf(Float64Array);
  // Instantiated now: no bytes needed any more.
  expect(browser.initSync().memory).toBe(heap.memory);
});
