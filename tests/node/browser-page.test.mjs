// Pages that import the built, packed package in real Chromium and Firefox.
// Any page error fails the test.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { root } from '../../scripts/env.mjs';
import { engines, openPage } from '../support/browsers.mjs';
import { serve } from '../support/server.mjs';

// Each is a script run by the one test page, tests/browser/index.html.
const pages = [
  // Memory grows between two getView() calls: the second view is attached and holds the data.
  { script: 'page.mjs', what: 'the packed package survives memory growth', checks: 6 },
  // resizable: true on a wasm-bindgen module: strings still round-trip after growth.
  { script: 'resizable.mjs', what: 'resizable mode never breaks wasm-bindgen strings', checks: 6 },
];

let server;
before(async () => {
  server = await serve(root);
});
after(() => server.close());

for (const { script, what, checks: expected } of pages) {
  for (const engine of engines) {
    test(`${what} in ${engine}`, async () => {
      const page = await openPage(
        engine,
        `${server.url}/tests/browser/index.html?script=${script}`,
      );
      try {
        const checks = await page.waitFor(() => window.__wasmViews);
        assert.ok(
          checks.length >= expected,
          `only ${checks.length} checks ran: ${JSON.stringify(checks)}`,
        );
        for (const c of checks) assert.ok(c.ok, `${engine}: ${c.name} (${c.detail})`);
        assert.deepEqual(page.errors, []);
      } finally {
        await page.close();
      }
    });
  }
}
