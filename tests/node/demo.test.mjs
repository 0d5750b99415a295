// The README's main job: the demo runs, and what it prints backs its claims.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { env, root } from '../../scripts/env.mjs';

test('the demo shows raw views going stale while getView() stays right', () => {
  const out = execFileSync('node', ['tests/demo/demo.mjs'], { cwd: root, env, encoding: 'utf8' });
  assert.match(out, /memory grows \d+ -> \d+ pages/);
  assert.match(out, /length 0, sum 0/, 'the raw view should read as detached');
  assert.match(out, /getView\(\) was right every time/);
});
