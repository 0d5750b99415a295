import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Runs tests/vitest/**/*.test.ts against the BUILT package (node_modules/wasm-views) and
// the fixture module (build/fixture-node). Build first: `node scripts/build.mjs`.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    environment: 'node',
    include: ['tests/vitest/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
