// The published package as a user gets it: the file list `npm pack` publishes,
// and loading it from plain Node ESM and CommonJS scripts that use it for real.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { env, root } from '../../scripts/env.mjs';

test('npm pack publishes only what a user needs', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const files = JSON.parse(out)[0]
    .files.map((f) => f.path)
    .sort();
  const unexpected = files.filter(
    (f) =>
      !/^(README\.md|package\.json|npm\/(node\.mjs|node\.cjs|browser\.mjs|cli\.mjs|wasm_views_bg\.wasm|analyzer\/analyzer(\.cjs|_bg\.wasm)|types\/[\w.-]+\.d\.c?ts))$/.test(
        f,
      ),
  );
  assert.deepEqual(unexpected, []);
  for (const needed of [
    'package.json',
    'README.md',
    'npm/node.mjs',
    'npm/node.cjs',
    'npm/browser.mjs',
    'npm/wasm_views_bg.wasm',
    'npm/types/entry-node.d.ts',
  ]) {
    assert.ok(files.includes(needed), `${needed} is not published`);
  }
});

// A scratch project whose node_modules holds the installed package.
function scratchProject() {
  const dir = mkdtempSync(join(tmpdir(), 'wasm-views-consumer-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(join(root, 'node_modules', 'wasm-views'), join(dir, 'node_modules', 'wasm-views'));
  return dir;
}

// The same scenario in both module systems: write, grow memory, read back.
const scenario = `
  const heap = initSync();
  const live = heap.alloc('f32', 256);
  live.getView().set(Array.from({ length: 256 }, (_, i) => i + 0.25));
  const stale = live.getView();
  heap.memory.grow(2);
  const fresh = live.getView();
  let ok = stale.length === 0 && fresh.length === 256 && fresh.buffer === heap.memory.buffer;
  for (let i = 0; i < 256; i++) ok = ok && fresh[i] === i + 0.25;
  console.log(JSON.stringify({ ok, type: fresh.constructor.name, staleLength: stale.length }));
`;

for (const [kind, file, header] of [
  ['ESM', 'consumer.mjs', "import { initSync } from 'wasm-views';"],
  ['CommonJS', 'consumer.cjs', "const { initSync } = require('wasm-views');"],
]) {
  test(`a plain Node ${kind} script loads the package and survives growth`, () => {
    const dir = scratchProject();
    try {
      writeFileSync(join(dir, file), `${header}\n${scenario}`);
      const out = execFileSync('node', [file], { cwd: dir, encoding: 'utf8' });
      assert.deepEqual(JSON.parse(out.trim().split('\n').pop()), {
        ok: true,
        type: 'Float32Array',
        staleLength: 0,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
