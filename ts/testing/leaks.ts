// trackLeaks(): which JS-owned buffers (heap.alloc) a test allocated and never freed.
import { Heap, type Kind, type LiveView } from '../src/index.js';

/** One JS-owned buffer allocated while a tracker ran and not freed. */
export interface LeakedBuffer {
  /** Its handle (as `live.handle`). */
  handle: number;
  /** Its element kind. */
  kind: Kind;
  /** Its length in elements now (after any `resize`), or at allocation if no longer live. */
  length: number;
  /** `length` times the element size. */
  byteLength: number;
  /**
   * `true` while the buffer is still allocated; `false` if it was released without `free()`
   * (by the FinalizationRegistry safety net, after its LiveView was garbage-collected).
   */
  live: boolean;
  /** Where `heap.alloc` was called (the engine's stack, without the tracker's frame), when it gives one. */
  stack: string | undefined;
}

/** What a leak tracker found. */
export interface LeakReport {
  /** The leaked buffers, in allocation order; empty for a clean test. */
  leaked: LeakedBuffer[];
  /** JS-owned buffers allocated while the tracker ran. */
  allocated: number;
}

/** Thrown by {@link LeakTracker.check} when buffers leaked; `leaked` lists them. */
export class LeakError extends Error {
  /** The leaked buffers. */
  readonly leaked: LeakedBuffer[];

  /** @param leaked the buffers to report. */
  constructor(leaked: LeakedBuffer[]) {
    super(formatLeaks(leaked));
    this.name = 'LeakError';
    this.leaked = leaked;
  }
}

/** A running leak check; see {@link trackLeaks}. */
export interface LeakTracker {
  /** What leaked so far; the tracker keeps running. */
  report(): LeakReport;
  /** Stops tracking and returns what leaked. */
  stop(): LeakReport;
  /**
   * Stops tracking and throws a {@link LeakError} listing the leaked buffers, if any.
   * @throws {LeakError} if a buffer allocated while the tracker ran was not freed.
   */
  check(): void;
}

interface Allocation {
  heap: Heap;
  handle: number;
  kind: Kind;
  length: number;
  bytesPerElement: number;
  stack: string | undefined;
  freed: boolean;
}

const trackers = new Set<Allocation[]>();
let originalAlloc: Heap['alloc'] | undefined;
let originalFree: (() => void) | undefined;
let freePrototype: { free(): void } | undefined;

function stackOf(skip: (...args: never[]) => unknown): string | undefined {
  const holder: { stack?: string } = {};
  const capture = (Error as { captureStackTrace?: (o: object, f: unknown) => void })
    .captureStackTrace;
  if (typeof capture === 'function') {
    capture(holder, skip);
  } else {
    holder.stack = new Error().stack;
  }
  // Drop the "Error" line: what remains are the frames.
  return holder.stack?.split('\n').slice(1).join('\n') || undefined;
}

function patch(): void {
  const original = Heap.prototype.alloc;
  originalAlloc = original;
  const alloc = function alloc<K extends Kind>(this: Heap, kind: K, length: number): LiveView<K> {
    const live = original.call(this, kind, length) as LiveView<K>;
    patchFree(live);
    const stack = stackOf(alloc);
    const record: Allocation = {
      heap: this,
      handle: live.handle,
      kind: live.kind,
      length: live.length,
      bytesPerElement: live.length === 0 ? 0 : live.byteLength / live.length,
      stack,
      freed: false,
    };
    for (const allocations of trackers) allocations.push({ ...record });
    return live;
  };
  Heap.prototype.alloc = alloc as Heap['alloc'];
}

// LiveView is not exported as a value; its prototype is reached through the first LiveView.
function patchFree(live: LiveView<Kind>): void {
  if (freePrototype) return;
  const prototype = Object.getPrototypeOf(live) as { free(): void };
  const original = prototype.free;
  freePrototype = prototype;
  originalFree = original;
  prototype.free = function free(this: LiveView<Kind>) {
    const wasFreed = this.freed;
    original.call(this);
    if (wasFreed) return;
    for (const allocations of trackers) {
      for (const a of allocations) if (a.handle === this.handle) a.freed = true;
    }
  };
}

function unpatch(): void {
  if (originalAlloc) Heap.prototype.alloc = originalAlloc;
  if (freePrototype && originalFree) freePrototype.free = originalFree;
  originalAlloc = originalFree = freePrototype = undefined;
}

function leaksOf(allocations: Allocation[]): LeakReport {
  const leaked: LeakedBuffer[] = [];
  for (const a of allocations) {
    if (a.freed) continue;
    let info: { kind: Kind; length: number; byteLength: number; owner: string } | undefined;
    try {
      info = a.heap.describe(a.handle);
    } catch (error) {
      if ((error as Error)?.name !== 'StaleHandleError') throw error;
    }
    if (info && info.owner === 'js') {
      leaked.push({
        handle: a.handle,
        kind: info.kind,
        length: info.length,
        byteLength: info.byteLength,
        live: true,
        stack: a.stack,
      });
    } else if (!info) {
      leaked.push({
        handle: a.handle,
        kind: a.kind,
        length: a.length,
        byteLength: a.length * a.bytesPerElement,
        live: false,
        stack: a.stack,
      });
    }
  }
  return { leaked, allocated: allocations.length };
}

/** The message of a {@link LeakError}: one paragraph per buffer. */
export function formatLeaks(leaked: LeakedBuffer[]): string {
  const lines = [
    `${leaked.length} JS-owned buffer${leaked.length === 1 ? ' was' : 's were'} allocated with heap.alloc() and not freed (call free(), or allocate with \`using\`):`,
  ];
  for (const b of leaked) {
    lines.push(
      `- handle ${b.handle}: ${b.length} × ${b.kind} (${b.byteLength} bytes)${b.live ? '' : ', released only by the FinalizationRegistry safety net'}`,
    );
    if (b.stack) lines.push(b.stack.replace(/^/gm, '    '));
  }
  return lines.join('\n');
}

/**
 * Starts recording the JS-owned buffers that `heap.alloc()` hands out (from any Heap of the
 * `wasm-views` package this entry loads with: `init()`, `initSync()` or `bind()`), with
 * the stack of each allocation. `stop()` or `check()` then reports those still allocated
 * (handle, kind, current length, stack) and those released only because their LiveView
 * was garbage-collected; buffers freed through any LiveView of the same handle count as
 * freed. Liveness is read with `heap.describe()`.
 *
 * Use it around a test (`beforeEach` starts, `afterEach` calls `check()`), or around a
 * block. Trackers may overlap; while any runs, `Heap.prototype.alloc` and
 * `LiveView.prototype.free` are wrapped, and the last one to stop restores the originals.
 *
 * @returns the running tracker.
 */
export function trackLeaks(): LeakTracker {
  const allocations: Allocation[] = [];
  if (trackers.size === 0) patch();
  trackers.add(allocations);
  let stopped: LeakReport | undefined;
  const stop = (): LeakReport => {
    if (stopped) return stopped;
    stopped = leaksOf(allocations);
    trackers.delete(allocations);
    if (trackers.size === 0) unpatch();
    return stopped;
  };
  return {
    report: () => stopped ?? leaksOf(allocations),
    stop,
    check() {
      const { leaked } = stop();
      if (leaked.length > 0) throw new LeakError(leaked);
    },
  };
}
