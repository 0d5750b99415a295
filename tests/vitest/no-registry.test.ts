// An engine without FinalizationRegistry: the package loads and JS-owned buffers work (only the
// safety net is missing). The global is removed before the package loads (it looks at import).
import { expect, it } from 'vitest';

const Real = globalThis.FinalizationRegistry;
(globalThis as { FinalizationRegistry?: unknown }).FinalizationRegistry = undefined;
const { initSync } = await import('wasm-views');
globalThis.FinalizationRegistry = Real;

it('alloc(), free() and disposal work without FinalizationRegistry', () => {
  const heap = initSync();
  const live = heap.alloc('u8', 2);
  live.copyIn([1, 2]);
  expect([...live.getView()]).toEqual([1, 2]);
  live.free();
  expect(live.freed).toBe(true);
  const other = heap.alloc('u8', 1);
  other[Symbol.dispose]();
  expect(other.freed).toBe(true);
  expect(heap.stats().liveHandles).toBe(0);
});
