// LiveView and Heap over the package's own core (initSync / init from 'wasm-views').
import { describe, expect, it } from 'vitest';
import {
  bind,
  init,
  initSync,
  kinds,
  bytesPerElement,
  KindMismatchError,
  LiveView,
  OutOfMemoryError,
  StaleHandleError,
  WasmViewsError,
  type Kind,
} from 'wasm-views';
import { arrayNameOf } from './array-names.js';
import { expectRebuiltAcrossGrowth, fixture, thrown } from './fixture.js';

const heap = initSync();

function sample(kind: Kind, i: number): number | bigint {
  return kind === 'i64' || kind === 'u64' ? BigInt(i + 1) * 1_000_000_007n : i + 1;
}

describe('every kind', () => {
  for (const kind of kinds) {
    it(`${kind}: right view type, zeroed, round-trips`, () => {
      const live = heap.alloc(kind, 5);
      const view = live.getView();
      const expected = (globalThis as Record<string, unknown>)[arrayNameOf(kind)];
      expect(view).toBeInstanceOf(expected);
      expect(live.kind).toBe(kind);
      expect(live.length).toBe(5);
      expect(live.byteLength).toBe(5 * bytesPerElement(kind));
      expect(
        [...(view as ArrayLike<unknown> & Iterable<unknown>)].every((x) => x === 0 || x === 0n),
      ).toBe(true);
      const values = [0, 1, 2, 3, 4].map((i) => sample(kind, i));
      live.copyIn(values as never);
      heap.memory.grow(1); // detaches the old buffer
      expect(view.length).toBe(0);
      const copy = live.copyOut();
      expect([...(copy as unknown as Iterable<unknown>)]).toEqual(values);
      expect(copy.buffer).not.toBe(heap.memory.buffer);
      live.free();
    });
  }

  it('f16 is a Uint16Array of raw bits where the engine has no Float16Array', () => {
    const live = heap.alloc('f16', 2);
    if (typeof (globalThis as Record<string, unknown>).Float16Array !== 'function') {
      expect(live.getView()).toBeInstanceOf(Uint16Array);
      live.copyIn([0x3c00, 0xc000]); // 1.0 and -2.0 as half-precision bits
      expect([...live.getView()]).toEqual([0x3c00, 0xc000]);
    }
    live.free();
  });

  it("f16: the engine's Float16Array, or where it has none, a polyfill installed later", () => {
    const g = globalThis as Record<string, unknown>;
    const had = Object.prototype.hasOwnProperty.call(g, 'Float16Array');
    const original = g.Float16Array as new () => unknown;
    class FakeFloat16Array extends Uint16Array {}
    g.Float16Array = FakeFloat16Array;
    try {
      using live = heap.alloc('f16', 3);
      // Array types the engine has are read at import; a missing one at every view.
      const expected = had ? original : FakeFloat16Array;
      expect(live.getView()).toBeInstanceOf(expected);
      expect(heap.getView(live.handle)).toBeInstanceOf(expected);
      heap.memory.grow(1); // the rebuild path
      expect(live.getView()).toBeInstanceOf(expected);
    } finally {
      if (had) g.Float16Array = original;
      else delete g.Float16Array;
    }
  });

  it('the array types the engine has are read at import: a global replaced later is not used', () => {
    const original = Float32Array;
    class Fake extends Float32Array {}
    globalThis.Float32Array = Fake;
    try {
      using live = heap.alloc('f32', 3);
      expect(live.getView().constructor).toBe(original);
      expect(heap.getView(live.handle).constructor).toBe(original);
      heap.memory.grow(1); // the rebuild path
      expect(live.getView().constructor).toBe(original);
    } finally {
      globalThis.Float32Array = original;
    }
  });
});

