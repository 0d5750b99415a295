import type { HeapOptions } from './bound-module.js';

/**
 * the package's own module's wasm, as `init()` accepts it: bytes, a compiled
 * `WebAssembly.Module`, a URL (string or `URL`), a `Request` or `Response`
 * (or a promise of one of these).
 */
export type InitInput = BufferSource | WebAssembly.Module | URL | string | Request | Response;

/** Options of `init()`. */
export interface InitOptions extends HeapOptions {
  /** Where the package's own module's wasm comes from; default: `wasm_views_bg.wasm` next to the bundle. */
  module_or_path?: InitInput | Promise<InitInput>;
  /** Same as `module_or_path` (the name `initSync` uses). */
  module?: BufferSource | WebAssembly.Module;
}

/** Options of `initSync()`. */
export interface InitSyncOptions extends HeapOptions {
  /**
   * The package's own module's wasm as bytes or a compiled `WebAssembly.Module`. In Node it
   * defaults to reading `wasm_views_bg.wasm` next to the bundle; in browsers it is required.
   */
  module?: BufferSource | WebAssembly.Module;
}
