// A Vite + TypeScript app using wasm-views as installed from the tarball. It runs its
// checks on load and reports them on `window.__consumer` for the test driving the page.
import initFixture, * as fixture from '@fixture';
import { bind, init, StaleHandleError, type Heap } from 'wasm-views';
// The package exports its core's wasm for apps that load it themselves.
import coreWasmUrl from 'wasm-views/wasm_views_bg.wasm?url';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

declare global {
  interface Window {
    __consumer?: Check[];
  }
}

const checks: Check[] = [];
const check = (name: string, ok: boolean, detail: unknown = '') =>
  checks.push({ name, ok, detail: String(detail) });

function threw(fn: () => unknown): string {
  try {
    fn();
    return 'no error';
  } catch (error) {
    return (error as Error).name;
  }
}

// TypeScript 5.7+ types the views as Uint8ClampedArray<ArrayBufferLike> (the memory may be
// shared), which ImageData does not accept; this memory is not shared.
const imageData = (view: Uint8ClampedArray) => view as Uint8ClampedArray<ArrayBuffer>;

// 1. The package's own core. By default `init()` finds its wasm through
// `new URL(..., import.meta.url)`, which `vite build` turns into an asset. The dev server
// pre-bundles dependencies into node_modules/.vite/deps, away from that wasm: there the
// app passes the URL of the exported wasm (`?core=url`), or would need
// `optimizeDeps: { exclude: ['wasm-views'] }`.
async function ownCore(): Promise<void> {
  const fromUrl = new URLSearchParams(location.search).get('core') === 'url';
  const heap = await init(fromUrl ? { module_or_path: coreWasmUrl } : {});
  const live = heap.alloc('f32', 2048);
  live.getView().set(Float32Array.from({ length: 2048 }, (_, i) => i * 0.25));
  const cached = live.getView();
  const grown: number[] = [];
  const unsubscribe = heap.onGrow((e) => grown.push(e.memoryBytes));
  const bytes = heap.memory.buffer.byteLength;
  heap.memory.grow(2);
  check('core: a view cached across growth is detached', cached.length === 0, cached.length);
  const fresh = live.getView();
  check(
    'core: getView() after growth holds the data',
    fresh.length === 2048 && fresh.every((x, i) => x === i * 0.25),
    `length ${fresh.length}`,
  );
  check('core: onGrow saw the growth', grown[0] === bytes + 2 * 65536, grown.join());
  unsubscribe();
  live.free();
  check(
    'core: getView() after free() throws StaleHandleError',
    threw(() => live.getView()) === 'StaleHandleError',
  );
}

// 2. The `wasm-views/wasm_views_bg.wasm` export, as a URL Vite emitted.
async function wasmExport(): Promise<void> {
  const bytes = await (await fetch(coreWasmUrl)).arrayBuffer();
  const names = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
  check(
    'exports map: wasm_views_bg.wasm is the core',
    names.includes('wasmViewsTable'),
    coreWasmUrl,
  );
}

// 3. A third-party crate built with wasm-pack (tests/fixture), bound with bind().
async function thirdPartyCrate(): Promise<Heap> {
  await initFixture();
  const heap = bind(fixture);
  const image = new fixture.Canvas(64, 64);
  image.fill(0, 128, 255, 255);
  const pixels = heap.view(image.pixels, 'u8c');
  const ctx = (document.getElementById('canvas') as HTMLCanvasElement).getContext('2d')!;
  ctx.putImageData(new ImageData(imageData(pixels.getView()), 64, 64), 0, 0);
  const drawn = ctx.getImageData(10, 10, 1, 1).data;
  check('crate: pixels drawn from getView()', drawn.join() === '0,128,255,255', drawn.join());

  const before = pixels.getView();
  const bytes = heap.memory.buffer.byteLength;
  image.resize(1024, 1024); // 4 MiB of pixels: they move and memory grows
  check(
    'crate: Rust grew memory',
    heap.memory.buffer.byteLength > bytes,
    heap.memory.buffer.byteLength,
  );
  check('crate: a view cached across growth is detached', before.length === 0, before.length);
  const after = pixels.getView();
  check(
    'crate: getView() follows the moved pixels',
    after.length === 1024 * 1024 * 4 && after.byteOffset !== before.byteOffset && after[1] === 128,
    `length ${after.length}, first pixel ${after.subarray(0, 4).join()}`,
  );
  ctx.putImageData(new ImageData(imageData(after.subarray(0, 64 * 64 * 4)), 64, 64), 0, 0);

  const samples = new fixture.Samples();
  const live = heap.view(samples.handle, 'f32');
  for (let i = 0; i < 50; i++) samples.extend(10_000, i); // reallocates many times
  const view = live.getView();
  const fromRust = fixture.viewOfSamples(samples);
  check(
    "crate: getView() and the crate's own view agree",
    view.length === 500_000 &&
      fromRust.length === 500_000 &&
      view[499_999] === 49 &&
      fromRust[250_000] === 25,
    `${view.length} / ${fromRust.length}`,
  );
  check(
    'crate: sum computed in Rust matches',
    samples.sum() === 10_000 * ((49 * 50) / 2),
    samples.sum(),
  );
  samples.free();
  check(
    'crate: a dropped LiveVec is a StaleHandleError',
    threw(() => live.getView()) === 'StaleHandleError',
  );
  image.free();
  return heap;
}

try {
  await ownCore();
  await wasmExport();
  await thirdPartyCrate();
} catch (error) {
  check('no exception', false, (error as Error)?.stack ?? error);
}
document.getElementById('log')!.textContent = checks
  .map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.name} (${c.detail})`)
  .join('\n');
window.__consumer = checks;
