// heap.getView() on non-shared memory (Table.oneShot, issue 16): it tests the entry's words
// where they lie and builds the view from them, and only what is not a live, well-formed
// entry of the asked kind goes the checked way (find() + view()) for its precise error.
// These tests make each test of the fast path decide the outcome, over a hand-made table
// (fake-core.ts): a test the fast path dropped or misread would hand out a view where
// the checked path throws, or an out-of-bounds view where it names a corrupt entry.
import { describe, expect, it } from 'vitest';
import {
  bind,
  bytesPerElement,
  KindMismatchError,
  kinds,
  StaleHandleError,
  WasmViewsError,
} from 'wasm-views';
import {
  CAPACITY,
  DIRECTORY,
  FakeCore,
  GENERATION,
  KIND,
  LENGTH,
  PTR,
  STATE,
  TABLE_WORD,
  VERSION,
} from './fake-core.js';
import { arrayNameOf } from './array-names.js';
import { thrown } from './fixture.js';

const MEMORY_BYTES = 65536;

/**
 * An f32 x 4 buffer at slot 5 holding 1.5, 2.5, 3.5, 4.5, after a live i8 x 8 buffer at
 * slot 4. The neighbour is there for the fast path's word arithmetic: slot 4's words just
 * before slot 5's read as a live, settled entry (version 2, generation 1, state 1), so a
 * test that read the wrong word of the entry would find a neighbour that passes it.
 */
function setup() {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 2 });
  const core = new FakeCore(memory);
  const neighbour = core.register(4, 0, 8); // i8 x 8
  const handle = core.register(5, 8, 4); // f32 x 4
  const entry = core.entry(5);
  const w = core.words();
  new Float32Array(memory.buffer, w[entry + PTR], 4).set([1.5, 2.5, 3.5, 4.5]);
  return { memory, core, neighbour, handle, entry, w, heap: bind(core.exports) };
}

/** What `fn` throws, checked to be `Type` and to leave every byte of memory as it was. */
function rejects(
  memory: WebAssembly.Memory,
  fn: () => unknown,
  Type: abstract new (...args: never[]) => Error,
): string {
  const before = memory.buffer;
  const bytes = new Uint8Array(before).slice();
  const error = thrown(fn);
  expect(error).toBeInstanceOf(Type);
  expect(memory.buffer).toBe(before);
  // Buffer#equals: toEqual walks 64 KiB element by element (seconds per test).
  expect(Buffer.from(memory.buffer).equals(bytes)).toBe(true);
  return error.message;
}