describe('getView()', () => {
  it('returns the cached view while nothing changed, and a rebuilt one after growth', () => {
    const live = heap.alloc('f32', 8);
    const first = live.getView();
    first[3] = 2.5;
    expect(live.getView()).toBe(first);
    expect(live.getView()).toBe(first);
    heap.memory.grow(1);
    expect(first.length).toBe(0); // what a cached raw view suffers
    const second = live.getView();
    expect(second === first).toBe(false);
    expect(second.length).toBe(8);
    expect(second[3]).toBe(2.5);
    expect(second.buffer).toBe(heap.memory.buffer);
    expect(live.getView()).toBe(second);
    live.free();
  });

  it('after a growth that left the entry as it was: the same elements on the new buffer, every kind', () => {
    // The rebuild that skips the table lookup (the entry's version unchanged): a wrong
    // constructor, pointer or length there shows here.
    for (const kind of kinds) {
      const live = heap.alloc(kind, 3);
      const values = [0, 1, 2].map((i) => sample(kind, i));
      live.copyIn(values as never);
      const before = live.getView();
      const { byteOffset, constructor } = before;
      heap.memory.grow(1);
      const after = live.getView();
      expect(after.constructor).toBe(constructor);
      expect(after.byteOffset).toBe(byteOffset);
      expect(after.buffer).toBe(heap.memory.buffer);
      expect([...(after as ArrayLike<unknown> & Iterable<unknown>)]).toEqual(values);
      expect(live.getView()).toBe(after); // and the fast path holds again
      live.free();
    }
  });

  it('a growth and a change of the entry at once: the entry is read again', () => {
    const live = heap.alloc('f32', 4);
    live.copyIn([1, 2, 3, 4]);
    const before = live.getView();
    const bytes = heap.memory.buffer.byteLength;
    live.resize(100_000); // moves the buffer and grows memory
    expect(heap.memory.buffer.byteLength).toBeGreaterThan(bytes);
    expect(before.length).toBe(0);
    const after = live.getView();
    expect(after.length).toBe(100_000);
    expect(after.byteOffset).not.toBe(before.byteOffset);
    expect([...after.subarray(0, 4)]).toEqual([1, 2, 3, 4]);
    live.free();
  });

  it('a buffer released while memory grew: the rebuild throws, it does not view the freed entry', () => {
    const live = heap.alloc('f32', 4);
    const other = heap.view(live.handle, 'f32'); // a second LiveView of the same buffer
    other.getView();
    live.free(); // releases the JS-owned buffer for every LiveView of it
    heap.memory.grow(1);
    expect(thrown(() => other.getView())).toBeInstanceOf(StaleHandleError);
  });

  it('memory.grow(0) (a detach without growth) is caught too', () => {
    const live = heap.alloc('u8', 4);
    live.copyIn([9, 8, 7, 6]);
    expectRebuiltAcrossGrowth(heap, live, 0, [9, 8, 7, 6]);
    live.free();
  });

  it('the fast path neither reads memory.buffer nor calls into wasm', () => {
    const live = heap.alloc('f64', 16);
    live.getView();
    const memory = heap.memory;
    const getter = Object.getOwnPropertyDescriptor(WebAssembly.Memory.prototype, 'buffer')!.get!;
    let reads = 0;
    Object.defineProperty(memory, 'buffer', {
      configurable: true,
      get() {
        reads++;
        return getter.call(memory);
      },
    });
    try {
      let sum = 0;
      for (let i = 0; i < 10_000; i++) sum += live.getView()[i & 15];
      expect(sum).toBe(0);
      expect(reads).toBe(0);
      memory.grow(1);
      live.getView(); // the slow path may read it
      expect(reads).toBeGreaterThan(0);
    } finally {
      delete (memory as unknown as Record<string, unknown>).buffer;
    }
    live.free();
  });

  it('a zero-length buffer is not mistaken for a detached one', () => {
    const live = heap.alloc('f32', 0);
    const empty = live.getView();
    expect(empty.length).toBe(0);
    expect(live.getView()).toBe(empty); // not rebuilt on every call
    expect(live.length).toBe(0);
    expect(live.byteLength).toBe(0);
    expect(live.copyOut().length).toBe(0);
    live.copyIn([]);
    heap.memory.grow(1);
    const grown = live.getView(); // rebuilt over the new buffer, then cached again
    expect(grown.length).toBe(0);
    expect(grown.buffer).toBe(heap.memory.buffer);
    expect(live.getView()).toBe(grown);
    live.resize(3);
    expect([...live.getView()]).toEqual([0, 0, 0]);
    live.free();
  });

  it('a rebuild keeps its own version when an onGrow listener rebuilds another LiveView inside it', () => {
    // The table keeps one `version` (of the last view it built), and the rebuild's re-read of
    // the buffer fires the listeners before this entry is read: a version taken before them
    // would be the other buffer's, and every later getView() would rebuild (or, were the two
    // versions ever to meet, keep a stale view).
    const a = heap.alloc('f32', 4);
    const b = heap.alloc('f32', 4);
    b.resize(5); // b's version moves on: the two entries' versions differ
    const word = (live: LiveView) => (live as unknown as { _versionIndex: number })._versionIndex;
    const versions = () => [a, b].map((live) => new Uint32Array(heap.memory.buffer)[word(live)]);
    expect(versions()[0]).not.toBe(versions()[1]);
    let rebuilt = 0;
    const off = heap.onGrow(() => {
      rebuilt++;
      expect(b.getView().length).toBe(5); // rebuilds b: the table's version is b's now
      expect(heap.getView(b.handle).length).toBe(5);
    });
    try {
      heap.memory.grow(1); // unseen until a's rebuild re-reads the buffer
      const view = a.getView();
      expect(rebuilt).toBe(1);
      expect(view.length).toBe(4);
      expect(a.getView()).toBe(view); // a kept a's version: no rebuild
      expect(b.getView()).toBe(b.getView());
    } finally {
      off();
      a.free();
      b.free();
    }
  });
});

