// Node entry (npm/node.mjs, npm/node.cjs): the package's own module, loaded from
// wasm_views_bg.wasm next to the bundle with node:fs.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { ownModuleLoader } from './own-module.js';
import type { Heap } from './heap.js';
import type { InitOptions, InitSyncOptions } from './init-options.js';

export * from './index.js';
// The whole API: every feature entry installs its methods into the core's classes.
import './all-features.js';

const defaultWasmUrl = (): URL => new URL('./wasm_views_bg.wasm', import.meta.url);

const loader = ownModuleLoader({
  sync: (module) => module ?? readFileSync(defaultWasmUrl()),
  async async(input) {
    if (input === undefined) return readFile(defaultWasmUrl());
    // Node's fetch() has no file: URLs: read files (paths, file: URLs) with node:fs.
    if (typeof input === 'string' && !/^(https?|data|blob):/i.test(input)) {
      return readFile(input.startsWith('file:') ? new URL(input) : input);
    }
    if (input instanceof URL && input.protocol === 'file:') return readFile(input);
    return input;
  },
});

/**
 * Instantiates the package's own wasm core synchronously (once; later calls
 * reuse it) and returns a Heap over it.
 *
 * @param options `module`: the core's bytes or `WebAssembly.Module` (default:
 *   read `wasm_views_bg.wasm` next to the bundle); `debug`, `resizable`: see HeapOptions.
 * @throws {TypeError} for bad options; errors of reading or compiling the wasm propagate.
 */
export function initSync(options: InitSyncOptions = {}): Heap {
  return loader.initSync(options);
}

/**
 * Instantiates the package's own wasm core (once; later calls reuse it) and
 * returns a Heap over it.
 *
 * @param options `module_or_path` (or `module`): bytes, a `WebAssembly.Module`,
 *   a file path, a `file:`/`http:` URL, a Request or Response (default: read
 *   `wasm_views_bg.wasm` next to the bundle); `debug`, `resizable`: see HeapOptions.
 * @throws {TypeError} for bad options; errors of loading or compiling the wasm propagate.
 */
export function init(options: InitOptions = {}): Promise<Heap> {
  return loader.init(options);
}
