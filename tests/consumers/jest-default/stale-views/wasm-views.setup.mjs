// The wasm-views/testing recipe for Jest with ES modules, part 1 (`setupFiles`; see
// jest.testing-esm.config.cjs). ES module namespaces are frozen: the module is swapped for
// the wrapped namespace with jest.unstable_mockModule before any test file imports it.
import { jest } from '@jest/globals';
import { detachAfterCalls } from 'wasm-views/testing';

const glue = '../../../../build/fixture-web/fixture.js';
const actual = await import(glue);
jest.unstable_mockModule(glue, () => detachAfterCalls(actual));
