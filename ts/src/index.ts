// The public API shared by both entry points (entry-node.ts, entry-browser.ts add init/initSync).
import { LAYOUT_VERSION } from './abi.gen.js';

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

/**
 * The descriptor-table layout version this package reads (crate/LAYOUT.md).
 * `bind()` refuses a module whose core writes another one.
 */
export const layoutVersion: number = LAYOUT_VERSION;
