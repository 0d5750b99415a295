// trackMemory(): how far a run grew memory, and the linker argument that would have made the
// module start with that much, so the same run never grows (and never detaches a view).
import type { Heap } from '../src/index.js';
import { describe, isMemory, memoryGetter, observeCalls } from './observe.js';

const PAGE = 65536;

/** What {@link MemoryTracker.stop} reports about a run. */
export interface MemoryReport {
  /** Memory size when tracking started, in bytes. */
  startBytes: number;
  /** The largest size seen, in bytes (wasm memory never shrinks: also the size at the end). */
  peakBytes: number;
  /** `peakBytes` in 64 KiB pages. */
  peakPages: number;
  /**
   * Growths seen: each time the size was found larger than the last time looked (after
   * every call through {@link detachAfterCalls}, at each `onGrow` of the heap, and at
   * `stop()`). Several growths between two looks count once; `0` means memory never grew.
   */
  growths: number;
  /**
   * The size to start with so that this run never grows: `peakBytes` rounded up to whole
   * 64 KiB pages (what rust-lld's `--initial-memory` requires).
   */
  initialMemoryBytes: number;
  /** The rustc flag: `-C link-arg=--initial-memory=<initialMemoryBytes>`. */
  linkArg: string;
  /** The same for `RUSTFLAGS` (`RUSTFLAGS='-C link-arg=--initial-memory=N' wasm-pack build`). */
  rustflags: string;
  /** The same as a `.cargo/config.toml` section. */
  cargoConfig: string;
}

/** A running memory tracker; see {@link trackMemory}. */
export interface MemoryTracker {
  /** The report so far; the tracker keeps running. */
  report(): MemoryReport;
  /** Stops tracking and returns the report. */
  stop(): MemoryReport;
}

/**
 * The allocator caveat that the report's text prints with its advice: `--initial-memory` only helps if the allocator hands out the memory the module
 * starts with before it calls `memory.grow`. dlmalloc does so from 0.2.13 on; the std
 * allocator of Rust 1.95 (dlmalloc 0.2.11) grows memory for its first region whatever the
 * initial size, so there use `dlmalloc = { version = "0.2.13", features = ["global"] }` as
 * `#[global_allocator]`, or call `heap.reserve(bytes)` once at start-up (one growth, then none).
 */
export const allocatorCaveat =
  '--initial-memory only avoids growth if the allocator uses the memory the module starts with before calling memory.grow: dlmalloc 0.2.13 or later does; the std allocator of Rust 1.95 (dlmalloc 0.2.11) does not and grows anyway. There, make dlmalloc 0.2.13 the #[global_allocator] (dlmalloc = { version = "0.2.13", features = ["global"] }, static A: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;), or call heap.reserve(bytes) once at start-up.';

/**
 * The initial-memory advice for a memory size: `peakBytes` rounded up to 64 KiB pages and
 * the flags that set it. Use it with `heap.stats().memoryBytes` at the end of a run (wasm
 * memory never shrinks, so that is the run's peak): `memoryAdvice(heap.stats().memoryBytes)`.
 *
 * @param peakBytes the largest memory size the run needed.
 * @returns `{ initialMemoryBytes, linkArg, rustflags, cargoConfig }`.
 * @throws {RangeError} if `peakBytes` is not a non-negative safe integer.
 */
export function memoryAdvice(
  peakBytes: number,
): Pick<MemoryReport, 'initialMemoryBytes' | 'linkArg' | 'rustflags' | 'cargoConfig'> {
  if (!Number.isSafeInteger(peakBytes) || peakBytes < 0) {
    throw new RangeError(
      `memoryAdvice() needs a byte count (a non-negative integer), got ${String(peakBytes)}`,
    );
  }
  const initialMemoryBytes = Math.max(1, Math.ceil(peakBytes / PAGE)) * PAGE;
  const linkArg = `-C link-arg=--initial-memory=${initialMemoryBytes}`;
  return {
    initialMemoryBytes,
    linkArg,
    rustflags: `RUSTFLAGS='${linkArg}'`,
    cargoConfig: `[target.wasm32-unknown-unknown]\nrustflags = ["-C", "link-arg=--initial-memory=${initialMemoryBytes}"]`,
  };
}

