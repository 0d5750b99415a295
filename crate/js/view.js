// The JavaScript half of wasm-views' view constructor (crate/src/view.rs).
//
// The view is built here in one step: nothing runs in wasm between reading
// `memory.buffer` and constructing the array, so nothing can grow memory in between.

/**
 * A `ctor` view of `length` elements at byte address `ptr` in `memory`'s current buffer.
 * `f16` views fall back to `Uint16Array` (the raw bits) where the engine has no
 * `Float16Array` (Node 20), as the TypeScript facade does.
 */
export function wasm_views_make_view(memory, ctor, ptr, length) {
  const Array = globalThis[ctor] ?? (ctor === 'Float16Array' ? Uint16Array : undefined);
  return new Array(memory.buffer, ptr, length);
}

/** Whether `view` still has its `length` elements (false once its buffer is detached). */
export function wasm_views_view_ok(view, length) {
  return view.length === length && view.buffer.byteLength !== 0;
}
