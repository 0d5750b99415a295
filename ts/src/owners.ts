// Who owns a buffer, by its entry's state: heap.describe's `owner` (inspect.ts) and the
// wrong-owner message (status.ts). A module of its own, without side effects, so neither
// feature entry brings the other.
import { STATE_JS, STATE_RAW, STATE_RUST } from './abi.gen.js';
import type { Owner } from './inspect.js';

/** @internal Owner name by entry state. */
export const OWNERS: Record<number, Owner> = {
  [STATE_RUST]: 'rust',
  [STATE_JS]: 'js',
  [STATE_RAW]: 'raw',
};
