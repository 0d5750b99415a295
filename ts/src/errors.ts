// The error classes and the argument checks: the TypeScript side of crate/src/error.rs.
// Every message is built here or next to the facts it names; the wasm side only returns
// status codes (bound-module.ts turns them into these errors).

/**
 * Base class of every error this library defines. Argument errors are plain
 * `TypeError` / `RangeError` instead, as for built-in APIs.
 */
export class WasmViewsError extends Error {}

/**
 * A handle that is not live: freed (by JS, or dropped or replaced by its Rust
 * owner), forged, from an older generation of its slot, or from another
 * module. Thrown before any memory is read; the message says which.
 */
export class StaleHandleError extends WasmViewsError {}

/** A buffer's kind is not the kind asked for (or the kind a `LiveView` was made with). */
export class KindMismatchError extends WasmViewsError {}

/** The wasm memory could not grow enough for an allocation (its maximum, or the engine's limit). */
export class OutOfMemoryError extends WasmViewsError {}

/**
 * The buffer is borrowed by Rust right now (e.g. a Rust function holding it as
 * `&[T]` called back into JavaScript), so it cannot be freed or resized until
 * that call returns.
 */
export class BorrowError extends WasmViewsError {}

/** Memory grew inside `heap.withoutGrowth(fn)`. */
export class GrowthError extends WasmViewsError {
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

// Each class's `name`, on its prototype (one loop instead of a field per class; spelled out
// because minifiers rename the classes themselves).
'WasmViews StaleHandle KindMismatch OutOfMemory Borrow Growth'
  .split(' ')
  .forEach(
    (name, i) =>
      ([
        WasmViewsError,
        StaleHandleError,
        KindMismatchError,
        OutOfMemoryError,
        BorrowError,
        GrowthError,
      ][i].prototype.name = `${name}Error`),
  );

/** @internal The fix for a module built with another version of the crate (every message says it alike). */
export const MATCHING = 'use matching versions of the wasm-views crate and npm package';

/** @internal A short, safe rendering of a bad argument for error messages. */
export function describeValue(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value)
    : typeof value === 'bigint'
      ? `${value}n`
      : Object(value) === value // an object or function: `[object Array]`, `[object Function]`, ...
        ? Object.prototype.toString.call(value)
        : String(value);
}

/** @internal Throws `Type` with `what must be expected, got value`, the shape of every argument error. */
export function mustBe(
  what: string,
  expected: string,
  value: unknown,
  Type: new (message: string) => Error = TypeError,
): never {
  throw new Type(`${what} must be ${expected}, got ${describeValue(value)}`);
}

/** @internal TypeError (not a number) or RangeError unless `value` is an integer in [0, max]. */
export function checkInteger(value: unknown, what: string, max: number): number {
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > max)
    mustBe(
      what,
      `an integer from 0 to ${max}`,
      value,
      typeof value === 'number' ? RangeError : TypeError,
    );
  return value as number;
}

/** @internal TypeError unless `value` is an object (or a function, as module namespaces can be). */
export function checkObject(value: unknown, what: string): void {
  if (!value || (typeof value !== 'object' && typeof value !== 'function'))
    mustBe(what, 'an object', value);
}
