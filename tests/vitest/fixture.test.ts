// Rust-owned buffers and Rust-side growth, through bind() on the fixture module.
import { describe, expect, it, vi } from 'vitest';
import { bind, GrowthError, KindMismatchError, StaleHandleError, type GrowEvent } from 'wasm-views';
import { expectRebuiltAcrossGrowth, fixture, thrown } from './fixture.js';

const heap = bind(fixture);

describe('Rust-owned buffers', () => {
  it('Samples: a LiveView follows the Vec through reallocation, length changes and drop', () => {
    const samples = new fixture.Samples();
    samples.extend(4, 1.5);
    const live = heap.view(samples.handle, 'f32');
    const first = live.getView();
    expect([...first]).toEqual([1.5, 1.5, 1.5, 1.5]);
    expect(live.getView()).toBe(first);

    samples.extend(100_000, 2); // reallocates (and grows memory)
    const second = live.getView();
    expect(second === first).toBe(false);
    expect(live.length).toBe(100_004);
    expect(second[3]).toBe(1.5);
    expect(second[100_003]).toBe(2);

    samples.truncate(2);
    expect(live.length).toBe(2);
    samples.shrinkToFit();
    expect([...live.getView()]).toEqual([1.5, 1.5]);
    samples.clear();
    expect(live.getView().length).toBe(0); // empty Vec: dangling pointer, never read
    samples.push(7);
    expect([...live.getView()]).toEqual([7]);

    samples.free(); // Rust drops the LiveVec: the handle is released
    const stale = thrown(() => live.getView());
    expect(stale).toBeInstanceOf(StaleHandleError);
    // The core recorded who released it (ENTRY_RELEASED_BY): the message names the way to
    // give a LiveVec new contents under the same handle.
    expect(stale.message).toContain(`handle ${live.handle} (slot `);
    expect(stale.message).toContain('its LiveVec was dropped or replaced');
    expect(stale.message).toContain('LiveVec::replace keeps handles');
    expect(thrown(() => heap.view(live.handle))).toBeInstanceOf(StaleHandleError);
  });

  it('Canvas: pixels are u8c and follow resize()', () => {
    const canvas = new fixture.Canvas(2, 2);
    const pixels = heap.view(canvas.pixels, 'u8c');
    expect(pixels.kind).toBe('u8c');
    canvas.fill(1, 2, 3, 4);
    const view = pixels.getView();
    expect(view).toBeInstanceOf(Uint8ClampedArray);
    expect([...view.subarray(0, 8)]).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
    canvas.resize(300, 200);
    expect(pixels.length).toBe(300 * 200 * 4);
    canvas.fill(9, 9, 9, 9);
    expect(pixels.getView()[300 * 200 * 4 - 1]).toBe(9);
    expect(thrown(() => heap.view(canvas.pixels, 'f32'))).toBeInstanceOf(KindMismatchError);
    const resize = thrown(() => pixels.resize(4));
    expect(resize).toBeInstanceOf(TypeError); // Rust owns its buffers' sizes
    expect(resize.message).toBe(
      `LiveView.resize(): handle ${canvas.pixels} (slot ${canvas.pixels & 0xfffff}, generation ${canvas.pixels >>> 20}) is rust-owned, not from heap.alloc()`,
    );
    pixels.free(); // Rust-owned: only retires this LiveView
    expect(thrown(() => pixels.getView())).toBeInstanceOf(StaleHandleError);
    expect(heap.view(canvas.pixels, 'u8c').getView()[0]).toBe(9); // the buffer is still there
    canvas.free();
  });

  it('viewOfSamples returns a view that is not detached', () => {
    const samples = new fixture.Samples();
    samples.extend(3, 0.25);
    const view = fixture.viewOfSamples(samples);
    expect(view).toBeInstanceOf(Float32Array);
    expect([...view]).toEqual([0.25, 0.25, 0.25]);
    samples.free();
  });

  it('Rust borrows JS-owned buffers by handle, with kind checks', () => {
    using live = heap.alloc('f32', 3);
    live.copyIn([1, 2, 3]);
    expect(fixture.sumF32(live.handle)).toBe(6);
    fixture.fillF32(live.handle, 7);
    expect([...live.getView()]).toEqual([7, 7, 7]);
    using bytes = heap.alloc('u8', 3);
    expect(thrown(() => fixture.sumF32(bytes.handle)).name).toBe('KindMismatchError');
    const handle = bytes.handle;
    bytes.free();
    expect(thrown(() => fixture.sumF32(handle)).name).toBe('StaleHandleError');
  });
});

