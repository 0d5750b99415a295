// The statuses of the wasmViews* exports turned into errors, with the facts the facade has.
// Installed by the feature entries that call exports (js-buffers, reserve; npm/status.* is
// one file they share); free(), the core's one call, needs it only for buffers heap.alloc
// made, so the core alone just names the status.
import {
  KIND_BYTES,
  STATUS_BORROWED,
  STATUS_OUT_OF_MEMORY,
  STATUS_STALE_HANDLE,
  STATUS_TOO_LARGE,
  STATUS_UNKNOWN_KIND,
  STATUS_WRONG_OWNER,
  ENTRY_STATE,
} from './abi.gen.js';
import { BorrowError, internals, OutOfMemoryError, StaleHandleError } from './index.js';
import { OWNERS } from './feature.js';

// Positions as in index.ts `internals`.
const [, , , handleText, hooks, kindName, , , MATCHING] = internals;

/** @internal The most bytes a request can name: a 32-bit memory's size. */
export const MAX_BYTES = 0xffffffff;

hooks.fail = (module, status, method, handle, code, length) => {
  try {
    return decode(module, status, method, handle, code, length);
  } catch (error) {
    return error as Error; // the handle is not live (any more): say why
  }
};

function decode(
  module: Parameters<NonNullable<typeof hooks.fail>>[0],
  status: number,
  method: string,
  handle: number,
  code: number,
  length: number,
): Error | undefined {
  // What was asked for, e.g. `3 f32 elements (12 bytes)`.
  const request =
    code < 0
      ? `${length} bytes`
      : `${length} ${kindName(code)} elements (${length * KIND_BYTES[code]} bytes)`;
  // (No export the facade calls returns STATUS_KIND_MISMATCH: it takes no kind with a
  // handle. Should one, the core's last resort names the status.)
  switch (status) {
    case STATUS_BORROWED:
      return new BorrowError(`${method}: ${handleText(handle)} is borrowed by a running Rust call`);
    case STATUS_STALE_HANDLE:
      module.find(handle); // throws with the reason read from the entry
      return new StaleHandleError(`${method}: ${handleText(handle)} is not live`);
    case STATUS_OUT_OF_MEMORY:
      return new OutOfMemoryError(`${method}: out of memory allocating ${request}`);
    case STATUS_TOO_LARGE:
      return new RangeError(
        `${method}: ${request} do not fit a 32-bit memory (at most ${MAX_BYTES} bytes)`,
      );
    case STATUS_UNKNOWN_KIND:
      return new TypeError(`${method}: the module has no kind ${kindName(code)}: ${MATCHING}`);
    case STATUS_WRONG_OWNER:
      // find() throws (and the core reports) if the handle is not live any more.
      return new TypeError(
        `${method}: ${handleText(handle)} is ${OWNERS[module.find(handle)[ENTRY_STATE]]}-owned, not from heap.alloc()`,
      );
  }
  return undefined;
}
