// The wasm-views/testing recipe for Jest with CommonJS, part 2 (`setupFilesAfterEnv`: it
// needs the test framework's hooks).
const { installStrictTextCoding, trackLeaks } = require('wasm-views/testing');

// TextDecoder/TextEncoder refuse resizable and shared buffers as Chromium and Firefox do.
// (Jest's node environment shares Node's TextDecoder between test files: uninstall after each.)
afterAll(installStrictTextCoding());

// A test that leaves a heap.alloc() buffer unfreed fails.
let leaks;
beforeEach(() => {
  leaks = trackLeaks();
});
afterEach(() => leaks.check());
