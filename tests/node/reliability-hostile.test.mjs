// Hostile and bad input, seeded and small (the full run is `npm run test:reliability`):
// forged handles and bad arguments give their documented errors and touch nothing.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ensureFixtures } from '../reliability/fixture.mjs';
import { hostile } from '../reliability/hostile.mjs';
import { VOLUME } from '../reliability/volume.mjs';

before(() => ensureFixtures({ quiet: true }));

test('forged handles and bad arguments: typed errors, nothing read or written', () => {
  const c = hostile({
    handles: VOLUME.quick.handles,
    argumentsTried: VOLUME.quick.argumentsTried,
    seed: 0xbad,
  });
  assert.ok(c.handlesTried >= VOLUME.quick.handles);
  assert.ok(c.argumentsTried >= VOLUME.quick.argumentsTried);
  assert.equal(c.errorsByType.StaleHandleError, c.handleCalls);
  for (const name of ['RangeError', 'TypeError', 'KindMismatchError', 'OutOfMemoryError']) {
    assert.ok(c.errorsByType[name] > 0, `no ${name} was provoked`);
  }
  assert.equal(Object.values(c.byCategory).length, 10);
});
