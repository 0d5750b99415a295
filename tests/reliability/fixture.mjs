// Builds and loads the reliability fixture (tests/reliability-fixture): a wasm-bindgen
// module that links the wasm-views crate, in two variants:
//   build/reliability-node  memory without a maximum (growth storms, hostile input, soak)
//   build/reliability-max   linked with --max-memory=64 MiB (memory exhaustion)
// Built by scripts/wasm-pack.mjs (the repository's one wasm-pack runner), which skips a build
// whose inputs are unchanged; its own cargo target dir keeps the main build's cache intact.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from '../../scripts/env.mjs';
import { wasmPack } from '../../scripts/wasm-pack.mjs';

const require = createRequire(import.meta.url);

const CRATE = 'tests/reliability-fixture';
// The crate's JS-owned buffers and reserve are Cargo features; the suites use both.
const CRATE_FEATURES = ['wasm-views/js-buffers', 'wasm-views/reserve'];
export const VARIANTS = {
  node: { dir: 'build/reliability-node', features: CRATE_FEATURES },
  max: { dir: 'build/reliability-max', features: ['max-memory', ...CRATE_FEATURES] },
};

/** The maximum memory of the `max` variant, in bytes (tests/reliability-fixture/build.rs). */
export const MAX_MEMORY = 64 << 20;

/** Builds whichever variants are missing or out of date. Throws if a build fails. */
export function ensureFixtures({ quiet = false } = {}) {
  for (const variant of Object.values(VARIANTS)) {
    wasmPack({
      crate: CRATE,
      target: 'nodejs',
      outDir: variant.dir,
      outName: 'fixture',
      features: variant.features,
      env: { CARGO_TARGET_DIR: join(root, 'build/reliability-target') },
      quiet,
    });
  }
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
