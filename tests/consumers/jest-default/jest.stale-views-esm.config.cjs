// The ES-module stale-view tests without wasm-views/testing: all pass. Run with
// NODE_OPTIONS=--experimental-vm-modules (Jest's native ESM); no transform.
module.exports = {
  testMatch: ['<rootDir>/stale-views/**/*.check.mjs'],
  transform: {},
};
