// Node entry (npm/node.mjs, npm/node.cjs): the package's own core, loaded from
// wasm_views_bg.wasm next to the bundle with node:fs.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import initCore, { initSync as initCoreSync } from '../../build/core/wasm_views.js';
import * as coreModule from '../../build/core/wasm_views.js';
import { bind } from './bind.js';
import type { Heap } from './heap.js';
import type { InitInput, InitOptions, InitSyncOptions } from './init-options.js';
import { describeValue } from './kinds.js';

export * from './index.js';

// wasm-bindgen's glue instantiates once; these remember that it did.
let ready = false;
let loading: Promise<void> | undefined;

function defaultWasmUrl(): URL {
  return new URL('./wasm_views_bg.wasm', import.meta.url);
}

function checkOptions(options: unknown, name: string): void {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${name}() options must be an object, got ${describeValue(options)}`);
  }
}

/**
 * Instantiates the package's own wasm core synchronously (once; later calls
 * reuse it) and returns a Heap over it.
 *
 * @param options `module`: the core's bytes or `WebAssembly.Module` (default:
 *   read `wasm_views_bg.wasm` next to the bundle); `debug`, `resizable`: see HeapOptions.
 * @throws {TypeError} for bad options; errors of reading or compiling the wasm propagate.
 */
export function initSync(options: InitSyncOptions = {}): Heap {
  checkOptions(options, 'initSync');
  if (!ready) {
    const module = options.module ?? readFileSync(defaultWasmUrl());
    initCoreSync({ module });
    ready = true;
  }
  return bind(coreModule, options);
}

async function load(input: InitInput | undefined): Promise<void> {
  if (input === undefined) {
    input = await readFile(defaultWasmUrl());
  } else if (typeof input === 'string' && !/^(https?|data|blob):/i.test(input)) {
    input = await readFile(input.startsWith('file:') ? new URL(input) : input);
  } else if (input instanceof URL && input.protocol === 'file:') {
    input = await readFile(input);
  }
  await initCore({ module_or_path: input });
  ready = true;
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
export async function init(options: InitOptions = {}): Promise<Heap> {
  checkOptions(options, 'init');
  if (!ready) {
    if (loading === undefined) {
      const input = await (options.module_or_path ?? options.module);
      loading = load(input).finally(() => {
        loading = undefined;
      });
    }
    await loading;
  }
  return bind(coreModule, options);
}
