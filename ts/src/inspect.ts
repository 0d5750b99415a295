// `import 'wasm-views/inspect'`: `heap.stats()` and `heap.describe(handle)`, read from the
// memory and the descriptor table (no call into wasm, no serde in the module).
import {
  ENTRY_GENERATION,
  ENTRY_KIND,
  ENTRY_LENGTH,
  ENTRY_PTR,
  ENTRY_STATE,
  HEADER_CAPACITY,
  HEADER_EPOCH,
  HEADER_LIVE,
  KIND_BYTES,
  KINDS,
  SLOT_MASK,
} from './abi.gen.js';
import { implement } from './feature.js';
import { Heap, internals, type Kind } from './index.js';
import { OWNERS } from './feature.js';

/** Memory and table figures, read from the memory and the table header. */
export interface CoreStats {
  /** Current memory size in bytes. */
  memoryBytes: number;
  /** Current memory size in 64 KiB pages. */
  pages: number;
  /** The memory's maximum in pages where the engine reports it (`memory.type()`), else `null`. */
  maximumPages: number | null;
  /** Handles currently live (Rust-owned, JS-owned and raw). */
  liveHandles: number;
  /** Slots in the allocated chunks of the descriptor table. */
  tableCapacity: number;
  /**
   * The growth epoch of the table header: bumped by the core each time it
   * observes that memory has grown, which it does in its exports (alloc,
   * resize, free, reserve) and its own allocations (at once with
   * `GrowthTrackingAllocator`). Growth nothing in the core has seen yet (e.g.
   * `memory.grow()` from JavaScript) shows in `pages` first.
   */
  growthEpoch: number;
}

/** One handle's descriptor, as `heap.describe(handle)` returns it. */
export interface HandleInfo {
  /** The handle itself: `(generation << 20) | slot`. */
  handle: number;
  /** Slot index in the descriptor table. */
  slot: number;
  /** The slot's generation, 1..4095. */
  generation: number;
  /** Byte address of element 0 in linear memory. */
  ptr: number;
  /** Number of elements. */
  length: number;
  /** `length` times the element size. */
  byteLength: number;
  /** Element kind. */
  kind: Kind;
  /** Who releases the buffer: its Rust owner, JavaScript (`free()`), or whoever registered it raw. */
  owner: Owner;
}

/** Who owns a buffer, by the entry's state. */
export type Owner = 'rust' | 'js' | 'raw';

/** What `heap.stats()` returns: the memory's and the table header's figures plus the facade's mode. */
export interface HeapStats extends CoreStats {
  /** `debug` mode is on (memory.grow(0) after each call into wasm). */
  debug: boolean;
  /** The memory's buffer is resizable (views survive growth). */
  resizable: boolean;
  /** Why `resizable: true` was not applied, or `null`. */
  resizableReason: string | null;
  /** The memory is shared (SharedArrayBuffer; threads). */
  shared: boolean;
  /** JS-owned buffers released by the FinalizationRegistry safety net so far (whole process; 0 without wasm-views/js-buffers). */
  finalizedBuffers: number;
}

// Positions as in index.ts `internals`.
const [, , , , hooks, , , , , moduleOf] = internals;

implement(Heap, {
  describe(handle: number): HandleInfo {
    const e = moduleOf(this).find(handle); // TypeError or RangeError unless a u32 (Table.entry)
    return {
      handle,
      slot: handle & SLOT_MASK,
      generation: e[ENTRY_GENERATION],
      ptr: e[ENTRY_PTR],
      length: e[ENTRY_LENGTH],
      byteLength: e[ENTRY_LENGTH] * KIND_BYTES[e[ENTRY_KIND]],
      kind: KINDS[e[ENTRY_KIND]],
      owner: OWNERS[e[ENTRY_STATE]],
    };
  },

  stats(): HeapStats {
    const module = moduleOf(this);
    const memoryBytes = module.reread().byteLength; // fires onGrow listeners if it grew
    const u32 = module.u32;
    const h = module.header;
    const type = (module.memory as { type?: () => { maximum?: number } }).type;
    return {
      memoryBytes,
      pages: memoryBytes / 65536,
      maximumPages: type?.call(module.memory).maximum ?? null,
      liveHandles: u32[h + HEADER_LIVE],
      tableCapacity: u32[h + HEADER_CAPACITY],
      growthEpoch: u32[h + HEADER_EPOCH],
      debug: module.debug,
      resizable: module.resizable,
      resizableReason: module.resizableReason,
      shared: module.shared,
      finalizedBuffers: hooks.finalized,
    };
  },
});
