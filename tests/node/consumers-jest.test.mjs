// Consumer: Jest projects with the packed package installed from its tarball:
// tests/consumers/jest-default (no configuration at all: CommonJS, node environment)
// and tests/consumers/jest-jsdom (testEnvironment jsdom). Their tests write data,
// grow memory and check views; they also check which published file require() got.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { npmRun, prepare } from '../consumers/harness.mjs';

for (const [name, expected] of [
  ['jest-default', 4],
  ['jest-jsdom', 3],
]) {
  test(`${name}: jest passes`, () => {
    const out = npmRun(prepare(name), 'test', ['--ci']);
    const passed = Number(out.match(/^Tests:\s+(\d+) passed, \d+ total$/m)?.[1]);
    assert.equal(passed, expected, out);
  });
}
