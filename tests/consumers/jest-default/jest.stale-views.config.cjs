// The stale-view pair (stale-views/*.check.js) without wasm-views/testing: both pass.
// jest.testing.config.cjs adds the helper. (Named so that Jest's own config lookup, which the
// project's default run relies on, never picks it up.)
module.exports = {
  testMatch: ['<rootDir>/stale-views/**/*.check.js'],
};
