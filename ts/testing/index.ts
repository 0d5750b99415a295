// wasm-views/testing: helpers for Node-based test runners (Vitest, Jest, node:test) that make
// the failures of wasm memory show up in tests: raw views cached across a call into the
// module, browser-only text-coding failures, leaked JS-owned buffers, and growth that a
// larger initial memory would avoid. Never imported by the package's runtime entries.
// Every feature entry, as the main entry loads them: trackLeaks() wraps heap.alloc and reads
// heap.describe(), trackMemory() subscribes with heap.onGrow(), and a program that binds
// through `wasm-views/bind` alone must get them working, not the core's "needs import"
// stubs. (A test helper has no byte budget.)
import '../src/all-features.js';

export { detachAfterCalls, undoDetachAfterCalls } from './detach.js';
export { installStrictTextCoding, uninstallStrictTextCoding } from './text-coding.js';
export {
  formatLeaks,
  LeakError,
  trackLeaks,
  type LeakedBuffer,
  type LeakReport,
  type LeakTracker,
} from './leaks.js';
export {
  allocatorCaveat,
  formatMemoryReport,
  memoryAdvice,
  trackMemory,
  type MemoryReport,
  type MemoryTracker,
} from './memory.js';
