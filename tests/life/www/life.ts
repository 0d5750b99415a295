// The Game of Life's JavaScript side, as a user writes it after the port: `bind()` on the
// wasm-bindgen module, `heap.view(universe.cells())` with no kind argument (the handle's
// TypeScript type carries it: `WasmViewsHandle<'u8'>`), and `getView()` as a Uint8Array.
// Compiled by tsc (which is also the type-level test: the annotated lines below fail to
// compile if the handle loses its kind), then run in Node (run-node.mjs) and in a browser
// (index.html). Each check compares the view with what Rust says (`render()`) or with the
// next generation computed here from the previous one.
import init, * as life from './pkg/life.js';
import { bind, type LiveView } from 'wasm-views/bind';
// copyOut() (the checks' snapshots) is a feature entry's: imported for its side effect.
import 'wasm-views/copy';

/** One check's result: what the test driving the page or the script reads. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** Conway's rules on a torus, in JS: the reference the wasm generations are checked against. */
function nextGeneration(cells: Uint8Array, width: number, height: number): Uint8Array {
  const next = new Uint8Array(cells.length);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      let n = 0;
      for (const dr of [height - 1, 0, 1])
        for (const dc of [width - 1, 0, 1])
          if (dr !== 0 || dc !== 0)
            n += cells[((row + dr) % height) * width + ((col + dc) % width)];
      const alive = cells[row * width + col] === 1;
      next[row * width + col] = (alive && (n === 2 || n === 3)) || (!alive && n === 3) ? 1 : 0;
    }
  }
  return next;
}

/** The cells as `render()` draws them, from a view. */
function rendered(view: Uint8Array, width: number): string {
  let text = '';
  for (let i = 0; i < view.length; i++) {
    text += view[i] === 1 ? '◼' : '◻';
    if ((i + 1) % width === 0) text += '\n';
  }
  return text;
}

/**
 * Runs the checks. `wasm` is what the crate's `init` loads (bytes in Node; nothing in a
 * page, where it fetches `pkg/life_bg.wasm`).
 */
export async function run(wasm?: BufferSource): Promise<Check[]> {
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail: unknown = '') =>
    checks.push({ name, ok, detail: String(detail) });

  await init(wasm === undefined ? undefined : { module_or_path: wasm });
  const heap = bind(life);
  const universe = life.Universe.new();

  // No kind argument, no cast: the handle says 'u8'.
  const cells: LiveView<'u8'> = heap.view(universe.cells());
  const first: Uint8Array = cells.getView();
  check('the view has width × height cells', first.length === 64 * 64, first.length);
  check('the view shows what render() draws', rendered(first, 64) === universe.render());

  // A tick replaces the buffer under the same handle: the view follows.
  const before = cells.copyOut();
  universe.tick();
  const after: Uint8Array = cells.getView();
  const expected = nextGeneration(before, 64, 64);
  check(
    'after tick() the view holds the next generation',
    after.length === expected.length && after.every((c, i) => c === expected[i]),
  );
  check(
    'the handle did not change',
    cells.handle === universe.cells(),
    `${cells.handle} / ${universe.cells()}`,
  );

  // Growth: 2048 × 2048 cells (4 MiB per generation) grow memory; the view follows.
  const bytes = heap.memory.buffer.byteLength;
  universe.set_width(2048);
  universe.set_height(2048);
  for (const [row, col] of [
    [1, 2],
    [2, 3],
    [3, 1],
    [3, 2],
    [3, 3],
  ])
    universe.toggle_cell(row, col); // a glider
  check('memory grew', heap.memory.buffer.byteLength > bytes, heap.memory.buffer.byteLength);
  const big = cells.getView();
  check('after growth the view has 2048 × 2048 cells', big.length === 2048 * 2048, big.length);
  const live = (view: Uint8Array) => view.reduce((sum, c) => sum + c, 0);
  check('the glider is there', live(big) === 5 && big[1 * 2048 + 2] === 1, live(big));
  const glider = cells.copyOut();
  universe.tick();
  const moved = cells.getView();
  const want = nextGeneration(glider, 2048, 2048);
  check(
    'right after growth, a tick of 2048 × 2048 matches the reference',
    moved.length === want.length && moved.every((c, i) => c === want[i]) && live(moved) === 5,
    live(moved),
  );
  universe.free();
  let error = 'no error';
  try {
    cells.getView();
  } catch (e) {
    error = (e as Error).name;
  }
  check('after free() the view throws StaleHandleError', error === 'StaleHandleError', error);
  return checks;
}
