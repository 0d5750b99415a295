// bind(): what it accepts and how it refuses.
import { describe, expect, it } from 'vitest';
import { bind, layoutVersion, WasmViewsError } from 'wasm-views';
import { fixture, thrown } from './fixture.js';

/** A fake module whose table header says what we want: only the two exports bind() needs. */
function fakeModule(magic: number, version: number): Record<string, unknown> {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const words = new Uint32Array(memory.buffer);
  const table = 1024;
  words.set([magic, version, 256, 0, 0, 256, 32, 0], table / 4);
  return { wasmViewsMemory: () => memory, wasmViewsTable: () => table };
}

describe('bind()', () => {
  it('binds a module built with the crate; Heaps over one module share buffers', () => {
    const a = bind(fixture);
    const b = bind(fixture);
    expect(a.memory).toBe(b.memory);
    using live = a.alloc('i16', 2);
    live.copyIn([-1, 1]);
    expect([...b.view(live.handle, 'i16').getView()]).toEqual([-1, 1]);
  });

  it('a module without the wasmViews* exports: TypeError naming the fix', () => {
    const error = thrown(() =>
      bind({ memory: new WebAssembly.Memory({ initial: 1 }), add: () => 0 }),
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain('build it with the wasm-views crate as a dependency');
    expect(thrown(() => bind(null as never))).toBeInstanceOf(TypeError);
    expect(thrown(() => bind(42 as never))).toBeInstanceOf(TypeError);
    expect(thrown(() => bind(fixture, 'debug' as never))).toBeInstanceOf(TypeError);
  });

  it('needs only wasmViewsTable and wasmViewsMemory; with one of them: WasmViewsError naming the other', () => {
    expect(bind(fakeModule(0x54445657, layoutVersion)).stats().tableCapacity).toBe(256);
    const partial = fakeModule(0x54445657, layoutVersion);
    delete partial.wasmViewsMemory;
    const error = thrown(() => bind(partial));
    expect(error).toBeInstanceOf(WasmViewsError);
    expect(error.message).toContain('lacks wasmViewsMemory');
  });

  it('another layout version: WasmViewsError naming both versions and the fix', () => {
    const error = thrown(() => bind(fakeModule(0x54445657, layoutVersion + 1)));
    expect(error).toBeInstanceOf(WasmViewsError);
    // Both versions, in the header's order (magic, version, slots per chunk, entry bytes).
    expect(error.message).toBe(
      `bind(): the table at 1024 is not layout version ${layoutVersion} (magic, version, slots per chunk, entry bytes: 0x54445657,${layoutVersion + 1},256,32; expected 0x54445657,${layoutVersion},256,32): use matching versions of the wasm-views crate and npm package`,
    );
  });

  it('a tampered magic: WasmViewsError naming it', () => {
    const error = thrown(() => bind(fakeModule(0xdeadbeef, layoutVersion)));
    expect(error).toBeInstanceOf(WasmViewsError);
    expect(error.message).toContain('0xdeadbeef');
    expect(error.message).toContain(`layout version ${layoutVersion}`);
  });

  it('a real module whose table address is tampered with', () => {
    const table = fixture.wasmViewsTable as () => number;
    const error = thrown(() => bind({ ...fixture, wasmViewsTable: () => table() + 4 }));
    expect(error).toBeInstanceOf(WasmViewsError);
  });

  it('a module that is not initialized yet: TypeError saying so', () => {
    const fake = fakeModule(0x54445657, layoutVersion);
    fake.wasmViewsMemory = () => {
      throw new TypeError("Cannot read properties of undefined (reading 'wasmViewsMemory')");
    };
    const error = thrown(() => bind(fake));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain('initialized');
  });
});
