// What StrykerJS found untested in the table reader and the export calls (issue 14), over the
// hand-made table of fake-core.ts: statuses the real core returns only in rare states, chunks
// past the first, entries past a shared buffer's old end, the `memory.buffer` getter's calls,
// the resizable-mode probes, and engines without an array type.
import { afterEach, describe, expect, it } from 'vitest';
import { bind, OutOfMemoryError, StaleHandleError, WasmViewsError } from 'wasm-views';
import { CAPACITY, DIRECTORY, FakeCore, TABLE_WORD, type MemoryLike } from './fake-core.js';
import { fixture, thrown } from './fixture.js';

function setup(state = 2, memory: MemoryLike = new WebAssembly.Memory({ initial: 1, maximum: 4 })) {
  const core = new FakeCore(memory);
  const handle = core.register(5, 8, 4, state); // f32 x 4
  return { memory, core, handle, heap: bind(core.exports) };
}

/** Writes a live entry at word `e`: `kind` x `length` at `ptr`, generation 1. */
function writeEntry(w: Uint32Array, e: number, ptr: number, length: number, kind: number): void {
  w.set([ptr, length, kind, 1, 2, 1, 0, 0], e);
}

const restore: (() => void)[] = [];
afterEach(() => {
  while (restore.length) restore.pop()!();
});
function stubGlobal(name: string, value: unknown): void {
  const had = Object.getOwnPropertyDescriptor(globalThis, name);
  Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  restore.push(() =>
    had ? Object.defineProperty(globalThis, name, had) : delete (globalThis as never)[name],
  );
}

describe('statuses of the exports', () => {
  it('a stale status for an entry that still reads live: StaleHandleError naming the method', () => {
    const { core, handle, heap } = setup();
    core.exports.wasmViewsFree = () => 1; // STATUS_STALE_HANDLE
    const error = thrown(() => heap.view(handle, 'f32').free());
    expect(error).toBeInstanceOf(StaleHandleError);
    expect(error.message).toBe(
      `LiveView.free(): handle ${handle} (slot 5, generation 1) is not live`,
    );
  });

  it('a status no export the facade calls returns (kind mismatch) is named by its number', () => {
    const { core, handle, heap } = setup();
    core.exports.wasmViewsResize = () => 2; // STATUS_KIND_MISMATCH
    const error = thrown(() => heap.view(handle, 'f32').resize(1));
    expect(error).toBeInstanceOf(WasmViewsError);
    expect(error.message).toBe('LiveView.resize(): status 2');
  });

  it('a request of kind code 0 (i8) is counted in elements; a byte count in bytes', () => {
    const { core, handle, heap } = setup();
    core.exports.wasmViewsAlloc = () => 3; // STATUS_OUT_OF_MEMORY
    expect(thrown(() => heap.alloc('i8', 3)).message).toBe(
      'heap.alloc(): out of memory allocating 3 i8 elements (3 bytes)',
    );
    core.exports.wasmViewsReserve = () => 3;
    const reserve = thrown(() => heap.reserve(5));
    expect(reserve).toBeInstanceOf(OutOfMemoryError);
    expect(reserve.message).toBe('heap.reserve(): out of memory allocating 5 bytes');
    core.exports.wasmViewsFree = () => 3; // free() has no request: 0 bytes
    expect(thrown(() => heap.view(handle).free()).message).toBe(
      'LiveView.free(): out of memory allocating 0 bytes',
    );
  });

  it('resize() and free() of a JS-owned buffer without the js-buffers exports', () => {
    const { core, handle, heap } = setup();
    delete core.exports.wasmViewsResize;
    delete core.exports.wasmViewsFree;
    const live = heap.view(handle, 'f32');
    const fix = (method: string, name: string) =>
      `${method} needs the module's ${name}: build it with features = ["js-buffers"] of the wasm-views crate`;
    expect(thrown(() => live.resize(2)).message).toBe(fix('LiveView.resize()', 'wasmViewsResize'));
    expect(thrown(() => live.free()).message).toBe(fix('LiveView.free()', 'wasmViewsFree'));
  });

  it('without debug, a call into wasm that does not grow memory leaves the buffer attached', () => {
    const { memory, heap } = setup();
    const before = memory.buffer;
    heap.reserve(16);
    expect(memory.buffer).toBe(before);
    expect(before.byteLength).toBe(65536);
  });
});

