// Compile-time checks of the public types. Nothing here runs.
import { assert, type Has, type IsExact } from 'conditional-type-checks';
import {
  bind,
  init,
  initSync,
  GrowthError,
  KindMismatchError,
  OutOfMemoryError,
  StaleHandleError,
  WasmViewsError,
  type ElementOf,
  type GrowEvent,
  type Heap,
  type HeapStats,
  type Kind,
  type LiveView,
  type TypedArray,
  type ViewOf,
} from 'wasm-views';

declare const heap: Heap;

// Kind is exactly the twelve kind names.
assert<
  IsExact<
    Kind,
    'i8' | 'u8' | 'u8c' | 'i16' | 'u16' | 'i32' | 'u32' | 'f16' | 'f32' | 'f64' | 'i64' | 'u64'
  >
>(true);

// ViewOf maps each kind to its array type.
assert<IsExact<ViewOf<'f32'>, Float32Array>>(true);
assert<IsExact<ViewOf<'u8c'>, Uint8ClampedArray>>(true);
assert<IsExact<ViewOf<'i64'>, BigInt64Array>>(true);
assert<IsExact<ViewOf<'u64'>, BigUint64Array>>(true);
assert<IsExact<ViewOf<'u8'>, Uint8Array>>(true);
// Without ESNext.Float16 in `lib` (this config), f16 is the Uint16Array fallback only.
assert<IsExact<ViewOf<'f16'>, Uint16Array>>(true);
assert<IsExact<ElementOf<'i64'>, bigint>>(true);
assert<IsExact<ElementOf<'f64'>, number>>(true);

// alloc carries the kind through to getView()/copyOut() at compile time.
const f32 = heap.alloc('f32', 4);
assert<IsExact<typeof f32, LiveView<'f32'>>>(true);
assert<IsExact<ReturnType<typeof f32.getView>, Float32Array>>(true);
assert<IsExact<ReturnType<typeof f32.copyOut>, Float32Array>>(true);
assert<IsExact<typeof f32.kind, 'f32'>>(true);
assert<IsExact<ReturnType<LiveView<'i64'>['getView']>, BigInt64Array>>(true);
assert<IsExact<ReturnType<LiveView<'u8c'>['getView']>, Uint8ClampedArray>>(true);

// copyIn takes numbers for number kinds and bigints for i64/u64.
f32.copyIn([1, 2, 3]);
f32.copyIn(new Float32Array(2), 1);
// @ts-expect-error bigints do not go into an f32 buffer
f32.copyIn([1n]);
heap.alloc('u64', 1).copyIn([1n]);
// @ts-expect-error numbers do not go into a u64 buffer
heap.alloc('u64', 1).copyIn([1]);
// @ts-expect-error unknown kind
heap.alloc('f33', 1);

// view(): untyped by default, typed with a kind.
assert<IsExact<ReturnType<ReturnType<typeof heap.view<'u8c'>>['getView']>, Uint8ClampedArray>>(
  true,
);
const anyView = heap.view(123);
assert<IsExact<typeof anyView, LiveView<Kind>>>(true);
assert<IsExact<ReturnType<typeof anyView.getView>, TypedArray>>(true);
assert<Has<TypedArray, Float64Array>>(true);
assert<
  IsExact<
    typeof heap.getView<'f64'> extends (h: number, k: 'f64') => infer R ? R : never,
    Float64Array
  >
>(true);

// `using` works: LiveView is Disposable.
{
  using disposable = heap.alloc('u8', 1);
  assert<IsExact<ReturnType<typeof disposable.getView>, Uint8Array>>(true);
}
const asDisposable: Disposable = heap.alloc('i8', 1);
void asDisposable;

// Heap surface.
assert<IsExact<ReturnType<typeof heap.withoutGrowth<number>>, number>>(true);
const unsubscribe = heap.onGrow((event) => {
  assert<IsExact<typeof event, GrowEvent>>(true);
});
assert<IsExact<typeof unsubscribe, () => void>>(true);
const stats: HeapStats = heap.stats();
assert<IsExact<typeof stats.maximumPages, number | null>>(true);
assert<IsExact<typeof stats.resizable, boolean>>(true);
const memory: WebAssembly.Memory = heap.memory;
void memory;
// @ts-expect-error memory is read-only
heap.memory = memory;
// @ts-expect-error LiveView fields are read-only
f32.handle = 3;

// Entry points.
assert<IsExact<ReturnType<typeof initSync>, Heap>>(true);
assert<IsExact<ReturnType<typeof init>, Promise<Heap>>>(true);
assert<IsExact<ReturnType<typeof bind>, Heap>>(true);
initSync({ debug: true, resizable: true });
initSync({ module: new Uint8Array(8) });
void init({ module_or_path: new URL('https://example.com/wasm_views_bg.wasm') });
// @ts-expect-error unknown option
initSync({ debgu: true });

// Errors.
assert<Has<StaleHandleError, WasmViewsError>>(true);
assert<Has<KindMismatchError, WasmViewsError>>(true);
assert<Has<OutOfMemoryError, WasmViewsError>>(true);
assert<Has<GrowthError, WasmViewsError>>(true);
assert<Has<WasmViewsError, Error>>(true);
assert<IsExact<GrowthError['memoryBytes'], number>>(true);
