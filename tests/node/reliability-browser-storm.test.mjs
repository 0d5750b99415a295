// The growth storm in real Chromium and Firefox (their JITs are where an out-of-bounds-tolerant
// load after growth was seen): a quick seeded size against the packed package's browser entry
// and the web build of the reliability fixture, checked by the same model and independent table
// reader as in Node; and every mutant facade must make it fail there too.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { root } from '../../scripts/env.mjs';
import { engines, openPage } from '../support/browsers.mjs';
import { serve } from '../support/server.mjs';
import { ensureBrowserStorm } from '../reliability/fixture.mjs';
import { MUTANTS } from '../reliability/mutants.mjs';
import { VOLUME } from '../reliability/volume.mjs';

const SIZE = { ...VOLUME.quick.browserStorm, seed: 0x5eed };

let server;
before(async () => {
  await ensureBrowserStorm({ quiet: true });
  server = await serve(root);
});
after(() => server?.close());

for (const engine of engines) {
  test(`growth storm in ${engine}: no stale view, no mismatched byte, no leak; mutants caught`, async () => {
    const query = new URLSearchParams({
      script: '/tests/reliability/browser/storm.mjs',
      ...Object.fromEntries(Object.entries(SIZE).map(([k, v]) => [k, String(v)])),
    });
    const page = await openPage(engine, `${server.url}/tests/browser/index.html?${query}`);
    try {
      const r = await page.waitFor(() => window.__storm, 600_000);
      assert.equal(r.error, undefined, r.error);
      const c = r.counters;
      assert.ok(c.operations >= SIZE.operations, `${c.operations} operations`);
      assert.ok(c.growths >= SIZE.growths, `${c.growths} growths`);
      assert.equal(c.staleViews, 0);
      assert.equal(c.mismatchedBytes, 0);
      assert.equal(c.leaks, 0);
      assert.ok(c.viewChecks > 0 && c.bytesCompared > 0 && c.rustChecksums > 0);
      for (const name of r.operationNames) assert.ok(c.byOperation[name] > 0, `${name} never ran`);
      assert.deepEqual(Object.keys(r.mutants), Object.keys(MUTANTS));
      for (const [mutant, caught] of Object.entries(r.mutants)) {
        assert.notEqual(caught, null, `${engine}: the storm did not notice ${mutant}`);
        assert.equal(caught.crash, undefined, `${engine}: ${mutant} crashed: ${caught.crash}`);
      }
      assert.deepEqual(page.errors, []);
    } finally {
      await page.close();
    }
  });
}