/** The report as text for a test's output (what to paste where). */
export function formatMemoryReport(report: MemoryReport): string {
  const mib = (n: number) => `${(n / 1048576).toFixed(2)} MiB`;
  const lines = [
    `wasm memory: started at ${report.startBytes} bytes (${mib(report.startBytes)}), peaked at ${report.peakBytes} bytes (${report.peakPages} pages, ${mib(report.peakBytes)}), grew ${report.growths} time${report.growths === 1 ? '' : 's'}.`,
  ];
  if (report.growths > 0) {
    lines.push(
      `To start with enough memory for this run, link with ${report.linkArg}:`,
      `  ${report.rustflags} wasm-pack build ...`,
      `  or in .cargo/config.toml:`,
      ...report.cargoConfig.split('\n').map((line) => `    ${line}`),
      `  (${allocatorCaveat})`,
    );
  }
  return lines.join('\n');
}

function isHeap(value: object): value is Heap {
  const v = value as Partial<Heap>;
  return typeof v.onGrow === 'function' && typeof v.stats === 'function' && isMemory(v.memory);
}

/**
 * Starts watching the memory of `target` (a Heap from `bind()`/`init()`, or a wasm-bindgen
 * module namespace built with the wasm-views crate) and reports its high-water mark: the
 * peak size, how often it grew, and the exact linker argument that would have avoided every
 * growth of the run (`-C link-arg=--initial-memory=N`, N rounded up to 64 KiB pages) for
 * `RUSTFLAGS` or `.cargo/config.toml`. Use it from a test's set-up and teardown, or around
 * a workload; `formatMemoryReport(report)` prints it.
 *
 * Growth is seen after each call through {@link detachAfterCalls}, at the heap's `onGrow`
 * (when `target` is a Heap) and at `report()`/`stop()`; the peak is exact.
 *
 * @param target a Heap, or a module namespace with `wasmViewsMemory()` or `memory`.
 * @returns the running tracker.
 * @throws {TypeError} if no memory is reachable from `target`.
 */
export function trackMemory(target: Heap | object): MemoryTracker {
  let memory: WebAssembly.Memory | undefined;
  let heap: Heap | undefined;
  if (typeof target === 'object' && target !== null && isHeap(target)) {
    heap = target;
    memory = target.memory;
  } else if ((typeof target === 'object' || typeof target === 'function') && target !== null) {
    memory = memoryGetter(target as Record<PropertyKey, unknown>)?.();
  }
  if (!memory) {
    throw new TypeError(
      `trackMemory() needs a Heap or an initialized wasm-bindgen module namespace with a wasmViewsMemory() or memory export, got ${describe(target)}`,
    );
  }
  const watched = memory;
  const startBytes = watched.buffer.byteLength;
  let lastBytes = startBytes;
  let peakBytes = startBytes;
  let growths = 0;
  const look = () => {
    const bytes = watched.buffer.byteLength;
    if (bytes > lastBytes) {
      growths++;
      peakBytes = Math.max(peakBytes, bytes);
    }
    lastBytes = bytes;
  };
  const unobserve = observeCalls((m) => {
    if (m === watched) look();
  });
  const unsubscribe = heap?.onGrow(look);
  const report = (): MemoryReport => {
    look();
    const advice = memoryAdvice(peakBytes);
    return {
      startBytes,
      peakBytes,
      peakPages: peakBytes / PAGE,
      growths,
      ...advice,
    };
  };
  let stopped: MemoryReport | undefined;
  return {
    report: () => stopped ?? report(),
    stop() {
      if (stopped) return stopped;
      stopped = report();
      unobserve();
      unsubscribe?.();
      return stopped;
    },
  };
}
