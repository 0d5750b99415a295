// The once-only instantiation of the package's own module, shared by the Node and
// browser entries: they differ only in where the wasm bytes come from.
import * as ownModule from '../../build/core/wasm_views.js';
import initOwnModule, { initSync as initOwnModuleSync } from '../../build/core/wasm_views.js';
import { bind } from './bind.js';
import type { Heap } from './heap.js';
import type { InitInput, InitOptions, InitSyncOptions } from './init-options.js';
import { checkObject } from './errors.js';

/** How an entry finds the package's own module's wasm when the caller does not say. */
export interface OwnModuleSource {
  /** The bytes or Module for `initSync()`; may throw a TypeError naming the fix. */
  sync(module: InitSyncOptions['module']): BufferSource | WebAssembly.Module;
  /** What `init()` hands wasm-bindgen's loader, from what the caller gave (maybe nothing). */
  async(input: InitInput | undefined): Promise<InitInput>;
}

/** @internal `init` and `initSync` over `source`; wasm-bindgen's glue instantiates once. */
export function ownModuleLoader(source: OwnModuleSource): {
  initSync(options: InitSyncOptions): Heap;
  init(options: InitOptions): Promise<Heap>;
} {
  let ready = false;
  let loading: Promise<void> | undefined;
  return {
    initSync(options) {
      checkObject(options, 'initSync(): options');
      if (!ready) {
        initOwnModuleSync({ module: source.sync(options.module) });
        ready = true;
      }
      return bind(ownModule, options);
    },
    async init(options) {
      checkObject(options, 'init(): options');
      if (!ready) {
        loading ??= (async () => {
          const input = await source.async(await (options.module_or_path ?? options.module));
          await initOwnModule({ module_or_path: input });
          ready = true;
        })().finally(() => {
          loading = undefined;
        });
        await loading;
      }
      return bind(ownModule, options);
    },
  };
}
