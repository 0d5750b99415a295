// The worker: instantiates the same module on the page's shared memory, then grows the
// shared LiveVec (the main thread reads it meanwhile).
import init, { growFromWorker } from '../../../../build/consumers/threads/threads.js';

self.onmessage = async ({ data: { module, memory, rounds, perRound, pauseMs } }) => {
  try {
    await init({ module_or_path: module, memory });
    postMessage({ done: true, length: growFromWorker(rounds, perRound, pauseMs) });
  } catch (error) {
    postMessage({ error: String(error?.stack ?? error) });
  }
};
