// The web demo (tests/consumers/web-demo, `npm run demo:web`): Rust grows a particle
// buffer every frame; the page draws it from getView() on the left and from a view of
// memory.buffer cached at start on the right. Built with `vite build`, served by
// `vite preview`; after several growths of wasm memory a Chromium screenshot
// (tests/artifacts/web-demo.png) must show particles on the left and none on the right.
// Firefox runs the same page and checks the canvases.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { engines, openPage } from '../support/browsers.mjs';
import { artifactsDir, npmRun, prepare, startVite, wasmPackWeb } from '../consumers/harness.mjs';
import { readPng } from '../consumers/png.mjs';

const BACKGROUND = [5, 6, 10];
let dir;
let server;
let url;

before(async () => {
  wasmPackWeb('tests/consumers/web-demo/galaxy', 'galaxy');
  dir = prepare('web-demo');
});
after(async () => {
  await server?.stop();
});

test('web-demo: tsc --noEmit and vite build', () => {
  npmRun(dir, 'typecheck');
  assert.match(npmRun(dir, 'build'), /assets\/galaxy_bg-[\w-]+\.wasm/);
  return startPreview();
});

async function startPreview() {
  server = await startVite(dir, 'preview');
  url = server.url;
}

/** Non-background pixels of each canvas, counted in the page. */
function canvasPixels() {
  const count = (id) => {
    const canvas = document.getElementById(id);
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] !== 5 || data[i + 1] !== 6 || data[i + 2] !== 10) n++;
    }
    return n;
  };
  return { live: count('live'), naive: count('naive') };
}

for (const engine of engines) {
  test(`web-demo: after several growths the live side draws and the naive side is blank (${engine})`, async () => {
    assert.ok(url, 'the preview server did not start');
    const page = await openPage(engine, url);
    try {
      // Several growths, and a few seconds of motion so the screenshot shows a galaxy.
      const state = await page.waitFor(() => {
        const s = window.__demo;
        return s && s.growths >= 3 && s.frames >= 300 ? s : null;
      }, 90_000);
      assert.ok(
        state.naiveMostDrawn > 10_000,
        `the naive side drew ${state.naiveMostDrawn} particles before the first growth`,
      );
      assert.equal(state.naiveDetachedAtGrowth, 1, 'the cached view detached at the first growth');
      assert.ok(state.memoryBytes > 4 * 2 ** 20, `memory grew to ${state.memoryBytes} bytes`);
      assert.equal(state.naiveViewLength, 0);
      assert.ok(
        state.liveViewLength >= (state.particles - 800) * 5,
        'the live view covers the particles',
      );

      const inPage = await page.evaluate(canvasPixels);
      assert.ok(inPage.live > 20_000, `live canvas: ${inPage.live} drawn pixels`);
      assert.equal(inPage.naive, 0, 'naive canvas: drawn pixels');

      if (engine === 'chromium') {
        mkdirSync(artifactsDir, { recursive: true });
        const file = join(artifactsDir, 'web-demo.png');
        const rects = await page.evaluate(() =>
          ['live', 'naive'].map((id) => {
            const r = document.getElementById(id).getBoundingClientRect();
            return {
              x: Math.round(r.x),
              y: Math.round(r.y),
              w: Math.round(r.width),
              h: Math.round(r.height),
            };
          }),
        );
        await page.screenshot(file);
        const png = readPng(file);
        // Count inside each canvas, 8 px in from its border and rounded corners.
        const [live, naive] = rects.map(({ x, y, w, h }) => {
          let n = 0;
          for (let py = y + 8; py < y + h - 8; py++) {
            for (let px = x + 8; px < x + w - 8; px++) {
              const [r, g, b] = png.pixel(px, py);
              if (
                Math.abs(r - BACKGROUND[0]) +
                  Math.abs(g - BACKGROUND[1]) +
                  Math.abs(b - BACKGROUND[2]) >
                6
              )
                n++;
            }
          }
          return n;
        });
        assert.ok(live > 20_000, `screenshot, live side: ${live} drawn pixels (${file})`);
        assert.equal(naive, 0, `screenshot, naive side: drawn pixels (${file})`);
      }
      assert.deepEqual(page.errors, []);
    } finally {
      await page.close();
    }
  });
}
