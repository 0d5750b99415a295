// The ES-module pair with the wasm-views/testing setup files: the buggy one fails.
module.exports = {
  ...require('./jest.stale-views-esm.config.cjs'),
  setupFiles: ['<rootDir>/stale-views/wasm-views.setup.mjs'],
  setupFilesAfterEnv: ['<rootDir>/stale-views/wasm-views.after-env.mjs'],
};
