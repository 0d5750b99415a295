// Edge cases of the descriptor table that the real core never produces on purpose, over a
// hand-made table (fake-core.ts).
import { describe, expect, it } from 'vitest';
import {
  BorrowError,
  bind,
  KindMismatchError,
  OutOfMemoryError,
  StaleHandleError,
  WasmViewsError,
} from 'wasm-views';
import { FakeCore, KIND, LENGTH, PTR, VERSION } from './fake-core.js';
import { thrown } from './fixture.js';

function setup(state = 1) {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 4 });
  const core = new FakeCore(memory);
  const handle = core.register(5, 8, 4, state); // f32 x 4
  return { memory, core, handle, entry: core.entry(5), heap: bind(core.exports) };
}

describe('descriptor changes seen by getView()', () => {
  it('a kind change (with a version bump) is a KindMismatchError', () => {
    const { core, handle, entry, heap } = setup();
    const live = heap.view(handle, 'f32');
    live.getView();
    const w = core.words();
    w[entry + KIND] = 1; // u8
    w[entry + VERSION] += 2;
    expect(() => live.getView()).toThrow(KindMismatchError);
    expect(heap.view(handle).kind).toBe('u8');
  });

  it('an unchanged version means an unchanged view: no re-read of ptr or length', () => {
    const { core, handle, entry, heap } = setup();
    const live = heap.view(handle, 'f32');
    const view = live.getView();
    core.words()[entry + LENGTH] = 2; // a writer that forgets the version bump
    expect(live.getView()).toBe(view);
    core.words()[entry + VERSION] += 2;
    expect(live.getView().length).toBe(2);
  });

  it('an entry whose version stays odd (being written, forever) is a WasmViewsError, not a hang', () => {
    const { core, handle, entry, heap } = setup();
    const live = heap.view(handle, 'f32');
    core.words()[entry + VERSION] += 1; // a writer that never finishes
    expect(() => live.getView()).toThrow(/never settled/);
    core.words()[entry + VERSION] += 1; // it finishes
    expect(live.getView().length).toBe(4);
  });

  it('a descriptor pointing outside memory is a WasmViewsError, not a read', () => {
    const { core, handle, entry, heap } = setup();
    const live = heap.view(handle, 'f32');
    const w = core.words();
    w[entry + PTR] = 65536 - 8; // 4 f32s would end 8 bytes past the end
    w[entry + VERSION] += 2;
    const error = (() => {
      try {
        live.getView();
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(WasmViewsError);
    expect(error).not.toBeInstanceOf(StaleHandleError);
  });

  it('a misaligned pointer is refused too', () => {
    const { core, handle, entry, heap } = setup();
    const live = heap.view(handle, 'f32');
    const w = core.words();
    w[entry + PTR] += 2;
    w[entry + VERSION] += 2;
    expect(() => live.getView()).toThrow(WasmViewsError);
  });
});

describe('status codes of the exports become errors built from what the facade knows', () => {
  it('BorrowError from free(): names the handle, slot and generation; the LiveView stays usable', () => {
    const { core, handle, heap } = setup(2); // JS-owned
    core.exports.wasmViewsFree = () => 7; // STATUS_BORROWED
    const live = heap.view(handle, 'f32');
    const error = thrown(() => live.free());
    expect(error).toBeInstanceOf(BorrowError);
    expect(error.message).toBe(
      `LiveView.free(): handle ${handle} (slot 5, generation 1) is borrowed by a running Rust call`,
    );
    expect(live.freed).toBe(false);
    expect(live.getView().length).toBe(4);
  });

  it('alloc(): out of memory and too large carry the length, kind and bytes', () => {
    const { core, heap } = setup();
    core.exports.wasmViewsAlloc = () => 3; // STATUS_OUT_OF_MEMORY
    const oom = thrown(() => heap.alloc('f64', 1000));
    expect(oom).toBeInstanceOf(OutOfMemoryError);
    expect(oom.message).toBe(
      'heap.alloc(): out of memory allocating 1000 f64 elements (8000 bytes)',
    );
    core.exports.wasmViewsAlloc = () => 4; // STATUS_TOO_LARGE
    const large = thrown(() => heap.alloc('u32', 2 ** 31));
    expect(large).toBeInstanceOf(RangeError);
    expect(large.message).toBe(
      'heap.alloc(): 2147483648 u32 elements (8589934592 bytes) do not fit a 32-bit memory (at most 4294967295 bytes)',
    );
    core.exports.wasmViewsAlloc = () => 5; // STATUS_UNKNOWN_KIND
    expect(thrown(() => heap.alloc('f16', 1)).message).toContain('has no kind f16');
    core.exports.wasmViewsAlloc = () => 99;
    expect(thrown(() => heap.alloc('u8', 1)).message).toBe('heap.alloc(): status 99');
  });

  it('resize() of a Rust-owned buffer: TypeError naming its owner', () => {
    const { core, handle, heap } = setup(1);
    core.exports.wasmViewsResize = () => 6; // STATUS_WRONG_OWNER
    const error = thrown(() => heap.view(handle, 'f32').resize(8));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(
      `LiveView.resize(): handle ${handle} (slot 5, generation 1) is rust-owned, not from heap.alloc()`,
    );
    core.exports.wasmViewsResize = () => 3; // STATUS_OUT_OF_MEMORY: bytes = length x 4
    expect(thrown(() => heap.view(handle, 'f32').resize(8)).message).toBe(
      'LiveView.resize(): out of memory allocating 8 f32 elements (32 bytes)',
    );
  });

  it('a stale status says why, from the entry', () => {
    const { core, handle, heap } = setup(2);
    const live = heap.view(handle, 'f32');
    core.exports.wasmViewsResize = () => {
      core.release(5, 2);
      return 1; // STATUS_STALE_HANDLE
    };
    const error = thrown(() => live.resize(1));
    expect(error).toBeInstanceOf(StaleHandleError);
    expect(error.message).toBe(`handle ${handle} (slot 5, generation 1) is not live: freed`);
  });

  it('an error thrown by an export (a trap) passes through unchanged', () => {
    const { core, heap } = setup();
    const original = new WebAssembly.RuntimeError('unreachable');
    core.exports.wasmViewsReserve = () => {
      throw original;
    };
    expect(thrown(() => heap.reserve(5))).toBe(original);
  });
});

describe("exports of the crate's optional features", () => {
  it('a method whose export is missing: TypeError naming the export and the Cargo feature', () => {
    const { core, handle, heap } = setup(2);
    expect(thrown(() => heap.alloc('u8', 1)).message).toBe(
      'heap.alloc() needs the module\'s wasmViewsAlloc: build it with features = ["js-buffers"] of the wasm-views crate',
    );
    delete core.exports.wasmViewsReserve;
    const reserve = thrown(() => heap.reserve(1));
    expect(reserve).toBeInstanceOf(TypeError);
    expect(reserve.message).toContain('wasmViewsReserve');
    expect(reserve.message).toContain('features = ["reserve"]');
    delete core.exports.wasmViewsResize;
    delete core.exports.wasmViewsFree;
    const live = heap.view(handle, 'f32');
    expect(thrown(() => live.resize(1)).message).toContain('LiveView.resize() needs');
    expect(thrown(() => live.free()).message).toContain('LiveView.free() needs');
    expect(live.getView().length).toBe(4); // reading needs no export
  });
});

describe('released buffers', () => {
  it('a buffer its Rust owner released: the message names LiveVec::replace', () => {
    const { core, handle, heap } = setup(1);
    const live = heap.view(handle, 'f32');
    core.release(5, 1);
    const error = thrown(() => live.getView());
    expect(error).toBeInstanceOf(StaleHandleError);
    expect(error.message).toBe(
      `handle ${handle} (slot 5, generation 1) is not live: its LiveVec was dropped or replaced (LiveVec::replace keeps handles)`,
    );
    expect(thrown(() => heap.getView(handle)).message).toContain('LiveVec::replace');
  });

  it('a raw registration, and a slot reused since', () => {
    const { core, handle, heap } = setup(3);
    core.release(5, 3);
    expect(thrown(() => heap.describe(handle)).message).toBe(
      `handle ${handle} (slot 5, generation 1) is not live: raw registration released`,
    );
    const again = core.register(5, 8, 4); // generation 1 again in the fake: make it 2
    core.words()[core.entry(5) + 3] = 2;
    expect(again).toBe(handle);
    expect(thrown(() => heap.view(handle)).message).toBe(
      `handle ${handle} (slot 5, generation 1) is not live: its slot is at generation 2 now`,
    );
  });
});

describe('describe() and stats() read the table', () => {
  it('describe(): the entry as HandleInfo', () => {
    const { core, handle, heap } = setup(3);
    expect(heap.describe(handle)).toEqual({
      handle,
      slot: 5,
      generation: 1,
      ptr: core.words()[core.entry(5)],
      length: 4,
      byteLength: 16,
      kind: 'f32',
      owner: 'raw',
    });
  });

  it("stats(): the header's live handles, capacity and epoch", () => {
    const { core, memory, heap } = setup();
    const header = 1024 / 4;
    core.words().set([7, 3], header + 3); // epoch 7, 3 live
    expect(heap.stats()).toMatchObject({
      memoryBytes: memory.buffer.byteLength,
      pages: 1,
      liveHandles: 3,
      tableCapacity: 256,
      growthEpoch: 7,
    });
  });
});
