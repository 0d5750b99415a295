// pixels.mjs under Jest's native ES modules (node --experimental-vm-modules): without
// wasm-views/testing all pass (jest.stale-views-esm.config.cjs), with it the buggy and the leaky one fail
// (jest.testing-esm.config.cjs).
import { readFileSync } from 'node:fs';
import { Canvas, initSync } from '../../../../build/fixture-web/fixture.js';
import * as pixels from './pixels.mjs';
import pixelTests from './pixels.cases.cjs';

initSync({
  module: readFileSync(new URL('../../../../build/fixture-web/fixture_bg.wasm', import.meta.url)),
});

pixelTests({ Canvas, ...pixels }, ' (ESM)');
