// The limits, seeded and small (the full run is `npm run test:reliability`): memory
// exhaustion against a maximum, an alloc/free soak, the FinalizationRegistry safety net,
// and callbacks from Rust that grow memory.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ensureFixtures } from '../reliability/fixture.mjs';
import { exhaustion, lostViews, reentrancy, soak } from '../reliability/limits.mjs';
import { VOLUME } from '../reliability/volume.mjs';

before(() => ensureFixtures({ quiet: true }));

test('memory exhaustion: OutOfMemoryError, contents kept, smaller allocations succeed', () => {
  const r = exhaustion({ seed: 0x71 });
  assert.ok(r.firstFailure !== null);
  assert.ok(r.smallerAfterFailure > 0);
  assert.ok(r.pagesAtEnd <= r.maxPages);
  assert.ok(r.counters.errorsByType.OutOfMemoryError >= r.sizes.length);
  // Each time, the raw export, asked the same, answered with the status code instead.
  assert.equal(r.counters.byStatus.STATUS_OUT_OF_MEMORY, r.counters.errorsByType.OutOfMemoryError);
});

test('soak: live handles back to zero, memory flat after warm-up, no handle reused', () => {
  const r = soak({ cycles: VOLUME.quick.soak, seed: 0x50a4 });
  assert.equal(r.liveHandlesAtEnd, 0);
  assert.equal(r.growthAfterWarmup, 0);
  assert.equal(r.duplicateHandles, 0);
  assert.equal(r.distinctHandles, r.cycles);
});

test('LiveViews dropped without free() are released once collected', async () => {
  const r = await lostViews({ count: VOLUME.quick.lost });
  assert.equal(r.allocated, VOLUME.quick.lost);
  assert.equal(r.reclaimed, r.allocated);
  assert.equal(r.remaining, 0);
});

test('re-entrancy: callbacks from Rust after growth see detached old views, right LiveViews', () => {
  const c = reentrancy({ iterations: VOLUME.quick.reentrancy, seed: 0x4ee7 });
  assert.ok(c.callbacks >= VOLUME.quick.reentrancy);
  assert.equal(c.staleViews, 0);
  assert.ok(c.detachedBefore > 0);
  assert.ok(c.errorsByType.BorrowError > 0 && c.errorsByType.GrowthError > 0);
});
