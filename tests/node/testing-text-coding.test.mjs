// wasm-views/testing's installStrictTextCoding(): Node's TextDecoder.decode and
// TextEncoder.encodeInto made to refuse what Chromium and Firefox refuse. The browsers'
// behaviour is recorded here, in the real browsers, for every case of
// tests/testing/text-cases.mjs (resizable, shared, fixed-length buffers; decode and
// encodeInto; whole views, offsets, subarrays, the buffer itself); the shim must match each
// browser case by case.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { installStrictTextCoding, uninstallStrictTextCoding } from 'wasm-views/testing';
import { root } from '../../scripts/env.mjs';
import { engines, openPage } from '../support/browsers.mjs';
import { serve } from '../support/server.mjs';
import { requiredBuffers, runTextCases } from '../testing/text-cases.mjs';

const recorded = {};
let server;
before(async () => {
  // Cross-origin isolated, so the pages have SharedArrayBuffer and shared wasm memory.
  server = await serve(root, {
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
  });
});
after(() => server?.close());

const buffersOf = (rows) => new Set(rows.map((r) => r.id.split(' | ')[1]));

for (const engine of engines) {
  test(`${engine}: record what TextDecoder.decode and TextEncoder.encodeInto accept`, async () => {
    const page = await openPage(engine, `${server.url}/tests/testing/text-coding.html`);
    try {
      const result = await page.waitFor(() => window.__textCases);
      assert.equal(result.crossOriginIsolated, true);
      assert.deepEqual(page.errors, []);
      for (const b of requiredBuffers) assert.ok(buffersOf(result.rows).has(b), `${engine}: ${b}`);
      recorded[engine] = result.rows;
    } finally {
      await page.close();
    }
  });
}

test('plain Node accepts views that the browsers refuse (why the shim exists)', () => {
  const rows = runTextCases();
  for (const b of requiredBuffers) assert.ok(buffersOf(rows).has(b), `node: ${b}`);
  const refusedByBrowsers = recorded.chromium.filter((r) => r.threw).map((r) => r.id);
  assert.ok(refusedByBrowsers.length > 0);
  const acceptedByNode = rows.filter((r) => !r.threw && refusedByBrowsers.includes(r.id));
  assert.ok(acceptedByNode.length > 0);
});

for (const engine of engines) {
  test(`the strict shim matches ${engine} case by case`, () => {
    const browser = new Map(recorded[engine].map((r) => [r.id, r]));
    installStrictTextCoding();
    let rows;
    try {
      rows = runTextCases();
    } finally {
      uninstallStrictTextCoding();
    }
    let compared = 0;
    for (const row of rows) {
      const expected = browser.get(row.id);
      if (!expected) continue; // a buffer this browser cannot make (none of the required ones)
      compared++;
      assert.equal(
        row.threw,
        expected.threw,
        `${row.id}: ${engine} ${expected.threw ? `threw ${expected.message}` : 'accepted it'}`,
      );
      if (expected.threw) {
        assert.equal(row.name, expected.name, row.id);
        assert.equal(row.sameRealm, true, `${row.id}: the realm's own TypeError`);
        assert.match(row.message, /Chromium and Firefox throw a TypeError/, row.id);
      } else {
        assert.deepEqual(row.value, expected.value, row.id);
      }
    }
    const browserBuffers = buffersOf(recorded[engine]);
    const nodeBuffers = buffersOf(rows);
    const common = [...browserBuffers].filter((b) => nodeBuffers.has(b));
    assert.ok(common.length >= requiredBuffers.length);
    assert.equal(compared, rows.filter((r) => browserBuffers.has(r.id.split(' | ')[1])).length);
  });
}

test('the messages name the browser behaviour and the fix', () => {
  installStrictTextCoding();
  try {
    const rab = new ArrayBuffer(4, { maxByteLength: 8 });
    assert.throws(
      () => new TextDecoder().decode(new Uint8Array(rab)),
      (e) =>
        e instanceof TypeError &&
        e.message.startsWith(
          'TextDecoder.decode: Chromium and Firefox throw a TypeError for a view of a resizable ArrayBuffer',
        ) &&
        e.message.includes('view.slice()'),
    );
    assert.throws(
      () => new TextEncoder().encodeInto('a', new Uint8Array(new SharedArrayBuffer(4))),
      (e) =>
        e instanceof TypeError && /encodeInto: .* a view of a SharedArrayBuffer/.test(e.message),
    );
    // Decoders made before the install are covered (wasm-bindgen's glue makes one on load).
    assert.equal(new TextDecoder().decode(new Uint8Array([104, 105])), 'hi');
    // Arguments that are no buffer at all still reach Node's own checks.
    assert.throws(() => new TextEncoder().encodeInto('a', [0]), TypeError);
  } finally {
    uninstallStrictTextCoding();
  }
});

test('installing twice is harmless; uninstalling restores the very same functions', () => {
  const decode = Object.getOwnPropertyDescriptor(TextDecoder.prototype, 'decode');
  const encodeInto = Object.getOwnPropertyDescriptor(TextEncoder.prototype, 'encodeInto');
  const decoderKeys = Reflect.ownKeys(TextDecoder.prototype);
  const early = new TextDecoder();
  const uninstall = installStrictTextCoding();
  const patched = TextDecoder.prototype.decode;
  assert.notEqual(patched, decode.value);
  installStrictTextCoding(globalThis);
  assert.equal(TextDecoder.prototype.decode, patched, 'not wrapped twice');
  assert.throws(
    () => early.decode(new Uint8Array(new ArrayBuffer(2, { maxByteLength: 4 }))),
    TypeError,
  );
  uninstall();
  assert.deepEqual(Object.getOwnPropertyDescriptor(TextDecoder.prototype, 'decode'), decode);
  assert.deepEqual(
    Object.getOwnPropertyDescriptor(TextEncoder.prototype, 'encodeInto'),
    encodeInto,
  );
  assert.equal(TextDecoder.prototype.decode, decode.value);
  assert.deepEqual(Reflect.ownKeys(TextDecoder.prototype), decoderKeys);
  assert.equal(uninstallStrictTextCoding(), false);
  assert.equal(early.decode(new Uint8Array(new ArrayBuffer(2, { maxByteLength: 4 }))), '\0\0');
  assert.throws(() => installStrictTextCoding({}), TypeError);
});
