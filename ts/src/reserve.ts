// `import 'wasm-views/reserve'`: `heap.reserve(bytes)`. Needs a module built with the crate's
// Cargo feature of the same name.
import { EXPORT_FEATURES } from './abi.gen.js';
// status.ts also installs the decoder of the statuses wasmViewsReserve returns.
import { MAX_BYTES } from './status.js';
import { implement } from './feature.js';
import { Heap, internals } from './index.js';

// Positions as in index.ts `internals`.
const [, checkInteger, , , , , , , , moduleOf] = internals;

implement(Heap, {
  reserve(bytes: number) {
    checkInteger(bytes, 'bytes', Number.MAX_SAFE_INTEGER);
    const module = moduleOf(this);
    // The export takes a u32: past 4 GiB ask for 4 GiB - 1, which no memory that already
    // holds the table has free either, so the core says out of memory (and the message
    // names `bytes` as asked).
    module.run(
      'heap.reserve()',
      'wasmViewsReserve',
      EXPORT_FEATURES.wasmViewsReserve,
      module.exports.wasmViewsReserve,
      [Math.min(bytes, MAX_BYTES)],
      0,
      -1,
      bytes,
    );
  },
});
