// wasm-views/testing: helpers for Node-based test runners (Vitest, Jest, node:test) that make
// the failures of wasm memory show up in tests: raw views cached across a call into the
// module, browser-only text-coding failures, leaked JS-owned buffers, and growth that a
// larger initial memory would avoid. Never imported by the package's runtime entries.
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
