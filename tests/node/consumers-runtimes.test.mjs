// Consumer: one smoke test (tests/consumers/runtime-smoke/smoke.mjs: initSync, growth,
// getView, the fixture crate through bind() in resizable mode) on every runtime the
// package supports: Node 20 (the machine's), 22, 24, 26, Deno and Bun, the latter pinned
// in tests/consumers/runtimes.mjs and installed by scripts/setup.sh.
//
// Resizable mode (`bind(mod, { resizable: true })`) needs
// `WebAssembly.Memory.prototype.toResizableBuffer` and a TextDecoder that accepts views
// of resizable buffers: Node 26, Deno 2.9 and Bun 1.4 (JavaScriptCore) have both; Node 20-24 have no
// toResizableBuffer. The expectation is written per runtime so a change either way fails.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { prepare, sh } from '../consumers/harness.mjs';
import { runtimes } from '../consumers/runtimes.mjs';

const expectResizable = { node20: 0, node22: 0, node24: 0, node26: 1, deno: 1, bun: 1 };
const bins = runtimes();
const command = {
  deno: ['run', '--allow-read', '--allow-env', '--no-lock', '--no-prompt', 'smoke.mjs'],
  bun: ['smoke.mjs'],
};

let dir;
before(() => {
  dir = prepare('runtime-smoke');
});

for (const [name, bin] of Object.entries(bins)) {
  test(`runtime-smoke: ${name}`, () => {
    const out = sh(bin, command[name] ?? ['smoke.mjs'], {
      cwd: dir,
      extraEnv: { WASM_VIEWS_EXPECT_RESIZABLE: String(expectResizable[name]) },
    });
    assert.match(
      out,
      new RegExp(
        `^ok ${name.replace(/\d+$/, '')} [\\d.]+: node_modules/wasm-views/\\S+ resizable=${expectResizable[name] === 1}$`,
        'm',
      ),
    );
  });
}
