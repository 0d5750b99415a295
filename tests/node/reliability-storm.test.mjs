// The growth storm, seeded and small (the full run is `npm run test:storm`): model-based
// random operations on the built package, checked against a JS model after every step.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ensureFixtures, loadFixture } from '../reliability/fixture.mjs';
import { OPS, storm } from '../reliability/model.mjs';
import { MUTANTS, runMutants } from '../reliability/mutants.mjs';
import { VOLUME } from '../reliability/volume.mjs';

before(() => ensureFixtures({ quiet: true }));
const load = () => loadFixture('node');

test('growth storm: no stale view, no mismatched byte, no leak', async () => {
  const c = await storm({ ...VOLUME.quick.storm, load, seed: 0x5eed });
  assert.ok(c.operations >= VOLUME.quick.storm.operations, `${c.operations} operations`);
  assert.ok(c.growths >= VOLUME.quick.storm.growths, `${c.growths} growths`);
  assert.equal(c.staleViews, 0);
  assert.equal(c.mismatchedBytes, 0);
  assert.equal(c.leaks, 0);
  assert.ok(c.bytesCompared > 0 && c.rustChecksums > 0 && c.reentrantCalls > 0);
  // Every operation of the list ran (a name missing from byOperation never ran).
  for (const name of Object.keys(OPS)) assert.ok(c.byOperation[name] > 0, `${name} never ran`);
  // The raw exports answered the documented status codes for stale handles, other owners
  // and borrowed buffers.
  for (const name of ['STALE_HANDLE', 'WRONG_OWNER', 'BORROWED'])
    assert.ok(c.byStatus[`STATUS_${name}`] > 0, `no export returned STATUS_${name}`);
});

test('the storm notices a broken facade (tests of the test)', async () => {
  const caught = await runMutants({ load, operations: VOLUME.quick.mutantOps, seed: 0x5eed });
  assert.deepEqual(Object.keys(caught), Object.keys(MUTANTS));
  for (const [mutant, failure] of Object.entries(caught)) {
    assert.notEqual(failure, null, `the storm did not notice: ${mutant}`);
    // Caught by a violation the model found, not by some other exception.
    assert.equal(failure.crash, undefined, `${mutant}: ${failure.crash}`);
    // fast-check shrank the failing run to a short sequence of operations.
    assert.ok(failure.counterexample.split('),').length <= 4, failure.counterexample);
  }
});
