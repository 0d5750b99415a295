// Consumer: a Vite + TypeScript app (tests/consumers/vite-app) with the packed package
// installed from its tarball. It is type-checked against the published .d.ts, built
// with `vite build`, served by `vite preview` on loopback and driven in Chromium and
// Firefox; the page uses the package's own core (init) and a third-party crate built
// with wasm-pack (tests/fixture) through bind(). Any page error fails the test.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { engines, openPage } from '../support/browsers.mjs';
import { npmRun, prepare, startVite } from '../consumers/harness.mjs';

let dir;
let server;
let url;

before(async () => {
  dir = prepare('vite-app');
});
after(async () => {
  await server?.stop();
});

test('vite-app: tsc --noEmit against the published types', () => {
  npmRun(dir, 'typecheck');
});

test('vite-app: vite build emits the core and the crate wasm as assets', () => {
  const out = npmRun(dir, 'build');
  assert.match(out, /assets\/wasm_views_bg-[\w-]+\.wasm/);
  assert.match(out, /assets\/fixture_bg-[\w-]+\.wasm/);
});

async function driven(engine, pageUrl) {
  const page = await openPage(engine, pageUrl);
  try {
    const checks = await page.waitFor(() => window.__consumer, 60_000);
    assert.ok(checks.length >= 12, `only ${checks.length} checks ran`);
    for (const c of checks) assert.ok(c.ok, `${engine}: ${c.name} (${c.detail})`);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
}

for (const engine of engines) {
  test(`vite-app: the built app works under vite preview in ${engine}`, async () => {
    if (!url) {
      server = await startVite(dir, 'preview');
      url = server.url;
    }
    await driven(engine, url);
  });
}

// The dev server pre-bundles wasm-views into node_modules/.vite/deps, where
// `new URL('./wasm_views_bg.wasm', import.meta.url)` finds no wasm; the page then passes
// the URL of `wasm-views/wasm_views_bg.wasm?url` to init() instead (see src/main.ts).
test('vite-app: the same app under the vite dev server, core wasm by ?url (Chromium)', async () => {
  const dev = await startVite(dir, 'dev');
  try {
    await driven('chromium', `${dev.url}?core=url`);
  } finally {
    await dev.stop();
  }
});
