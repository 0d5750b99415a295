// Cases both Jest consumers (jest-default: node environment; jest-jsdom) run, the ones the
// repository's former root Jest suite (tests/jest/core.test.cjs) had and no consumer did:
// view caching, every kind's array type, zero-length buffers, forged handles and argument
// errors, copyIn bounds, Symbol.dispose, a bound third-party crate's Rust-owned buffers,
// debug mode, and bind()'s refusal of a module without the exports.
//
// Each project's test file calls this with its own require('wasm-views') and the fixture
// crate (build/fixture-node, `wasm-pack --target nodejs`): this file sits outside both
// projects, where require('wasm-views') would find another copy of the package.
// `test` and `expect` are Jest's globals of the calling test file.

function thrown(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** Defines the shared cases with `wasmViews` (the package as the project required it). */
module.exports = function sharedCases(wasmViews, fixture) {
  const {
    initSync,
    bind,
    StaleHandleError,
    KindMismatchError,
    GrowthError,
    OutOfMemoryError,
    WasmViewsError,
  } = wasmViews;
  const heap = initSync();

  test('alloc f32: getView is cached, rebuilt after growth, data kept', () => {
    const live = heap.alloc('f32', 4);
    live.copyIn([1, 2, 3, 4]);
    const first = live.getView();
    expect(first).toBeInstanceOf(Float32Array);
    expect(live.getView()).toBe(first);
    heap.memory.grow(1);
    expect(first.length).toBe(0);
    expect(Array.from(live.getView())).toEqual([1, 2, 3, 4]);
    live.free();
  });

  test('every kind has its array type; bigint kinds take bigints; f16 falls back to Uint16Array', () => {
    const types = {
      i8: Int8Array,
      u8: Uint8Array,
      u8c: Uint8ClampedArray,
      i16: Int16Array,
      u16: Uint16Array,
      i32: Int32Array,
      u32: Uint32Array,
      f16: globalThis.Float16Array ?? Uint16Array,
      f32: Float32Array,
      f64: Float64Array,
      i64: BigInt64Array,
      u64: BigUint64Array,
    };
    for (const [kind, Type] of Object.entries(types)) {
      const live = heap.alloc(kind, 2);
      // jsdom runs tests in a realm of its own: compare constructor names, not identity.
      expect(live.getView().constructor.name).toBe(Type.name);
      live.copyIn(kind === 'i64' || kind === 'u64' ? [1n, 2n] : [1, 2]);
      expect(live.copyOut().length).toBe(2);
      live.free();
    }
  });

  test('zero-length buffers work and are not rebuilt on every call', () => {
    const live = heap.alloc('u8', 0);
    const view = live.getView();
    expect(live.getView()).toBe(view);
    heap.memory.grow(1);
    expect(live.getView().length).toBe(0);
    live.free();
  });

  test('free then use; forged handles; argument errors', () => {
    const live = heap.alloc('u8', 1);
    const handle = live.handle;
    live.free();
    expect(thrown(() => live.getView())).toBeInstanceOf(StaleHandleError);
    expect(thrown(() => heap.view(handle))).toBeInstanceOf(StaleHandleError);
    expect(thrown(() => heap.view(0))).toBeInstanceOf(StaleHandleError);
    expect(thrown(() => heap.view(0xffffffff))).toBeInstanceOf(StaleHandleError);
    expect(thrown(() => heap.view(handle + 1))).toBeInstanceOf(StaleHandleError);
    expect(thrown(() => heap.alloc('nope', 1)).name).toBe('TypeError');
    expect(thrown(() => heap.alloc('f32', -3)).message).toContain('-3');
    expect(thrown(() => heap.reserve(2 ** 32))).toBeInstanceOf(OutOfMemoryError);
    expect(new StaleHandleError('x')).toBeInstanceOf(WasmViewsError);
  });

  test('copyIn bounds: RangeError, nothing written', () => {
    const live = heap.alloc('i32', 2);
    live.copyIn([5, 6]);
    expect(thrown(() => live.copyIn([1, 2], 1)).name).toBe('RangeError');
    expect(Array.from(live.getView())).toEqual([5, 6]);
    live.free();
  });

  test('Symbol.dispose frees', () => {
    const live = heap.alloc('f64', 1);
    live[Symbol.dispose ?? Symbol.for('Symbol.dispose')]();
    expect(live.freed).toBe(true);
    expect(thrown(() => live.getView())).toBeInstanceOf(StaleHandleError);
  });

  test('Rust-owned buffers of a bound module follow reallocation and drop', () => {
    const rust = bind(fixture);
    const samples = new fixture.Samples();
    samples.extend(2, 3);
    const live = rust.view(samples.handle, 'f32');
    const before = live.getView();
    samples.extend(50000, 1);
    expect(live.getView()).not.toBe(before);
    expect(live.length).toBe(50002);
    expect(live.getView()[0]).toBe(3);
    expect(thrown(() => rust.view(samples.handle, 'u8'))).toBeInstanceOf(KindMismatchError);
    samples.free();
    expect(thrown(() => live.getView())).toBeInstanceOf(StaleHandleError);
  });

  test('withoutGrowth, onGrow and debug mode', () => {
    const rust = bind(fixture);
    const events = [];
    const off = rust.onGrow((event) => events.push(event));
    expect(rust.withoutGrowth(() => 'ok')).toBe('ok');
    expect(thrown(() => rust.withoutGrowth(() => fixture.growMemory(1)))).toBeInstanceOf(
      GrowthError,
    );
    expect(events.length).toBe(1);
    off();

    // The fixture enables the crate's "js-buffers" feature, so JS-owned buffers live in the
    // user's module too (a module without it gets a TypeError naming the feature: Vitest's
    // table suite checks that wording).
    const owned = rust.alloc('u16', 2);
    owned.copyIn([7, 9]);
    expect(Array.from(owned.getView())).toEqual([7, 9]);
    owned.free();
    expect(thrown(() => owned.getView())).toBeInstanceOf(StaleHandleError);

    // Debug mode detaches the buffer after every call into wasm (a memory.grow(0)), so a raw
    // view kept across one reads as detached while getView() stays right.
    const debug = initSync({ debug: true });
    expect(debug.stats().debug).toBe(true);
    const live = debug.alloc('u16', 2);
    const raw = live.getView();
    const other = debug.alloc('u8', 1); // a call into wasm
    expect(raw.length).toBe(0);
    expect(live.getView().length).toBe(2);
    other.free();
    live.free();
  });

  test('bind() refuses a module without the exports, naming the fix', () => {
    const error = thrown(() => bind({}));
    expect(error.name).toBe('TypeError');
    expect(error.message).toContain('build it with the wasm-views crate as a dependency');
  });
};
