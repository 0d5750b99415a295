// Consumer: plain Node scripts (tests/consumers/node-scripts), one ES module and one
// CommonJS, with the packed package installed from its tarball, on every supported Node
// (20, the machine's, and 22, 24, 26 from tests/consumers/runtimes.mjs). Each script
// writes data, grows memory, checks its views, and binds a third-party crate built with
// `wasm-pack --target nodejs` (build/fixture-node); it exits non-zero on any failed
// assertion. Strict TypeScript consumers of each module system (module node16,
// skipLibCheck false) are type-checked by tsc running on each of those Nodes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { prepare, sh } from '../consumers/harness.mjs';
import { nodeRuntimes } from '../consumers/runtimes.mjs';

let dir;
before(() => {
  dir = prepare('node-scripts');
});

for (const [name, node] of nodeRuntimes()) {
  test(`node-scripts on ${name}: ESM and CommonJS scripts use the installed package for real`, () => {
    const esm = sh(node, ['consumer.mjs'], { cwd: dir });
    assert.match(esm, /^ok ESM: node_modules\/wasm-views\/node\.mjs$/m);
    const cjs = sh(node, ['consumer.cjs'], { cwd: dir });
    assert.match(cjs, /^ok CommonJS: node_modules\/wasm-views\/node\.cjs$/m);
  });

  // The published types carry `/// <reference lib="esnext.disposable" />` for
  // `[Symbol.dispose]`, and CommonJS declarations for the `require` condition.
  test(`node-scripts on ${name}: ESM (.mts) and CommonJS (.cts) TypeScript consumers (module node16, skipLibCheck false) type-check`, () => {
    const tsc = join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
    sh(node, [tsc, '-p', 'types/esm'], { cwd: dir });
    sh(node, [tsc, '-p', 'types/cjs'], { cwd: dir });
  });
}
