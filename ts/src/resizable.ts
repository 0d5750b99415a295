// `import 'wasm-views/resizable'`: the `resizable: true` option of bind()/init()/initSync(),
// which turns the memory's buffer resizable (`toResizableBuffer()`) so views survive growth.
import { internals } from './index.js';

/**
 * Turns `memory`'s buffer resizable where that is safe. Returns `null` if it did, else why not
 * (`stats().resizableReason`).
 */
internals[4].resizable = (memory, shared) => {
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
};
