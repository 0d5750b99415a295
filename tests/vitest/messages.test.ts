// The exact text of every argument error and of the errors built from the table (issue 14:
// StrykerJS found that tests matched only fragments, so a message that lost its subject, its
// range or its fix still passed). Each expectation is the whole message.
import { describe, expect, it } from 'vitest';
import {
  bind,
  BorrowError,
  GrowthError,
  initSync,
  KindMismatchError,
  OutOfMemoryError,
  StaleHandleError,
  WasmViewsError,
  type Kind,
} from 'wasm-views';
import { FakeCore } from './fake-core.js';
import { fixture, thrown } from './fixture.js';

const U32 = 'an integer from 0 to 4294967295';

/** `message` of what `fn` throws, checked to be an instance of `Type`. */
function message(fn: () => unknown, Type: abstract new (...args: never[]) => Error): string {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(Type);
  return error.message;
}

describe('argument errors name the argument, the range and the value', () => {
  const heap = initSync();

  it('lengths, handles, byte counts and offsets', () => {
    expect(message(() => heap.alloc('f32', -1), RangeError)).toBe(`length must be ${U32}, got -1`);
    expect(message(() => heap.alloc('f32', 1n as never), TypeError)).toBe(
      `length must be ${U32}, got 1n`,
    );
    expect(message(() => heap.alloc('f32', [1] as never), TypeError)).toBe(
      `length must be ${U32}, got [object Array]`,
    );
    expect(message(() => heap.alloc('f32', (() => 1) as never), TypeError)).toBe(
      `length must be ${U32}, got [object Function]`,
    );
    expect(message(() => heap.alloc('f32', null as never), TypeError)).toBe(
      `length must be ${U32}, got null`,
    );
    expect(message(() => heap.view(-1), RangeError)).toBe(`handle must be ${U32}, got -1`);
    expect(message(() => heap.reserve(-5), RangeError)).toBe(
      'bytes must be an integer from 0 to 9007199254740991, got -5',
    );
    const live = heap.alloc('u8', 4);
    expect(message(() => live.resize(0.5), RangeError)).toBe(`length must be ${U32}, got 0.5`);
    expect(message(() => live.copyIn([1], 5), RangeError)).toBe(
      'copyIn: offset must be an integer from 0 to 4, got 5',
    );
    live.free();
  });

  it('kinds, functions and objects', () => {
    expect(message(() => heap.alloc('f33' as Kind, 1), TypeError)).toBe(
      'kind must be one of i8, u8, u8c, i16, u16, i32, u32, f16, f32, f64, i64, u64, got "f33"',
    );
    expect(message(() => heap.withoutGrowth(5 as never), TypeError)).toBe(
      'withoutGrowth: fn must be a function, got 5',
    );
    expect(message(() => heap.onGrow('f' as never), TypeError)).toBe(
      'onGrow: listener must be a function, got "f"',
    );
    expect(message(() => bind(5 as never), TypeError)).toBe(
      'bind(): the module must be an object, got 5',
    );
    expect(message(() => initSync(5 as never), TypeError)).toBe(
      'initSync(): options must be an object, got 5',
    );
    expect(message(() => bind(fixture, 5 as never), TypeError)).toBe(
      'bind(): options must be an object, got 5',
    );
    // A function is an object here (module namespaces and CommonJS exports can be functions).
    expect(message(() => bind(() => 0), TypeError)).toBe(
      'bind(): the module lacks wasmViewsTable and wasmViewsMemory: build it with the wasm-views crate as a dependency',
    );
  });

  it('copyIn: the source, its fit and its elements', () => {
    const live = heap.alloc('f32', 4);
    const i64 = heap.alloc('i64', 2);
    const notArray = 'copyIn: source must be array-like, got';
    expect(message(() => live.copyIn('12' as never), TypeError)).toBe(`${notArray} "12"`);
    expect(message(() => live.copyIn({} as never), TypeError)).toBe(`${notArray} [object Object]`);
    expect(message(() => live.copyIn(null as never), TypeError)).toBe(`${notArray} null`);
    expect(message(() => live.copyIn([1, 2, 3], 2), RangeError)).toBe(
      'copyIn: 3 elements at offset 2 overflow length 4',
    );
    expect(message(() => live.copyIn([1, 2n as never]), TypeError)).toBe(
      'copyIn: element 1 must be a number (f32), got 2n',
    );
    expect(message(() => i64.copyIn([1n, 2 as never]), TypeError)).toBe(
      'copyIn: element 1 must be a bigint (i64), got 2',
    );
    expect([...live.getView()]).toEqual([0, 0, 0, 0]);
    expect([...i64.getView()]).toEqual([0n, 0n]);
    live.free();
    i64.free();
  });

  it('a freed LiveView says so, also from resize()', () => {
    const live = heap.alloc('u8', 1);
    const freed = `handle ${live.handle} (slot ${live.handle & 0xfffff}, generation ${live.handle >>> 20}): this LiveView was freed`;
    live.free();
    expect(message(() => live.getView(), StaleHandleError)).toBe(freed);
    expect(message(() => live.resize(2), StaleHandleError)).toBe(freed);
  });

  it('withoutGrowth: the sizes before and after', () => {
    const before = heap.memory.buffer.byteLength;
    const error = thrown(() => heap.withoutGrowth(() => heap.memory.grow(1)));
    expect(error).toBeInstanceOf(GrowthError);
    expect(error.message).toBe(
      `withoutGrowth: memory grew from ${before} to ${before + 65536} bytes`,
    );
  });
});

