// Freed, forged and out-of-range handles: StaleHandleError before anything is read.
import { describe, expect, it } from 'vitest';
import { initSync, StaleHandleError } from 'wasm-views';
import { thrown } from './fixture.js';

const heap = initSync();
const SLOT_BITS = 20;
const SLOT_MASK = 0xfffff;

const slotOf = (handle: number) => handle & SLOT_MASK;
const generationOf = (handle: number) => handle >>> SLOT_BITS;
const handleOf = (generation: number, slot: number) => ((generation << SLOT_BITS) | slot) >>> 0;

function expectStale(handle: number) {
  expect(thrown(() => heap.view(handle))).toBeInstanceOf(StaleHandleError);
  expect(thrown(() => heap.getView(handle))).toBeInstanceOf(StaleHandleError);
  expect(thrown(() => heap.describe(handle))).toBeInstanceOf(StaleHandleError);
}

describe('forged and stale handles', () => {
  it('random u32 handles are rejected', () => {
    const live = Array.from({ length: 20 }, (_, i) => heap.alloc('u8', i));
    const liveHandles = new Set(live.map((view) => view.handle));
    let seed = 0x2545f491;
    for (let i = 0; i < 2000; i++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      if (!liveHandles.has(seed)) {
        expect(thrown(() => heap.view(seed))).toBeInstanceOf(StaleHandleError);
      }
    }
    for (const view of live) view.free();
  });

  it('special values: 0, generation 0, slot past capacity, max u32', () => {
    using live = heap.alloc('f32', 1);
    expectStale(0);
    expectStale(slotOf(live.handle)); // generation 0
    expectStale(handleOf(1, SLOT_MASK)); // slot beyond the table
    expectStale(0xffffffff);
    const error = thrown(() => heap.view(0xffffffff));
    expect(error.message).toContain(String(0xffffffff));
  });

  it('an off-by-one slot is rejected', () => {
    using live = heap.alloc('f32', 1);
    const slot = slotOf(live.handle);
    const generation = generationOf(live.handle);
    const neighbours = [handleOf(generation, slot + 1), handleOf(generation, slot + 1000)];
    if (slot > 0) neighbours.push(handleOf(generation + 1, slot - 1));
    for (const handle of neighbours) expectStale(handle);
  });

  it('an old generation of a reused slot is rejected, and a future one too', () => {
    const first = heap.alloc('f32', 1);
    const old = first.handle;
    first.free();
    expectStale(old);
    const reused = [];
    let again = heap.alloc('f32', 1);
    while (slotOf(again.handle) !== slotOf(old) && reused.length < 100) {
      reused.push(again);
      again = heap.alloc('f32', 1);
    }
    expect(slotOf(again.handle)).toBe(slotOf(old));
    expect(generationOf(again.handle)).not.toBe(generationOf(old));
    expectStale(old);
    expectStale(handleOf(generationOf(again.handle) + 1, slotOf(old)));
    again.getView()[0] = 3;
    expect(heap.view(again.handle).getView()[0]).toBe(3);
    again.free();
    for (const view of reused) view.free();
  });

  it('a freed handle stays dead for every LiveView and for Rust', () => {
    const live = heap.alloc('u32', 4);
    const other = heap.view(live.handle, 'u32');
    other.getView();
    live.free();
    expect(thrown(() => other.getView())).toBeInstanceOf(StaleHandleError);
    expect(thrown(() => other.getView())).toBeInstanceOf(StaleHandleError);
    expectStale(live.handle);
  });

  it('non-numbers are TypeErrors, non-u32 numbers RangeErrors', () => {
    expect(thrown(() => heap.view('5' as never))).toBeInstanceOf(TypeError);
    expect(thrown(() => heap.view(5n as never))).toBeInstanceOf(TypeError);
    for (const bad of [-1, 0.5, Number.NaN, 2 ** 32]) {
      const error = thrown(() => heap.view(bad));
      expect(error).toBeInstanceOf(RangeError);
      expect(error.message).toContain(String(bad));
    }
  });
});
