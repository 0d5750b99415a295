// Where the consumer's lib declares Float16Array, f16 views are Float16Array | Uint16Array
// (Uint16Array: raw bits on engines without Float16Array).
import { assert, type IsExact } from 'conditional-type-checks';
import type { Heap, ViewOf } from 'wasm-views';

declare const heap: Heap;

assert<IsExact<ViewOf<'f16'>, Float16Array | Uint16Array>>(true);
assert<
  IsExact<ReturnType<ReturnType<typeof heap.alloc<'f16'>>['getView']>, Float16Array | Uint16Array>
>(true);
assert<IsExact<ViewOf<'f32'>, Float32Array>>(true);
heap.alloc('f16', 2).copyIn(new Float16Array([1.5]));