describe('heap.getView() of a live entry', () => {
  it('gives the view LiveView.getView() gives, for every kind, asked by kind or not', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2 });
    const core = new FakeCore(memory);
    const heap = bind(core.exports);
    expect(kinds).toHaveLength(12);
    kinds.forEach((kind, code) => {
      // 8 elements, so that every buffer fake-core.ts places after it stays 8-byte aligned.
      const handle = core.register(10 + code, code, 8);
      const w = core.words();
      const ptr = w[core.entry(10 + code) + PTR];
      const bytes = new Uint8Array(memory.buffer, ptr, 8 * bytesPerElement(kind));
      bytes.forEach((_, i) => (bytes[i] = (i * 37 + code * 11 + 1) & 0xff));
      const live = heap.view(handle, kind).getView();
      for (const view of [heap.getView(handle, kind), heap.getView(handle)]) {
        expect(view.constructor.name).toBe(arrayNameOf(kind));
        expect(view.buffer).toBe(memory.buffer);
        expect(view.byteOffset).toBe(ptr);
        expect(view.length).toBe(8);
        expect(view.constructor).toBe(live.constructor);
        expect(view.byteOffset).toBe(live.byteOffset);
        expect([...view]).toEqual([...live]);
      }
      expect(new Uint8Array(live.buffer, live.byteOffset, live.byteLength)).toEqual(bytes);
    });
  });

  it('a buffer that ends where memory ends is viewable, by heap.getView() and LiveView.getView()', () => {
    const { memory, entry, w, handle, heap } = setup();
    w[entry + PTR] = MEMORY_BYTES - 16; // f32 x 4: the last 16 bytes
    w[entry + VERSION] += 2;
    new Float32Array(memory.buffer, MEMORY_BYTES - 16, 4).set([5, 6, 7, 8]);
    const one = heap.getView(handle, 'f32');
    const live = heap.view(handle, 'f32').getView();
    for (const view of [one, live]) {
      expect(view.byteOffset).toBe(MEMORY_BYTES - 16);
      expect([...view]).toEqual([5, 6, 7, 8]);
    }
    // One byte: the last of memory.
    w[entry + KIND] = 1; // u8
    w[entry + LENGTH] = 1;
    w[entry + PTR] = MEMORY_BYTES - 1;
    w[entry + VERSION] += 2;
    expect([...heap.getView(handle, 'u8')]).toEqual([0x41]); // the high byte of 8.0f
    expect([...heap.view(handle, 'u8').getView()]).toEqual([0x41]);
  });

  it('an empty buffer’s pointer is never used (an empty Vec’s dangles)', () => {
    const { entry, w, handle, heap } = setup();
    w[entry + LENGTH] = 0;
    w[entry + PTR] = 0xfffffff0; // far past memory
    w[entry + VERSION] += 2;
    for (const view of [heap.getView(handle, 'f32'), heap.view(handle, 'f32').getView()]) {
      expect(view).toBeInstanceOf(Float32Array);
      expect(view.length).toBe(0);
      expect(view.byteOffset).toBe(0);
    }
  });
});

