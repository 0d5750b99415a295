// Consumer: a Vitest project (tests/consumers/vitest) with the packed package installed
// from its tarball, running the same TypeScript tests in the node and jsdom
// environments (Vitest projects): the package's own core, and a third-party crate built
// with `wasm-pack --target web` (build/fixture-web) through bind(). Also type-checked
// with tsc --noEmit against the published .d.ts.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { npmRun, prepare } from '../consumers/harness.mjs';

let dir;
before(() => {
  dir = prepare('vitest');
});

test('vitest: tsc --noEmit against the published types', () => {
  npmRun(dir, 'typecheck');
});

test('vitest: node and jsdom projects pass', () => {
  const out = npmRun(dir, 'test').replace(/\x1b\[[0-9;]*m/g, '');
  // The project label is ` node ` in colour and `|node|` without (NO_COLOR, as in CI).
  assert.match(out, /✓ +\|?node\|? +src\/series\.test\.ts \(5 tests\)/);
  assert.match(out, /✓ +\|?jsdom\|? +src\/series\.test\.ts \(5 tests\)/);
  assert.match(out, /Tests +10 passed \(10\)/);
});