describe('a LiveView freed while it rebuilds', () => {
  it('stays freed when an onGrow listener frees it during its own rebuild', () => {
    // A Rust-owned buffer: free() retires the LiveView but the entry stays live, so the
    // rebuild's lookup succeeds and must not revive the LiveView.
    const rust = bind(fixture);
    const samples = new fixture.Samples();
    samples.push(1.5);
    const live = rust.view(samples.handle);
    expect([...live.getView()]).toEqual([1.5]);
    const off = rust.onGrow(() => live.free());
    try {
      rust.memory.grow(1); // unseen until the rebuild's re-read fires the listener
      expect(thrown(() => live.getView()).message).toMatch(/this LiveView was freed$/);
      expect(live.freed).toBe(true);
      expect(thrown(() => live.getView())).toBeInstanceOf(StaleHandleError);
      expect([...rust.view(samples.handle).getView()]).toEqual([1.5]); // the buffer lives on
    } finally {
      off();
      samples.free();
    }
  });
});

describe('copyIn / copyOut', () => {
  it('copyIn writes at an offset and rejects what does not fit, writing nothing', () => {
    const live = heap.alloc('i32', 4);
    live.copyIn([1, 2], 2);
    expect([...live.getView()]).toEqual([0, 0, 1, 2]);
    live.copyIn(new Int32Array([7, 7, 7, 7]));
    expect(thrown(() => live.copyIn([1, 2, 3], 2))).toBeInstanceOf(RangeError);
    expect(thrown(() => live.copyIn([1], 4))).toBeInstanceOf(RangeError);
    expect(thrown(() => live.copyIn([1, 2, 3, 4, 5]))).toBeInstanceOf(RangeError);
    expect(thrown(() => live.copyIn([1], -1)).message).toContain('-1');
    expect(thrown(() => live.copyIn([1], 1.5))).toBeInstanceOf(RangeError);
    expect(thrown(() => live.copyIn([1], 5))).toBeInstanceOf(RangeError);
    expect(thrown(() => live.copyIn(5 as never))).toBeInstanceOf(TypeError);
    expect(thrown(() => live.copyIn([1n] as never))).toBeInstanceOf(TypeError);
    expect([...live.getView()]).toEqual([7, 7, 7, 7]);
    live.copyIn([], 4); // empty at the end is fine
    live.free();
  });

  it('bigint kinds take bigints only, all or nothing', () => {
    const live = heap.alloc('u64', 3);
    live.copyIn([1n, 2n, 3n]);
    expect(thrown(() => live.copyIn([4n, 5, 6n] as never))).toBeInstanceOf(TypeError);
    expect([...live.getView()]).toEqual([1n, 2n, 3n]);
    live.copyIn(new BigUint64Array([2n ** 64n - 1n]), 2);
    expect(live.getView()[2]).toBe(2n ** 64n - 1n);
    live.free();
  });

  it('copyOut is a copy no growth or free can touch', () => {
    const live = heap.alloc('f32', 3);
    live.copyIn([1, 2, 3]);
    const copy = live.copyOut();
    live.free();
    heap.memory.grow(1);
    expect([...copy]).toEqual([1, 2, 3]);
  });
});

