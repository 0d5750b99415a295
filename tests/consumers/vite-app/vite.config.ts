import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const repo = fileURLToPath(new URL('../../..', import.meta.url));

// `@fixture` is the wasm-pack --target web build of tests/fixture, a third-party crate
// that depends on wasm-views (built by scripts/build.mjs). The app is built into
// build/consumers/ (gitignored).
export default defineConfig({
  resolve: { alias: { '@fixture': `${repo}build/fixture-web/fixture.js` } },
  build: { outDir: `${repo}build/consumers/vite-app`, emptyOutDir: true },
  server: { fs: { allow: [repo] } },
});
