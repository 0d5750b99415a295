// The same tests with the wasm-views/testing setup files: the buggy one fails.
module.exports = {
  ...require('./jest.stale-views.config.cjs'),
  setupFiles: ['<rootDir>/stale-views/wasm-views.setup.cjs'],
  setupFilesAfterEnv: ['<rootDir>/stale-views/wasm-views.after-env.cjs'],
};
