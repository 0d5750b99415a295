// Builds the publishable package into npm/ and installs exactly what `npm pack`
// would publish into node_modules/wasm-views, so every test imports the package
// as a user gets it. Also builds the fixture crate the tests bind to.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { annotatePackageTypes, buildAnalyzer } from './build-analyzer.mjs';
import { must, root } from './env.mjs';
import { wasmPack } from './wasm-pack.mjs';

// 1. The package's own wasm core (the web target's glue works everywhere once it is
//    handed the wasm bytes or URL, which the entry points below do).
wasmPack({ crate: 'crate', target: 'web', outDir: 'build/core', outName: 'wasm_views' });

// 2. The fixture crate: a third-party library that depends on wasm-views.
wasmPack({
  crate: 'tests/fixture',
  target: 'nodejs',
  outDir: 'build/fixture-node',
  outName: 'fixture',
});
wasmPack({
  crate: 'tests/fixture',
  target: 'web',
  outDir: 'build/fixture-web',
  outName: 'fixture',
});

// 3. The TypeScript facade: declarations from tsc, bundles from esbuild.
rmSync(join(root, 'npm', 'types'), { recursive: true, force: true });
must('tsc', ['-p', 'ts/tsconfig.json']);
const common = { bundle: true, logLevel: 'warning', absWorkingDir: root, legalComments: 'none' };
// The Node bundles take TextDecoder/TextEncoder from node:util, so they also load
// where those globals are missing (jest-environment-jsdom).
const node = {
  ...common,
  entryPoints: ['ts/src/entry-node.ts'],
  platform: 'node',
  target: 'node20',
  inject: ['ts/inject/node-text.js'],
};
await esbuild.build({ ...node, outfile: 'npm/node.mjs', format: 'esm' });
await esbuild.build({
  ...node,
  outfile: 'npm/node.cjs',
  format: 'cjs',
  // CommonJS has no import.meta: give the bundle this file's URL instead.
  banner: { js: "const __wasmViewsUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__wasmViewsUrl' },
});
await esbuild.build({
  ...common,
  entryPoints: ['ts/src/entry-browser.ts'],
  outfile: 'npm/browser.mjs',
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
});
copyFileSync(join(root, 'build/core/wasm_views_bg.wasm'), join(root, 'npm/wasm_views_bg.wasm'));

// 4. The growth analyzer (a separate entry, `npx wasm-views`), and its verdicts on the
//    package's own exports written into the published declarations as @remarks.
await buildAnalyzer();
await annotatePackageTypes();

// CommonJS consumers (`require`, TypeScript's node16 resolution of a .cts file) need
// declarations that are CommonJS themselves: a .d.cts twin of every .d.ts.
const types = join(root, 'npm', 'types');
for (const file of readdirSync(types).filter((f) => f.endsWith('.d.ts'))) {
  const text = readFileSync(join(types, file), 'utf8').replace(
    /(['"]\.\/[\w.-]+)\.js(['"])/g,
    '$1.cjs$2',
  );
  writeFileSync(join(types, file.replace(/\.d\.ts$/, '.d.cts')), text);
}

// 5. Pack it and install the tarball where `import 'wasm-views'` finds it.
mkdirSync(join(root, 'build'), { recursive: true });
const packed = JSON.parse(
  must('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', 'build'], {
    capture: true,
  }),
);
const installed = join(root, 'node_modules', 'wasm-views');
rmSync(installed, { recursive: true, force: true });
mkdirSync(installed, { recursive: true });
must('tar', ['-xzf', join('build', packed[0].filename), '-C', installed, '--strip-components=1']);
console.log(
  `build: installed ${packed[0].filename} (${packed[0].entryCount} files, ${packed[0].size} bytes) into node_modules/wasm-views`,
);
