// Issue 12's size limits, as a test: bytes, unlike times, are deterministic on a pinned
// toolchain. Measures what bench/size.mjs reports (the same code, nothing written) against
// the installed package (node scripts/build.mjs first).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { APP_SETS, LIMITS, measure } from '../../bench/size.mjs';
import { FEATURE_HELPERS, FEATURES } from '../../scripts/features.mjs';

let report;
before(async () => {
  report = await measure();
});

const withCrate = () => Object.entries(report.app).filter(([name]) => name !== 'without');

test('the crate adds at most 8,192 B (3,072 B brotli) to the size app, for every feature set', () => {
  assert.deepEqual(Object.keys(report.app), Object.keys(APP_SETS));
  for (const [name, r] of withCrate()) {
    assert.ok(r.delta.bytes <= LIMITS.appDelta.bytes, `${name}: +${r.delta.bytes} B`);
    assert.ok(r.delta.brotli <= LIMITS.appDelta.brotli, `${name}: +${r.delta.brotli} B brotli`);
  }
});

test('the Game of Life port with views stays within the same limit', () => {
  assert.ok(report.life, 'tests/life (the Game of Life crate, with a `views` feature) is missing');
  assert.ok(report.life.delta.bytes <= LIMITS.appDelta.bytes, `+${report.life.delta.bytes} B`);
  assert.ok(
    report.life.delta.brotli <= LIMITS.appDelta.brotli,
    `+${report.life.delta.brotli} B brotli`,
  );
});

test("the package's own core wasm is at most 16,384 B", () => {
  assert.ok(report.coreWasm.bytes <= LIMITS.coreWasm.bytes, `${report.coreWasm.bytes} B`);
});

test('an app that only imports bind from wasm-views/bind: at most 3,072 B brotli, no core', () => {
  assert.deepEqual(report.bindBundle.inputs, ['wasm-views/bind.mjs']);
  assert.equal(report.bindBundle.referencesCore, false);
  assert.ok(
    report.bindBundle.brotli <= LIMITS.bindBundle.brotli,
    `${report.bindBundle.brotli} B brotli`,
  );
  // The check sees a core where there is one: an app calling init() brings its glue.
  assert.equal(report.coreAppBundle.referencesCore, true);
});

test('the facade alone (the core, ts/src/index.ts) is at most 3,072 B brotli', () => {
  assert.ok(report.facade.brotli <= LIMITS.facade.brotli, `${report.facade.brotli} B brotli`);
});

test('each feature entry adds its own code to the bind-only bundle and no core', () => {
  assert.deepEqual(Object.keys(report.features), FEATURES);
  const shared = FEATURE_HELPERS.map((f) => `wasm-views/${f}.mjs`);
  for (const [feature, r] of Object.entries(report.features)) {
    // The feature's file, the core's and the helpers the features share, nothing else (a
    // second copy of the core would show as another input, and as a doubled size).
    const inputs = new Set(r.inputs);
    assert.ok(
      inputs.has('wasm-views/bind.mjs') && inputs.has(`wasm-views/${feature}.mjs`),
      feature,
    );
    for (const input of inputs)
      assert.ok(
        ['wasm-views/bind.mjs', `wasm-views/${feature}.mjs`, ...shared].includes(input),
        `${feature} brings ${input}`,
      );
    assert.equal(r.referencesCore, false, feature);
    assert.ok(r.adds.brotli > 0, `${feature} adds ${r.adds.brotli} B brotli`);
    assert.ok(r.adds.brotli < report.bindBundle.brotli / 2, `${feature}: +${r.adds.brotli} B`);
  }
  const every = report.everyFeature;
  assert.deepEqual(
    [...every.inputs].sort(),
    ['bind', ...FEATURES, ...FEATURE_HELPERS].map((f) => `wasm-views/${f}.mjs`).sort(),
  );
  assert.equal(every.referencesCore, false);
});

test('no float formatting and no serde in the size app (names kept), while the controls have them', () => {
  for (const [name, r] of Object.entries(report.app)) {
    assert.deepEqual(r.names.floatFormatting, [], `${name}: core::fmt::float code`);
    assert.deepEqual(
      r.names.serde,
      [],
      `${name}: serde code, with no stats/describe called from Rust`,
    );
  }
  // What the checks look for is there when the app does reach it.
  assert.ok(report.controls['format-float (control)'].names.floatFormatting.length > 0);
  assert.ok(report.controls['live + stats (control)'].names.serde.length > 0);
});
