// The sequence lock's second version read, without a second thread: Atomics.load is wrapped
// so that a whole write of the entry lands, once, between the reader's loads of its ptr and
// its length, the moment a writer thread may pick (seqlock.test.ts races a real one, which a
// loaded machine may never schedule there). A reader that trusted its first version read
// would pair the old ptr with the new length.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bind } from 'wasm-views';
import { FakeCore, LENGTH, PTR, VERSION } from './fake-core.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('an entry rewritten while it is copied', () => {
  it('is read again: the view pairs the new ptr with the new length', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    const core = new FakeCore(memory);
    const handle = core.register(7, 1, 16); // u8 x 16
    const entry = core.entry(7);
    const heap = bind(core.exports);
    const w = core.words();
    const before = w[entry + PTR];
    const load = Atomics.load;
    let writes = 0;
    vi.spyOn(Atomics, 'load').mockImplementation((array, index) => {
      const value = load(array as Uint32Array, index);
      if (array.buffer === memory.buffer && index === entry + PTR && writes++ === 0) {
        Atomics.add(w, entry + VERSION, 1); // odd: being written
        Atomics.store(w, entry + PTR, 40000);
        Atomics.store(w, entry + LENGTH, 24);
        Atomics.add(w, entry + VERSION, 1);
      }
      return value as never;
    });
    const view = heap.getView(handle, 'u8');
    expect(writes).toBeGreaterThan(1); // the entry was copied again after the write
    expect(before).not.toBe(40000);
    expect(view.byteOffset).toBe(40000);
    expect(view.length).toBe(24);
  });
});
