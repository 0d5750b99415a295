// What the optional feature entries (js-buffers.ts, reserve.ts, growth.ts, inspect.ts,
// resizable.ts, copy.ts) plug into. Each of them is bundled apart and imports the core's bundle
// (npm/bind.mjs), so everything they reach in the core goes through `internals` (index.ts).
import type { BoundModule } from './bound-module.js';

/**
 * @internal The hooks a feature entry fills in. Unset, the core does without them: each is
 * read where a feature would act (never on the read path but for `grew`, see Table.reread).
 */
export interface Hooks {
  /**
   * The error for a non-zero status of an export (status.ts, brought by js-buffers and
   * reserve), or `undefined` for a status it does not know. Never throws.
   */
  fail?: (
    module: BoundModule,
    status: number,
    method: string,
    handle: number,
    code: number,
    length: number,
  ) => Error | undefined;
  /** Makes a memory's buffer resizable; `null` if it did, else why not (resizable). */
  resizable?: (memory: WebAssembly.Memory, shared: boolean) => string | null;
  /** Forgets a freed LiveView in the FinalizationRegistry net (js-buffers). */
  untrack?: (view: object) => void;
  /** JS-owned buffers released by the FinalizationRegistry net so far, all modules (js-buffers). */
  finalized: number;
}

/** @internal The one set of hooks (module-level: it outlives every Heap, as the net does). */
export const hooks: Hooks = { finalized: 0 };

/**
 * @internal Throwing stubs for the methods a feature entry implements, so a call without
 * its import names the import (`heap.alloc() needs import 'wasm-views/js-buffers'`) instead
 * of "not a function". `table` is `feature name name ...;...`; configurable and writable
 * like class methods, so `implement` (and test helpers) can replace them.
 */
export function stubs(cls: { prototype: object }, prefix: string, table: string): void {
  for (const group of table.split(';')) {
    const [feature, ...names] = group.split(' ');
    for (const name of names)
      Object.defineProperty(cls.prototype, name, {
        value() {
          throw new TypeError(`${prefix}.${name}() needs import 'wasm-views/${feature}'`);
        },
        writable: true,
        configurable: true,
      });
  }
}
