// `import 'wasm-views/threads'`: modules whose memory is shared (a SharedArrayBuffer: wasm
// threads), whose table other threads write while JavaScript reads it. The core reads
// non-shared memory with plain loads; this is the reader bind() needs for shared memory.
import { ENTRY_VERSION, ENTRY_WORDS } from './abi.gen.js';
import { internals } from './index.js';

// Reads of an entry whose version stays odd (a corrupt table, or a writer that died mid-write)
// give up after this many tries instead of spinning forever. Large, because a writer thread
// descheduled mid-write on a busy machine holds the version odd too (~0.5 s of spinning).
const MAX_ATTEMPTS = 1 << 23;

internals[4].sharedRead = (u32, word, e) => {
  // Atomics (plain reads could be reordered around the version reads there), and the
  // version read before and after the others, as another thread may write meanwhile.
  // The buffer is checked once: a shared one is never detached nor replaced by a shorter one.
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const version = Atomics.load(u32, word + ENTRY_VERSION);
    if (version % 2) continue;
    for (let i = 0; i < ENTRY_WORDS; i++) e[i] = Atomics.load(u32, word + i);
    // Changed meanwhile? Versions only grow, so a change before the loop read
    // e[ENTRY_VERSION] shows here too: once settled, e[ENTRY_VERSION] is `version`.
    if (Atomics.load(u32, word + ENTRY_VERSION) === version) return true;
  }
  return false;
};
