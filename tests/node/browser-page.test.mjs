// A page that imports the built, packed package in real Chromium and Firefox:
// memory grows between two getView() calls and the second view must be
// attached and hold the data. Any page error fails the test.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { root } from '../../scripts/env.mjs';
import { engines, openPage } from '../support/browsers.mjs';
import { serve } from '../support/server.mjs';

let server;
before(async () => {
  server = await serve(root);
});
after(() => server.close());

for (const engine of engines) {
  test(`the packed package survives memory growth in ${engine}`, async () => {
    const page = await openPage(engine, `${server.url}/tests/browser/index.html`);
    try {
      const checks = await page.waitFor(() => window.__wasmViews);
      assert.ok(checks.length >= 6, `only ${checks.length} checks ran`);
      for (const c of checks) assert.ok(c.ok, `${engine}: ${c.name} (${c.detail})`);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.close();
    }
  });
}
