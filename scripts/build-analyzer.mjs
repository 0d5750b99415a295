// Builds the memory-growth analyzer (analyzer/, Rust) to wasm and the
// `wasm-views` CLI around it (ts/cli/), and writes the analyzer's verdicts
// into the package's own declaration files. Called by scripts/build.mjs;
// `node scripts/build-analyzer.mjs` runs both steps on an existing build.
//
// Published: npm/cli.mjs (the `wasm-views` bin, with acorn bundled in) and
// npm/analyzer/ (the analyzer's wasm-bindgen glue, renamed .cjs because the
// package is "type": "module", and its wasm). The runtime entries never
// import them.
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { root } from './env.mjs';
import { wasmPack } from './wasm-pack.mjs';

const bundle = (entry, outfile, extra = {}) =>
  esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    absWorkingDir: root,
    logLevel: 'warning',
    legalComments: 'none',
    // Loaded at run time by `annotate` only (ts/cli/typescript.ts): an
    // optional peer dependency, never bundled. acorn and acorn-walk are.
    external: ['typescript'],
    ...extra,
  });

/** Builds build/analyzer/pkg/ (wasm-pack), npm/analyzer/, npm/cli.mjs and build/analyzer/internal.mjs. */
export async function buildAnalyzer() {
  const { outDir: out } = wasmPack({
    crate: 'analyzer',
    target: 'nodejs',
    outDir: 'build/analyzer/pkg',
    outName: 'analyzer',
  });
  const shipped = join(root, 'npm', 'analyzer');
  rmSync(shipped, { recursive: true, force: true });
  mkdirSync(shipped, { recursive: true });
  copyFileSync(join(out, 'analyzer.js'), join(shipped, 'analyzer.cjs'));
  copyFileSync(join(out, 'analyzer_bg.wasm'), join(shipped, 'analyzer_bg.wasm'));

  // Minified: most of the CLI is acorn, and the published package should stay
  // small. acorn's MIT licence asks for its notice in every copy.
  const acornLicense = readFileSync(join(root, 'node_modules', 'acorn', 'LICENSE'), 'utf8');
  await bundle('ts/cli/main.ts', 'npm/cli.mjs', {
    banner: { js: '#!/usr/bin/env node' },
    footer: { js: `/*! Includes acorn and acorn-walk:\n${acornLicense.replaceAll('*/', '* /')}*/` },
    minify: true,
  });
  chmodSync(join(root, 'npm', 'cli.mjs'), 0o755);
  // The same code as a library for annotatePackageTypes() (not published).
  await bundle('ts/cli/internal.ts', 'build/analyzer/internal.mjs');
}

/**
 * Runs the analyzer on the package's own module (build/core/wasm_views_bg.wasm)
 * and adds the remark to (1) its wasm-bindgen declarations,
 * build/core/wasm_views.d.ts, and (2) the published facade declarations in
 * npm/types/, through the map ts/cli/facade-calls.json (facade method ->
 * `wasmViews*` exports it calls). Needs buildAnalyzer() and the facade's tsc output first.
 */
export async function annotatePackageTypes() {
  const lib = await import(pathToFileURL(join(root, 'build', 'analyzer', 'internal.mjs')).href);
  const analyzer = lib.loadAnalyzer(join(root, 'npm', 'analyzer'));
  const report = lib.analyze(
    analyzer,
    readFileSync(join(root, 'build', 'core', 'wasm_views_bg.wasm')),
  );
  const gluePath = join(root, 'build', 'core', 'wasm_views.js');
  const glue = lib.readGlue(readFileSync(gluePath, 'utf8'), gluePath);
  const core = lib.annotateDts(join(root, 'build', 'core', 'wasm_views.d.ts'), report, glue);
  const calls = JSON.parse(readFileSync(join(root, 'ts', 'cli', 'facade-calls.json'), 'utf8'));
  const facade = lib.annotateFacadeTypes(join(root, 'npm', 'types'), report, calls);
  const list = (judgements) =>
    judgements
      .filter((j) => j.mayGrow)
      .map((j) => j.name)
      .join(', ');
  console.log(
    `analyzer: exports of the package's own module that may grow memory: ${list(core.judgements) || 'none'}`,
  );
  console.log(
    `analyzer: facade declarations that may grow memory: ${list(facade.judgements) || 'none'} ` +
      `(${facade.added} remarks added to npm/types)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildAnalyzer();
  await annotatePackageTypes();
}