describe('the table reader', () => {
  it('a slot in a later chunk, and one whose chunk is not allocated', () => {
    const { core, heap } = setup();
    const w = core.words();
    w[TABLE_WORD + CAPACITY] = 768; // three chunks' worth, the third not allocated
    w[TABLE_WORD + DIRECTORY + 1] = 40960; // chunk 1 (slots 256..511)
    writeEntry(w, 40960 / 4 + 4 * 8, 49152, 2, 1); // slot 260: u8 x 2 at 49152
    new Uint8Array(core.memory.buffer)[49152] = 7;
    expect([...heap.getView((1 << 20) | 260)]).toEqual([7, 0]);
    expect(thrown(() => heap.getView((1 << 20) | 600)).message).toBe(
      'handle 1049176 (slot 600, generation 1) is not live: its chunk is not allocated (forged, or from another module)',
    );
  });

  it('an entry past a shared buffer’s old end (another thread grew memory) is read after a re-read', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 3, shared: true });
    const { core, heap } = setup(1, memory);
    expect(heap.getView(core.register(6, 1, 2))).toHaveLength(2); // the facade holds page 1
    memory.grow(1); // the old SharedArrayBuffer keeps its 65536 bytes
    const w = core.words();
    w[TABLE_WORD + CAPACITY] = 512;
    w[TABLE_WORD + DIRECTORY + 1] = 65536 + 8192; // chunk 1 lies in page 2
    writeEntry(w, (65536 + 8192) / 4, 40000, 3, 1); // slot 256: u8 x 3
    expect(heap.getView((1 << 20) | 256)).toHaveLength(3);
    w[TABLE_WORD + DIRECTORY + 1] = 3 * 65536 - 64; // a chunk whose entries run past memory
    expect(thrown(() => heap.getView((1 << 20) | 258)).message).toBe(
      'handle 1048834 (slot 258, generation 1) is not live: its entry lies outside memory (corrupt table)',
    );
  });

  it('reads memory.buffer only when the buffer changed, also for an entry that ends memory', () => {
    const real = new WebAssembly.Memory({ initial: 1, maximum: 2 });
    let getterCalls = 0;
    const memory: MemoryLike = {
      get buffer() {
        getterCalls++;
        return real.buffer;
      },
      grow: (pages) => real.grow(pages),
    };
    const { core, handle, heap } = setup(1, memory);
    const w = core.words();
    w[TABLE_WORD + DIRECTORY] = 65536 - 256 * 32; // chunk 0 ends where memory ends
    writeEntry(w, (65536 - 32) / 4, 36000, 1, 1); // slot 255, the last entry
    writeEntry(w, (65536 - 256 * 32) / 4 + 5 * 8, 36004, 4, 8); // slot 5 again
    heap.getView(handle);
    heap.getView((1 << 20) | 255);
    const calls = getterCalls;
    expect(heap.getView(handle)).toHaveLength(4);
    expect(heap.getView((1 << 20) | 255)).toHaveLength(1);
    expect(heap.describe(handle).length).toBe(4);
    expect(getterCalls).toBe(calls);
    real.grow(1);
    expect(heap.getView(handle)).toHaveLength(4);
    expect(getterCalls).toBeGreaterThan(calls);
  });

  it('a free entry is not live even at the handle’s generation', () => {
    const { core, handle, heap } = setup(1);
    const w = core.words();
    w[core.entry(5) + 5] = 0; // state free, generation left alone
    w[core.entry(5) + 4] += 2;
    const error = thrown(() => heap.getView(handle));
    expect(error).toBeInstanceOf(StaleHandleError);
    expect(error.message).toBe(`handle ${handle} (slot 5, generation 1) is not live: freed`);
  });

  it('a buffer that ends where memory ends is viewable', () => {
    const { core, handle, heap } = setup(1);
    const w = core.words();
    w[core.entry(5)] = 65536 - 16; // f32 x 4: the last 16 bytes
    w[core.entry(5) + 4] += 2;
    new Float32Array(core.memory.buffer, 65536 - 4)[0] = 2.5;
    expect([...heap.getView(handle)]).toEqual([0, 0, 0, 2.5]);
  });

  it('shared memory: entries across the old end and at the very end of memory', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 3, shared: true });
    const { core, heap } = setup(1, memory);
    expect(heap.getView(core.register(6, 1, 2))).toHaveLength(2); // the facade holds page 1
    memory.grow(1); // 131072 bytes; the facade's SharedArrayBuffer keeps 65536
    const w = core.words();
    w[TABLE_WORD + CAPACITY] = 768;
    w[TABLE_WORD + DIRECTORY + 1] = 65536 - 16; // slot 256's entry straddles the old end
    writeEntry(w, (65536 - 16) / 4, 40000, 3, 1);
    expect(heap.getView((1 << 20) | 256)).toHaveLength(3);
    w[TABLE_WORD + DIRECTORY + 2] = 131072 - 3 * 32; // slot 514's entry ends memory
    writeEntry(w, (131072 - 32) / 4, 40008, 5, 1);
    expect(heap.getView((1 << 20) | 514)).toHaveLength(5);
    expect(thrown(() => heap.getView((1 << 20) | 515)).message).toBe(
      'handle 1049091 (slot 515, generation 1) is not live: its entry lies outside memory (corrupt table)',
    );
  });

  it('a LiveView freed while its entry reads version 1 (mid-write) still says freed', () => {
    const { core, handle, heap } = setup(1);
    const live = heap.view(handle, 'f32');
    live.free();
    core.words()[core.entry(5) + 4] = 1;
    expect(thrown(() => live.getView()).message).toMatch(/this LiveView was freed$/);
  });

  it('an engine without an array type: TypeError naming it', async () => {
    const { core } = setup();
    const handle = core.register(7, 10, 2); // i64 x 2
    stubGlobal('BigInt64Array', undefined);
    // The facade reads the array types when it is imported: a copy of its own (a module URL
    // of its own), imported without this one.
    const url = new URL('../../node_modules/wasm-views/bind.mjs?without-bigint64', import.meta.url);
    const fresh = (await import(url.href)) as typeof import('wasm-views/bind');
    const error = thrown(() => fresh.bind(core.exports).getView(handle));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('no array type for i64 here');
  });
});

