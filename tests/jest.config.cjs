// Jest (CommonJS) against the BUILT package: require('wasm-views') resolves to
// node_modules/wasm-views/npm/node.cjs. Build first: `node scripts/build.mjs`.
const path = require('node:path');

module.exports = {
  rootDir: path.join(__dirname, '..'),
  // Crawl only the tests: the repository's own package.json and build/core/package.json
  // are also named wasm-views and would shadow node_modules/wasm-views in jest's module map.
  roots: ['<rootDir>/tests/jest'],
  testMatch: ['<rootDir>/tests/jest/**/*.test.cjs'],
  testEnvironment: 'node',
  // No transform: the package and the fixture's wasm-pack glue load as they are.
  transform: {},
};
