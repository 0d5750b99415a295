// Builds the package into npm/ (beside the committed npm/package.json and npm/README.md),
// packs it into build/wasm-views-<version>.tgz and unpacks that into node_modules/wasm-views,
// so every test imports the package as a user gets it. Also builds the fixture crate the
// tests bind to. Intermediates go to build/, the package's files to npm/, nothing elsewhere.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { annotatePackageTypes, buildAnalyzer } from './build-analyzer.mjs';
import { must, root } from './env.mjs';
import { FEATURE_HELPERS, FEATURES } from './features.mjs';
import { wasmPack } from './wasm-pack.mjs';

const npm = join(root, 'npm');
const build = join(root, 'build');
// The two committed files of npm/; everything else in it is this script's output.
const COMMITTED = new Set(['package.json', 'README.md']);
// The Cargo features of the package's own core: everything its JS API offers.
const testingEntry = join(root, 'ts', 'testing', 'index.ts');

for (const name of existsSync(npm) ? readdirSync(npm) : []) {
  if (!COMMITTED.has(name)) rmSync(join(npm, name), { recursive: true, force: true });
}

// 1. The package's own module: crate/module, the wasm-views crate with every export the
//    facade's API uses (its Cargo.toml says why it is a crate of its own). The web target's
//    glue works everywhere once it is handed the wasm bytes or URL, which the entries do.
wasmPack({ crate: 'crate/module', target: 'web', outDir: 'build/core', outName: 'wasm_views' });

// 2. The fixture crate: a third-party library that depends on wasm-views.
for (const target of ['nodejs', 'web']) {
  const outDir = `build/fixture-${target === 'nodejs' ? 'node' : target}`;
  wasmPack({ crate: 'tests/fixture', target, outDir, outName: 'fixture' });
}

// 3. Declarations from tsc, one program over the facade (ts/src) and the test helpers
//    (ts/testing, when there), so npm/types/testing refers to the same declarations of Heap
//    and LiveView as npm/types/src.
mkdirSync(build, { recursive: true });
const typesConfig = join(build, 'tsconfig.types.json');
writeFileSync(
  typesConfig,
  `${JSON.stringify(
    {
      extends: '../ts/tsconfig.json',
      compilerOptions: { rootDir: '../ts', outDir: '../npm/types' },
      include: ['../ts/src', ...(existsSync(testingEntry) ? ['../ts/testing'] : [])],
    },
    null,
    2,
  )}\n`,
);
must('tsc', ['-p', relative(root, typesConfig)]);