describe('resize()', () => {
  it('keeps the contents, zero-fills, and the next getView() follows a move', () => {
    const live = heap.alloc('u16', 3);
    live.copyIn([1, 2, 3]);
    const before = live.getView();
    live.resize(100_000); // large enough to move and grow memory
    expect(live.length).toBe(100_000);
    const after = live.getView();
    expect(after === before).toBe(false);
    expect([...after.subarray(0, 5)]).toEqual([1, 2, 3, 0, 0]);
    live.resize(2);
    expect([...live.getView()]).toEqual([1, 2]);
    expect(thrown(() => live.resize(-1))).toBeInstanceOf(RangeError);
    expect(thrown(() => live.resize(Number.NaN)).message).toContain('NaN');
    live.free();
    expect(thrown(() => live.resize(3))).toBeInstanceOf(StaleHandleError);
  });
});

describe('free() and disposal', () => {
  it('free() makes every later use throw StaleHandleError; free() again is a no-op', () => {
    const live = heap.alloc('f32', 4);
    const handle = live.handle;
    const before = heap.stats().liveHandles;
    live.free();
    expect(live.freed).toBe(true);
    expect(heap.stats().liveHandles).toBe(before - 1);
    expect(thrown(() => live.getView())).toBeInstanceOf(StaleHandleError);
    expect(thrown(() => live.length)).toBeInstanceOf(StaleHandleError);
    expect(thrown(() => live.copyOut())).toBeInstanceOf(StaleHandleError);
    expect(thrown(() => live.copyIn([1]))).toBeInstanceOf(StaleHandleError);
    expect(thrown(() => heap.view(handle))).toBeInstanceOf(StaleHandleError);
    expect(thrown(() => heap.getView(handle))).toBeInstanceOf(StaleHandleError);
    live.free();
  });

  it('free() through one LiveView of a JS-owned buffer retires the others', () => {
    const a = heap.alloc('u8', 2);
    const b = heap.view(a.handle, 'u8');
    expect(b.getView().byteOffset).toBe(a.getView().byteOffset);
    a.free();
    expect(thrown(() => b.getView())).toBeInstanceOf(StaleHandleError);
    b.free(); // the buffer is already gone: nothing to do
  });

  it('works with `using` and with [Symbol.dispose]', () => {
    let escaped: LiveView<'f32'> | undefined;
    {
      using live = heap.alloc('f32', 2);
      live.getView()[0] = 1;
      escaped = live;
    }
    expect(escaped.freed).toBe(true);
    expect(thrown(() => escaped!.getView())).toBeInstanceOf(StaleHandleError);
    const other = heap.alloc('i8', 1);
    const dispose = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('Symbol.dispose');
    (other as unknown as Record<symbol, () => void>)[dispose]();
    expect(other.freed).toBe(true);
  });
});

