// wasm-views/bind alone (no feature entry in this file's module graph, as in core-only.test.ts):
// the core's one call into an export, free() of a JS-owned buffer, has no status decoder
// (status.ts comes with the feature entries that call exports), so a failing status is named
// by its number, as a WasmViewsError.
import { describe, expect, it } from 'vitest';
import { bind, WasmViewsError } from 'wasm-views/bind';
import { FakeCore } from './fake-core.js';
import { thrown } from './fixture.js';

describe('a failing status with the core alone', () => {
  it('free() whose export reports borrowed or out of memory: WasmViewsError naming the status', () => {
    for (const status of [7, 3]) {
      const core = new FakeCore(new WebAssembly.Memory({ initial: 1 }));
      const handle = core.register(5, 8, 4, 2); // f32 x 4, JS-owned
      core.exports.wasmViewsFree = () => status;
      const live = bind(core.exports).view(handle, 'f32');
      const error = thrown(() => live.free());
      expect(error).toBeInstanceOf(WasmViewsError);
      expect(error.message).toBe(`LiveView.free(): status ${status}`);
    }
  });
});