describe('heap.getView() of an entry the fast path must not use', () => {
  it('another kind, also kind code 0 (i8) asked of an f32 buffer: KindMismatchError naming both', () => {
    const { memory, neighbour, handle, heap } = setup();
    expect(rejects(memory, () => heap.getView(handle, 'i8'), KindMismatchError)).toBe(
      'handle 1048581 (slot 5, generation 1) is a f32 buffer, not i8',
    );
    expect(rejects(memory, () => heap.getView(handle, 'u8'), KindMismatchError)).toBe(
      'handle 1048581 (slot 5, generation 1) is a f32 buffer, not u8',
    );
    expect(rejects(memory, () => heap.getView(neighbour, 'u8'), KindMismatchError)).toBe(
      'handle 1048580 (slot 4, generation 1) is a i8 buffer, not u8',
    );
    expect(heap.getView(neighbour, 'i8')).toBeInstanceOf(Int8Array);
    expect(heap.getView(handle, 'f32')).toBeInstanceOf(Float32Array);
  });

  it('a kind code this package does not know: not a view of guessed element size', () => {
    const { memory, entry, w, handle, heap } = setup();
    w[entry + KIND] = 12;
    w[entry + VERSION] += 2;
    expect(rejects(memory, () => heap.getView(handle, 'f32'), KindMismatchError)).toBe(
      'handle 1048581 (slot 5, generation 1) is a kind code 12 buffer, not f32',
    );
    expect(rejects(memory, () => heap.getView(handle), TypeError)).toBe(
      'no array type for kind code 12 here',
    );
  });

  it('an odd version (a write that never finished) is a WasmViewsError that changes nothing', () => {
    const { memory, entry, w, handle, heap } = setup();
    w[entry + VERSION] += 1;
    const settled =
      'handle 1048581 (slot 5, generation 1): its entry never settled (corrupt table)';
    expect(rejects(memory, () => heap.getView(handle, 'f32'), WasmViewsError)).toBe(settled);
    expect(rejects(memory, () => heap.getView(handle), WasmViewsError)).toBe(settled);
    // The unsettled entry is not read for its kind either.
    expect(rejects(memory, () => heap.getView(handle, 'i8'), WasmViewsError)).toBe(settled);
    w[entry + VERSION] += 1; // the write finishes
    expect([...heap.getView(handle, 'f32')]).toEqual([1.5, 2.5, 3.5, 4.5]);
  });

  it('a released slot: StaleHandleError with the reason its releaser left', () => {
    const reasons = [
      [1, 'its LiveVec was dropped or replaced (LiveVec::replace keeps handles)'],
      [2, 'freed'],
      [3, 'raw registration released'],
    ] as const;
    for (const [by, why] of reasons) {
      const { memory, core, handle, heap } = setup();
      core.release(5, by);
      expect(rejects(memory, () => heap.getView(handle, 'f32'), StaleHandleError)).toBe(
        `handle 1048581 (slot 5, generation 1) is not live: ${why}`,
      );
    }
  });

  it('an old generation of a reused slot: StaleHandleError naming the slot’s generation', () => {
    const { memory, core, entry, w, handle, heap } = setup();
    core.release(5, 2);
    w[entry + STATE] = 1; // reused, Rust-owned, at generation 2
    w[entry + VERSION] += 2;
    expect(w[entry + GENERATION]).toBe(2);
    expect(rejects(memory, () => heap.getView(handle, 'f32'), StaleHandleError)).toBe(
      'handle 1048581 (slot 5, generation 1) is not live: its slot is at generation 2 now',
    );
    expect(rejects(memory, () => heap.getView((3 << 20) | 5), StaleHandleError)).toBe(
      'handle 3145733 (slot 5, generation 3) is not live: its slot is at generation 2 now',
    );
    expect([...heap.getView((2 << 20) | 5, 'f32')]).toEqual([1.5, 2.5, 3.5, 4.5]);
  });

  it('a free entry still at the handle’s generation is not live', () => {
    const { memory, entry, w, handle, heap } = setup();
    w[entry + STATE] = 0; // free, generation left alone
    w[entry + VERSION] += 2;
    expect(rejects(memory, () => heap.getView(handle, 'f32'), StaleHandleError)).toBe(
      'handle 1048581 (slot 5, generation 1) is not live: freed',
    );
  });

  it('elements past the end of memory, or misaligned: WasmViewsError, never a view', () => {
    const corrupt: [ptr: number, length: number, kind: number, text: string][] = [
      [MEMORY_BYTES - 12, 4, 8, '4 elements of 4 bytes at 65524'], // one element past the end
      [MEMORY_BYTES, 1, 1, '1 elements of 1 bytes at 65536'], // starts at the end
      [0xfffffff8, 1, 9, '1 elements of 8 bytes at 4294967288'], // far past memory
      [32768, 0xffffffff, 11, '4294967295 elements of 8 bytes at 32768'], // a huge length
      [32770, 4, 8, '4 elements of 4 bytes at 32770'], // f32 on a 2-byte boundary
      [32772, 2, 9, '2 elements of 8 bytes at 32772'], // f64 on a 4-byte boundary
    ];
    for (const [ptr, length, kind, text] of corrupt) {
      const { memory, entry, w, handle, heap } = setup();
      w.set([ptr, length, kind], entry);
      w[entry + VERSION] += 2;
      const message = `corrupt descriptor: ${text} do not fit a 65536-byte memory`;
      expect(rejects(memory, () => heap.getView(handle, kinds[kind]), WasmViewsError)).toBe(
        message,
      );
      expect(rejects(memory, () => heap.getView(handle), WasmViewsError)).toBe(message);
      expect(rejects(memory, () => heap.view(handle), WasmViewsError)).toBe(message);
    }
  });
});

