// The entries' types (compiled against the built package): each feature entry resolves as a
// side-effect import, wasm-views/bind declares the same classes as wasm-views (every method,
// whichever features a program imports), and the shared helpers are not entries.
import { assert, type IsExact } from 'conditional-type-checks';
// (`import type {} from`: TypeScript does not resolve a bare side-effect import unless
// noUncheckedSideEffectImports is on; a type import it must resolve.)
import type {} from 'wasm-views/copy';
import type {} from 'wasm-views/growth';
import type {} from 'wasm-views/inspect';
import type {} from 'wasm-views/js-buffers';
import type {} from 'wasm-views/reserve';
import type {} from 'wasm-views/resizable';
// @ts-expect-error status.mjs is published for the feature entries, not exported
import type {} from 'wasm-views/status';
// @ts-expect-error nor is feature.mjs
import type {} from 'wasm-views/feature';
import { bind, type Heap, type HeapStats, type LiveView } from 'wasm-views/bind';
import type { Heap as MainHeap, LiveView as MainLiveView } from 'wasm-views';

assert<IsExact<Heap, MainHeap>>(true);
assert<IsExact<LiveView<'u8'>, MainLiveView<'u8'>>>(true);

declare const module: object;
const heap = bind(module, { resizable: true, debug: false });
const live = heap.alloc('f64', 2);
assert<IsExact<ReturnType<typeof live.copyOut>, Float64Array>>(true);
live.resize(3);
live.copyIn([1, 2]);
const stats: HeapStats = heap.stats();
assert<IsExact<typeof stats.finalizedBuffers, number>>(true);
assert<IsExact<ReturnType<typeof heap.onGrow>, () => void>>(true);
assert<IsExact<ReturnType<typeof heap.withoutGrowth<string>>, string>>(true);
heap.reserve(1);
assert<IsExact<ReturnType<typeof heap.describe>['owner'], 'rust' | 'js' | 'raw'>>(true);
