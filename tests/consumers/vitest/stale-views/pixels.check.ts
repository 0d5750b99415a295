// The buggy and the correct function of pixels.ts. Without wasm-views/testing both pass
// (vitest.stale-views.config.ts); with its setup file (vitest.testing.config.ts) the buggy
// one fails with the engine's detached-buffer TypeError, at once and in every run.
import initFixture, * as fixture from '@fixture';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, test } from 'vitest';
import { bind, type Heap } from 'wasm-views';
import { paintAndRead, paintAndReadBuggy } from './pixels';

let heap: Heap;
beforeAll(async () => {
  const wasm = fileURLToPath(
    new URL('../../../../build/fixture-web/fixture_bg.wasm', import.meta.url),
  );
  await initFixture({ module_or_path: readFileSync(wasm) });
  heap = bind(fixture);
});

test('paintAndReadBuggy reads the pixel it painted', () => {
  const canvas = new fixture.Canvas(8, 8);
  expect(paintAndReadBuggy(heap, canvas, 200)).toEqual([200, 0, 0, 255]);
  canvas.free();
});

test('paintAndRead reads the pixel it painted', () => {
  const canvas = new fixture.Canvas(8, 8);
  expect(paintAndRead(heap, canvas, 200)).toEqual([200, 0, 0, 255]);
  canvas.free();
});
