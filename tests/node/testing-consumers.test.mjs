// The wasm-views/testing recipes in users' projects: tests/consumers/vitest and
// tests/consumers/jest-default each have a user-shaped module with a function that caches a
// raw view across a call into the wasm module (buggy) and one that uses a LiveView
// (correct). Without the helper both tests pass: nothing in a small test grows memory. With
// the helper's setup files the buggy one fails with the engine's detached-buffer TypeError
// and the correct one passes. Vitest (setupFiles), Jest with CommonJS and with native ES
// modules (setupFiles + setupFilesAfterEnv), each on Node 20 and Node 26.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { prepare } from '../consumers/harness.mjs';
import { runtimes } from '../consumers/runtimes.mjs';
import { env } from '../../scripts/env.mjs';

const plain = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');

/** Runs a test runner's entry script with the Node binary `node`; returns its status and output. */
function runWith(node, dir, script, args, nodeArgs = []) {
  const r = spawnSync(node, [...nodeArgs, join(dir, 'node_modules', script), ...args], {
    cwd: dir,
    env: { ...env, CI: 'true' },
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, output: plain(`${r.stdout}${r.stderr}`) };
}

const nodes = () => {
  const all = runtimes();
  return [
    ['Node 20', all.node20],
    ['Node 26', all.node26],
  ];
};

// V8's words for it vary by version ("Cannot perform Construct on a detached ArrayBuffer" in
// Node 20, "%TypedArray%.prototype.subarray" elsewhere).
const DETACHED = /TypeError: Cannot perform \S+ on a detached ArrayBuffer/;

let vitestDir;
let jestDir;
before(() => {
  vitestDir = prepare('vitest');
  jestDir = prepare('jest-default');
});

test('vitest: the recipe files type-check against the published declarations', () => {
  const r = runWith(process.execPath, vitestDir, 'typescript/bin/tsc', [
    '-p',
    'tsconfig.testing.json',
  ]);
  assert.equal(r.status, 0, r.output);
});

for (const [label, node] of nodes()) {
  test(`vitest on ${label}: both pass without the helper; with it the buggy test fails`, () => {
    const vitest = (config) =>
      runWith(node, vitestDir, 'vitest/vitest.mjs', ['run', '--config', config]);
    const without = vitest('vitest.stale-views.config.ts');
    assert.equal(without.status, 0, without.output);
    assert.match(without.output, /Tests +2 passed \(2\)/);

    const withHelper = vitest('vitest.testing.config.ts');
    assert.equal(withHelper.status, 1, withHelper.output);
    assert.match(withHelper.output, /Tests +1 failed \| 1 passed \(2\)/);
    assert.match(
      withHelper.output,
      /FAIL +stale-views\/pixels\.check\.ts > paintAndReadBuggy reads the pixel it painted/,
    );
    assert.doesNotMatch(withHelper.output, /FAIL .*> paintAndRead reads/);
    assert.match(withHelper.output, DETACHED);
    assert.match(withHelper.output, /stale-views\/pixels\.ts:\d+/, 'the stack points at the bug');
  });

  for (const [flavour, plainConfig, helperConfig, nodeArgs] of [
    ['CommonJS', 'jest.stale-views.config.cjs', 'jest.testing.config.cjs', []],
    [
      'ES modules',
      'jest.stale-views-esm.config.cjs',
      'jest.testing-esm.config.cjs',
      ['--experimental-vm-modules'],
    ],
  ]) {
    test(`jest (${flavour}) on ${label}: both pass without the helper; with it the buggy test fails`, () => {
      const jest = (config) =>
        runWith(node, jestDir, 'jest/bin/jest.js', ['--ci', '--config', config], nodeArgs);
      const without = jest(plainConfig);
      assert.equal(without.status, 0, without.output);
      assert.match(without.output, /^Tests: +2 passed, 2 total$/m);

      const withHelper = jest(helperConfig);
      assert.equal(withHelper.status, 1, withHelper.output);
      assert.match(withHelper.output, /^Tests: +1 failed, 1 passed, 2 total$/m);
      assert.match(withHelper.output, /● paintAndReadBuggy reads the pixel it painted/);
      assert.doesNotMatch(withHelper.output, /● paintAndRead reads/);
      assert.match(withHelper.output, DETACHED);
      assert.match(withHelper.output, /stale-views\/pixels\.m?js:\d+/);
    });
  }
}
