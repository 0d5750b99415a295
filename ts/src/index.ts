// The public API shared by both entry points (entry-node.ts, entry-browser.ts add init/initSync).
export { bind } from './bind.js';
export { Heap, type HeapStats } from './heap.js';
export { LiveView } from './live-view.js';
export {
  BorrowError,
  GrowthError,
  KindMismatchError,
  OutOfMemoryError,
  StaleHandleError,
  WasmViewsError,
} from './errors.js';
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
export type {
  CoreStats,
  GrowEvent,
  GrowListener,
  HandleInfo,
  HeapOptions,
  WasmViewsExports,
} from './core.js';
export type { InitInput, InitOptions, InitSyncOptions } from './init-options.js';

/** The descriptor-table layout version this package reads (see crate/LAYOUT.md). */
export { LAYOUT_VERSION as layoutVersion } from './abi.gen.js';
