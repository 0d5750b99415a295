// Browser entry (npm/browser.mjs): the package's own module, fetched from
// wasm_views_bg.wasm next to the bundle (bundlers such as Vite rewrite the URL).
import { ownModuleLoader } from './own-module.js';
import type { Heap } from './heap.js';
import type { InitOptions, InitSyncOptions } from './init-options.js';
import { describeValue } from './errors.js';

export * from './index.js';
// The whole API: every feature entry installs its methods into the core's classes.
import './all-features.js';

const loader = ownModuleLoader({
  sync(module) {
    if (module === undefined || module === null || typeof module !== 'object') {
      throw new TypeError(
        `initSync() in a browser needs { module: <the wasm bytes or a WebAssembly.Module> } (got ${describeValue(module)}); ` +
          'fetch wasm-views/wasm_views_bg.wasm yourself, or use `await init()`',
      );
    }
    return module;
  },
  async async(input) {
    if (input === undefined) input = new URL('./wasm_views_bg.wasm', import.meta.url);
    const url = typeof input === 'string' && input.startsWith('file:') ? new URL(input) : input;
    if (url instanceof URL && url.protocol === 'file:') {
      // Vitest/jsdom and similar run this entry in Node, whose fetch() cannot read file:
      // URLs. process.getBuiltinModule (Node >= 20.16 / 22.3) reaches node:fs without an
      // import expression, which bundlers would try to resolve for the browser.
      const fs = (
        globalThis as {
          process?: {
            getBuiltinModule?(id: string): { readFile(url: URL): Promise<Uint8Array> };
          };
        }
      ).process?.getBuiltinModule?.('node:fs/promises');
      if (fs === undefined) {
        throw new TypeError(
          `init() cannot read ${url.href} here (no fetch for file: URLs, no process.getBuiltinModule): pass the bytes, init({ module_or_path: bytes })`,
        );
      }
      return fs.readFile(url);
    }
    return input;
  },
});

/**
 * Instantiates the package's own wasm core synchronously from bytes you
 * already have (once; later calls reuse it) and returns a Heap over it.
 *
 * @param options `module`: the core's bytes or `WebAssembly.Module` (required
 *   the first time); `debug`, `resizable`: see HeapOptions.
 * @throws {TypeError} if `module` is missing on the first call (use `await init()` then).
 */
export function initSync(options: InitSyncOptions = {}): Heap {
  return loader.initSync(options);
}

/**
 * Fetches and instantiates the package's own wasm core (once; later calls
 * reuse it) and returns a Heap over it.
 *
 * @param options `module_or_path` (or `module`): a URL, Request, Response,
 *   bytes or `WebAssembly.Module` (default: `wasm_views_bg.wasm` next to the
 *   bundle, read with node:fs when that is a file: URL); `debug`, `resizable`: see HeapOptions.
 * @throws {TypeError} for bad options; errors of fetching or compiling the wasm propagate.
 */
export function init(options: InitOptions = {}): Promise<Heap> {
  return loader.init(options);
}
