// Threads: a shared-memory build of a crate that depends on wasm-views
// (tests/consumers/threads: nightly Rust, +atomics, -Z build-std). In a cross-origin
// isolated page (COOP/COEP headers) a worker grows a LiveVec<f32> — its data moves and
// shared memory grows — while the main thread reads it through getView() from the
// package installed from its tarball. Chromium and Firefox.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { root } from '../../scripts/env.mjs';
import { engines, openPage } from '../support/browsers.mjs';
import { serve } from '../support/server.mjs';
import { prepare, sh } from '../consumers/harness.mjs';
import { buildThreads } from '../consumers/threads/build.mjs';

let server;
before(async () => {
  sh('bash', ['tests/consumers/threads/setup.sh']);
  buildThreads();
  prepare('threads');
  server = await serve(root, {
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
  });
});
after(() => server?.close());

for (const engine of engines) {
  test(`threads: getView() stays correct while a worker grows shared memory (${engine})`, async (t) => {
    const page = await openPage(engine, `${server.url}/tests/consumers/threads/www/index.html`);
    try {
      const r = await page.waitFor(() => window.__threads, 120_000);
      assert.equal(r.error, undefined);
      assert.equal(r.crossOriginIsolated, true, 'the page is cross-origin isolated');
      assert.equal(r.sharedBuild, true, 'the module was built with atomics');
      assert.equal(r.shared, true, 'the memory is a SharedArrayBuffer');
      assert.equal(r.stats.shared, true, 'heap.stats() reports shared memory');
      assert.ok(r.firstOk, 'the buffer reads right before the worker starts');
      // The race itself.
      assert.deepEqual(r.errors, [], 'getView() threw during the race');
      assert.equal(r.malformed, 0, `${r.malformed} of ${r.reads} views were malformed`);
      assert.equal(
        r.wrong,
        0,
        `${r.wrong} of ${r.consistentReads} unchanged-while-read views held wrong data`,
      );
      assert.ok(r.consistentReads >= 50, `only ${r.consistentReads} consistent reads`);
      assert.ok(
        r.lengthsSeen >= 10,
        `the main thread saw only ${r.lengthsSeen} lengths while the worker grew the buffer`,
      );
      assert.ok(
        r.buffersSeen >= 2,
        `getView() used only ${r.buffersSeen} SharedArrayBuffer objects`,
      );
      assert.ok(
        r.sizesSeen >= 2,
        `the main thread saw only ${r.sizesSeen} memory sizes: growth was not observed mid-run`,
      );
      assert.ok(
        r.bytesAfter > r.bytesBefore + 16 * 2 ** 20,
        `memory grew from ${r.bytesBefore} to ${r.bytesAfter}`,
      );
      // After the worker finished.
      assert.equal(r.workerLength, r.expectedLength);
      assert.equal(r.finalLength, r.expectedLength);
      assert.equal(r.finalWrong, 0);
      assert.deepEqual(page.errors, []);
      t.diagnostic(
        `${engine}: ${r.reads} reads (${r.consistentReads} unchanged while read), ${r.lengthsSeen} lengths, ` +
          `${r.buffersSeen} buffers, memory ${r.bytesBefore} -> ${r.bytesAfter} bytes; ` +
          `a raw view cached at the start: length ${r.cachedViewLength}, ${r.cachedViewWrong} wrong samples`,
      );
    } finally {
      await page.close();
    }
  });
}
