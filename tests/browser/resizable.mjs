// Runs in the browser: asks for the resizable mode on a wasm-bindgen module
// (the fixture crate, whose memory has a maximum) and checks that its strings
// still round-trip after growth. Chromium and Firefox reject resizable views in
// TextDecoder/TextEncoder.encodeInto, which the glue uses for every string, so
// the facade must decline to convert there; converting anyway must break them.
import { bind } from 'wasm-views';
import { runChecks } from './checks.mjs';
import initFixture, * as fixture from '/build/fixture-web/fixture.js';

function textAcceptsResizable() {
  try {
    const buffer = new ArrayBuffer(4, { maxByteLength: 8 });
    new TextDecoder().decode(new Uint8Array(buffer, 0, 1));
    new TextEncoder().encodeInto('a', new Uint8Array(buffer, 0, 1));
    return true;
  } catch {
    return false;
  }
}

await runChecks(async (check) => {
  await initFixture({ module_or_path: '/build/fixture-web/fixture_bg.wasm' });
  const textOk = textAcceptsResizable();
  check(
    'the engine can make the memory resizable',
    typeof WebAssembly.Memory.prototype.toResizableBuffer === 'function',
  );
  const heap = bind(fixture, { resizable: true });
  const stats = heap.stats();
  check('converted exactly where strings survive it', stats.resizable === textOk, stats.resizable);
  if (!stats.resizable) {
    check(
      'the reason names TextDecoder',
      /TextDecoder/.test(stats.resizableReason),
      stats.resizableReason,
    );
  }
  const live = heap.alloc('f32', 256);
  live.getView().fill(2.5);
  fixture.growMemory(8);
  heap.memory.grow(2);
  const view = live.getView();
  check(
    'getView() after growth holds the data',
    view.length === 256 && view.every((x) => x === 2.5),
  );
  const text = 'grüße, wasm ✓';
  const shouted = fixture.shout(text);
  check('a string round-trips after growth', shouted === text.toUpperCase(), shouted);

  // What the probe protects from: convert anyway, and the glue's strings break
  // exactly where the engine rejects resizable views.
  heap.memory.toResizableBuffer();
  let broke = '';
  try {
    fixture.shout('abc');
  } catch (e) {
    broke = `${e.name}: ${e.message}`;
  }
  check(
    'converting anyway breaks strings exactly where the probe said',
    Boolean(broke) === !textOk,
    broke || 'no error',
  );
});
