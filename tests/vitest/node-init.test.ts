// init() of the Node entry: where it reads the core's wasm from for each kind of input (paths
// and file: URLs with node:fs, http: URLs with fetch), that a failed init() can be retried,
// and that once it succeeded later calls ignore their input. One process per test file, so this
// file's first successful init() is the one that instantiates the core.
import { describe, expect, it } from 'vitest';
import { init } from 'wasm-views';
import { rejection } from './rejection.js';

describe('init() of the Node entry', () => {
  it('reads paths and file: URLs (strings or URL objects) with node:fs', async () => {
    const path = '/nonexistent/wasm-views/x.wasm';
    for (const input of [path, `file://${path}`, new URL(`file://${path}`)]) {
      const error = await rejection(init({ module_or_path: input }));
      expect(error.code).toBe('ENOENT');
      expect(error.path).toBe(path);
    }
    // Only a leading scheme makes a URL: this is a file name.
    const odd = '/nonexistent/data:x.wasm';
    expect((await rejection(init({ module_or_path: odd }))).code).toBe('ENOENT');
  });

  it('fetches http: URLs (strings or URL objects)', async () => {
    // Port 9 (discard) on the loopback: refused at once, no network.
    for (const input of ['http://127.0.0.1:9/x.wasm', new URL('http://127.0.0.1:9/x.wasm')]) {
      const error = await rejection(init({ module_or_path: input }));
      expect(error.message).toBe('fetch failed');
      expect(error.code).toBeUndefined(); // not node:fs's ENOENT or ERR_INVALID_URL_SCHEME
    }
  });

  it('takes `module` when `module_or_path` is missing', async () => {
    const error = await rejection(init({ module: new Uint8Array([0, 1, 2, 3]) }));
    expect(error).toBeInstanceOf(WebAssembly.CompileError);
  });

  it('checks its options', async () => {
    const error = await rejection(init(5 as never));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('init(): options must be an object, got 5');
  });

  it('after failures, init() without input reads the wasm next to the bundle; later inputs are ignored', async () => {
    const heap = await init();
    const live = heap.alloc('u8', 1);
    expect(live.getView()).toHaveLength(1);
    live.free();
    const again = await init({ module_or_path: '/nonexistent/wasm-views/x.wasm' });
    expect(again.memory).toBe(heap.memory);
  });
});
