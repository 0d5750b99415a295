// The ES-module stale-view pair without wasm-views/testing: both pass. Run with
// NODE_OPTIONS=--experimental-vm-modules (Jest's native ESM); no transform.
module.exports = {
  testMatch: ['<rootDir>/stale-views/**/*.check.mjs'],
  transform: {},
};
