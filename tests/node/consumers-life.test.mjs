// Consumer: the Rust and WebAssembly book's Game of Life ported to wasm-views
// (tests/life: cells as a `#[repr(u8)] enum Cell` in a `LiveVec<Cell>`, `tick` replacing
// the buffer under the same handle, `cells()` typed `WasmViewsHandle<'u8'>`). Its
// TypeScript side (tests/life/www/life.ts) is compiled by tsc: that is the type-level
// test (`heap.view(universe.cells())` must be a `LiveView<'u8'>` with no kind argument and
// `getView()` a Uint8Array). The compiled checks then run in Node and in Chromium and
// Firefox: the view against `render()`, each tick against a JS reference, and right
// after growth to 2048 × 2048.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { root } from '../../scripts/env.mjs';
import { wasmPack } from '../../scripts/wasm-pack.mjs';
import { assertPageChecks, buildDir, npmRun, prepare, sh } from '../consumers/harness.mjs';
import { engines } from '../support/browsers.mjs';
import { serve } from '../support/server.mjs';

const life = join(root, 'tests', 'life');
const www = join(life, 'build', 'www');
let server;

before(() => {
  wasmPack({
    crate: life,
    target: 'web',
    outDir: join(www, 'pkg'),
    outName: 'life',
    env: { CARGO_TARGET_DIR: join(buildDir, 'target') },
    quiet: true,
  });
  prepare(life);
});
after(() => server?.close());

test('life: tsc compiles the JS side against the crate and package types, no kind argument, no cast', () => {
  npmRun(life, 'build');
});

test('life: the checks pass in Node', () => {
  const out = sh(process.execPath, ['www/run-node.mjs'], { cwd: life });
  assert.match(out, /^ok right after growth, a tick of 2048 × 2048 matches the reference/m);
  assert.doesNotMatch(out, /^FAIL/m);
});

for (const engine of engines) {
  test(`life: the checks pass in ${engine}`, async () => {
    server ??= await serve(
      www,
      {},
      {
        '/node_modules/': join(life, 'node_modules'),
        '/index.html': join(life, 'www', 'index.html'),
      },
    );
    await assertPageChecks(engine, `${server.url}/index.html`, 9);
  });
}
