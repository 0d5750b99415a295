// The wasm-views/testing entry as published: importable with import and require, typed
// (TSDoc on every export, declarations that compile for ESM and CommonJS users), sharing the
// facade's classes with the runtime entries, and absent from every runtime bundle.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import * as esm from 'wasm-views/testing';
import { env, root } from '../../scripts/env.mjs';

const pkg = join(root, 'node_modules', 'wasm-views');
const require = createRequire(import.meta.url);
const API = [
  'LeakError',
  'allocatorCaveat',
  'detachAfterCalls',
  'formatLeaks',
  'formatMemoryReport',
  'installStrictTextCoding',
  'memoryAdvice',
  'trackLeaks',
  'trackMemory',
  'undoDetachAfterCalls',
  'uninstallStrictTextCoding',
];

test('the runtime bundles do not contain the testing entry', () => {
  for (const file of ['node.mjs', 'node.cjs', 'browser.mjs', 'bind.mjs', 'bind.cjs']) {
    const text = readFileSync(join(pkg, file), 'utf8');
    for (const name of [
      'detachAfterCalls',
      'installStrictTextCoding',
      'trackLeaks',
      'trackMemory',
      'testing',
    ]) {
      assert.equal(text.includes(name), false, `${file} mentions ${name}`);
    }
  }
});

test('import and require give the same API; the entry uses the facade of the runtime entries', () => {
  const cjs = require('wasm-views/testing');
  assert.deepEqual(Object.keys(esm).sort(), API);
  assert.deepEqual(
    Object.keys(cjs)
      .filter((k) => k !== 'default' && k !== '__esModule')
      .sort(),
    API,
  );
  assert.equal(require.resolve('wasm-views/testing'), join(pkg, 'testing.cjs'));
  // No copy of the facade inside: the leak tracker patches the one Heap class users have.
  for (const [file, shared] of [
    ['testing.mjs', 'from "./bind.mjs"'],
    ['testing.cjs', 'require("./bind.cjs")'],
  ]) {
    const text = readFileSync(join(pkg, file), 'utf8');
    assert.ok(text.includes(shared), `${file} imports the shared facade`);
    assert.equal(/class Heap\b/.test(text), false, `${file} has its own Heap`);
  }
});

test('every export of the declarations has TSDoc', () => {
  const dir = join(pkg, 'types', 'testing');
  const undocumented = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.d.ts'))) {
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!/^export (declare )?(function|class|const|interface|type) /.test(line)) return;
      if (file === 'observe.d.ts') return; // internal: not re-exported by index.d.ts
      if (!lines[i - 1]?.trim().endsWith('*/')) undocumented.push(`${file}: ${line}`);
    });
  }
  assert.deepEqual(undocumented, []);
});

test('the declarations compile for ES module and CommonJS users', () => {
  const dir = join(root, 'build', 'testing', 'types-check');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const use = (from) => `
import { bind, type Heap } from 'wasm-views';
import {
  detachAfterCalls, formatMemoryReport, installStrictTextCoding, LeakError, memoryAdvice,
  trackLeaks, trackMemory, undoDetachAfterCalls, uninstallStrictTextCoding,
  type LeakedBuffer, type LeakReport, type MemoryReport,
} from '${from}';
declare const glue: { wasmViewsMemory(): WebAssembly.Memory; tick(): void };
const mod: typeof glue = detachAfterCalls(glue);
const heap: Heap = bind(mod);
const report: MemoryReport = trackMemory(heap).stop();
const text: string = formatMemoryReport(report);
const flag: string = memoryAdvice(heap.stats().memoryBytes).linkArg;
const leaks: LeakReport = trackLeaks().stop();
const first: LeakedBuffer | undefined = leaks.leaked[0];
const kind: string | undefined = first?.kind;
const error: Error = new LeakError([]);
const undone: boolean = undoDetachAfterCalls(mod);
const uninstall: () => void = installStrictTextCoding();
const removed: boolean = uninstallStrictTextCoding();
// @ts-expect-error: trackMemory needs an object
trackMemory(42);
export { text, flag, kind, error, undone, uninstall, removed };
`;
  writeFileSync(join(dir, 'use.mts'), use('wasm-views/testing'));
  writeFileSync(join(dir, 'use.cts'), use('wasm-views/testing'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        module: 'node16',
        moduleResolution: 'node16',
        target: 'ES2022',
        lib: ['ES2022', 'DOM'],
        types: [],
      },
      files: ['use.mts', 'use.cts'],
    }),
  );
  execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', dir], { env, encoding: 'utf8' });
});
