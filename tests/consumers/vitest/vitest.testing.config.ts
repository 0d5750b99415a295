import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.stale-views.config.ts';

// The same tests with the wasm-views/testing setup file: the buggy one fails.
export default mergeConfig(
  base,
  defineConfig({
    test: { setupFiles: ['./stale-views/wasm-views.setup.ts'] },
  }),
);
