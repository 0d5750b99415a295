// Consumer: plain Node scripts (tests/consumers/node-scripts), one ES module and one
// CommonJS, with the packed package installed from its tarball. Each writes data,
// grows memory, checks its views, and binds a third-party crate built with
// `wasm-pack --target nodejs` (build/fixture-node); they exit non-zero on any failed
// assertion. Also type-checks a strict TypeScript consumer of each module system.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { npmRun, prepare } from '../consumers/harness.mjs';

let dir;
before(() => {
  dir = prepare('node-scripts');
});

test('node-scripts: ESM and CommonJS scripts use the installed package for real', () => {
  const out = npmRun(dir, 'test');
  assert.match(out, /^ok ESM: node_modules\/wasm-views\/npm\/node\.mjs$/m);
  assert.match(out, /^ok CommonJS: node_modules\/wasm-views\/npm\/node\.cjs$/m);
});

// The published types carry `/// <reference lib="esnext.disposable" />` for
// `[Symbol.dispose]`, and .d.cts twins for the `require` condition.
test('node-scripts: an ESM TypeScript consumer (module node16, lib ES2022, skipLibCheck false) type-checks', () => {
  npmRun(dir, 'typecheck:esm');
});

test('node-scripts: a CommonJS TypeScript consumer (.cts, module node16) type-checks', () => {
  npmRun(dir, 'typecheck:cjs');
});
