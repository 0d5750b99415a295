// The growth storm, seeded and small (the full run is `npm run test:storm`): model-based
// random operations on the built package, checked against a JS model after every step.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ensureFixtures } from '../reliability/fixture.mjs';
import { storm } from '../reliability/model.mjs';
import { runMutants } from '../reliability/mutants.mjs';
import { VOLUME } from '../reliability/volume.mjs';

before(() => ensureFixtures({ quiet: true }));

test('growth storm: no stale view, no mismatched byte, no leak', () => {
  const c = storm({ ...VOLUME.quick.storm, seed: 0x5eed });
  assert.ok(c.operations >= VOLUME.quick.storm.operations, `${c.operations} operations`);
  assert.ok(c.growths >= VOLUME.quick.storm.growths, `${c.growths} growths`);
  assert.equal(c.staleViews, 0);
  assert.equal(c.mismatchedBytes, 0);
  assert.equal(c.leaks, 0);
  assert.ok(c.bytesCompared > 0 && c.rustChecksums > 0 && c.reentrantCalls > 0);
  // Every kind of operation ran.
  assert.ok(Object.values(c.byOperation).every((n) => n > 0));
});

test('the storm notices a broken facade (tests of the test)', () => {
  const caught = runMutants({ operations: VOLUME.quick.mutantOps, seed: 0x5eed });
  for (const [mutant, failure] of Object.entries(caught)) {
    assert.notEqual(failure, null, `the storm did not notice: ${mutant}`);
    // fast-check shrank the failing run to a short sequence of operations.
    assert.ok(failure.counterexample.split('),').length <= 4, failure.counterexample);
  }
});
