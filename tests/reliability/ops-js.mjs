// Storm operations on JS-owned buffers and on views: alloc, free, resize, writes and reads
// through getView(), copyIn / copyOut, one-shot heap.getView(), reserve + alloc, and second
// LiveViews of a buffer. Each: its fast-check arguments, when it applies, and what it does
// to the world and to the model (world.mjs).
import fc from 'fast-check';
import {
  BYTE_BUDGET,
  HAS_F16,
  kind,
  lengthArb,
  onBuffer,
  pick,
  seeds,
  values,
} from './arbitraries.mjs';
import {
  KINDS,
  KIND_BYTES,
  LAYOUT,
  arrayOf,
  countError,
  elements,
  expectError,
  fail,
  firstDifference,
  isBigintKind,
  newElements,
  readEntry,
  toNumber,
  valueFor,
  viewBytes,
} from './common.mjs';

/** The bits a Float16Array stores for each number of `source`. */
const halfBits = (source) => new Uint16Array(globalThis.Float16Array.from(source, Number).buffer);

/** name -> { weight, args, when?, run }. */
export const OPS_JS = {
  alloc: {
    weight: 10,
    args: { kind, len: lengthArb },
    when: (w, a) => w.totalBytes() + a.len * KIND_BYTES[a.kind] <= BYTE_BUDGET,
    run(w, a) {
      const lv = w.heap.alloc(KINDS[a.kind], a.len);
      const b = w.add('js', a.kind, lv.handle, lv, null);
      b.setLength(a.len);
      w.touched = b;
    },
  },
  burst: {
    // Many small buffers at once: the table grows past its first chunk of 256 slots.
    weight: 1,
    args: { kind, n: fc.integer({ min: 1, max: 300 }), len: fc.nat(3) },
    when: (w) => w.buffers.length < 600,
    run(w, a) {
      for (let i = 0; i < a.n; i++) {
        const code = (a.kind + i) % 12;
        const lv = w.heap.alloc(KINDS[code], a.len);
        w.add('js', code, lv.handle, lv, null).setLength(a.len);
      }
    },
  },
  free: onBuffer('js', 5, {}, (w, b) => {
    b.views[0].free();
    w.kill(b);
  }),
  resize: onBuffer('js', 6, { len: lengthArb }, (w, b, a) => {
    if (w.totalBytes() + (a.len - b.length) * b.size > BYTE_BUDGET) return;
    b.views[a.pick % b.views.length].resize(a.len);
    b.setLength(a.len);
    w.touched = b;
  }),
  write: {
    weight: 14,
    args: { pick, index: fc.nat(1 << 20), ...seeds },
    when: (w) => w.buffers.some((b) => b.length > 0),
    run(w, a) {
      const list = w.buffers.filter((b) => b.length > 0);
      const b = list[a.pick % list.length];
      const index = a.index % b.length;
      const value = valueFor(b.code, a.int, a.dbl);
      const view = b.views[a.pick % b.views.length].getView();
      elements(b.code, view.buffer, view.byteOffset, view.length)[index] = value;
      b.set(index, value);
      w.touched = b;
    },
  },
  read: {
    weight: 6,
    args: { pick, index: fc.nat(1 << 20) },
    when: (w) => w.buffers.some((b) => b.length > 0),
    run(w, a) {
      const list = w.buffers.filter((b) => b.length > 0);
      const b = list[a.pick % list.length];
      const index = a.index % b.length;
      const view = b.views[a.pick % b.views.length].getView();
      const got = elements(b.code, view.buffer, view.byteOffset, view.length)[index];
      const want = elements(b.code, b.bytes.buffer, 0, b.length)[index];
      if (!Object.is(got, want)) fail(`read: #${b.id}[${index}] is ${got}, the model has ${want}`);
    },
  },
  copyIn: onBuffer(
    undefined,
    8,
    { offset: fc.nat(1 << 20), count: fc.nat(40), form: fc.nat(5), ...seeds },
    (w, b, a) => {
      const lv = b.views[a.pick % b.views.length];
      const len = b.length;
      const offset = len === 0 ? 0 : a.offset % (len + 1);
      const count = Math.min(a.count, len - offset);
      const vals = values(b.code, count, a.int, a.dbl);
      let source;
      switch (a.form) {
        case 0: // a plain array
          source = vals;
          break;
        case 1: // a typed array of the same kind
        case 2:
          source = arrayOf(b.code).from(vals);
          break;
        case 3: {
          // a typed array of another kind: set() converts each element as a store would
          const other = isBigintKind(b.code) ? (b.code === 10 ? 11 : 10) : [9, 5, 8, 1][a.int & 3];
          source = newElements(other, count);
          for (let i = 0; i < count; i++)
            source[i] = isBigintKind(other) ? vals[i] : toNumber(vals[i]);
          break;
        }
        case 4: {
          // invalid: does not fit, bad offset or wrong element type; nothing may be written
          const which = (a.int >>> 0) % 4;
          const name =
            which === 0
              ? expectError(
                  () => lv.copyIn(values(b.code, len - offset + 1, a.int, a.dbl), offset),
                  'RangeError',
                  'copyIn too long',
                )
              : which === 1
                ? expectError(
                    () => lv.copyIn([], len + 1 + (a.offset % 5)),
                    'RangeError',
                    'copyIn offset past the end',
                  )
                : which === 2
                  ? expectError(
                      () => lv.copyIn([], [-1, 0.5, NaN][a.offset % 3]),
                      'RangeError',
                      'copyIn bad offset',
                    )
                  : len === 0
                    ? expectError(() => lv.copyIn(null), 'TypeError', 'copyIn null')
                    : expectError(
                        () => lv.copyIn(isBigintKind(b.code) ? [1] : [1n], 0),
                        'TypeError',
                        'copyIn wrong element type',
                      );
          countError(w.c, name);
          return;
        }
        default:
          return;
      }
      lv.copyIn(source, offset);
      // Where the engine has Float16Array, an f16 buffer's view is one: copyIn stores each
      // source element as a number rounded to half precision, not as the bits the model's
      // values are. The model stores what such a view stores.
      const stored = b.code === 7 && HAS_F16 ? halfBits(source) : source;
      const model = elements(b.code, b.bytes.buffer, 0, len);
      for (let i = 0; i < count; i++) model[offset + i] = stored[i];
      w.touched = b;
    },
  ),
  copyOut: onBuffer(undefined, 4, {}, (w, b, a) => {
    const copy = b.views[a.pick % b.views.length].copyOut();
    if (copy.length !== b.length)
      fail(`copyOut of #${b.id}: ${copy.length} elements, the model has ${b.length}`);
    const bytes = b.bytes.slice();
    if (firstDifference(viewBytes(copy), bytes) >= 0)
      fail(`copyOut of #${b.id} differs from the model`);
    w.copies.push({ copy, bytes });
    if (w.copies.length > 6) w.copies.shift();
  }),
  oneShot: onBuffer(undefined, 3, {}, (w, b, a) => {
    const view = a.pick & 1 ? w.heap.getView(b.handle, KINDS[b.code]) : w.heap.getView(b.handle);
    if (view.length !== b.length || firstDifference(viewBytes(view), b.bytes) >= 0)
      fail(`heap.getView(#${b.id}) differs from the model`);
    // heap.describe() is read by the facade from the table: it must say what this reader says.
    const entry = readEntry(w.memory.buffer, w.table, b.handle);
    const info = w.heap.describe(b.handle);
    const want = {
      handle: b.handle,
      slot: b.handle & LAYOUT.slotMask,
      generation: b.handle >>> LAYOUT.slotBits,
      ptr: entry.ptr,
      length: entry.length,
      byteLength: entry.length * b.size,
      kind: KINDS[entry.kind],
      owner: b.owner,
    };
    for (const [key, value] of Object.entries(want)) {
      // ptr may dangle (and so be anything) when the buffer is empty.
      if (info[key] !== value && !(key === 'ptr' && b.length === 0))
        fail(`heap.describe(#${b.id}).${key} is ${info[key]}; the table says ${value}`);
    }
  }),
  reserve: {
    weight: 2,
    args: { kind, len: fc.nat(30000) },
    when: (w, a) => w.totalBytes() + a.len * KIND_BYTES[a.kind] <= BYTE_BUDGET,
    run(w, a) {
      // The promise of reserve(bytes): a later allocation of that size does not grow memory.
      const bytes = a.len * KIND_BYTES[a.kind];
      w.heap.reserve(bytes);
      let lv;
      try {
        lv = w.heap.withoutGrowth(() => w.heap.alloc(KINDS[a.kind], a.len));
      } catch (error) {
        if (error.name === 'GrowthError')
          fail(`reserve(${bytes}) then alloc of ${bytes} bytes grew memory`);
        throw error;
      }
      const b = w.add('js', a.kind, lv.handle, lv, null);
      b.setLength(a.len);
    },
  },
  alias: onBuffer(undefined, 3, { typed: fc.boolean() }, (w, b, a) => {
    if (b.views.length >= 4) return;
    b.views.push(a.typed ? w.heap.view(b.handle, KINDS[b.code]) : w.heap.view(b.handle));
  }),
  retireAlias: {
    weight: 2,
    args: { pick },
    when: (w) => w.buffers.some((b) => b.views.length > 1),
    run(w, a) {
      const list = w.buffers.filter((b) => b.views.length > 1);
      const b = list[a.pick % list.length];
      const i = 1 + (a.pick % (b.views.length - 1));
      const lv = b.views[i];
      lv.free(); // JS-owned: frees the buffer for every LiveView; otherwise retires only this one
      if (b.owner === 'js') {
        w.kill(b);
      } else {
        b.views.splice(i, 1);
        w.dead.push({ lv, handle: b.handle, bufferLive: true });
      }
    },
  },
};
