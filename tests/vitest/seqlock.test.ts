// The sequence lock of an entry (crate/LAYOUT.md) under real concurrency: a worker thread
// keeps rewriting one entry of a shared memory, as the core does in a threads build, while
// this thread reads it through the facade. Over a hand-made table (fake-core.ts).
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { bind, WasmViewsError } from 'wasm-views';
import { FakeCore } from './fake-core.js';
import { thrown } from './fixture.js';

const SLOT = 7;
const STOP = 60000 / 4; // word index of the stop flag (past every buffer the writer makes)
const WRITES = STOP + 1; // word index of the writer's count of finished rewrites

// The writer: ptr is a multiple of 8 and length = ptr / 8, so a (ptr, length) pair from two
// different writes shows. It writes ptr, waits a little, then writes length, so a reader that
// ignores the lock has every chance to pair a new ptr with the old length.
const writer = `
const { workerData } = require('node:worker_threads');
const { buffer, entry, STOP, WRITES } = workerData;
const w = new Uint32Array(buffer);
const spin = (n) => { for (let i = 0; i < n; i++) Atomics.load(w, STOP); };
for (let n = 1; Atomics.load(w, STOP) === 0; n++) {
  const ptr = 32768 + 8 * (n % 1024);
  Atomics.add(w, entry + 4, 1); // version odd: being written
  Atomics.store(w, entry, ptr);
  spin(16);
  Atomics.store(w, entry + 1, ptr / 8);
  Atomics.add(w, entry + 4, 1); // version even again: a new state
  Atomics.store(w, WRITES, n);
  spin(64);
}
`;

function setup() {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  const core = new FakeCore(memory);
  const handle = core.register(SLOT, 1, 4096); // u8 at 32768: length = ptr / 8
  const heap = bind(core.exports);
  return { memory, core, handle, heap };
}

async function withWriter(memory: WebAssembly.Memory, entry: number, run: () => void) {
  const w = new Uint32Array(memory.buffer);
  const worker = new Worker(writer, {
    eval: true,
    workerData: { buffer: memory.buffer, entry, STOP, WRITES },
  });
  const exited = new Promise((resolve, reject) => {
    worker.once('exit', resolve);
    worker.once('error', reject);
  });
  try {
    while (Atomics.load(w, WRITES) === 0) await new Promise((r) => setTimeout(r, 1));
    run();
  } finally {
    Atomics.store(w, STOP, 1);
    await exited;
  }
  return Atomics.load(w, WRITES);
}

describe('an entry another thread keeps rewriting', () => {
  it('Heap.getView() and LiveView.getView() never pair a ptr with another write’s length', async () => {
    const { memory, core, handle, heap } = setup();
    const live = heap.view(handle, 'u8');
    let mismatched = 0;
    const offsets = new Set<number>();
    const writes = await withWriter(memory, core.entry(SLOT), () => {
      // Read until the reads have seen 100 of the writer's states (on a busy machine the two
      // threads may share one core and take turns); the cap only guards against a writer
      // that died (the offsets assertion then fails).
      for (let reads = 0; offsets.size < 100 && reads < 20_000_000; reads++) {
        for (const view of [heap.getView(handle, 'u8'), live.getView()]) {
          if (view.length * 8 !== view.byteOffset) mismatched++;
          offsets.add(view.byteOffset);
        }
      }
    });
    expect(mismatched).toBe(0);
    // The reads really raced the writer: they saw many of its states.
    expect(offsets.size).toBeGreaterThanOrEqual(100);
    expect(writes).toBeGreaterThanOrEqual(100);
  });

  it('an entry whose version stays odd (a writer that never finishes) is a WasmViewsError, not a hang', () => {
    const { core, handle, heap } = setup();
    const live = heap.view(handle, 'u8');
    const w = core.words();
    Atomics.add(w, core.entry(SLOT) + 4, 1);
    const error = thrown(() => heap.getView(handle));
    expect(error).toBeInstanceOf(WasmViewsError);
    expect(error.message).toMatch(/never settled/);
    expect(() => live.getView()).toThrow(/never settled/);
    Atomics.add(w, core.entry(SLOT) + 4, 1); // it finishes
    expect(heap.getView(handle).length).toBe(4096);
  });
});

describe('shared memory that grew unseen', () => {
  it('a view whose elements lie in the new pages re-reads the buffer; its LiveView keeps its own version through the listeners', () => {
    // On shared memory the facade learns of a growth only when a read needs the new bytes:
    // here the elements, after the entry was copied under the lock. The onGrow listeners
    // that re-read fires may build other views (the table keeps one `version`, of the last
    // view it built), so the version must be the one taken with the copy.
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
    const core = new FakeCore(memory);
    const a = core.register(3, 8, 4); // f32 x 4
    const b = core.register(4, 8, 4);
    const heap = bind(core.exports);
    const live = heap.view(a, 'f32');
    const before = live.getView();
    core.move(b, 4);
    core.move(b, 4); // b's version moves on twice, a's (below) once: they differ
    memory.grow(1);
    core.move(a, 4, 65536 + 64); // into the page the facade has not seen
    const version = (slot: number) => new Uint32Array(memory.buffer)[core.entry(slot) + 4];
    expect(version(3)).not.toBe(version(4));
    const seen: number[] = [];
    const off = heap.onGrow((event) => {
      seen.push(event.memoryBytes);
      expect(heap.getView(b).length).toBe(4); // the table's version is b's now
    });
    try {
      const view = live.getView(); // rebuilt: the listener runs inside
      expect(seen).toEqual([131072]);
      expect(view).not.toBe(before);
      expect(view.byteOffset).toBe(65536 + 64);
      expect(view.buffer.byteLength).toBe(131072);
      expect(live.getView()).toBe(view); // it kept a's version: no rebuild
    } finally {
      off();
    }
  });
});
