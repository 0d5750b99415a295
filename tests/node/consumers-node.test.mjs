// Consumer: plain Node scripts (tests/consumers/node-scripts), one ES module and one
// CommonJS, with the packed package installed from its tarball, and two strict TypeScript
// consumers (module node16, skipLibCheck false: the published declarations are checked too),
// one per module system. Everything runs on every supported Node: 20 (the machine's) and
// 22, 24, 26 (tests/consumers/runtimes.mjs). Each script writes data, grows memory, checks
// its views, and exits non-zero on any failed assertion; the plain ones also bind a
// third-party crate built with `wasm-pack --target nodejs` (build/fixture-node).
//
// tsc runs once, on Node 20: what it reports and emits does not depend on the Node running
// it (it is plain JavaScript), while what it emits is run on each Node.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { npmRun, prepare, sh } from '../consumers/harness.mjs';
import { nodeRuntimes } from '../consumers/runtimes.mjs';

let dir;
before(() => {
  dir = prepare('node-scripts');
});

// The published types carry `/// <reference lib="esnext.disposable" />` for
// `[Symbol.dispose]`, and CommonJS declarations for the `require` condition.
test('node-scripts: the ESM (.mts) and CommonJS (.cts) TypeScript consumers type-check and compile', () => {
  npmRun(dir, 'build:esm');
  npmRun(dir, 'build:cjs');
});

for (const [name, node] of nodeRuntimes()) {
  test(`node-scripts on ${name}: ESM and CommonJS scripts use the installed package for real`, () => {
    const esm = sh(node, ['consumer.mjs'], { cwd: dir });
    assert.match(esm, /^ok ESM: node_modules\/wasm-views\/node\.mjs$/m);
    const cjs = sh(node, ['consumer.cjs'], { cwd: dir });
    assert.match(cjs, /^ok CommonJS: node_modules\/wasm-views\/node\.cjs$/m);
  });

  test(`node-scripts on ${name}: what tsc emitted for each module system runs`, () => {
    const out = join(dir, 'node_modules', '.ts-out');
    assert.match(
      sh(node, [join(out, 'esm', 'consumer.mjs')], { cwd: dir }),
      /^ok TS ESM: 4 elements/m,
    );
    assert.match(
      sh(node, [join(out, 'cjs', 'consumer.cjs')], { cwd: dir }),
      /^ok TS CommonJS: 4 elements/m,
    );
  });
}
