// What the parts of the testing entry share: finding a module's memory, and telling memory
// trackers after each call that detachAfterCalls() saw.

/** Is `value` a `WebAssembly.Memory` (of any realm: Jest and vm contexts have their own)? */
export function isMemory(value: unknown): value is WebAssembly.Memory {
  return Object.prototype.toString.call(value) === '[object WebAssembly.Memory]';
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'function') return `a function (${value.name || 'anonymous'})`;
  if (typeof value !== 'object') return `${typeof value} ${String(value)}`;
  const keys = Object.keys(value);
  const shown = keys.slice(0, 8).join(', ');
  return keys.length === 0
    ? 'an object with no own keys'
    : `an object with the keys ${shown}${keys.length > 8 ? ', ...' : ''}`;
}

/**
 * How to reach a module's memory: through its `wasmViewsMemory()` export (every module built
 * with the wasm-views crate has it; callable once the module is initialized) or its `memory`
 * export. `null` if the namespace has neither.
 */
export function memoryGetter(
  namespace: Record<PropertyKey, unknown>,
): (() => WebAssembly.Memory | undefined) | null {
  const viaExport = namespace.wasmViewsMemory;
  if (typeof viaExport === 'function') {
    return () => {
      try {
        const memory: unknown = viaExport.call(namespace);
        return isMemory(memory) ? memory : undefined;
      } catch {
        // Not initialized yet (the web target before its init()): nothing to detach.
        return undefined;
      }
    };
  }
  if (isMemory(namespace.memory)) {
    const memory = namespace.memory;
    return () => memory;
  }
  return null;
}

type CallObserver = (memory: WebAssembly.Memory) => void;
const observers = new Set<CallObserver>();

/** Subscribes to "a call into a wrapped module returned" (before its memory is detached). */
export function observeCalls(observer: CallObserver): () => void {
  observers.add(observer);
  return () => {
    observers.delete(observer);
  };
}

/** Tells the observers that a call into the module with `memory` returned. */
export function callReturned(memory: WebAssembly.Memory): void {
  for (const observer of observers) observer(memory);
}
