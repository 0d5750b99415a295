// The methods the feature entries install over the core's stubs (feature.ts `implement`) have
// the shape of class methods, as the stubs they replace do: writable and configurable (so
// they can be patched or spied on, e.g. vi.spyOn(Heap.prototype, 'alloc')), not enumerable.
import { describe, expect, it } from 'vitest';
import { Heap, LiveView } from 'wasm-views';

describe('feature methods, installed', () => {
  it('are writable, configurable, non-enumerable functions on the prototypes, like getView', () => {
    const classMethod = { writable: true, enumerable: false, configurable: true };
    const installed = [
      [
        Heap.prototype,
        ['getView', 'alloc', 'reserve', 'onGrow', 'withoutGrowth', 'stats', 'describe'],
      ],
      [LiveView.prototype, ['getView', 'resize', 'copyIn', 'copyOut']],
    ] as const;
    for (const [prototype, names] of installed) {
      for (const name of names) {
        const { value, ...shape } = Object.getOwnPropertyDescriptor(prototype, name)!;
        expect(typeof value, name).toBe('function');
        expect(shape, name).toEqual(classMethod);
      }
    }
  });
});
