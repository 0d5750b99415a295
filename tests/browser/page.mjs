// Runs in the browser: loads the package, writes a buffer, grows memory between
// two getView() calls, and reports what it saw on window.__wasmViews.
import { init } from 'wasm-views';
import { runChecks, thrownName } from './checks.mjs';

await runChecks(async (check) => {
  const heap = await init();
  const live = heap.alloc('f32', 1024);
  const first = live.getView();
  for (let i = 0; i < first.length; i++) first[i] = i * 0.5;
  const bytesBefore = heap.memory.buffer.byteLength;

  heap.memory.grow(4);

  check(
    'the raw view from before growth is detached',
    first.length === 0,
    `length ${first.length}`,
  );
  const second = live.getView();
  check(
    'memory grew',
    heap.memory.buffer.byteLength === bytesBefore + 4 * 65536,
    heap.memory.buffer.byteLength,
  );
  check(
    'getView() after growth is a Float32Array',
    second instanceof Float32Array,
    second?.constructor?.name,
  );
  check(
    'getView() after growth is attached',
    second.length === 1024 && second.buffer.byteLength > 0,
    `length ${second.length}`,
  );
  let wrong = 0;
  for (let i = 0; i < second.length; i++) if (second[i] !== i * 0.5) wrong++;
  check('getView() after growth holds the data', wrong === 0, `${wrong} wrong elements`);
  live.free();
  const threw = thrownName(() => live.getView());
  check('getView() after free() throws StaleHandleError', threw === 'StaleHandleError', threw);
});
