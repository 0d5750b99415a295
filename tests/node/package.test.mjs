// The published package as a user gets it: the file list `npm pack` publishes,
// and loading it from plain Node ESM and CommonJS scripts that use it for real.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { env, root } from '../../scripts/env.mjs';

const manifest = JSON.parse(readFileSync(join(root, 'npm', 'package.json'), 'utf8'));
const tarball = join(root, 'build', `wasm-views-${manifest.version}.tgz`);

// The declaration files tsc writes for a source folder (ts/src, ts/testing), with their twins.
const declarations = (dir) =>
  readdirSync(join(root, 'ts', dir))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .flatMap((f) => [
      `types/${dir}/${f.replace(/\.ts$/, '.d.ts')}`,
      `types/${dir}/${f.replace(/\.ts$/, '.d.cts')}`,
    ]);

test('the tarball holds exactly the published files', () => {
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''))
    .sort();
  // The test helpers are part of the package once their sources exist (issue 15).
  const testing = existsSync(join(root, 'ts', 'testing', 'index.ts'));
  const expected = [
    'package.json',
    'README.md',
    'LICENSE-MIT',
    'LICENSE-APACHE',
    'node.mjs',
    'node.cjs',
    'browser.mjs',
    'bind.mjs',
    'bind.cjs',
    'cli.mjs',
    'wasm_views_bg.wasm',
    'analyzer/analyzer.cjs',
    'analyzer/analyzer_bg.wasm',
    ...declarations('src'),
    ...(testing ? ['testing.mjs', 'testing.cjs', ...declarations('testing')] : []),
  ].sort();
  assert.deepEqual(files, expected);
});

test('the packed manifest has no dev scripts, no devDependencies, and only what tools read', () => {
  const packed = JSON.parse(
    execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
  );
  assert.equal(packed.scripts, undefined);
  assert.equal(packed.devDependencies, undefined);
  assert.equal(packed.private, undefined);
  const allowed = [
    'name',
    'version',
    'description',
    'keywords',
    'license',
    'repository',
    'type',
    'sideEffects',
    'exports',
    'types',
    'bin',
    'files',
    'engines',
    'dependencies',
    // `wasm-views annotate` loads the TypeScript compiler; nothing else needs it.
    'peerDependencies',
    'peerDependenciesMeta',
  ];
  assert.deepEqual(
    Object.keys(packed).filter((k) => !allowed.includes(k)),
    [],
  );
  // Every condition object lists `types` first (TypeScript takes the first match).
  const check = (node, path) => {
    if (typeof node !== 'object') return;
    const keys = Object.keys(node);
    if (keys.includes('types')) assert.equal(keys[0], 'types', `${path}: types is not first`);
    for (const k of keys) check(node[k], `${path}.${k}`);
  };
  check(packed.exports, 'exports');
  // The repository's own manifest publishes nothing.
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  assert.equal(rootManifest.private, true);
  assert.equal(rootManifest.exports, undefined);
});

test('wasm-views/bind carries no core wasm and no core glue', () => {
  const pkg = join(root, 'node_modules', 'wasm-views');
  for (const file of ['bind.mjs', 'bind.cjs']) {
    const text = readFileSync(join(pkg, file), 'utf8');
    assert.doesNotMatch(text, /wasm_views_bg|__wbindgen|__wbg_/, file);
    assert.doesNotMatch(text, /^(import|export) .* from ['"]/m, `${file} imports nothing`);
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

for (const [kind, file, load] of [
  [
    'ESM',
    'classes.mjs',
    "const a = await import('wasm-views'); const b = await import('wasm-views/bind');",
  ],
  [
    'CommonJS',
    'classes.cjs',
    "const a = require('wasm-views'); const b = require('wasm-views/bind');",
  ],
]) {
  test(`${kind}: wasm-views and wasm-views/bind share one class of each`, () => {
    const dir = scratchProject();
    try {
      const names = [
        'bind',
        'Heap',
        'LiveView',
        'WasmViewsError',
        'StaleHandleError',
        'KindMismatchError',
        'OutOfMemoryError',
        'GrowthError',
        'BorrowError',
      ];
      writeFileSync(
        join(dir, file),
        `${load}\nconsole.log(JSON.stringify(${JSON.stringify(names)}.filter((n) => typeof a[n] !== 'function' || a[n] !== b[n])));\n` +
          `console.log(JSON.stringify({ init: typeof b.init, initSync: typeof b.initSync, heap: a.initSync() instanceof b.Heap }));`,
      );
      const lines = execFileSync('node', [file], { cwd: dir, encoding: 'utf8' }).trim().split('\n');
      assert.deepEqual(JSON.parse(lines[0]), [], 'exports that differ between the two entries');
      assert.deepEqual(JSON.parse(lines[1]), {
        init: 'undefined',
        initSync: 'undefined',
        heap: true,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
