// Hostile and bad input, seeded and small (the full run is `npm run test:reliability`):
// forged handles and bad arguments give their documented typed errors at the facade and
// their documented status codes at the raw exports, and touch nothing.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ensureFixtures } from '../reliability/fixture.mjs';
import { hostile } from '../reliability/hostile.mjs';
import { VOLUME } from '../reliability/volume.mjs';

before(() => ensureFixtures({ quiet: true }));

const sum = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);

test('forged handles and bad arguments: typed errors, status codes, nothing read or written', () => {
  const c = hostile({
    handles: VOLUME.quick.handles,
    argumentsTried: VOLUME.quick.argumentsTried,
    seed: 0xbad,
  });
  // Tried means tried: live values that were generated are skipped and counted apart.
  assert.ok(c.handlesTried >= VOLUME.quick.handles);
  assert.equal(sum(c.byCategory), c.handlesTried);
  assert.equal(Object.keys(c.byCategory).length, 10);
  // Every forged handle went to every entry point, and each refused it.
  assert.equal(c.entryPoints, 12);
  assert.equal(c.handleCalls, c.handlesTried * c.entryPoints);
  for (const [probe, calls] of Object.entries(c.byProbe))
    assert.equal(calls, c.handlesTried, probe);
  assert.equal(Object.keys(c.byProbe).length, c.entryPoints);
  // Every bad argument ran, and every documented error and status came up.
  assert.ok(c.argumentsTried >= VOLUME.quick.argumentsTried);
  assert.equal(Object.keys(c.byArgument).length, c.argumentKinds);
  for (const name of ['RangeError', 'TypeError', 'KindMismatchError', 'OutOfMemoryError']) {
    assert.ok(c.errorsByType[name] > 0, `no ${name} was provoked`);
  }
  for (const name of [
    'STALE_HANDLE',
    'OUT_OF_MEMORY',
    'TOO_LARGE',
    'UNKNOWN_KIND',
    'WRONG_OWNER',
  ]) {
    assert.ok(c.byStatus[`STATUS_${name}`] > 0, `no export returned STATUS_${name}`);
  }
});
