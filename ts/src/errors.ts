// The error classes and the argument checks: the TypeScript side of crate/src/error.rs.
// Every message is built here or next to the facts it names; the wasm side only returns
// status codes (bound-module.ts turns them into these errors).

/**
 * Base class of every error this library defines. Argument errors are plain
 * `TypeError` / `RangeError` instead, as for built-in APIs.
 */
export class WasmViewsError extends Error {
  override name = 'WasmViewsError';
}

/**
 * A handle that is not live: freed (by JS, or dropped or replaced by its Rust
 * owner), forged, from an older generation of its slot, or from another
 * module. Thrown before any memory is read; the message says which.
 */
export class StaleHandleError extends WasmViewsError {
  override name = 'StaleHandleError';
}

/** A buffer's kind is not the kind asked for (or the kind a `LiveView` was made with). */
export class KindMismatchError extends WasmViewsError {
  override name = 'KindMismatchError';
}

/** The wasm memory could not grow enough for an allocation (its maximum, or the engine's limit). */
export class OutOfMemoryError extends WasmViewsError {
  override name = 'OutOfMemoryError';
}

/**
 * The buffer is borrowed by Rust right now (e.g. a Rust function holding it as
 * `&[T]` called back into JavaScript), so it cannot be freed or resized until
 * that call returns.
 */
export class BorrowError extends WasmViewsError {
  override name = 'BorrowError';
}

/** Memory grew inside `heap.withoutGrowth(fn)`. */
export class GrowthError extends WasmViewsError {
  override name = 'GrowthError';
  /**
   * @param message what happened.
   * @param previousBytes memory size in bytes before `fn` ran.
   * @param memoryBytes memory size in bytes after `fn` returned.
   */
  constructor(
    message: string,
    /** Memory size in bytes before `fn` ran. */
    readonly previousBytes: number,
    /** Memory size in bytes after `fn` returned. */
    readonly memoryBytes: number,
  ) {
    super(message);
  }
}

/** @internal A short, safe rendering of a bad argument for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : `an object (${Object.prototype.toString.call(value)})`;
}

/** @internal TypeError (not a number) or RangeError unless `value` is an integer in [0, max]. */
export function checkInteger(value: unknown, what: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    const message = `${what} must be an integer from 0 to ${max}, got ${describeValue(value)}`;
    throw typeof value === 'number' ? new RangeError(message) : new TypeError(message);
  }
  return value;
}

/** @internal TypeError unless `value` is an object (or a function, as module namespaces can be). */
export function checkObject(value: unknown, what: string): void {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) {
    throw new TypeError(`${what} must be an object, got ${describeValue(value)}`);
  }
}

/** @internal TypeError unless `value` is a function. */
export function checkFunction(value: unknown, what: string): void {
  if (typeof value !== 'function') {
    throw new TypeError(`${what} needs a function, got ${describeValue(value)}`);
  }
}
