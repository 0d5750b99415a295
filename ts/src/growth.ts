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
  if (listeners.size === 0) return;
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

let textProbe: boolean | undefined;

/** Do TextDecoder.decode and TextEncoder.encodeInto accept views of a resizable buffer? (Chromium and Firefox: no.) */
function textAcceptsResizable(): boolean {
  if (textProbe === undefined) {
    try {
      const ResizableBuffer = ArrayBuffer as unknown as new (
        n: number,
        o: { maxByteLength: number },
      ) => ArrayBuffer & { resizable?: boolean };
      const rab = new ResizableBuffer(1, { maxByteLength: 2 });
      if (rab.resizable !== true) throw 0;
      new TextDecoder().decode(new Uint8Array(rab, 0, 1));
      new TextDecoder().decode(new Uint8Array(rab));
      new TextEncoder().encodeInto('a', new Uint8Array(rab, 0, 1));
      textProbe = true;
    } catch {
      textProbe = false;
    }
  }
  return textProbe;
}

/**
 * @internal Turns `memory`'s buffer resizable (`toResizableBuffer()`), whose views survive
 * growth, where that is safe. Returns `null` if it did, else why not.
 */
export function makeResizable(memory: WebAssembly.Memory, shared: boolean): string | null {
  const m = memory as WebAssembly.Memory & { toResizableBuffer?: () => ArrayBuffer };
  if (shared) return 'shared memory: a SharedArrayBuffer is never detached, so it is kept as is';
  if (typeof m.toResizableBuffer !== 'function')
    return 'this engine has no WebAssembly.Memory.prototype.toResizableBuffer';
  if (!textAcceptsResizable())
    return "this engine's TextDecoder/TextEncoder reject views of resizable buffers, and wasm-bindgen's string glue uses them";
  // Engines report a memory's maximum only through memory.type(), which few ship, and the
  // call throws without one: let it decide.
  try {
    m.toResizableBuffer();
    return null;
  } catch (error) {
    return `toResizableBuffer() threw (the memory needs a maximum: link the module with --max-memory=N): ${String(error)}`;
  }
}
