// Shared memory and resizable buffers, over a hand-made table (fake-core.ts): Node 20's real
// core has neither threads nor toResizableBuffer.
import { describe, expect, it } from 'vitest';
import { bind, LiveView, StaleHandleError } from 'wasm-views';
import { FakeCore, type MemoryLike } from './fake-core.js';

describe('shared memory (SharedArrayBuffer)', () => {
  it('growth keeps views valid; a Rust-side move past the old buffer re-reads memory.buffer', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true });
    const core = new FakeCore(memory);
    const handle = core.register(0, 8, 4); // f32 x 4
    const heap = bind(core.exports);
    expect(heap.stats().shared).toBe(true);
    const live = heap.view(handle, 'f32');
    live.copyIn([1, 2, 3, 4]);
    const first = live.getView();
    expect(first.buffer).toBeInstanceOf(SharedArrayBuffer);

    memory.grow(1); // a SharedArrayBuffer is never detached: the view stays, no rebuild needed
    expect(first.length).toBe(4);
    expect(live.getView()).toBe(first);

    core.move(handle, 4, 65536 + 128); // into the grown part: beyond the cached buffer's length
    const moved = live.getView();
    expect(moved === first).toBe(false);
    expect([...moved]).toEqual([1, 2, 3, 4]);
    expect(moved.byteOffset).toBe(65536 + 128);
    expect(moved.buffer.byteLength).toBe(2 * 65536);
  });

  it('a released handle is stale on shared memory too', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true });
    const core = new FakeCore(memory);
    const handle = core.register(3, 1, 2);
    const heap = bind(core.exports);
    const live = heap.view(handle);
    live.getView();
    const w = core.words();
    const entry = 20480 / 4 + 3 * 8;
    w[entry + 5] = 0; // free
    w[entry + 3] = 2; // next generation
    w[entry + 4] += 2; // version bump (in twos: odd means being written)
    expect(() => live.getView()).toThrow(StaleHandleError);
  });
});

/** A memory whose toResizableBuffer() works, as in engines that have it (not Node 20). */
class ResizableMemory implements MemoryLike {
  private plain: ArrayBuffer | undefined;
  private resizable: ArrayBuffer | undefined;
  converted = 0;

  constructor(
    pages: number,
    private maximum: number | null,
  ) {
    this.plain = new ArrayBuffer(pages * 65536);
  }

  get buffer(): ArrayBuffer {
    return this.resizable ?? this.plain!;
  }

  grow(pages: number): number {
    const old = this.buffer.byteLength / 65536;
    if (this.resizable) {
      (this.resizable as unknown as { resize(n: number): void }).resize((old + pages) * 65536);
    } else {
      const next = new ArrayBuffer((old + pages) * 65536);
      new Uint8Array(next).set(new Uint8Array(this.plain!));
      (this.plain as unknown as { transfer?: () => void }).transfer?.(); // detach, as wasm does
      this.plain = next;
    }
    return old;
  }

  toResizableBuffer(): ArrayBuffer {
    // As engines do: a memory without a maximum cannot become resizable.
    if (this.maximum === null) throw new TypeError('WebAssembly.Memory has no maximum');
    const Resizable = ArrayBuffer as unknown as new (
      n: number,
      o: { maxByteLength: number },
    ) => ArrayBuffer;
    const rab = new Resizable(this.plain!.byteLength, { maxByteLength: this.maximum * 65536 });
    new Uint8Array(rab).set(new Uint8Array(this.plain!));
    this.resizable = rab;
    this.converted++;
    return rab;
  }
}

describe('resizable: true', () => {
  it('converts where it can; views then survive growth without a rebuild', () => {
    const memory = new ResizableMemory(1, 8);
    const core = new FakeCore(memory);
    const handle = core.register(0, 9, 3); // f64 x 3
    const heap = bind(core.exports, { resizable: true });
    const stats = heap.stats();
    expect(stats.resizable).toBe(true);
    expect(stats.resizableReason).toBeNull();
    expect(memory.converted).toBe(1);
    const live = heap.view(handle, 'f64');
    live.copyIn([0.5, 1.5, 2.5]);
    const view = live.getView();
    memory.grow(2);
    expect(view.length).toBe(3);
    expect(live.getView()).toBe(view);
    core.move(handle, 5); // Rust moved it: the version check still rebuilds
    expect([...live.getView()]).toEqual([0.5, 1.5, 2.5, 0, 0]);
    expect(bind(core.exports).stats().resizable).toBe(true); // already converted
  });

  it('does not convert a memory without a maximum, and says why', () => {
    const memory = new ResizableMemory(1, null);
    const core = new FakeCore(memory);
    const heap = bind(core.exports, { resizable: true });
    expect(heap.stats().resizable).toBe(false);
    expect(heap.stats().resizableReason).toContain('maximum');
    expect(memory.converted).toBe(0);
  });
  // TextDecoder rejecting resizable views (Chromium, Firefox) is covered by the browser page test:
  // the Node bundles use node:util's TextDecoder, which accepts them.
});

describe('the fast path of each mode', () => {
  /** Memory of each mode, and whether its LiveViews must test for a detached buffer. */
  const modes: [string, () => MemoryLike, boolean, boolean][] = [
    ['default', () => new WebAssembly.Memory({ initial: 1 }), false, true],
    [
      'shared',
      () => new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true }),
      false,
      false,
    ],
    ['resizable', () => new ResizableMemory(1, 8), true, false],
  ];

  it.each(modes)(
    '%s: getView() tests the detach probe only where a buffer can detach',
    (_, memory, resizable, detaches) => {
      const core = new FakeCore(memory());
      const handle = core.register(0, 8, 4); // f32 x 4
      const live = bind(core.exports, { resizable }).view(handle, 'f32');
      expect(live).toBeInstanceOf(LiveView); // one public class, whatever the mode
      const built = live.getView();
      let reads = 0;
      let wordsReads = 0;
      // The cached view (its own detach probe) wrapped to count the reads of its length, and
      // the u32 view the version is read through, to count its length's: only the slow path
      // (#refresh) reads that one.
      const view = new Proxy(built, {
        get: (target, key) => {
          if (key === 'length') reads++;
          return Reflect.get(target, key);
        },
      });
      const state = live as unknown as { _view: unknown; _u32: Uint32Array };
      state._view = view;
      state._u32 = new Proxy(state._u32, {
        get: (target, key) => {
          if (key === 'length') wordsReads++;
          return Reflect.get(target, key);
        },
      });
      for (let i = 0; i < 3; i++) expect(live.getView()).toBe(view);
      expect(reads).toBe(detaches ? 3 : 0);
      expect(wordsReads).toBe(0);
      core.move(handle, 4); // Rust moved it: the version test alone still sees that
      const moved = live.getView();
      expect(moved === view || moved === built).toBe(false);
      live.copyIn([1, 2, 3, 4]); // the feature methods are there in every mode
      expect([...live.getView()]).toEqual([1, 2, 3, 4]);
    },
  );
});
