import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The same tests in Node and in a browser-like environment (jsdom). `@fixture` is the
// wasm-pack --target web build of tests/fixture, a third-party crate that depends on
// wasm-views (built by scripts/build.mjs).
export default defineConfig({
  resolve: {
    alias: {
      '@fixture': fileURLToPath(new URL('../../../build/fixture-web/fixture.js', import.meta.url)),
    },
  },
  test: {
    projects: [
      { extends: true, test: { name: 'node', environment: 'node' } },
      { extends: true, test: { name: 'jsdom', environment: 'jsdom' } },
    ],
  },
});
