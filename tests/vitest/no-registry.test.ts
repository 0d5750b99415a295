// An engine without FinalizationRegistry: the package loads and JS-owned buffers work (only the
// safety net is missing). The global is removed before the package loads (it looks at import).
import { expect, it } from 'vitest';

// The import is inside the test, so a package that throws while loading fails the test (a
// failed top-level import fails the file, which Stryker's runner does not count as a kill).
it('alloc(), free() and disposal work without FinalizationRegistry', async () => {
  const Real = globalThis.FinalizationRegistry;
  (globalThis as { FinalizationRegistry?: unknown }).FinalizationRegistry = undefined;
  let initSync: typeof import('wasm-views').initSync;
  try {
    ({ initSync } = await import('wasm-views'));
  } finally {
    globalThis.FinalizationRegistry = Real;
  }
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
