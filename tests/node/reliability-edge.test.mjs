// The exhaustion walk, quick size (the full one is `node tests/reliability/run.mjs --full`):
// the reliability fixture with a 64 MiB maximum brought to every free-memory level from
// VOLUME.quick.edge.from bytes down to 0, every export and facade method called at each, with
// good and bad arguments. And two controls, which show the walk fails when it should: a call
// that traps at the edge, and a buffer changed behind the model's back.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ensureFixtures } from '../reliability/fixture.mjs';
import { edgeWalk } from '../reliability/edge.mjs';
import { VOLUME } from '../reliability/volume.mjs';

before(() => ensureFixtures({ quiet: true, variants: ['max'] }));

test('exhaustion walk: no trap at any free-memory level, every buffer intact', () => {
  const { from } = VOLUME.quick.edge;
  const c = edgeWalk({ from, to: 0 });
  assert.equal(c.traps, 0);
  assert.equal(c.levels, from + 1);
  // The measured states: 0 and every 8k - 4 up to the top level (dlmalloc's granularity).
  assert.equal(c.distinctLevels, Math.floor((from + 4) / 8));
  assert.ok(Object.keys(c.measuredLevels).every((free) => Number(free) <= from));
  // The edge was met: exact fits succeeded, and every kind of documented error came up.
  assert.ok(c.exactFits > 0);
  for (const name of [
    'OutOfMemoryError',
    'StaleHandleError',
    'KindMismatchError',
    'BorrowError',
    'RangeError',
    'TypeError',
  ])
    assert.ok(c.errorsByType[name] > 0, name);
  assert.ok(c.byStatus.STATUS_OUT_OF_MEMORY > 0);
  assert.equal(c.changedOnFailure, 0);
});

test('control: a call that traps at the edge fails the walk, naming level, call and arguments', () => {
  // wasm-bindgen copies a string argument into linear memory and aborts when it cannot.
  assert.throws(
    () => edgeWalk({ from: 40, to: 38, control: 'trap' }),
    (error) =>
      error.name === 'ReliabilityFailure' &&
      error.message.startsWith(
        `a trap at level 40 (36 bytes free): shout (control)("${'x'.repeat(104)}"): unreachable`,
      ),
  );
});

test('control: a buffer changed behind the model fails the walk', () => {
  assert.throws(
    () => edgeWalk({ from: 40, to: 38, control: 'corrupt' }),
    (error) =>
      error.name === 'ReliabilityFailure' &&
      /^after level 40 \(36 bytes free\): heap\.stats \(after a corruption\)\(\): .+ changed$/.test(
        error.message,
      ),
  );
});