describe('resizable: true, where it cannot apply', () => {
  it('shared memory', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
    const core = new FakeCore(memory);
    const stats = bind(core.exports, { resizable: true }).stats();
    expect(stats.resizable).toBe(false);
    expect(stats.resizableReason).toBe('shared memory never detaches');
  });

  it('an engine without toResizableBuffer', () => {
    const real = new WebAssembly.Memory({ initial: 1 });
    const memory: MemoryLike = { buffer: real.buffer, grow: (n) => real.grow(n) };
    const stats = bind(new FakeCore(memory).exports, { resizable: true }).stats();
    expect(stats.resizable).toBe(false);
    expect(stats.resizableReason).toBe('no toResizableBuffer here');
    const unasked = bind(fixture).stats(); // not asked: not tried
    expect(unasked.resizable).toBe(false);
    expect(unasked.resizableReason).toBe(null);
  });

  it('TextDecoder or TextEncoder that refuse views of a resizable buffer (Chromium, Firefox)', () => {
    for (const refuser of ['TextDecoder', 'TextEncoder'] as const) {
      let converted = 0;
      const real = new WebAssembly.Memory({ initial: 1, maximum: 2 });
      const memory = {
        buffer: real.buffer,
        grow: (n: number) => real.grow(n),
        toResizableBuffer: () => {
          converted++;
          return real.buffer;
        },
      };
      const refuses = (view: Uint8Array) => {
        if ((view.buffer as ArrayBuffer & { resizable: boolean }).resizable)
          throw new TypeError('resizable views are not allowed');
      };
      const Original = globalThis[refuser];
      stubGlobal(
        refuser,
        refuser === 'TextDecoder'
          ? class extends TextDecoder {
              decode(view: Uint8Array) {
                refuses(view);
                return super.decode(view);
              }
            }
          : class extends (Original as typeof TextEncoder) {
              encodeInto(text: string, view: Uint8Array) {
                refuses(view);
                return super.encodeInto(text, view);
              }
            },
      );
      const stats = bind(new FakeCore(memory).exports, { resizable: true }).stats();
      restore.pop()!();
      expect(stats.resizable).toBe(false);
      expect(stats.resizableReason).toBe(
        'TextDecoder/TextEncoder reject resizable views (wasm-bindgen strings)',
      );
      expect(converted).toBe(0);
    }
  });

  it('the probe does not refuse where the coders accept resizable views (Node)', () => {
    const real = new WebAssembly.Memory({ initial: 1, maximum: 2 });
    const memory = {
      buffer: real.buffer,
      grow: (n: number) => real.grow(n),
      toResizableBuffer: () => {
        throw new TypeError('no maximum');
      },
    };
    const stats = bind(new FakeCore(memory).exports, { resizable: true }).stats();
    expect(stats.resizableReason).toBe(
      'TypeError: no maximum (a maximum is needed: link with --max-memory=N)',
    );
    expect(() => bind(new FakeCore(memory).exports, { resizable: true })).not.toThrow(
      WasmViewsError,
    );
  });
});
