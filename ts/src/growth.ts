// Memory growth as JavaScript sees it: onGrow listeners and the resizable-buffer mode. The
// TypeScript side of crate/src/growth.rs (which keeps the growth epoch in the table header).

/** What `onGrow` listeners receive. */
export interface GrowEvent {
  /** Memory size in bytes when the facade last looked. */
  previousBytes: number;
  /** Memory size in bytes now. */
  memoryBytes: number;
  /** Memory size in 64 KiB pages now. */
  pages: number;
}

/** A growth listener; see `Heap.onGrow`. */
export type GrowListener = (event: GrowEvent) => void;

/** @internal Bytes per wasm page. */
export const PAGE = 65536;

/** @internal Calls every listener; like EventTarget, one that throws stops neither the others nor the caller. */
export function notifyGrowth(
  listeners: Set<GrowListener>,
  previousBytes: number,
  memoryBytes: number,
): void {
  const event: GrowEvent = { previousBytes, memoryBytes, pages: memoryBytes / PAGE };
  for (const listener of [...listeners]) {
    try {
      listener(event);
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}

/**
 * @internal Turns `memory`'s buffer resizable (`toResizableBuffer()`), whose views survive
 * growth, where that is safe. Returns `null` if it did, else why not.
 */
export function makeResizable(memory: WebAssembly.Memory, shared: boolean): string | null {
  const m = memory as WebAssembly.Memory & { toResizableBuffer?: () => ArrayBuffer };
  if (shared) return 'shared memory never detaches';
  if (!m.toResizableBuffer) return 'no toResizableBuffer here';
  try {
    // wasm-bindgen's string glue hands these views of memory; Chromium and Firefox refuse
    // views of a resizable buffer there. (An engine with toResizableBuffer has resizable buffers.)
    const rab = new (ArrayBuffer as new (n: number, o: object) => ArrayBuffer)(1, {
      maxByteLength: 2,
    });
    new TextDecoder().decode(new Uint8Array(rab));
    new TextEncoder().encodeInto('a', new Uint8Array(rab));
  } catch {
    return 'TextDecoder/TextEncoder reject resizable views (wasm-bindgen strings)';
  }
  // Engines report a memory's maximum only through memory.type(), which few ship, and the
  // call throws without one: let it decide.
  try {
    m.toResizableBuffer();
    return null;
  } catch (error) {
    return `${error} (a maximum is needed: link with --max-memory=N)`;
  }
}