describe('heap.getView() of a handle whose entry the fast path must not look up', () => {
  it('a number that is not a u32 but whose low 32 bits name a live entry: RangeError', () => {
    const { memory, handle, heap } = setup();
    for (const bad of [handle + 2 ** 32, handle - 2 ** 32, handle + 0.5]) {
      expect(rejects(memory, () => heap.getView(bad, 'f32'), RangeError)).toBe(
        `handle must be an integer from 0 to 4294967295, got ${bad}`,
      );
    }
  });

  it('a slot past the table’s capacity, even where the directory has a chunk for it', () => {
    const { memory, w, heap } = setup();
    w.fill(0xffffffff, TABLE_WORD - 8, TABLE_WORD); // whatever lies before the table is not read
    w[TABLE_WORD + DIRECTORY + 1] = 40960; // chunk 1 (slots 256..511), past capacity 256
    w.set([49152, 2, 1, 1, 2, 1], 40960 / 4); // slot 256: a live u8 x 2 at generation 1
    expect(rejects(memory, () => heap.getView((1 << 20) | 256, 'u8'), StaleHandleError)).toBe(
      'handle 1048832 (slot 256, generation 1) is not live: the table has 256 slots (forged, or from another module)',
    );
    w[TABLE_WORD + CAPACITY] = 512;
    expect(heap.getView((1 << 20) | 256, 'u8')).toHaveLength(2);
  });

  it('a chunk address of 0, or not a multiple of 4, is not followed', () => {
    const { memory, w, entry, handle, heap } = setup();
    const chunk = w[TABLE_WORD + DIRECTORY];
    const unallocated =
      'handle 1048581 (slot 5, generation 1) is not live: its chunk is not allocated (forged, or from another module)';
    // Slot 5's words also where a chunk at address 0 would put them (below the table).
    w.copyWithin(5 * 8, entry, entry + 8);
    w[TABLE_WORD + DIRECTORY] = 0;
    expect(rejects(memory, () => heap.getView(handle, 'f32'), StaleHandleError)).toBe(unallocated);
    w[TABLE_WORD + DIRECTORY] = chunk + 2; // rounded down, it would name the real chunk
    expect(rejects(memory, () => heap.getView(handle, 'f32'), StaleHandleError)).toBe(unallocated);
    w[TABLE_WORD + DIRECTORY] = chunk;
    expect([...heap.getView(handle, 'f32')]).toEqual([1.5, 2.5, 3.5, 4.5]);
  });

  it('an entry that runs past the end of memory is not read', () => {
    const { memory, w, heap } = setup();
    w[TABLE_WORD + CAPACITY] = 512;
    w[TABLE_WORD + DIRECTORY + 1] = MEMORY_BYTES - 16; // slot 256's entry: its first half in memory
    w.set([40000, 3, 1, 1], (MEMORY_BYTES - 16) / 4); // ptr, length, kind, generation: u8 x 3
    expect(rejects(memory, () => heap.getView((1 << 20) | 256, 'u8'), StaleHandleError)).toBe(
      'handle 1048832 (slot 256, generation 1) is not live: its entry lies outside memory (corrupt table)',
    );
  });
});

describe('heap.getView() at the least alignment of each element size', () => {
  it('an odd address for u8, 2 mod 4 for i16, 4 mod 8 for f32, 8 mod 16 for f64', () => {
    const cases = [
      [32771, 'u8', Uint8Array],
      [32770, 'i16', Int16Array],
      [32772, 'f32', Float32Array],
      [32776, 'f64', Float64Array],
    ] as const;
    for (const [ptr, kind, Type] of cases) {
      const { memory, entry, w, handle, heap } = setup();
      w.set([ptr, 2, kinds.indexOf(kind)], entry);
      w[entry + VERSION] += 2;
      new Type(memory.buffer, ptr, 2).set([7, 9]);
      for (const view of [heap.getView(handle, kind), heap.view(handle, kind).getView()]) {
        expect(view).toBeInstanceOf(Type);
        expect(view.byteOffset).toBe(ptr);
        expect([...view]).toEqual([7, 9]);
      }
    }
  });
});

