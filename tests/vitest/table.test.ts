// Edge cases of the descriptor table that the real core never produces on purpose, over a
// hand-made table (fake-core.ts).
import { describe, expect, it } from 'vitest';
import { BorrowError, bind, KindMismatchError, StaleHandleError, WasmViewsError } from 'wasm-views';
import { FakeCore } from './fake-core.js';

const PTR = 0;
const LENGTH = 1;
const KIND = 2;
const VERSION = 4;

function setup(state = 1) {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 4 });
  const core = new FakeCore(memory, 4);
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

describe('core errors are mapped by name', () => {
  it('BorrowError from free(): the LiveView stays usable', () => {
    const { core, handle, heap } = setup(2); // JS-owned
    core.exports.wasmViewsFree = () => {
      const error = new Error('handle is borrowed by Rust');
      error.name = 'BorrowError';
      throw error;
    };
    const live = heap.view(handle, 'f32');
    let caught: unknown;
    try {
      live.free();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BorrowError);
    expect((caught as Error).message).toBe('handle is borrowed by Rust');
    expect((caught as Error).cause).toBeInstanceOf(Error);
    expect(live.freed).toBe(false);
    expect(live.getView().length).toBe(4);
  });

  it('TypeError and RangeError from the core pass through unchanged', () => {
    const { core, heap } = setup();
    const original = new RangeError('length must be a whole number, got 1e99');
    core.exports.wasmViewsReserve = () => {
      throw original;
    };
    let caught: unknown;
    try {
      heap.reserve(5);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(original);
  });
});
