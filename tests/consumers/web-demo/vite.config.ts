import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const repo = fileURLToPath(new URL('../../..', import.meta.url));

// `@galaxy` is the wasm-pack --target web build of ./galaxy (the simulation crate,
// built into build/consumers/galaxy by tests/consumers/web-demo/demo.mjs and the test).
export default defineConfig({
  resolve: { alias: { '@galaxy': `${repo}build/consumers/galaxy/galaxy.js` } },
  build: { outDir: `${repo}build/consumers/web-demo`, emptyOutDir: true },
  server: { fs: { allow: [repo] } },
});
