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
import { FEATURE_HELPERS, FEATURES } from '../../scripts/features.mjs';

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
    ...[...FEATURES, ...FEATURE_HELPERS].flatMap((f) => [`${f}.mjs`, `${f}.cjs`]),
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

test('each feature entry is exported, published and marked as having side effects', () => {
  // `sideEffects: false` would let webpack drop `import 'wasm-views/js-buffers'` (nothing is
  // imported from it by name): each feature's files must be listed (status.mjs installs the
  // decoder the js-buffers and reserve entries share), and so must the main entries, which
  // import every feature: a bundler that takes them as free of side effects follows their
  // `export * from './bind.mjs'` straight to the core and drops those imports (Vite 7 did).
  assert.deepEqual(
    [...manifest.sideEffects].sort(),
    [
      './node.mjs',
      './node.cjs',
      './browser.mjs',
      ...[...FEATURES, 'status'].flatMap((f) => [`./${f}.mjs`, `./${f}.cjs`]),
    ].sort(),
  );
  for (const f of FEATURES) {
    assert.deepEqual(manifest.exports[`./${f}`], {
      import: { types: `./types/src/${f}.d.ts`, default: `./${f}.mjs` },
      require: { types: `./types/src/${f}.d.cts`, default: `./${f}.cjs` },
    });
    for (const ext of ['mjs', 'cjs']) assert.ok(manifest.files.includes(`${f}.${ext}`), f);
  }
  for (const f of FEATURE_HELPERS) assert.equal(manifest.exports[`./${f}`], undefined, f);
});

test('the feature entries import the core bundle instead of carrying its classes', () => {
  const pkg = join(root, 'node_modules', 'wasm-views');
  for (const f of [...FEATURES, ...FEATURE_HELPERS]) {
    for (const [ext, core] of [
      ['mjs', /from "\.\/bind\.mjs"/],
      ['cjs', /require\("\.\/bind\.cjs"\)/],
    ]) {
      const text = readFileSync(join(pkg, `${f}.${ext}`), 'utf8');
      // feature.mjs is helpers that need nothing of the core.
      if (f === 'feature') assert.doesNotMatch(text, core, `${f}.${ext}`);
      else assert.match(text, core, `${f}.${ext} imports the core`);
      // A second copy of a class of the core would break instanceof across entries.
      assert.doesNotMatch(text, /\bclass\b|wasm_views_bg|__wbindgen/, `${f}.${ext}`);
    }
  }
  // js-buffers and reserve share one copy of the status decoder.
  for (const f of ['js-buffers', 'reserve'])
    assert.match(readFileSync(join(pkg, `${f}.mjs`), 'utf8'), /["']\.\/status\.mjs["']/, f);
  // The main entries and the test helpers bring every feature, through the same files.
  for (const file of ['node.mjs', 'browser.mjs', 'node.cjs', 'testing.mjs', 'testing.cjs']) {
    const text = readFileSync(join(pkg, file), 'utf8');
    for (const f of FEATURES) assert.match(text, new RegExp(`["']\\./${f}\\.[mc]js["']`), file);
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

// The fixture module through wasm-views/bind and two feature entries: what they add works,
// and a feature not imported says which import it needs.
const featureScenario = (fixture) => `
  const heap = bind(require(${JSON.stringify(fixture)}));
  const live = heap.alloc('u16', 3);
  const before = heap.stats().liveHandles;
  const owner = heap.describe(live.handle).owner;
  live.free();
  let reserve;
  try {
    heap.reserve(1);
  } catch (error) {
    reserve = error.message;
  }
  console.log(JSON.stringify({ released: before - heap.stats().liveHandles, owner, reserve }));
`;

for (const [kind, file, load] of [
  [
    'ESM',
    'features.mjs',
    "import { createRequire } from 'node:module'; import { bind } from 'wasm-views/bind'; import 'wasm-views/js-buffers'; import 'wasm-views/inspect'; const require = createRequire(import.meta.url);",
  ],
  [
    'CommonJS',
    'features.cjs',
    "const { bind } = require('wasm-views/bind'); require('wasm-views/js-buffers'); require('wasm-views/inspect');",
  ],
]) {
  test(`${kind}: wasm-views/bind plus two feature entries has exactly those features`, () => {
    const dir = scratchProject();
    try {
      const fixture = join(root, 'build', 'fixture-node', 'fixture.js');
      writeFileSync(join(dir, file), `${load}\n${featureScenario(fixture)}`);
      const out = execFileSync('node', [file], { cwd: dir, encoding: 'utf8' });
      assert.deepEqual(JSON.parse(out.trim().split('\n').pop()), {
        released: 1,
        owner: 'js',
        reserve: "heap.reserve() needs import 'wasm-views/reserve'",
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
