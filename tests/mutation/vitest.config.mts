import { fileURLToPath, pathToFileURL } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';

// The Vitest suites for Stryker (tests/mutation/stryker.config.mjs): the same test files as
// tests/vitest.config.mts, but `wasm-views`, `wasm-views/bind`, `wasm-views/testing` and the
// browser bundle resolve to the TypeScript sources, so Vitest transpiles Stryker's
// instrumented ts/src directly. Mutant schemata switch mutants at run time, so one transpile
// serves every mutant: no rebuild of the npm bundles per mutant (or at all).
const root = fileURLToPath(new URL('../..', import.meta.url));
const src = (path: string): string => `${root}ts/${path}`;

// The entries find their wasm next to the bundle (`new URL('./wasm_views_bg.wasm',
// import.meta.url)`, npm/); next to the sources it is in build/core (what the build copies to
// npm/). Replacing the base, not the literal, keeps the literal's mutants meaningful and keeps
// Vite's web-mode asset rewrite of `new URL(literal, import.meta.url)` (which turns it into an
// http: URL under jsdom) away from it.
const coreDir = JSON.stringify(pathToFileURL(`${root}build/core/`).href);
const wasmNextToSources: Plugin = {
  name: 'wasm-views-core-wasm-next-to-sources',
  enforce: 'pre',
  transform(code, id) {
    if (!/\/ts\/src\/entry-(node|browser)\.ts$/.test(id)) return undefined;
    return code.replaceAll('import.meta.url', coreDir);
  },
};

// Table.read() on shared memory gives up on an entry whose version stays odd after
// MAX_ATTEMPTS (1 << 23) tries: about 0.5 s of spinning in plain code. Under Stryker's
// instrumentation a try costs ~40 times as much, so the test of that limit took 15-30 s and every
// mutant that spins timed out instead of failing. 1 << 18 instrumented tries keep about the
// same wall-clock patience (seqlock.test.ts races a real writer thread, which a busy machine
// may deschedule mid-write). Only for instrumented code: with this config alone (no Stryker)
// the race test may give up too early. No mutant sits on that line (Stryker does not mutate
// shifts); if the line changes, this does nothing (slow, still right).
const fewerAttempts: Plugin = {
  name: 'wasm-views-fewer-seqlock-attempts',
  enforce: 'pre',
  transform(code, id) {
    if (!id.endsWith('/ts/src/table.ts')) return undefined;
    return code.replace(/\bconst MAX_ATTEMPTS = 1 << 23;/, 'const MAX_ATTEMPTS = 1 << 18;');
  },
};

// browser-entry.test.ts imports the built browser bundle by file (not an exported subpath).
const browserBundleToSource: Plugin = {
  name: 'wasm-views-browser-bundle-to-source',
  enforce: 'pre',
  resolveId(id) {
    return id.endsWith('node_modules/wasm-views/browser.mjs')
      ? src('src/entry-browser.ts')
      : undefined;
  },
};

export default defineConfig({
  root,
  plugins: [wasmNextToSources, browserBundleToSource, fewerAttempts],
  resolve: {
    alias: [
      { find: /^wasm-views$/, replacement: src('src/entry-node.ts') },
      { find: /^wasm-views\/bind$/, replacement: src('src/index.ts') },
      // The feature entries (scripts/features.mjs), each its source.
      {
        find: /^wasm-views\/(js-buffers|reserve|growth|inspect|resizable|copy|threads)$/,
        replacement: src('src/$1.ts'),
      },
      { find: /^wasm-views\/testing$/, replacement: src('testing/index.ts') },
    ],
  },
  test: {
    environment: 'node',
    include: ['tests/vitest/**/*.test.ts'],
    // A child Node process that imports the BUILT package: it cannot see a mutant.
    exclude: ['tests/vitest/finalization.test.ts'],
    testTimeout: 30_000,
  },
});
