// The same smoke test on every runtime (tests/node/consumers-runtimes.test.mjs runs it
// with Node 20, 22, 24 and 26, Deno and Bun): the installed package's own core by
// initSync, memory growth, getView(), and a wasm-bindgen module (the fixture crate,
// `wasm-pack --target web`) through bind(), asked for resizable mode. Only APIs all of
// them have: node:assert, node:fs, import.meta.resolve, and importing a CommonJS file
// (../shared/growth-check.cjs, the growth check the node-scripts consumers run too).
// Exits non-zero on any failure and prints one `ok <runtime>: ...` line otherwise.
//
// WASM_VIEWS_EXPECT_RESIZABLE (1 or 0, set by the test per runtime) says whether
// bind(..., { resizable: true }) and initSync({ resizable: true }) must engage: a runtime that stops (or starts) offering
// it fails here instead of passing quietly.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { bind, initSync, StaleHandleError } from 'wasm-views';
import checkGrowth from '../shared/growth-check.cjs';

const runtime =
  typeof Deno === 'object'
    ? `deno ${Deno.version.deno}`
    : typeof Bun === 'object'
      ? `bun ${Bun.version}`
      : `node ${process.versions.node}`;
const fixtureDir = new URL(
  process.env.FIXTURE_WEB_DIR ?? '../../../build/fixture-web/',
  import.meta.url,
);
const expectResizable = process.env.WASM_VIEWS_EXPECT_RESIZABLE;
assert.ok(expectResizable === '1' || expectResizable === '0', 'set WASM_VIEWS_EXPECT_RESIZABLE');

// The package's own core, synchronously; a JS-owned buffer across growth.
const heap = initSync();
const live = heap.alloc('f64', 1000);
live.getView().set(Float64Array.from({ length: 1000 }, (_, i) => i * 0.25));
checkGrowth(heap, live, {
  length: 1000,
  expected: (i) => i * 0.25,
  pages: 2,
  ViewType: Float64Array,
  detached: !heap.stats().resizable,
  StaleHandleError,
});

// A wasm-bindgen module through bind(), resizable mode asked for (the fixture has a maximum).
const fixture = await import(new URL('fixture.js', fixtureDir).href);
fixture.initSync({ module: readFileSync(new URL('fixture_bg.wasm', fixtureDir)) });
const lib = bind(fixture, { resizable: true });
const stats = lib.stats();
assert.equal(
  stats.resizable,
  expectResizable === '1',
  `resizable mode: got ${stats.resizable} (${stats.resizableReason}), expected ${expectResizable === '1'}`,
);
const canvas = new fixture.Canvas(4, 4);
canvas.fill(1, 2, 3, 4);
const pixels = lib.view(canvas.pixels, 'u8c');
const before = pixels.getView();
const bytes = lib.memory.buffer.byteLength;
canvas.resize(1024, 512); // 2 MiB of pixels: the Vec moves and memory grows
assert.ok(lib.memory.buffer.byteLength > bytes, 'the module memory grew');
const after = pixels.getView();
assert.ok(after instanceof Uint8ClampedArray);
assert.equal(after.length, 1024 * 512 * 4);
assert.notEqual(after.byteOffset, before.byteOffset, 'the pixels moved');
assert.deepEqual([...after.subarray(0, 4)], [1, 2, 3, 4]);
assert.equal(fixture.shout('ok'), 'OK', 'wasm-bindgen strings work in resizable mode too');
canvas.free();
assert.throws(() => pixels.getView(), StaleHandleError);

// The package's own module has a maximum too: resizable mode engages for it where the
// runtime offers it (every init()/initSync() binds the one core anew with its options).
const core = initSync({ resizable: true }).stats();
assert.equal(
  core.resizable,
  expectResizable === '1',
  `the core's resizable mode: got ${core.resizable} (${core.resizableReason}), expected ${expectResizable === '1'}`,
);

const resolved = import.meta.resolve('wasm-views');
console.log(
  `ok ${runtime}: ${resolved.slice(resolved.indexOf('node_modules/'))} resizable=${stats.resizable}`,
);