describe('errors', () => {
  it('every class has its own name', () => {
    const classes = {
      WasmViewsError,
      StaleHandleError,
      KindMismatchError,
      OutOfMemoryError,
      BorrowError,
    };
    for (const [name, Class] of Object.entries(classes)) {
      const error = new Class('m');
      expect(error.name).toBe(name);
      expect(String(error)).toBe(`${name}: m`);
    }
    expect(new GrowthError('m', 1, 2).name).toBe('GrowthError');
  });
});

describe('bind() and the table', () => {
  it('a module with one of the two exports needs another crate version', () => {
    expect(message(() => bind({ wasmViewsTable: () => 8 }), WasmViewsError)).toBe(
      'bind(): the module lacks wasmViewsMemory: use matching versions of the wasm-views crate and npm package',
    );
  });

  it('a module whose call fails: the TypeError keeps the cause', () => {
    const cause = new Error('not initialized');
    const error = thrown(() =>
      bind({
        wasmViewsTable: () => 8,
        wasmViewsMemory: () => {
          throw cause;
        },
      }),
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(error.cause).toBe(cause);
  });

  it('wasmViewsMemory() that is not a Memory', () => {
    for (const memory of [{}, { grow() {} }, null]) {
      expect(
        message(() => bind({ wasmViewsTable: () => 8, wasmViewsMemory: () => memory }), TypeError),
      ).toBe('bind(): wasmViewsMemory() returned no WebAssembly.Memory');
    }
  });

  it('a table address that is not one', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    for (const [address, shown] of [
      ['8', '"8"'],
      [6, '6'],
      [65536 - 28, '65508'],
    ] as const) {
      expect(
        message(
          () => bind({ wasmViewsTable: () => address, wasmViewsMemory: () => memory }),
          WasmViewsError,
        ),
      ).toBe(`bind(): no table at ${shown}`);
    }
  });

  it('a table header that ends memory is read (and here is no table)', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    expect(
      message(
        () => bind({ wasmViewsTable: () => 65536 - 32, wasmViewsMemory: () => memory }),
        WasmViewsError,
      ),
    ).toMatch(/^bind\(\): the table at 65504 is not layout version 1 /);
  });

  it('another layout: the message lists what it found and what it expected', () => {
    const core = new FakeCore(new WebAssembly.Memory({ initial: 1 }));
    core.words()[1024 / 4 + 1] = 2;
    expect(message(() => bind(core.exports), WasmViewsError)).toBe(
      'bind(): the table at 1024 is not layout version 1 (magic, version, slots per chunk, entry bytes: 0x54445657,2,256,32; expected 0x54445657,1,256,32): use matching versions of the wasm-views crate and npm package',
    );
  });

  it('stale, forged and mismatched handles: why, in full', () => {
    const core = new FakeCore(new WebAssembly.Memory({ initial: 1 }));
    const handle = core.register(3, 8, 4); // f32 x 4
    const heap = bind(core.exports);
    expect(message(() => heap.view(3), StaleHandleError)).toBe(
      'handle 3 (slot 3, generation 0) is not live: generation 0 is never issued (freed, forged, or not a handle)',
    );
    expect(message(() => heap.view((1 << 20) | 300), StaleHandleError)).toBe(
      'handle 1048876 (slot 300, generation 1) is not live: the table has 256 slots (forged, or from another module)',
    );
    expect(message(() => heap.view((1 << 20) | 256), StaleHandleError)).toBe(
      'handle 1048832 (slot 256, generation 1) is not live: the table has 256 slots (forged, or from another module)',
    );
    expect(message(() => heap.view(handle, 'i8'), KindMismatchError)).toBe(
      'handle 1048579 (slot 3, generation 1) is a f32 buffer, not i8',
    );
    expect(message(() => heap.view(handle, 'u8'), KindMismatchError)).toBe(
      'handle 1048579 (slot 3, generation 1) is a f32 buffer, not u8',
    );
    const live = heap.view(handle, 'f32');
    const w = core.words();
    w[core.entry(3) + 2] = 1; // now u8
    w[core.entry(3) + 4] += 2;
    expect(message(() => live.getView(), KindMismatchError)).toBe(
      'handle 1048579 (slot 3, generation 1) is a u8 buffer, not f32',
    );
    w[core.entry(3) + 2] = 12; // a kind this package does not know
    w[core.entry(3) + 4] += 2;
    expect(message(() => heap.view(handle, 'f32'), KindMismatchError)).toBe(
      'handle 1048579 (slot 3, generation 1) is a kind code 12 buffer, not f32',
    );
    w[core.entry(3) + 2] = 8;
    w[core.entry(3)] = 65536 - 8; // f32 x 4 from 8 bytes before the end
    w[core.entry(3) + 4] += 2;
    expect(message(() => heap.getView(handle), WasmViewsError)).toBe(
      'corrupt descriptor: 4 elements of 4 bytes at 65528 do not fit a 65536-byte memory',
    );
  });
});
