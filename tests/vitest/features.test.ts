// The feature entries through wasm-views/bind, as an app that does not load the package's own
// core uses them: each one, once imported, makes its methods work on the core's classes.
// (core-only.test.ts shows the same methods without these imports.)
import { describe, expect, it } from 'vitest';
import { bind, GrowthError, Heap, OutOfMemoryError, StaleHandleError } from 'wasm-views/bind';
import 'wasm-views/copy';
import 'wasm-views/growth';
import 'wasm-views/inspect';
import 'wasm-views/js-buffers';
import 'wasm-views/reserve';
import 'wasm-views/resizable';
import { FakeCore, type MemoryLike } from './fake-core.js';
import { fixture, thrown } from './fixture.js';

const heap = bind(fixture);

describe('feature entries imported beside wasm-views/bind', () => {
  it('js-buffers: alloc and resize a JS-owned buffer; its statuses become errors', () => {
    const live = heap.alloc('u16', 2);
    try {
      live.getView().set([7, 8]);
      live.resize(4);
      expect([...live.getView()]).toEqual([7, 8, 0, 0]);
      const large = thrown(() => heap.alloc('f64', 0xffffffff));
      expect(large).toBeInstanceOf(RangeError);
      expect(large.message).toBe(
        'heap.alloc(): 4294967295 f64 elements (34359738360 bytes) do not fit a 32-bit memory (at most 4294967295 bytes)',
      );
    } finally {
      live.free();
    }
    expect(thrown(() => live.resize(1))).toBeInstanceOf(StaleHandleError);
    const samples = new fixture.Samples();
    samples.push(1);
    try {
      const owner = thrown(() => heap.view(samples.handle, 'f32').resize(3));
      expect(owner).toBeInstanceOf(TypeError);
      expect(owner.message).toMatch(/is rust-owned, not from heap\.alloc\(\)$/);
    } finally {
      samples.free();
    }
  });

  it('reserve: grows memory once, then allocations within it do not', () => {
    const before = heap.memory.buffer.byteLength;
    heap.reserve(3 * 65536);
    const reserved = heap.memory.buffer.byteLength;
    expect(reserved).toBeGreaterThanOrEqual(before);
    const live = heap.alloc('u8', 2 * 65536);
    expect(heap.memory.buffer.byteLength).toBe(reserved);
    live.free();
    const oom = thrown(() => heap.reserve(2 ** 40));
    expect(oom).toBeInstanceOf(OutOfMemoryError);
    expect(oom.message).toBe(`heap.reserve(): out of memory allocating ${2 ** 40} bytes`);
  });

  it('growth: onGrow hears Rust-side growth; withoutGrowth throws GrowthError for it', () => {
    const events: number[] = [];
    const off = heap.onGrow((event) => events.push(event.pages - event.previousBytes / 65536));
    fixture.growMemory(1);
    heap.stats(); // a point where the facade looks
    expect(events).toEqual([1]);
    off();
    const error = thrown(() => heap.withoutGrowth(() => fixture.growMemory(1)));
    expect(error).toBeInstanceOf(GrowthError);
    expect(events).toEqual([1]); // unsubscribed
    expect(heap.withoutGrowth(() => 5)).toBe(5);
  });

  it('inspect: stats() and describe() read the table', () => {
    const live = heap.alloc('i32', 5);
    try {
      const info = heap.describe(live.handle);
      expect(info).toMatchObject({ handle: live.handle, length: 5, byteLength: 20, kind: 'i32' });
      expect(info.owner).toBe('js');
      const stats = heap.stats();
      expect(stats.liveHandles).toBeGreaterThanOrEqual(1);
      expect(stats.memoryBytes).toBe(heap.memory.buffer.byteLength);
      expect(stats.finalizedBuffers).toBe(0);
    } finally {
      live.free();
    }
  });

  it('copy: copyIn checks before writing; copyOut is a detached copy', () => {
    const live = heap.alloc('f32', 3);
    try {
      live.copyIn([1, 2], 1);
      const copy = live.copyOut();
      expect([...copy]).toEqual([0, 1, 2]);
      expect(copy.buffer).not.toBe(heap.memory.buffer);
      const bad = thrown(() => live.copyIn([5, 6n as never]));
      expect(bad.message).toBe('copyIn: element 1 must be a number (f32), got 6n');
      expect([...live.getView()]).toEqual([0, 1, 2]); // nothing written
      expect(thrown(() => live.copyIn([1, 2, 3], 1))).toBeInstanceOf(RangeError);
    } finally {
      live.free();
    }
  });

  it('resizable: the option is applied (or the reason given) instead of refused', () => {
    let asked = 0;
    const memory = new WebAssembly.Memory({ initial: 1 });
    const like: MemoryLike & { toResizableBuffer(): ArrayBuffer } = {
      get buffer() {
        return memory.buffer;
      },
      grow: (pages) => memory.grow(pages),
      toResizableBuffer() {
        asked++;
        throw new TypeError('no maximum here');
      },
    };
    const resizable = bind(new FakeCore(like).exports, { resizable: true });
    expect(resizable).toBeInstanceOf(Heap);
    const stats = resizable.stats();
    expect(stats.resizable).toBe(false);
    // Where TextDecoder takes resizable views the memory is asked, and its refusal is the reason.
    expect(stats.resizableReason).toMatch(/^(TypeError: no maximum here|TextDecoder)/);
    expect(asked).toBe(stats.resizableReason!.startsWith('TypeError') ? 1 : 0);
  });
});