describe('growth', () => {
  it('growth from JS and from Rust between calls: getView() rebuilds, a cached raw view dies', () => {
    using live = heap.alloc('f64', 4);
    live.copyIn([1, 2, 3, 4]);
    expectRebuiltAcrossGrowth(heap, live, 1, [1, 2, 3, 4]);
    const raw2 = live.getView();
    const pages = fixture.growMemory(2);
    expect(heap.memory.buffer.byteLength).toBe((pages + 2) * 65536);
    expect(raw2.length).toBe(0);
    expect([...live.getView()]).toEqual([1, 2, 3, 4]);
  });

  it('growth during a Rust call that calls back into JS (re-entrancy)', () => {
    using live = heap.alloc('i32', 2);
    live.copyIn([5, 6]);
    let seen: number[] = [];
    fixture.callWithGrowth(() => {
      seen = [...live.getView()];
    }, 1);
    expect(seen).toEqual([5, 6]);
  });

  it('withoutGrowth returns fn’s result, or throws GrowthError when memory grew', () => {
    expect(heap.withoutGrowth(() => 42)).toBe(42);
    const error = thrown(() => heap.withoutGrowth(() => fixture.growMemory(1)));
    expect(error).toBeInstanceOf(GrowthError);
    expect((error as GrowthError).memoryBytes).toBeGreaterThan(
      (error as GrowthError).previousBytes,
    );
    expect(thrown(() => heap.withoutGrowth(() => heap.memory.grow(1)))).toBeInstanceOf(GrowthError);
    const mine = new Error('mine');
    expect(
      thrown(() =>
        heap.withoutGrowth(() => {
          throw mine;
        }),
      ),
    ).toBe(mine);
    heap.memory.grow(0); // a detach is not growth
    expect(heap.withoutGrowth(() => heap.memory.grow(0))).toBeGreaterThan(0);
  });

  it('onGrow fires synchronously when the facade notices growth, and unsubscribes', () => {
    const events: GrowEvent[] = [];
    const unsubscribe = heap.onGrow((event) => events.push(event));
    fixture.growMemory(1);
    expect(events).toHaveLength(0); // not polled: nothing noticed yet
    heap.stats();
    expect(events).toHaveLength(1);
    expect(events[0].memoryBytes - events[0].previousBytes).toBe(65536);
    expect(events[0].pages).toBe(events[0].memoryBytes / 65536);

    using live = heap.alloc('u8', 1);
    live.getView();
    heap.memory.grow(1);
    live.getView(); // rebuilds because the buffer changed: noticed here
    expect(events).toHaveLength(2);

    try {
      heap.withoutGrowth(() => heap.memory.grow(1));
    } catch {
      // GrowthError
    }
    expect(events).toHaveLength(3);

    heap.memory.grow(1);
    heap.alloc('u8', 1).free(); // after a call into wasm
    expect(events).toHaveLength(4);

    unsubscribe();
    unsubscribe();
    heap.memory.grow(1);
    heap.stats();
    expect(events).toHaveLength(4);
  });

  it('a throwing listener does not stop the others; its error is rethrown in a microtask', () => {
    const second = vi.fn();
    const queued: Array<() => void> = [];
    vi.stubGlobal('queueMicrotask', (task: () => void) => queued.push(task));
    try {
      const offA = heap.onGrow(() => {
        throw new Error('listener failed');
      });
      const offB = heap.onGrow(second);
      heap.memory.grow(1);
      heap.stats();
      offA();
      offB();
    } finally {
      vi.unstubAllGlobals();
    }
    expect(second).toHaveBeenCalledTimes(1);
    expect(queued).toHaveLength(1);
    expect(() => queued[0]()).toThrow('listener failed');
  });

  it('stats() reads the table header; its growth epoch moves once the core has seen the growth', () => {
    const before = heap.stats();
    fixture.growMemory(1); // memory.grow from Rust, outside the allocator: the core has not looked
    const grown = heap.stats();
    expect(grown.pages).toBe(before.pages + 1);
    expect(grown.growthEpoch).toBe(before.growthEpoch);
    heap.alloc('u8', 1).free(); // the exports observe growth
    const after = heap.stats();
    expect(after.growthEpoch).toBeGreaterThan(before.growthEpoch);
    expect(after.tableCapacity).toBeGreaterThan(0);
  });
});

describe('debug mode', () => {
  it('detaches the buffer after each call into wasm, so a cached raw view fails loudly', () => {
    const debug = bind(fixture, { debug: true });
    expect(debug.stats().debug).toBe(true);
    const live = debug.alloc('f32', 4);
    live.copyIn([1, 2, 3, 4]);
    const raw = live.getView();
    const other = debug.alloc('u8', 1); // any call into wasm
    expect(raw.length).toBe(0);
    expect(() => raw[0].toFixed()).toThrow(TypeError);
    expect([...live.getView()]).toEqual([1, 2, 3, 4]);
    other.free();
    live.free();
  });
});
