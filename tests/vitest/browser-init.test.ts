// @vitest-environment jsdom
// init() of the browser bundle under Vitest + jsdom, input by input: file: URLs (strings or
// URL objects) are read with node:fs through process.getBuiltinModule, other URLs and Responses
// go to wasm-bindgen's loader (fetch), and where node:fs cannot be reached the error says what to
// pass instead. Failures leave the loader ready to retry; the last test instantiates the core.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// Not an exported subpath: imported by file so this test exercises the browser entry in Node.
import * as browser from '../../node_modules/wasm-views/browser.mjs';
import { rejection } from './rejection.js';

const wasm = readFileSync('node_modules/wasm-views/wasm_views_bg.wasm');

describe('browser entry: init()', () => {
  const path = '/nonexistent/wasm-views/x.wasm';

  it('reads file: URLs, strings or URL objects, with node:fs', async () => {
    for (const input of [`file://${path}`, new URL(`file://${path}`)]) {
      const error = await rejection(browser.init({ module_or_path: input }));
      expect(error.code).toBe('ENOENT');
      expect(error.path).toBe(path);
    }
  });

  it('hands http: URLs to fetch', async () => {
    const error = await rejection(
      browser.init({ module_or_path: new URL('http://127.0.0.1:9/x.wasm') }),
    );
    expect(error.message).toBe('fetch failed');
  });

  it('without process.getBuiltinModule (or process): TypeError saying to pass the bytes', async () => {
    const url = `file://${path}`;
    const expected = `init() cannot read ${url} here (no fetch for file: URLs, no process.getBuiltinModule): pass the bytes, init({ module_or_path: bytes })`;
    const getBuiltinModule = process.getBuiltinModule;
    (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined;
    try {
      const error = await rejection(browser.init({ module_or_path: url }));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(expected);
    } finally {
      process.getBuiltinModule = getBuiltinModule;
    }
    const processDescriptor = Object.getOwnPropertyDescriptor(globalThis, 'process')!;
    Object.defineProperty(globalThis, 'process', { value: undefined, configurable: true });
    let error: Error;
    try {
      error = await rejection(browser.init({ module_or_path: url }));
    } finally {
      Object.defineProperty(globalThis, 'process', processDescriptor);
    }
    expect(error.message).toBe(expected);
  });

  it('hands a Response to wasm-bindgen’s loader, and is ready after that', async () => {
    const response = new Response(wasm, { headers: { 'Content-Type': 'application/wasm' } });
    const heap = await browser.init({ module_or_path: response });
    const live = heap.alloc('u8', 2);
    expect(live.getView()).toHaveLength(2);
    live.free();
    expect((await browser.init({ module_or_path: `file://${path}` })).memory).toBe(heap.memory);
  });
});
