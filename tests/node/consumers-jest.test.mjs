// Consumer: Jest projects with the packed package installed from its tarball:
// tests/consumers/jest-default (no configuration at all: CommonJS, node environment)
// and tests/consumers/jest-jsdom (testEnvironment jsdom). Their own tests write data,
// grow memory, check views and which published file require() got; both also run the
// shared cases of tests/consumers/shared/jest-cases.cjs (the former root Jest suite's:
// kinds, caching, forged handles, argument errors, a bound crate, debug mode). This is the
// one place Jest runs. Each named test below must have passed, and none may fail (other
// test files a project gains run too).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { npmRun, prepare } from '../consumers/harness.mjs';

const shared = [
  'alloc f32: getView is cached, rebuilt after growth, data kept',
  'every kind has its array type; bigint kinds take bigints; f16 falls back to Uint16Array',
  'zero-length buffers work and are not rebuilt on every call',
  'free then use; forged handles; argument errors',
  'copyIn bounds: RangeError, nothing written',
  'Symbol.dispose frees',
  'Rust-owned buffers of a bound module follow reallocation and drop',
  'withoutGrowth, onGrow and debug mode',
  'bind() refuses a module without the exports, naming the fix',
];

const own = {
  'jest-default': [
    'require() resolves to the published CommonJS bundle',
    'data written through getView() survives memory growth',
    'allocations that grow memory keep every earlier view correct',
    'typed errors: freed handles, kind mismatches, growth inside withoutGrowth',
  ],
  'jest-jsdom': [
    'runs in jsdom and resolves to the published CommonJS bundle',
    'a widget renders from getView() before and after memory grows',
    'init() and initSync() share one core',
  ],
};

for (const [name, titles] of Object.entries(own)) {
  test(`${name}: jest passes, with the shared cases`, () => {
    const dir = prepare(name);
    const tmp = mkdtempSync(join(tmpdir(), `wasm-views-${name}-`));
    try {
      const report = join(tmp, 'jest.json');
      npmRun(dir, 'test', ['--ci', '--json', `--outputFile=${report}`]);
      const result = JSON.parse(readFileSync(report, 'utf8'));
      const passed = result.testResults.flatMap((f) =>
        f.assertionResults.filter((a) => a.status === 'passed').map((a) => a.title),
      );
      assert.equal(result.numFailedTests, 0);
      for (const title of [...titles, ...shared])
        assert.ok(passed.includes(title), `${name}: "${title}" did not pass`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
}
