// The wasm-views/testing recipe for Jest with ES modules, part 2 (`setupFilesAfterEnv`).
import { afterAll, afterEach, beforeEach } from '@jest/globals';
import { installStrictTextCoding, trackLeaks } from 'wasm-views/testing';

afterAll(installStrictTextCoding());

let leaks;
beforeEach(() => {
  leaks = trackLeaks();
});
afterEach(() => leaks.check());
