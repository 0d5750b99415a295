// The web demo: Rust (./galaxy) grows a particle buffer every frame; this page draws it
// twice with the same function, once from `getView()` and once from a view of
// `memory.buffer` cached at start. The first growth of wasm memory detaches the cached
// view: that side goes blank while the wasm-views side keeps drawing.
//
// Query parameters: `spawn` (particles per frame, default 800), `max` (default 1500000),
// `reserve` (MiB reserved up front so both sides draw for a while before the first
// growth; default 2).
// The page reports its state on `window.__demo` for the test that screenshots it.
import initGalaxy, * as galaxyModule from '@galaxy';
import { bind } from 'wasm-views';

interface DemoState {
  frames: number;
  particles: number;
  memoryBytes: number;
  growths: number;
  liveViewLength: number;
  naiveViewLength: number;
  /** Growth count when the cached view was first found detached (null: not yet). */
  naiveDetachedAtGrowth: number | null;
  /** Frame at which the cached view was first found detached (null: not yet). */
  naiveDetachedAtFrame: number | null;
  /** Most particles the naive side drew in one frame (before the growth). */
  naiveMostDrawn: number;
  /** Frame of the last growth. */
  lastGrowthFrame: number;
}

declare global {
  interface Window {
    __demo?: DemoState;
  }
}

const SIZE = 420;
const params = new URLSearchParams(location.search);
const spawn = Number(params.get('spawn') ?? 800);
const max = Number(params.get('max') ?? 1_500_000);
const reserve = Number(params.get('reserve') ?? 2);

await initGalaxy();
const heap = bind(galaxyModule);
heap.reserve(reserve * 2 ** 20); // grows memory now, before the naive view below is made
const galaxy = new galaxyModule.Galaxy(SIZE, SIZE, max);
const stride = galaxy.stride;
galaxy.step(0, spawn);

// wasm-views: a LiveView of the Rust-owned buffer; getView() every frame.
const particles = heap.view(galaxy.particles, 'f32');
// The naive way: one view of all of memory, made once, indexed with a fresh pointer.
const cachedMemory = new Float32Array(heap.memory.buffer);

const state: DemoState = {
  frames: 0,
  particles: 0,
  memoryBytes: 0,
  growths: 0,
  liveViewLength: 0,
  naiveViewLength: cachedMemory.length,
  naiveDetachedAtGrowth: null,
  naiveDetachedAtFrame: null,
  naiveMostDrawn: 0,
  lastGrowthFrame: 0,
};
window.__demo = state;
heap.onGrow(() => {
  state.growths++;
  state.lastGrowthFrame = state.frames;
});

// 256 glow colours around the hue circle, added per particle (additive blending).
const palette = Array.from({ length: 256 }, (_, i) => {
  const h = (i / 256) * 6;
  const f = (k: number) => Math.max(0, Math.min(1, Math.abs(((h + k) % 6) - 3) - 1));
  return [f(0), f(4), f(2)].map((c) => Math.round(24 + 56 * c));
});

class Panel {
  readonly ctx: CanvasRenderingContext2D;
  readonly image: ImageData;
  readonly stats: HTMLElement;

  constructor(id: string) {
    this.ctx = (document.getElementById(id) as HTMLCanvasElement).getContext('2d')!;
    this.image = this.ctx.createImageData(SIZE, SIZE);
    this.stats = document.getElementById(`${id}-stats`)!;
  }

  /** Draws `count` particles stored from element `start` of `data` (the same code for both sides). */
  draw(data: Float32Array, start: number, count: number): number {
    const px = this.image.data;
    for (let i = 0; i < px.length; i += 4) {
      px[i] = 5;
      px[i + 1] = 6;
      px[i + 2] = 10;
      px[i + 3] = 255;
    }
    let drawn = 0;
    for (let p = 0, o = start; p < count; p++, o += stride) {
      const x = data[o];
      const y = data[o + 1];
      // Off-canvas particles are skipped; so is anything read from a detached view (undefined).
      if (!(x >= 0 && x < SIZE && y >= 0 && y < SIZE)) continue;
      const colour = palette[(data[o + 4] * 256) & 255];
      const i = ((y | 0) * SIZE + (x | 0)) * 4;
      px[i] += colour[0];
      px[i + 1] += colour[1];
      px[i + 2] += colour[2];
      drawn++;
    }
    this.ctx.putImageData(this.image, 0, 0);
    return drawn;
  }
}

const live = new Panel('live');
const naive = new Panel('naive');
const status = document.getElementById('status')!;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

function frame(): void {
  galaxy.step(1 / 60, spawn); // Rust pushes: the particles may move, memory may grow
  const count = galaxy.count;

  const view = particles.getView(); // rebuilt only when the buffer moved or memory grew
  const liveDrawn = live.draw(view, 0, count);

  if (cachedMemory.length === 0 && state.naiveDetachedAtGrowth === null) {
    state.naiveDetachedAtGrowth = state.growths;
    state.naiveDetachedAtFrame = state.frames;
  }
  const naiveDrawn = naive.draw(cachedMemory, galaxy.ptr / 4, count);
  state.naiveMostDrawn = Math.max(state.naiveMostDrawn, naiveDrawn);

  state.frames++;
  state.particles = count;
  state.memoryBytes = heap.memory.buffer.byteLength;
  state.liveViewLength = view.length;
  state.naiveViewLength = cachedMemory.length;
  live.stats.textContent = `${count.toLocaleString('en')} particles, ${liveDrawn.toLocaleString('en')} drawn · view length ${view.length.toLocaleString('en')}`;
  naive.stats.textContent =
    cachedMemory.length === 0
      ? `detached by growth ${state.naiveDetachedAtGrowth} at frame ${state.naiveDetachedAtFrame} ` +
        `(it drew up to ${state.naiveMostDrawn.toLocaleString('en')} particles): length 0, ${naiveDrawn} drawn`
      : `${naiveDrawn.toLocaleString('en')} drawn · view length ${cachedMemory.length.toLocaleString('en')}`;
  naive.stats.classList.toggle('bad', cachedMemory.length === 0);
  status.textContent = `frame ${state.frames} · wasm memory ${mb(state.memoryBytes)} · grew ${state.growths} times`;
  requestAnimationFrame(frame);
}

requestAnimationFrame(frame);
