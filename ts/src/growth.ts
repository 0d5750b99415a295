// `import 'wasm-views/growth'`: `heap.onGrow` and `heap.withoutGrowth`, memory growth as
// JavaScript sees it. The TypeScript side of crate/src/growth.rs (which keeps the growth
// epoch in the table header). The core only calls `Table.grew` when it notices growth.
import { implement } from './feature.js';
import { GrowthError, Heap, internals } from './index.js';

/** What `onGrow` listeners receive. */
export interface GrowEvent {
  /** Memory size in bytes when the facade last looked. */
  previousBytes: number;
  /** Memory size in bytes now. */
  memoryBytes: number;
  /** Memory size in 64 KiB pages now. */
  pages: number;
}

/** A growth listener; see `Heap.onGrow`. */
export type GrowListener = (event: GrowEvent) => void;

// Positions as in index.ts `internals`.
const [, , , , , , , , , moduleOf, mustBe] = internals;

/** onGrow listeners of every Heap over one module (bind() makes a module per call). */
const listenersOf = new WeakMap<object, Set<GrowListener>>();

implement(Heap, {
  withoutGrowth<T>(fn: () => T): T {
    if (typeof fn !== 'function') mustBe('withoutGrowth: fn', 'a function', fn);
    const module = moduleOf(this);
    const before = module.reread().byteLength;
    let after: number;
    let result: T;
    try {
      result = fn();
    } finally {
      after = module.reread().byteLength; // fires onGrow listeners if it grew
    }
    if (after !== before) {
      throw new GrowthError(
        `withoutGrowth: memory grew from ${before} to ${after} bytes`,
        before,
        after,
      );
    }
    return result;
  },

  onGrow(listener: GrowListener): () => void {
    if (typeof listener !== 'function') mustBe('onGrow: listener', 'a function', listener);
    const module = moduleOf(this);
    let listeners = listenersOf.get(module);
    if (!listeners) {
      const set = (listeners = new Set());
      listenersOf.set(module, set);
      // Like EventTarget, a listener that throws stops neither the others nor the caller.
      module.grew = (previousBytes, memoryBytes) => {
        const event: GrowEvent = { previousBytes, memoryBytes, pages: memoryBytes / 65536 };
        for (const each of [...set]) {
          try {
            each(event);
          } catch (error) {
            queueMicrotask(() => {
              throw error;
            });
          }
        }
      };
    }
    // Wrap so the same function can subscribe twice and unsubscribe each independently.
    const entry: GrowListener = (event) => listener(event);
    listeners.add(entry);
    return () => {
      listeners.delete(entry);
    };
  },
});
