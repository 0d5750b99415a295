// `@fixture` is `wasm-pack build --target bundler` of tests/fixture (built by the test
// into build/consumers/fixture-bundler), `@checks` the page checks all framework-free
// consumers share. The app is built into build/consumers/vite-bundler (gitignored).
// Top-level await (the bundler glue's `import * as wasm`) needs an esnext target.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import wasm from 'vite-plugin-wasm';

const repo = fileURLToPath(new URL('../../..', import.meta.url));

export default defineConfig({
  plugins: [wasm()],
  resolve: {
    alias: {
      '@fixture': `${repo}build/consumers/fixture-bundler/fixture.js`,
      '@checks': `${repo}tests/consumers/shared/page-checks.js`,
    },
  },
  build: { outDir: `${repo}build/consumers/vite-bundler`, emptyOutDir: true, target: 'esnext' },
});