describe('Heap', () => {
  it('getView(handle) is a one-shot fresh view; view(handle, kind) checks the kind', () => {
    const live = heap.alloc('f64', 2);
    live.copyIn([0.5, 1.5]);
    const view = heap.getView(live.handle);
    expect(view).toBeInstanceOf(Float64Array);
    expect([...(view as Float64Array)]).toEqual([0.5, 1.5]);
    expect([...heap.getView(live.handle, 'f64')]).toEqual([0.5, 1.5]);
    expect(thrown(() => heap.getView(live.handle, 'f32'))).toBeInstanceOf(KindMismatchError);
    expect(thrown(() => heap.view(live.handle, 'u8'))).toBeInstanceOf(KindMismatchError);
    expect(heap.describe(live.handle)).toMatchObject({
      handle: live.handle,
      length: 2,
      kind: 'f64',
      owner: 'js',
    });
    live.free();
  });

  it('argument errors are TypeError / RangeError naming the value', () => {
    expect(thrown(() => heap.alloc('f33' as Kind, 1))).toBeInstanceOf(TypeError);
    expect(thrown(() => heap.alloc('f33' as Kind, 1)).message).toContain('"f33"');
    expect(thrown(() => heap.alloc(8 as unknown as Kind, 1))).toBeInstanceOf(TypeError);
    for (const bad of [-1, 1.5, Number.NaN, Infinity, 2 ** 32]) {
      const error = thrown(() => heap.alloc('f32', bad));
      expect(error).toBeInstanceOf(RangeError);
      expect(error.message).toContain(String(bad));
    }
    expect(thrown(() => heap.alloc('f32', '3' as unknown as number))).toBeInstanceOf(TypeError);
    expect(thrown(() => heap.view('1' as unknown as number))).toBeInstanceOf(TypeError);
    expect(thrown(() => heap.view(-1))).toBeInstanceOf(RangeError);
    expect(thrown(() => heap.reserve(-5)).message).toContain('-5');
    expect(thrown(() => heap.withoutGrowth(5 as never))).toBeInstanceOf(TypeError);
    expect(thrown(() => heap.onGrow(null as never))).toBeInstanceOf(TypeError);
  });

  it('running out of memory is an OutOfMemoryError (a WasmViewsError)', () => {
    const error = thrown(() => heap.reserve(2 ** 32));
    expect(error).toBeInstanceOf(OutOfMemoryError);
    expect(error).toBeInstanceOf(WasmViewsError);
    expect(error.name).toBe('OutOfMemoryError');
    expect(error.message).toBe('heap.reserve(): out of memory allocating 4294967296 bytes');
    const big = thrown(() => heap.alloc('u8', 2 ** 32 - 1));
    expect(big).toBeInstanceOf(OutOfMemoryError);
    // bytes = length x element size, computed by the facade from the core's status code
    expect(big.message).toBe(
      'heap.alloc(): out of memory allocating 4294967295 u8 elements (4294967295 bytes)',
    );
    const huge = thrown(() => heap.alloc('f64', 2 ** 30));
    expect(huge).toBeInstanceOf(RangeError);
    expect(huge.message).toBe(
      'heap.alloc(): 1073741824 f64 elements (8589934592 bytes) do not fit a 32-bit memory (at most 4294967295 bytes)',
    );
  });

  it('reserve() makes later allocations not grow memory', () => {
    heap.reserve(1 << 20);
    const pages = heap.stats().pages;
    const views = Array.from({ length: 8 }, () => heap.alloc('u8', 64 << 10));
    expect(heap.stats().pages).toBe(pages);
    for (const view of views) view.free();
  });

  it('stats() reports memory, handles and mode', () => {
    const stats = heap.stats();
    expect(stats.memoryBytes).toBe(heap.memory.buffer.byteLength);
    expect(stats.pages).toBe(stats.memoryBytes / 65536);
    expect(typeof stats.liveHandles).toBe('number');
    expect(typeof stats.growthEpoch).toBe('number');
    expect(stats.maximumPages === null || typeof stats.maximumPages === 'number').toBe(true);
    expect(stats).toMatchObject({ debug: false, resizable: false, shared: false });
    const live = heap.alloc('u8', 1);
    expect(heap.stats().liveHandles).toBe(stats.liveHandles + 1);
    live.free();
  });
});

describe('init / initSync', () => {
  it('repeated init()/initSync() give Heaps over the same instance', async () => {
    const again = initSync();
    const asynchronous = await init();
    expect(again.memory).toBe(heap.memory);
    expect(asynchronous.memory).toBe(heap.memory);
    const live = heap.alloc('u32', 1);
    live.copyIn([42]);
    expect([...asynchronous.view(live.handle, 'u32').getView()]).toEqual([42]);
    live.free();
  });

  it('resizable: true falls back silently where toResizableBuffer is missing, and says why', () => {
    const resizable = initSync({ resizable: true });
    const stats = resizable.stats();
    const memory = heap.memory as unknown as { toResizableBuffer?: unknown };
    if (typeof memory.toResizableBuffer !== 'function') {
      expect(stats.resizable).toBe(false);
      expect(stats.resizableReason).toContain('toResizableBuffer');
    }
    using live = resizable.alloc('f32', 2);
    live.copyIn([1, 2]);
    expect([...live.getView()]).toEqual([1, 2]);
  });

  it('options must be an object', () => {
    expect(thrown(() => initSync(5 as never))).toBeInstanceOf(TypeError);
  });
});
