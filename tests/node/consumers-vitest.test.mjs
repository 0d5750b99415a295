// Consumer: a Vitest project (tests/consumers/vitest) with the packed package installed
// from its tarball, running the same TypeScript tests in the node and jsdom
// environments (Vitest projects): the package's own core, and a third-party crate built
// with `wasm-pack --target web` (build/fixture-web) through bind(). Run on every
// supported Node (20, 22, 24, 26: tests/consumers/runtimes.mjs). Also type-checked with
// tsc --noEmit against the published .d.ts.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { npmRun, prepare, sh } from '../consumers/harness.mjs';
import { nodeRuntimes } from '../consumers/runtimes.mjs';

let dir;
before(() => {
  dir = prepare('vitest');
});

test('vitest: tsc --noEmit against the published types', () => {
  npmRun(dir, 'typecheck');
});

for (const [name, node] of nodeRuntimes()) {
  test(`vitest on ${name}: node and jsdom projects pass`, () => {
    const vitest = join(dir, 'node_modules', 'vitest', 'vitest.mjs');
    const out = sh(node, [vitest, 'run'], { cwd: dir }).replace(/\x1b\[[0-9;]*m/g, '');
    // The project label is ` node ` in colour and `|node|` without (NO_COLOR, as in CI).
    assert.match(out, /✓ +\|?node\|? +src\/series\.test\.ts \(5 tests\)/);
    assert.match(out, /✓ +\|?jsdom\|? +src\/series\.test\.ts \(5 tests\)/);
    assert.match(out, /Tests +10 passed \(10\)/);
  });
}
