// The buggy, the correct and the leaky function of pixels.js. Without wasm-views/testing all
// pass (jest.stale-views.config.cjs); with its setup files (jest.testing.config.cjs) the
// buggy one fails with the engine's detached-buffer TypeError, the leaky one with a LeakError.
const pixelTests = require('./pixels.cases.cjs');

pixelTests(require('./pixels.js'), '');
