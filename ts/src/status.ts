// The statuses only the js-buffers and reserve exports return, turned into errors (the core
// decodes free()'s: stale, borrowed). Bundled into both entries; installing it twice is
// installing the same decoder.
import {
  KIND_BYTES,
  STATUS_OUT_OF_MEMORY,
  STATUS_STALE_HANDLE,
  STATUS_TOO_LARGE,
  STATUS_UNKNOWN_KIND,
  STATUS_WRONG_OWNER,
  ENTRY_STATE,
} from './abi.gen.js';
import { internals, OutOfMemoryError, StaleHandleError } from './index.js';
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
