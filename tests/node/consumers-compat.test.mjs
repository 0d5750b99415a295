// Consumer: compatibility with the wasm-bindgen versions the crate accepts. The fixture
// crate is built with the oldest supported wasm-bindgen and with the newest
// (tests/consumers/compat.mjs says how each is chosen), each by its own CLI, and the same
// smoke test runs on each build: in Node (tests/consumers/runtime-smoke/smoke.mjs:
// initSync, growth, getView, the crate through bind()) and in Chromium (the
// web-no-bundler page and its shared checks, with the build as its pkg/).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { buildCompat, newest, oldest } from '../consumers/compat.mjs';
import { assertPageChecks, consumersDir, prepare, sh } from '../consumers/harness.mjs';
import { serve } from '../support/server.mjs';

test('compat: the versions under test are a real range', () => {
  assert.match(oldest, /^0\.2\.\d+$/);
  assert.match(newest, /^0\.2\.\d+$/);
  assert.ok(Number(oldest.split('.')[2]) < Number(newest.split('.')[2]), `${oldest} < ${newest}`);
});

for (const version of [oldest, newest]) {
  describe(`compat: wasm-bindgen ${version}`, () => {
    let out;
    let server;
    after(() => server?.close());

    test(`compat ${version}: the fixture crate builds with wasm-bindgen ${version} and its CLI`, () => {
      out = buildCompat(version);
      // wasm-bindgen names itself in the producers section: "processed-by" ... the name
      // "wasm-bindgen", then its version as a length-prefixed string.
      const module = new WebAssembly.Module(readFileSync(join(out, 'fixture_bg.wasm')));
      const producers = WebAssembly.Module.customSections(module, 'producers')
        .map((s) => Buffer.from(s).toString('latin1'))
        .join();
      assert.ok(
        producers.includes(`wasm-bindgen${String.fromCharCode(version.length)}${version}`),
        `processed by another wasm-bindgen: ${producers}`,
      );
    });

    test(`compat ${version}: the smoke test passes in Node`, () => {
      const dir = prepare('runtime-smoke');
      const output = sh(process.execPath, ['smoke.mjs'], {
        cwd: dir,
        extraEnv: { FIXTURE_WEB_DIR: `${out}/`, WASM_VIEWS_EXPECT_RESIZABLE: '0' },
      });
      assert.match(output, /^ok node /m);
    });

    test(`compat ${version}: the page checks pass in Chromium`, async () => {
      server = await serve(
        prepare('web-no-bundler'),
        {},
        {
          '/pkg/': out,
          '/checks.js': join(consumersDir, 'shared', 'page-checks.js'),
        },
      );
      await assertPageChecks('chromium', `${server.url}/`, 8);
    });
  });
}
