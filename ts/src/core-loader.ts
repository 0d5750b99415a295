// The once-only instantiation of the package's own core, shared by the Node and
// browser entries: they differ only in where the wasm bytes come from.
import * as coreModule from '../../build/core/wasm_views.js';
import initCore, { initSync as initCoreSync } from '../../build/core/wasm_views.js';
import { bind } from './bind.js';
import type { Heap } from './heap.js';
import type { InitInput, InitOptions, InitSyncOptions } from './init-options.js';
import { describeValue } from './errors.js';

/** How an entry finds the core's wasm when the caller does not say. */
export interface CoreSource {
  /** The bytes or Module for `initSync()`; may throw a TypeError naming the fix. */
  sync(module: InitSyncOptions['module']): BufferSource | WebAssembly.Module;
  /** What `init()` hands wasm-bindgen's loader, from what the caller gave (maybe nothing). */
  async(input: InitInput | undefined): Promise<InitInput>;
}

/** @internal `init` and `initSync` over `source`; wasm-bindgen's glue instantiates once. */
export function coreLoader(source: CoreSource): {
  initSync(options: InitSyncOptions): Heap;
  init(options: InitOptions): Promise<Heap>;
} {
  let ready = false;
  let loading: Promise<void> | undefined;
  return {
    initSync(options) {
      checkOptions(options, 'initSync');
      if (!ready) {
        initCoreSync({ module: source.sync(options.module) });
        ready = true;
      }
      return bind(coreModule, options);
    },
    async init(options) {
      checkOptions(options, 'init');
      if (!ready) {
        loading ??= (async () => {
          const input = await source.async(await (options.module_or_path ?? options.module));
          await initCore({ module_or_path: input });
          ready = true;
        })().finally(() => {
          loading = undefined;
        });
        await loading;
      }
      return bind(coreModule, options);
    },
  };
}

function checkOptions(options: unknown, name: string): void {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${name}() options must be an object, got ${describeValue(options)}`);
  }
}
