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
  type Handle,
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

// Typed handles: a handle that carries its kind (from a Rust getter declared with
// `unchecked_return_type = "WasmViewsHandle<'u8'>"`) needs no kind argument.
declare const cells: Handle<'u8'>;
declare const samples: Handle<'f32'>;
declare const plain: number;
const cellView = heap.view(cells);
assert<IsExact<typeof cellView, LiveView<'u8'>>>(true);
const cellArray: Uint8Array = cellView.getView();
void cellArray;
assert<IsExact<ReturnType<typeof cellView.getView>, Uint8Array>>(true);
assert<IsExact<typeof cellView.handle, Handle<'u8'>>>(true);
assert<IsExact<ReturnType<typeof heap.getView<'u8'>>, Uint8Array>>(true);
const oneShot: Float32Array = heap.getView(samples);
void oneShot;
// The crate's WasmViewsHandle<K> (the .d.ts it writes into a module) is the same type.
type WasmViewsHandle<K extends string = string> = number & { readonly __wasmViewsKind?: K };
declare const fromRust: WasmViewsHandle<'u8'>;
assert<IsExact<typeof fromRust, Handle<'u8'>>>(true);
assert<IsExact<ReturnType<ReturnType<typeof heap.view<'u8'>>['getView']>, Uint8Array>>(true);
const fromRustView = heap.view(fromRust);
assert<IsExact<typeof fromRustView, LiveView<'u8'>>>(true);
// A handle of another kind where a u8 one is expected is a type error.
function drawCells(handle: Handle<'u8'>): Uint8Array {
  return heap.view(handle).getView();
}
drawCells(cells);
// @ts-expect-error an f32 handle is not a u8 handle
drawCells(samples);
// @ts-expect-error the kind argument must match the handle's kind
heap.view(samples, 'u8');
// @ts-expect-error the kind argument must match the handle's kind
heap.getView(cells, 'f32');
// Plain numbers keep working where a kind is given, and without one they are any kind.
assert<IsExact<ReturnType<typeof heap.view<'u8'>>, LiveView<'u8'>>>(true);
const plainU8 = heap.view(plain, 'u8');
assert<IsExact<typeof plainU8, LiveView<'u8'>>>(true);
const plainF32 = heap.getView(plain, 'f32');
assert<IsExact<typeof plainF32, Float32Array>>(true);
drawCells(plain);
const liveU8: LiveView<'u8'> = heap.alloc('u8', 1);
drawCells(liveU8.handle);
