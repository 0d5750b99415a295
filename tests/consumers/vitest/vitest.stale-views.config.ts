import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The stale-view pair (stale-views/*.check.ts) without wasm-views/testing: both tests pass,
// because nothing in them happens to grow memory. vitest.testing.config.ts adds the helper.
export default defineConfig({
  resolve: {
    alias: {
      '@fixture': fileURLToPath(new URL('../../../build/fixture-web/fixture.js', import.meta.url)),
    },
  },
  test: {
    include: ['stale-views/**/*.check.ts'],
    environment: 'node',
  },
});
