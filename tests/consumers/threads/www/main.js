// The main thread: creates a LiveVec<f32> in shared memory, starts a worker that grows it
// (reallocating it and growing memory), and meanwhile reads it through getView() as fast
// as it can. Reports on window.__threads.
import init, * as threads from 'threads';
import { bind } from 'wasm-views';

const ROUNDS = 160;
const PER_ROUND = 32_768; // elements appended per round: 128 KiB
const INITIAL = 1_000;

const result = { ok: false };
const log = (text) => (document.getElementById('log').textContent = text);

/** Element i must be i: check a spread of elements and the last one. */
function wrongElements(view) {
  let wrong = 0;
  const step = 997;
  for (let i = 0; i < view.length; i += step) if (view[i] !== i) wrong++;
  if (view.length > 0 && view[view.length - 1] !== view.length - 1) wrong++;
  return wrong;
}

async function run() {
  result.crossOriginIsolated = self.crossOriginIsolated;
  const module = await WebAssembly.compileStreaming(
    fetch(new URL('threads_bg.wasm', import.meta.resolve('threads'))),
  );
  await init({ module_or_path: module });
  result.sharedBuild = threads.sharedBuild();
  const heap = bind(threads);
  const memory = heap.memory;
  result.shared = memory.buffer instanceof SharedArrayBuffer;
  result.bytesBefore = memory.buffer.byteLength;

  const handle = threads.create(INITIAL);
  const live = heap.view(handle, 'f32');
  const first = live.getView();
  result.firstOk = first.length === INITIAL && wrongElements(first) === 0;

  const worker = new Worker(new URL('worker.js', import.meta.url), { type: 'module' });
  const finished = new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) =>
      data.error ? reject(new Error(`worker: ${data.error}`)) : resolve(data);
    worker.onerror = (e) => reject(new Error(`worker: ${e.message}`));
  });
  let done = null;
  finished.then(
    (d) => (done = d),
    () => {},
  );
  worker.postMessage({ module, memory, rounds: ROUNDS, perRound: PER_ROUND, pauseMs: 2 });

  // Read while the worker grows the buffer. Every read must be structurally right (a whole
  // number of rounds, inside memory); a read the sequence counter says was not overlapped
  // by a change must be exactly right.
  const stats = {
    reads: 0,
    consistentReads: 0,
    wrong: 0,
    malformed: 0,
    buffersSeen: 0,
    sizesSeen: 0,
    lengthsSeen: 0,
    errors: [],
  };
  const buffers = new Set();
  const sizes = new Set();
  const lengths = new Set();
  const deadline = performance.now() + 60_000;
  while (!done && performance.now() < deadline) {
    const sliceEnd = performance.now() + 20;
    while (performance.now() < sliceEnd) {
      const before = threads.seq();
      let view;
      try {
        view = live.getView();
      } catch (error) {
        stats.errors.push(`${error.name}: ${error.message}`);
        continue;
      }
      const wrong = wrongElements(view);
      const after = threads.seq();
      stats.reads++;
      buffers.add(view.buffer);
      sizes.add(view.buffer.byteLength);
      lengths.add(view.length);
      const extra = view.length - INITIAL;
      if (
        extra < 0 ||
        extra % PER_ROUND !== 0 ||
        view.byteOffset + view.byteLength > view.buffer.byteLength
      ) {
        stats.malformed++;
      }
      if (before % 2 === 0 && before === after) {
        stats.consistentReads++;
        if (wrong !== 0) stats.wrong++;
      }
    }
    await new Promise((r) => setTimeout(r, 0)); // let the worker's message in
  }
  const outcome = await finished;
  worker.terminate();
  stats.buffersSeen = buffers.size;
  stats.sizesSeen = sizes.size;
  stats.lengthsSeen = lengths.size;
  stats.errors = stats.errors.slice(0, 5);
  Object.assign(result, stats);

  // After the worker is done: the whole buffer, checked element by element.
  const final = live.getView();
  let finalWrong = 0;
  for (let i = 0; i < final.length; i++) if (final[i] !== i) finalWrong++;
  result.expectedLength = INITIAL + ROUNDS * PER_ROUND;
  result.workerLength = outcome.length;
  result.finalLength = final.length;
  result.finalWrong = finalWrong;
  result.bytesAfter = memory.buffer.byteLength;
  // For contrast: a raw view made at the start. Shared memory never detaches it, but the
  // data has moved away from under it.
  result.cachedViewLength = first.length;
  result.cachedViewWrong = wrongElements(first);
  result.stats = heap.stats();
  result.ok = true;
}

try {
  await run();
} catch (error) {
  result.error = String(error?.stack ?? error);
}
log(JSON.stringify(result, null, 2));
window.__threads = result;
