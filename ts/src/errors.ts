/**
 * Base class of every error this library defines. Argument errors are plain
 * `TypeError` / `RangeError` instead, as for built-in APIs.
 */
export class WasmViewsError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WasmViewsError';
  }
}

/**
 * A handle that is not live: freed (by JS, or dropped by its Rust owner),
 * forged, from an older generation of its slot, or from another module.
 * Thrown before any memory is read.
 */
export class StaleHandleError extends WasmViewsError {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StaleHandleError';
  }
}

/** A buffer's kind is not the kind asked for (or the kind a `LiveView` was made with). */
export class KindMismatchError extends WasmViewsError {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KindMismatchError';
  }
}

/** The wasm memory could not grow enough for an allocation (its maximum, or the engine's limit). */
export class OutOfMemoryError extends WasmViewsError {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OutOfMemoryError';
  }
}

/**
 * The buffer is borrowed by Rust right now (e.g. a Rust function holding it as
 * `&[T]` called back into JavaScript), so it cannot be freed or resized until
 * that call returns.
 */
export class BorrowError extends WasmViewsError {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BorrowError';
  }
}

/** Memory grew inside `heap.withoutGrowth(fn)`. */
export class GrowthError extends WasmViewsError {
  /** Memory size in bytes before `fn` ran. */
  readonly previousBytes: number;
  /** Memory size in bytes after `fn` returned. */
  readonly memoryBytes: number;
  constructor(message: string, previousBytes: number, memoryBytes: number) {
    super(message);
    this.name = 'GrowthError';
    this.previousBytes = previousBytes;
    this.memoryBytes = memoryBytes;
  }
}

const byName: Record<string, new (message?: string, options?: ErrorOptions) => WasmViewsError> = {
  StaleHandleError,
  KindMismatchError,
  OutOfMemoryError,
  BorrowError,
};

/**
 * @internal Maps an error thrown by the core (a plain `Error` whose `name` is
 * one of ours) onto our class, keeping the message and the original as `cause`.
 * Anything else (TypeError, RangeError, traps) passes through unchanged.
 */
export function mapCoreError(error: unknown): unknown {
  if (error instanceof WasmViewsError || typeof error !== 'object' || error === null) return error;
  const name = (error as { name?: unknown }).name;
  const Class =
    typeof name === 'string' && Object.prototype.hasOwnProperty.call(byName, name)
      ? byName[name]
      : undefined;
  if (Class === undefined) return error;
  return new Class(String((error as { message?: unknown }).message ?? ''), { cause: error });
}
