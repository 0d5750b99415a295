// The wasm-views/testing recipe for Jest with CommonJS, part 1 (`setupFiles`; see
// jest.testing.config.cjs). Jest runs it before each test file, in that file's module
// registry, so the mock is what the code under test gets from require(): every call into
// the wasm-bindgen module detaches its memory afterwards. (A jest.mock factory may only
// use its own requires: hence the repeated path.)
jest.mock('../../../../build/fixture-node/fixture.js', () =>
  require('wasm-views/testing').detachAfterCalls(
    jest.requireActual('../../../../build/fixture-node/fixture.js'),
  ),
);