// 4. The bundles (esbuild). npm/bind.* is the facade (everything but init/initSync); the other
//    bundles import it instead of carrying a copy, so `Heap`, `LiveView` and the error classes
//    are one class each whichever entry a program loads them through.
//    The feature entries (`wasm-views/js-buffers`, ...; FEATURES) import the facade's bundle
//    too and install their methods into its classes; the main entries import them in turn.
const src = (f) => join(root, 'ts', 'src', f);
const sharedEntries = new Map([
  [src('index.ts'), 'bind'],
  [src('bind.ts'), 'bind'],
  ...[...FEATURES, ...FEATURE_HELPERS].map((f) => [src(`${f}.ts`), f]),
]);
const shareFacade = (ext) => ({
  name: 'share-the-facade',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const target = resolve(dirname(args.importer), args.path).replace(/\.js$/, '.ts');
      const stem = sharedEntries.get(target);
      return stem ? { path: `./${stem}.${ext}`, external: true } : undefined;
    });
  },
});
// minifySyntax: without it esbuild turns the imported ABI constants (abi.gen.ts) into
// module-level `var`s, which V8 cannot fold into the read path; with it they are literals
// (measured: the one-shot heap.getView 1.24x -> 1.11x a bare constructor on Node 20, 1.29x ->
// 1.06x on Node 22). Whitespace and names stay, so the shipped files remain readable.
const common = {
  bundle: true,
  logLevel: 'warning',
  absWorkingDir: root,
  legalComments: 'none',
  minifySyntax: true,
};
const both = async (options, stem, extra = {}) => {
  await esbuild.build({ ...options, ...extra.esm, outfile: `npm/${stem}.mjs`, format: 'esm' });
  await esbuild.build({
    ...options,
    ...extra.cjs,
    outfile: `npm/${stem}.cjs`,
    format: 'cjs',
    // CommonJS has no import.meta: give the bundle this file's URL instead.
    banner: { js: "const __wasmViewsUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__wasmViewsUrl' },
  });
};
const shared = (ext) => ({ plugins: [shareFacade(ext)] });

// The facade alone: no core wasm, no core glue, no Node module (bundlers take it for browsers).
for (const format of ['esm', 'cjs']) {
  await esbuild.build({
    ...common,
    entryPoints: ['ts/src/index.ts'],
    outfile: `npm/bind.${format === 'esm' ? 'mjs' : 'cjs'}`,
    format,
    platform: 'neutral',
    target: 'es2022',
  });
}
// The feature entries and their shared helpers: each its own code only (plus abi.gen.ts
// constants), importing the rest; anything else of the facade would be a second copy of a
// class, so it fails the build.
for (const feature of [...FEATURES, ...FEATURE_HELPERS]) {
  for (const [format, ext] of [
    ['esm', 'mjs'],
    ['cjs', 'cjs'],
  ]) {
    const result = await esbuild.build({
      ...common,
      ...shared(ext),
      entryPoints: [`ts/src/${feature}.ts`],
      outfile: `npm/${feature}.${ext}`,
      format,
      platform: 'neutral',
      target: 'es2022',
      metafile: true,
    });
    const own = new Set([`ts/src/${feature}.ts`, 'ts/src/abi.gen.ts']);
    const facade = Object.keys(result.metafile.inputs).filter((f) => !own.has(f));
    if (facade.length)
      throw new Error(`build: npm/${feature}.${ext} would carry a copy of ${facade.join(', ')}`);
  }
}
// The Node bundles take TextDecoder/TextEncoder from node:util, so they also load where those
// globals are missing (jest-environment-jsdom).
await both(
  {
    ...common,
    entryPoints: ['ts/src/entry-node.ts'],
    platform: 'node',
    target: 'node20',
    inject: ['ts/inject/node-text.js'],
  },
  'node',
  { esm: shared('mjs'), cjs: shared('cjs') },
);
await esbuild.build({
  ...common,
  ...shared('mjs'),
  entryPoints: ['ts/src/entry-browser.ts'],
  outfile: 'npm/browser.mjs',
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
});
// The test helpers (`wasm-views/testing`, Node only), once ts/testing/index.ts exists.
if (existsSync(testingEntry)) {
  await both(
    { ...common, entryPoints: [testingEntry], platform: 'node', target: 'node20' },
    'testing',
    { esm: shared('mjs'), cjs: shared('cjs') },
  );
} else {
  console.log('build: no ts/testing/index.ts yet: the wasm-views/testing entry is not built');
}
copyFileSync(join(build, 'core', 'wasm_views_bg.wasm'), join(npm, 'wasm_views_bg.wasm'));

// 5. The growth analyzer (a separate entry, `npx wasm-views`), and its verdicts on the
//    package's own exports written into the published declarations as @remarks.
await buildAnalyzer();
await annotatePackageTypes();

// CommonJS consumers (`require`, TypeScript's node16 resolution of a .cts file) need
// declarations that are CommonJS themselves: a .d.cts twin of every .d.ts.
const types = join(npm, 'types');
for (const file of readdirSync(types, { recursive: true }).filter((f) => f.endsWith('.d.ts'))) {
  const text = readFileSync(join(types, file), 'utf8').replace(
    /(['"]\.\.?\/[\w./-]+)\.js(['"])/g,
    '$1.cjs$2',
  );
  writeFileSync(join(types, file.replace(/\.d\.ts$/, '.d.cts')), text);
}

// 6. The licence texts (the repository root's, which the crate links too), then pack npm/
//    and install the tarball where `import 'wasm-views'` finds it.
for (const licence of ['LICENSE-MIT', 'LICENSE-APACHE'])
  copyFileSync(join(root, licence), join(npm, licence));
const { version } = JSON.parse(readFileSync(join(npm, 'package.json'), 'utf8'));
rmSync(join(build, `wasm-views-${version}.tgz`), { force: true });
const packed = JSON.parse(
  must('npm', ['pack', '--json', '--pack-destination', build], { capture: true, cwd: npm }),
);
const installed = join(root, 'node_modules', 'wasm-views');
rmSync(installed, { recursive: true, force: true });
mkdirSync(installed, { recursive: true });
must('tar', ['-xzf', join(build, packed[0].filename), '-C', installed, '--strip-components=1']);
console.log(
  `build: installed build/${packed[0].filename} (${packed[0].entryCount} files, ${packed[0].size} bytes) into node_modules/wasm-views`,
);
