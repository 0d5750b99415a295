// The wasm-views/testing recipe for Vitest (`test.setupFiles`; see vitest.testing.config.ts):
// - every call into the wasm-bindgen module detaches its memory afterwards, so a raw view
//   cached across a call fails in the test that has the bug;
// - TextDecoder/TextEncoder refuse resizable and shared buffers as Chromium and Firefox do;
// - a test that leaves a heap.alloc() buffer unfreed fails.
import { afterAll, afterEach, beforeEach, vi } from 'vitest';
import {
  detachAfterCalls,
  installStrictTextCoding,
  trackLeaks,
  type LeakTracker,
} from 'wasm-views/testing';

// The code under test imports '@fixture' (an alias of the module's JS glue): give it the
// wrapped namespace instead. ES module namespaces are frozen, so this is how it is swapped.
vi.mock('@fixture', async (importOriginal) => detachAfterCalls(await importOriginal<object>()));

const uninstall = installStrictTextCoding();
afterAll(uninstall);

let leaks: LeakTracker;
beforeEach(() => {
  leaks = trackLeaks();
});
afterEach(() => leaks.check());
