// The `wasm-views/bind` entry: the lean core (bind, Heap's view/getView/memory, LiveView,
// the errors, the kinds). entry-node.ts and entry-browser.ts add init/initSync over the
// package's own module and import every feature entry; this file alone must not import that
// module or its glue, nor any feature (each is an entry of its own: js-buffers.ts, ...).
import { LAYOUT_VERSION } from './abi.gen.js';
import { BoundModule } from './bound-module.js';
import { hooks } from './core.js';
import { checkInteger, mustBe, MATCHING } from './errors.js';
import { handleText } from './handle.js';
import { moduleOf } from './heap.js';
import { checkKind, kindName } from './kinds.js';
import { liveModule, liveView } from './live-view.js';

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
export { Heap } from './heap.js';
export type { CoreStats, HandleInfo, HeapStats, Owner } from './inspect.js';
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
export type { InitInput, InitOptions, InitSyncOptions } from './init-options.js';

/**
 * The descriptor-table layout version this package reads (crate/LAYOUT.md).
 * `bind()` refuses a module whose table has another one.
 */
export const layoutVersion: number = LAYOUT_VERSION;

/**
 * @internal What the feature entries use of the core. They are bundled apart and import this
 * entry's bundle (scripts/build.mjs), so there is one Heap and one LiveView class, and this
 * is how they reach what is not public. A tuple, not an object: its names would be the one
 * thing of it minifiers keep (~40 B brotli of the core); features destructure it by position,
 * which its type checks.
 */
export const internals = [
  BoundModule,
  checkInteger,
  checkKind,
  handleText,
  hooks,
  kindName,
  liveModule,
  liveView,
  MATCHING,
  moduleOf,
  mustBe,
] as const;