describe('the fast path reads the handle’s own entry, and nothing else', () => {
  // Memory filled with entries that are live at the handle's generation (an f32 x 1 at
  // FAKE_PTR), everywhere but the table header, its directory and the handles' own entries: a
  // lookup that lands anywhere else (a wrong chunk, a wrong slot in it, words before the
  // table) finds one of them and gives another view instead of the handle's.
  const FAKE_PTR = 49152;
  const SLOT = 64; // a slip in its offset (slot & 257 is 0, slot / 8 is 8) names another entry

  it('with live-looking entries all around, a handle still views its own buffer', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2 });
    const core = new FakeCore(memory);
    const first = core.register(SLOT, 8, 4); // f32 x 4, in chunk 0
    const w = core.words();
    const own = w.slice(core.entry(SLOT), core.entry(SLOT) + 8);
    for (let word = 0; word < w.length; word += 8) {
      // Not the header, nor the directory's first 16 chunk addresses (of 4096; slots here < 512).
      if (word < TABLE_WORD + DIRECTORY + 16 && word + 8 > TABLE_WORD) continue;
      w.set([FAKE_PTR, 1, 8, 1, 2, 1, 0, 0], word);
    }
    w.set(own, core.entry(SLOT));
    // A second chunk, with the same slot in it live: f32 x 2 at 40000.
    w[TABLE_WORD + CAPACITY] = 512;
    w[TABLE_WORD + DIRECTORY + 1] = 36864;
    w.set([40000, 2, 8, 1, 2, 1, 0, 0], 36864 / 4 + SLOT * 8);
    const second = (1 << 20) | (256 + SLOT);
    // The header's reserved word (7, just before the directory) holding a chunk's address.
    w[TABLE_WORD + 7] = 45056;
    new Float32Array(memory.buffer, own[PTR], 4).set([1.5, 2.5, 3.5, 4.5]);
    new Float32Array(memory.buffer, 40000, 2).set([5.5, 6.5]);
    const heap = bind(core.exports);
    const views = (handle: number) => [
      heap.getView(handle, 'f32'),
      heap.view(handle, 'f32').getView(),
    ];
    for (const view of views(first)) {
      expect(view.byteOffset).toBe(own[PTR]);
      expect([...view]).toEqual([1.5, 2.5, 3.5, 4.5]);
    }
    for (const view of views(second)) {
      expect(view.byteOffset).toBe(40000);
      expect([...view]).toEqual([5.5, 6.5]);
    }
    // The entries around them really are live: each is viewable by its own slot's handle.
    expect(heap.getView((1 << 20) | (SLOT + 1), 'f32').byteOffset).toBe(FAKE_PTR);
  });

  it('a handle with no entry never takes the first words of memory for one', () => {
    const { memory, w, handle, heap } = setup();
    // Read as an entry at word -1 (a lookup's "none found"), words 0..6 are a live empty f32
    // buffer; read at word 1, a live u8c x 1 at address 8; both at generation 1.
    w.set([0, 8, 1, 2, 1, 0, 1], 0);
    for (const bad of [handle + 2 ** 32, handle + 0.5]) {
      expect(rejects(memory, () => heap.getView(bad), RangeError)).toBe(
        `handle must be an integer from 0 to 4294967295, got ${bad}`,
      );
    }
    expect(rejects(memory, () => heap.getView((1 << 20) | 300), StaleHandleError)).toBe(
      'handle 1048876 (slot 300, generation 1) is not live: the table has 256 slots (forged, or from another module)',
    );
    w[TABLE_WORD + DIRECTORY] = 0; // chunk 0 unallocated
    expect(rejects(memory, () => heap.getView(handle), StaleHandleError)).toBe(
      'handle 1048581 (slot 5, generation 1) is not live: its chunk is not allocated (forged, or from another module)',
    );
  });
});

describe('after memory grew, before anything read the new buffer', () => {
  it('heap.view() and heap.describe() read the table through the new buffer', () => {
    const { memory, handle, heap } = setup();
    heap.getView(handle, 'f32'); // the table holds the first buffer
    memory.grow(1); // detaches it
    expect(heap.describe(handle).length).toBe(4);
    memory.grow(0); // detaches it too, without growth
    const live = heap.view(handle, 'f32');
    expect(live.getView().buffer).toBe(memory.buffer);
    expect([...live.getView()]).toEqual([1.5, 2.5, 3.5, 4.5]);
  });
});
