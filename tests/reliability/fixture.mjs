// Builds and loads the reliability fixture (tests/fixture with its `reliability` feature): a
// wasm-bindgen module that links the wasm-views crate, in three variants:
//   build/reliability-node  memory without a maximum (growth storms, hostile input, soak)
//   build/reliability-max   linked with --max-memory=64 MiB (memory exhaustion)
//   build/reliability-web   as `node`, for browsers (--target web: the browser storm)
// Built by scripts/wasm-pack.mjs (the repository's one wasm-pack runner), which skips a build
// whose inputs are unchanged; its own cargo target dir keeps the main build's cache intact.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { root } from '../../scripts/env.mjs';
import { wasmPack } from '../../scripts/wasm-pack.mjs';

const require = createRequire(import.meta.url);

const CRATE = 'tests/fixture';
export const VARIANTS = {
  node: { dir: 'build/reliability-node', features: ['reliability'] },
  max: { dir: 'build/reliability-max', features: ['reliability', 'max-memory'] },
  web: { dir: 'build/reliability-web', features: ['reliability'], target: 'web' },
};

/** fast-check as one ES module a page can import (the browser storm's import map names it). */
export const BROWSER_FAST_CHECK = 'build/reliability-browser/fast-check.mjs';

/** The maximum memory of the `max` variant, in bytes (tests/fixture/build.rs). */
export const MAX_MEMORY = 64 << 20;

/** Builds the variants named (by default those Node runs) that are missing or out of date. */
export function ensureFixtures({ quiet = false, variants = ['node', 'max'] } = {}) {
  for (const variant of variants.map((name) => VARIANTS[name])) {
    wasmPack({
      crate: CRATE,
      target: variant.target ?? 'nodejs',
      outDir: variant.dir,
      outName: 'fixture',
      features: variant.features,
      env: { CARGO_TARGET_DIR: join(root, 'build/reliability-target') },
      quiet,
    });
  }
}

/** What the browser storm's page needs: the `web` variant and fast-check bundled for a page. */
export async function ensureBrowserStorm({ quiet = false } = {}) {
  ensureFixtures({ quiet, variants: ['web'] });
  await esbuild.build({
    entryPoints: [fileURLToPath(import.meta.resolve('fast-check'))],
    bundle: true,
    format: 'esm',
    outfile: join(root, BROWSER_FAST_CHECK),
    logLevel: quiet ? 'silent' : 'warning',
  });
}

/**
 * A fresh instance of a fixture variant: its own module instance and memory (the glue is
 * re-evaluated; the compiled module is cheap to rebuild from the cached bytes).
 */
export function loadFixture(variant = 'node') {
  const path = join(root, VARIANTS[variant].dir, 'fixture.js');
  delete require.cache[require.resolve(path)];
  return require(path);
}

/** The package's test fixture (tests/fixture, built by scripts/build.mjs), fresh as above. */
export function loadMainFixture() {
  const path = join(root, 'build/fixture-node/fixture.js');
  delete require.cache[require.resolve(path)];
  return require(path);
}
