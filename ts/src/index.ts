// The public API shared by every entry point (entry-node.ts and entry-browser.ts add
// init/initSync over the package's own module; this file alone is the `wasm-views/bind` entry,
// so it must not import that module or its glue).
import { LAYOUT_VERSION } from './abi.gen.js';

export { bind } from './bind.js';
export type { HeapOptions, WasmViewsExports } from './bound-module.js';
export {
  BorrowError,
  GrowthError,
  KindMismatchError,
  OutOfMemoryError,
  StaleHandleError,
  WasmViewsError,
} from './errors.js';
export type { GrowEvent, GrowListener } from './growth.js';
export type { Handle } from './handle.js';
export { Heap, type HeapStats } from './heap.js';
export {
  bytesPerElement,
  kinds,
  type ElementOf,
  type Kind,
  type KindArrayMap,
  type SourceOf,
  type TypedArray,
  type ViewOf,
} from './kinds.js';
export { LiveView } from './live-view.js';
export type { CoreStats, HandleInfo, Owner } from './table.js';
export type { InitInput, InitOptions, InitSyncOptions } from './init-options.js';

/**
 * The descriptor-table layout version this package reads (crate/LAYOUT.md).
 * `bind()` refuses a module whose table has another one.
 */
export const layoutVersion: number = LAYOUT_VERSION;
