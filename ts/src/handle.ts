// Handles: the TypeScript side of crate/src/handle.rs.
import { SLOT_BITS, SLOT_MASK } from './abi.gen.js';
import { checkInteger } from './errors.js';
import type { Kind } from './kinds.js';

/**
 * A wasm-views handle whose buffer holds elements of kind `K`: a plain u32
 * number at run time, `(generation << 20) | slot`. The kind exists only for
 * TypeScript, so `heap.view(handle)` knows its view type without a kind
 * argument. Structurally the same as the `WasmViewsHandle<K>` the crate writes
 * into a module's `.d.ts`, so a Rust getter declared with
 * `unchecked_return_type = "WasmViewsHandle<'u8'>"` gives a `Handle<'u8'>`.
 * A plain `number` is a `Handle` of any kind.
 */
export type Handle<K extends Kind = Kind> = number & { readonly __wasmViewsKind?: K };

/** @internal TypeError / RangeError unless `handle` is a u32. */
export function checkHandle(handle: unknown): number {
  return checkInteger(handle, 'handle', 0xffffffff);
}

/** @internal `handle N (slot S, generation G)`, the way every message names a handle. */
export function handleText(handle: number): string {
  return `handle ${handle} (slot ${handle & SLOT_MASK}, generation ${handle >>> SLOT_BITS})`;
}
