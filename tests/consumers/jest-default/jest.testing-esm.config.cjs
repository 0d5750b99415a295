// The ES-module tests with the wasm-views/testing setup files: the buggy and the leaky one fail.
module.exports = {
  ...require('./jest.stale-views-esm.config.cjs'),
  setupFiles: ['<rootDir>/stale-views/wasm-views.setup.mjs'],
  setupFilesAfterEnv: ['<rootDir>/stale-views/wasm-views.after-env.mjs'],
};
