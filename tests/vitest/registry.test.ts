// The FinalizationRegistry safety net, observed through a recording stand-in installed before
// the package loads (its registry is created at import): which LiveViews are registered, with
// what, and what its callback does. finalization.test.ts shows the net working with a real GC;
// this shows what it is handed, deterministically.
import { describe, expect, it } from 'vitest';
import { thrown } from './fixture.js';

type Held = { module: { releaseLost(handle: number): void }; handle: number };
const registered: { target: object; held: Held; token: object | undefined }[] = [];
const unregistered: object[] = [];
let cleanup: ((held: Held) => void) | undefined;

const Real = globalThis.FinalizationRegistry;
globalThis.FinalizationRegistry = class<T> {
  constructor(callback: (held: T) => void) {
    cleanup = callback as never;
  }
  register(target: object, held: T, token?: object) {
    registered.push({ target, held: held as never, token });
  }
  unregister(token: object) {
    unregistered.push(token);
    return true;
  }
} as never;
const { initSync, StaleHandleError } = await import('wasm-views');
globalThis.FinalizationRegistry = Real;

describe('the FinalizationRegistry net', () => {
  const heap = initSync();

  it('registers JS-owned LiveViews from alloc(), with their module and handle; free() unregisters', () => {
    const live = heap.alloc('u8', 3);
    expect(registered).toHaveLength(1);
    const [{ target, held, token }] = registered;
    expect(target).toBe(live);
    expect(token).toBe(live);
    expect(held.handle).toBe(live.handle);
    expect(typeof held.module.releaseLost).toBe('function');
    live.free();
    expect(unregistered).toEqual([live]);
  });

  it('does not register LiveViews of existing buffers (their owner releases them)', () => {
    const live = heap.alloc('u8', 1);
    registered.length = 0;
    heap.view(live.handle);
    heap.view(live.handle, 'u8');
    expect(registered).toHaveLength(0);
    live.free();
  });

  it('its callback releases a dropped buffer once and counts it; a second time does nothing', () => {
    registered.length = 0;
    const handle = heap.alloc('f32', 2).handle; // dropped without free()
    const [{ held }] = registered;
    const before = heap.stats().finalizedBuffers;
    cleanup!(held);
    expect(thrown(() => heap.describe(handle))).toBeInstanceOf(StaleHandleError);
    expect(heap.stats().finalizedBuffers).toBe(before + 1);
    expect(heap.stats().liveHandles).toBe(0);
    cleanup!(held); // stale by now: the core says so, nothing is counted
    expect(heap.stats().finalizedBuffers).toBe(before + 1);
  });
});
