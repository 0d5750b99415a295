// `import 'wasm-views/js-buffers'`: JS-owned buffers (`heap.alloc`, `LiveView.resize`) and
// the FinalizationRegistry net for those dropped without free(). Needs a module built with
// the crate's Cargo feature of the same name. (free() itself is the core's: a JS-owned
// buffer, however made, is released by it.)
import { EXPORT_FEATURES, STATUS_OK } from './abi.gen.js';
import './status.js';
import { implement } from './feature.js';
import { Heap, internals, LiveView, type Kind } from './index.js';

// Positions as in index.ts `internals`.
const [BoundModule, checkInteger, checkKind, , hooks, , liveModule, liveView, , moduleOf] =
  internals;

// The safety net for JS-owned buffers dropped without free(). Module-level so it outlives every Heap.
const registry =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<{ module: InstanceType<typeof BoundModule>; handle: number }>(
        (held) => held.module.releaseLost(held.handle),
      )
    : undefined;

hooks.untrack = (view) => registry?.unregister(view); // harmless for a LiveView never registered

implement(Heap, {
  alloc<K extends Kind>(kind: K, length: number) {
    const code = checkKind(kind);
    checkInteger(length, 'length', 0xffffffff);
    const module = moduleOf(this);
    const handle = module.run(
      'heap.alloc()',
      'wasmViewsAlloc',
      EXPORT_FEATURES.wasmViewsAlloc,
      module.exports.wasmViewsAlloc,
      [code, length],
      0,
      code,
      length,
    );
    const view = liveView(module, handle, code);
    // A held object, not a closure: a closure here would put alloc's arguments in a context
    // allocated for every LiveView.
    registry?.register(view, { module, handle }, view);
    return view as unknown as LiveView<K>;
  },
});

implement(LiveView, {
  resize(length: number) {
    checkInteger(length, 'length', 0xffffffff);
    if (this.freed) this.getView(); // throws the StaleHandleError of a retired LiveView
    const module = liveModule(this);
    const code = checkKind(this.kind);
    module.run(
      'LiveView.resize()',
      'wasmViewsResize',
      EXPORT_FEATURES.wasmViewsResize,
      module.exports.wasmViewsResize,
      [this.handle, length],
      this.handle,
      code,
      length,
    );
  },
});

implement(BoundModule, {
  /** FinalizationRegistry callback: a JS-owned buffer whose LiveView was collected without free(). */
  releaseLost(this: InstanceType<typeof BoundModule>, handle: number) {
    try {
      if (this.exports.wasmViewsFree?.(handle) === STATUS_OK) hooks.finalized++;
    } catch {
      // A trap: nothing to release, and nobody to tell.
    }
  },
});
