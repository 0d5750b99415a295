// wasm-views/bind alone, the lean core (no feature entry imported in this file; Vitest gives
// each test file its own module graph, so the other files' imports do not leak in): every
// method a feature entry implements throws a TypeError naming the import to add, and what the
// core keeps (views, free() of a JS-owned buffer) works without any feature.
import { describe, expect, it } from 'vitest';
import { bind, Heap, LiveView, StaleHandleError } from 'wasm-views/bind';
import { FakeCore } from './fake-core.js';
import { fixture, thrown } from './fixture.js';

const heap = bind(fixture);
const needs = (call: string, feature: string) => `${call}() needs import 'wasm-views/${feature}'`;

describe('without feature entries', () => {
  it('each Heap method of a feature names its import', () => {
    const calls: [() => unknown, string, string][] = [
      [() => heap.alloc('f32', 1), 'heap.alloc', 'js-buffers'],
      [() => heap.reserve(1), 'heap.reserve', 'reserve'],
      [() => heap.onGrow(() => {}), 'heap.onGrow', 'growth'],
      [() => heap.withoutGrowth(() => 1), 'heap.withoutGrowth', 'growth'],
      [() => heap.stats(), 'heap.stats', 'inspect'],
      [() => heap.describe(1 << 20), 'heap.describe', 'inspect'],
    ];
    for (const [call, name, feature] of calls) {
      const error = thrown(call);
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(needs(name, feature));
    }
  });

  it('each LiveView method of a feature names its import', () => {
    const samples = new fixture.Samples();
    samples.push(1.5);
    try {
      const live = heap.view(samples.handle, 'f32');
      expect([...live.getView()]).toEqual([1.5]); // the core's own read path
      const calls: [() => unknown, string, string][] = [
        [() => live.resize(2), 'LiveView.resize', 'js-buffers'],
        [() => live.copyOut(), 'LiveView.copyOut', 'copy'],
        [() => live.copyIn([1]), 'LiveView.copyIn', 'copy'],
      ];
      for (const [call, name, feature] of calls) {
        const error = thrown(call);
        expect(error).toBeInstanceOf(TypeError);
        expect(error.message).toBe(needs(name, feature));
      }
      expect(live.getView()[0]).toBe(1.5); // nothing was written
    } finally {
      samples.free();
    }
  });

  it('the stubs are methods of the classes, not own properties, and not enumerable', () => {
    for (const [cls, name] of [
      [Heap, 'alloc'],
      [LiveView, 'copyIn'],
    ] as const) {
      const descriptor = Object.getOwnPropertyDescriptor(cls.prototype, name)!;
      expect(typeof descriptor.value).toBe('function');
      expect(descriptor.enumerable).toBe(false);
      expect(descriptor.writable).toBe(true);
    }
    expect(Object.keys(heap)).toEqual([]);
  });

  it('resizable: true names its import; shared memory needs no feature', () => {
    const resizable = thrown(() => bind(fixture, { resizable: true }));
    expect(resizable).toBeInstanceOf(TypeError);
    expect(resizable.message).toBe("bind(): resizable: true needs import 'wasm-views/resizable'");
    // resizable: false, or omitted, needs nothing.
    expect(bind(fixture, { resizable: false })).toBeInstanceOf(Heap);
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
    const core = new FakeCore(memory);
    const handle = core.register(0, 8, 2); // f32 x 2
    const shared = bind(core.exports);
    expect(shared.view(handle, 'f32').getView().buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('free() of a JS-owned buffer releases it with the core alone', () => {
    // A JS-owned buffer made by the module's own export (what heap.alloc calls): u16 x 3.
    const handle = (fixture.wasmViewsAlloc as (kind: number, length: number) => number)(4, 3);
    expect(handle).toBeGreaterThanOrEqual(1 << 20);
    const live = heap.view(handle, 'u16');
    const other = heap.view(handle);
    expect(live.length).toBe(3);
    live.free();
    expect(live.freed).toBe(true);
    // Released for every LiveView of it, and for the one-shot read: the core says why.
    const stale = thrown(() => heap.getView(handle));
    expect(stale).toBeInstanceOf(StaleHandleError);
    expect(stale.message).toMatch(/is not live: freed$/);
    expect(thrown(() => other.getView())).toBeInstanceOf(StaleHandleError);
    // A second free() (and `using`'s dispose) does nothing.
    live.free();
    live[Symbol.dispose]();
  });

  it('free() of a Rust-owned buffer retires only the LiveView', () => {
    const samples = new fixture.Samples();
    samples.push(2);
    try {
      const live = heap.view(samples.handle, 'f32');
      live.free();
      expect(thrown(() => live.getView()).message).toMatch(/this LiveView was freed$/);
      expect([...heap.getView(samples.handle, 'f32')]).toEqual([2]);
    } finally {
      samples.free();
    }
  });
});
