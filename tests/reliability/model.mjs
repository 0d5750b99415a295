// The growth storm: model-based tests of the built package (fast-check).
//
// Random sequences of operations run against a fresh instance of the reliability fixture,
// bound with the package's `bind()`: JS-owned buffers (alloc, free, resize, write, copyIn,
// copyOut, reserve), Rust-owned LiveVecs of every kind (push, extend, resize, truncate,
// clear, reserve, shrink, move, drop), raw registrations (register, move, release), Rust
// borrows of JS-owned buffers (also held across a call back into JavaScript), memory growth
// from JavaScript and from Rust (also inside withoutGrowth and inside a callback from Rust),
// second LiveViews of the same buffer, stale handles, kind and owner mismatches.
//
// After every step the whole state is checked against a plain JavaScript model holding the
// expected bytes of every buffer:
// - every LiveView's getView() is over the current memory.buffer (never detached, never
//   stale), at the address and length the descriptor table says (read independently, from
//   crate/LAYOUT.md), and holds exactly the model's bytes;
// - live buffers do not overlap each other or the table; the core's live handle count is
//   the model's; the growth epoch moved exactly when memory grew; copyOut() copies taken
//   earlier are untouched; onGrow events chain without gaps;
// - the buffer an operation touched is also checksummed by Rust (what Rust reads is what
//   JavaScript wrote).
// At the end of a run everything is released and the live handle count must be back to
// zero (a leak fails the run). A failing run is shrunk by fast-check to a minimal sequence.
import fc from 'fast-check';
import { bind } from 'wasm-views';
import {
  ENTRY,
  KIND_BYTES,
  KINDS,
  LAYOUT,
  OWNER_STATE,
  STATE,
  arrayOf,
  counters,
  countError,
  countStatus,
  elements,
  expectError,
  expectStatus,
  fail,
  firstDifference,
  fnv1a,
  isBigintKind,
  newElements,
  readEntry,
  readHeader,
  readSlot,
  tableRanges,
  toNumber,
  valueFor,
} from './common.mjs';
import { loadFixture } from './fixture.mjs';

const HAS_F16 = typeof globalThis.Float16Array === 'function';
/** Model bytes a run may hold at once (every step compares all of them). */
const BYTE_BUDGET = 256 * 1024;
const PAGE = 65536;

/** One buffer as the model knows it. */
class ModelBuffer {
  constructor(id, owner, code, handle, live, rust) {
    this.id = id;
    this.owner = owner; // 'js' | 'rust' | 'raw'
    this.code = code;
    this.handle = handle;
    this.views = [live]; // LiveViews of it: views[0] made at creation, the rest aliases
    this.rust = rust; // RustBuf or Raw object (Rust-side owner), or null
    this.bytes = new Uint8Array(0);
  }
  get size() {
    return KIND_BYTES[this.code];
  }
  get length() {
    return this.bytes.length / this.size;
  }
  /** Replaces the model contents with `length` elements: the old prefix, then zero or `fill`. */
  setLength(length, fill) {
    const bytes = new Uint8Array(length * this.size);
    bytes.set(this.bytes.subarray(0, Math.min(bytes.length, this.bytes.length)));
    const old = this.length;
    this.bytes = bytes;
    if (fill !== undefined && length > old) {
      const el = elements(this.code, bytes.buffer, 0, length);
      for (let i = old; i < length; i++) el[i] = fill;
    }
  }
  set(index, value) {
    elements(this.code, this.bytes.buffer, 0, this.length)[index] = value;
  }
  fillAll(value) {
    elements(this.code, this.bytes.buffer, 0, this.length).fill(value);
  }
}

/** The system under test plus its model, for one run. */
export class World {
  constructor(c, { variant = 'node' } = {}) {
    this.c = c;
    this.fx = loadFixture(variant);
    c.instances++;
    this.heap = bind(this.fx);
    this.memory = this.heap.memory;
    this.table = this.fx.wasmViewsTable();
    this.buffers = [];
    this.dead = []; // { lv, handle, bufferLive } retired LiveViews / released handles
    this.copies = []; // { copy, bytes } copyOut() results that must never change
    this.nextId = 1;
    this.lastBuffer = this.memory.buffer;
    this.lastBytes = this.lastBuffer.byteLength;
    this.lastEpoch = readHeader(this.lastBuffer, this.table).epoch;
    this.releasedBy = new Map(); // slot -> the owner that last released it
    this.events = [];
    this.eventBytes = this.lastBytes;
    this.heap.onGrow((event) => {
      if (event.previousBytes !== this.eventBytes || event.memoryBytes <= event.previousBytes) {
        fail(`onGrow events do not chain: ${this.eventBytes} then ${JSON.stringify(event)}`);
      }
      this.eventBytes = event.memoryBytes;
    });
    this.touched = null;
  }

  totalBytes() {
    let n = 0;
    for (const b of this.buffers) n += b.bytes.length;
    return n;
  }

  list(owner) {
    return owner === undefined ? this.buffers : this.buffers.filter((b) => b.owner === owner);
  }

  pick(owner, pick) {
    const list = this.list(owner);
    return list.length === 0 ? undefined : list[pick % list.length];
  }

  add(owner, code, handle, live, rust) {
    const b = new ModelBuffer(this.nextId++, owner, code, handle, live, rust);
    this.buffers.push(b);
    return b;
  }

  /** Takes a buffer out of the model: every LiveView of it must now throw StaleHandleError. */
  kill(b) {
    this.buffers.splice(this.buffers.indexOf(b), 1);
    this.releasedBy.set(b.handle & LAYOUT.slotMask, b.owner);
    for (const lv of b.views) this.dead.push({ lv, handle: b.handle, bufferLive: false });
    if (this.dead.length > 64) this.dead.splice(0, this.dead.length - 64);
  }

  // --- the checks run after every step ---

  verify(where) {
    const c = this.c;
    const fx = this.fx;
    const buffer = this.memory.buffer;
    if (buffer !== this.lastBuffer) {
      c.detaches++;
      if (buffer.byteLength > this.lastBytes) {
        c.growths++;
        c.grownPages += (buffer.byteLength - this.lastBytes) / PAGE;
      }
      this.lastBuffer = buffer;
    }
    // Any export observes growth (bumps the epoch) before it answers; wasmViewsTable is the
    // one every module has, and the table's address never changes.
    if (fx.wasmViewsTable() !== this.table) fail(`${where}: the table moved`);
    const header = readHeader(buffer, this.table);
    const grew = buffer.byteLength > this.lastBytes;
    if (grew !== header.epoch > this.lastEpoch || header.epoch < this.lastEpoch) {
      fail(
        `${where}: growth epoch went ${this.lastEpoch} -> ${header.epoch} while memory went ${this.lastBytes} -> ${buffer.byteLength} bytes`,
      );
    }
    this.lastEpoch = header.epoch;
    this.lastBytes = buffer.byteLength;
    if (header.live !== this.buffers.length)
      fail(`${where}: the table has ${header.live} live handles, the model ${this.buffers.length}`);
    // heap.stats() is built by the facade from the same header: it must agree with this reader.
    const stats = this.heap.stats();
    if (
      stats.memoryBytes !== buffer.byteLength ||
      stats.pages !== buffer.byteLength / PAGE ||
      stats.liveHandles !== header.live ||
      stats.tableCapacity !== header.capacity ||
      stats.growthEpoch !== header.epoch
    )
      fail(
        `${where}: heap.stats() is ${JSON.stringify(stats)}; the table says ${JSON.stringify(header)} and the buffer has ${buffer.byteLength} bytes`,
      );

    const ranges = tableRanges(buffer, this.table);
    for (const b of this.buffers) {
      const entry = readEntry(buffer, this.table, b.handle);
      if (entry === null)
        fail(`${where}: buffer #${b.id} (handle ${b.handle}) is not live in the table`);
      // The version is a sequence lock, odd only while the core writes the entry: JavaScript,
      // running between calls into wasm, must never see it odd.
      if (entry.version % 2 !== 0)
        fail(`${where}: descriptor of #${b.id} has an odd version ${entry.version}`);
      if (entry.releasedBy !== undefined && entry.releasedBy !== 0)
        fail(`${where}: live descriptor of #${b.id} says it was released by ${entry.releasedBy}`);
      if (
        entry.kind !== b.code ||
        entry.state !== OWNER_STATE[b.owner] ||
        entry.length !== b.length
      ) {
        fail(
          `${where}: descriptor of #${b.id} is ${JSON.stringify(entry)}; the model has ${b.owner} ${KINDS[b.code]} x ${b.length}`,
        );
      }
      const byteLength = b.bytes.length;
      if (byteLength > 0) {
        if (entry.ptr % b.size !== 0 || entry.ptr + byteLength > buffer.byteLength)
          fail(`${where}: descriptor of #${b.id} points outside memory: ${JSON.stringify(entry)}`);
        ranges.push([entry.ptr, entry.ptr + byteLength, b]);
      }
      for (const lv of b.views) {
        const view = lv.getView();
        c.viewChecks++;
        if (view.buffer !== buffer || (byteLength > 0 && view.buffer.byteLength === 0)) {
          c.staleViews++;
          fail(
            `${where}: getView() of #${b.id} returned a view over a ${view.buffer.byteLength === 0 ? 'detached' : 'replaced'} buffer`,
          );
        }
        if (view.length !== b.length || (byteLength > 0 && view.byteOffset !== entry.ptr)) {
          c.staleViews++;
          fail(
            `${where}: getView() of #${b.id} is ${view.length} elements at ${view.byteOffset}; the descriptor says ${entry.length} at ${entry.ptr}`,
          );
        }
        if (lv.kind !== KINDS[b.code])
          fail(`${where}: LiveView kind ${lv.kind}, buffer ${KINDS[b.code]}`);
      }
      // The bytes, as the user's view shows them.
      const view = b.views[0].getView();
      const seen = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
      c.bytesCompared += byteLength;
      const at = firstDifference(seen, b.bytes);
      if (at >= 0) {
        c.mismatchedBytes++;
        fail(
          `${where}: #${b.id} (${b.owner} ${KINDS[b.code]} x ${b.length}) differs from the model at byte ${at}: ${seen[at]} != ${b.bytes[at]}`,
        );
      }
    }
    // No two live buffers (or a buffer and the table) share a byte.
    ranges.sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < ranges.length; i++) {
      if (ranges[i][0] < ranges[i - 1][1])
        fail(
          `${where}: memory ranges overlap: [${ranges[i - 1].slice(0, 2)}) and [${ranges[i].slice(0, 2)})`,
        );
    }
    for (const { copy, bytes } of this.copies) {
      c.bytesCompared += bytes.length;
      if (
        copy.buffer === buffer ||
        firstDifference(new Uint8Array(copy.buffer, copy.byteOffset, copy.byteLength), bytes) >= 0
      ) {
        c.mismatchedBytes++;
        fail(`${where}: a copyOut() copy changed`);
      }
    }
    if (this.touched !== null) {
      this.rustChecksum(this.touched, where);
      this.touched = null;
    }
  }

  /** What Rust reads for buffer `b` equals the model. */
  rustChecksum(b, where) {
    if (!this.buffers.includes(b)) return;
    const want = fnv1a(b.bytes);
    const fx = this.fx;
    let got;
    if (b.owner === 'js') got = fx.checksumJs(b.handle, b.code);
    else got = b.rust.checksum();
    const at = fx.checksumAt(b.handle);
    this.c.rustChecksums++;
    if (got !== want || at !== want)
      fail(`${where}: Rust reads checksum ${got}/${at} for #${b.id}, the model has ${want}`);
    if (b.owner !== 'js') {
      const entry = readEntry(this.memory.buffer, this.table, b.handle);
      if (b.length > 0 && entry.ptr !== b.rust.ptr())
        fail(
          `${where}: descriptor of #${b.id} says ${entry.ptr}, Rust's data is at ${b.rust.ptr()}`,
        );
    }
  }

  /** Releases everything; the core must then have no live handle left. */
  teardown() {
    for (const b of [...this.buffers]) {
      if (b.owner === 'js') b.views[0].free();
      else if (b.owner === 'rust') b.rust.free();
      else {
        b.rust.release();
        b.rust.free();
      }
      this.kill(b);
    }
    const live = readHeader(this.memory.buffer, this.table).live;
    if (live !== 0) {
      this.c.leaks += live;
      fail(`teardown: ${live} handles still live after releasing everything`);
    }
    this.c.runs++;
  }
}

// --- operations ---

const lengthArb = fc.oneof(
  { weight: 24, arbitrary: fc.nat(48) },
  { weight: 6, arbitrary: fc.nat(700) },
  { weight: 1, arbitrary: fc.nat(20000) },
);
const seeds = {
  int: fc.integer({ min: -2147483648, max: 2147483647 }),
  dbl: fc.double({ noNaN: true, noDefaultInfinity: false }),
};
const pick = fc.nat(1 << 16);
const kind = fc.nat(11);

/** Values of kind `code` for `count` elements from two seeds. */
function values(code, count, int, dbl) {
  const out = new Array(count);
  for (let i = 0; i < count; i++)
    out[i] = valueFor(code, Math.imul(int ^ i, 0x9e3779b1) + i, dbl * (i + 1) - i);
  return out;
}

/** Each operation: its arguments, when it applies, and what it does to the world and model. */
const OPS = {
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
  free: {
    weight: 5,
    args: { pick },
    when: (w) => w.list('js').length > 0,
    run(w, a) {
      const b = w.pick('js', a.pick);
      b.views[0].free();
      w.kill(b);
    },
  },
  resize: {
    weight: 6,
    args: { pick, len: lengthArb },
    when: (w) => w.list('js').length > 0,
    run(w, a) {
      const b = w.pick('js', a.pick);
      if (w.totalBytes() + (a.len - b.length) * b.size > BYTE_BUDGET) return;
      b.views[a.pick % b.views.length].resize(a.len);
      b.setLength(a.len);
      w.touched = b;
    },
  },
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
  copyIn: {
    weight: 8,
    args: { pick, offset: fc.nat(1 << 20), count: fc.nat(40), form: fc.nat(5), ...seeds },
    when: (w) => w.buffers.length > 0,
    run(w, a) {
      const b = w.pick(undefined, a.pick);
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
          if (b.code === 7 && HAS_F16) return;
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
      const model = elements(b.code, b.bytes.buffer, 0, len);
      for (let i = 0; i < count; i++) model[offset + i] = source[i];
      w.touched = b;
    },
  },
  copyOut: {
    weight: 4,
    args: { pick },
    when: (w) => w.buffers.length > 0,
    run(w, a) {
      const b = w.pick(undefined, a.pick);
      const copy = b.views[a.pick % b.views.length].copyOut();
      if (copy.length !== b.length)
        fail(`copyOut of #${b.id}: ${copy.length} elements, the model has ${b.length}`);
      const bytes = b.bytes.slice();
      if (
        firstDifference(new Uint8Array(copy.buffer, copy.byteOffset, copy.byteLength), bytes) >= 0
      )
        fail(`copyOut of #${b.id} differs from the model`);
      w.copies.push({ copy, bytes });
      if (w.copies.length > 6) w.copies.shift();
    },
  },
  oneShot: {
    weight: 3,
    args: { pick },
    when: (w) => w.buffers.length > 0,
    run(w, a) {
      const b = w.pick(undefined, a.pick);
      const view = a.pick & 1 ? w.heap.getView(b.handle, KINDS[b.code]) : w.heap.getView(b.handle);
      if (
        view.length !== b.length ||
        firstDifference(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), b.bytes) >= 0
      )
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
    },
  },
  rustNew: {
    weight: 5,
    args: { kind, n: fc.nat(40), ...seeds },
    when: (w, a) => w.totalBytes() + a.n * KIND_BYTES[a.kind] <= BYTE_BUDGET,
    run(w, a) {
      const rb = new w.fx.RustBuf(a.kind);
      const lv = w.heap.view(rb.handle, KINDS[a.kind]);
      const b = w.add('rust', a.kind, rb.handle, lv, rb);
      const value = valueFor(a.kind, a.int, a.dbl);
      rb.extendFill(a.n, toNumber(value));
      b.setLength(a.n, value);
      w.touched = b;
    },
  },
  rustPush: {
    weight: 8,
    args: { pick, ...seeds },
    when: (w) => w.list('rust').length > 0,
    run(w, a) {
      const b = w.pick('rust', a.pick);
      const value = valueFor(b.code, a.int, a.dbl);
      b.rust.push(toNumber(value));
      b.setLength(b.length + 1, value);
      w.touched = b;
    },
  },
  rustExtend: {
    weight: 4,
    args: { pick, n: lengthArb, ...seeds },
    when: (w) => w.list('rust').length > 0,
    run(w, a) {
      const b = w.pick('rust', a.pick);
      if (w.totalBytes() + a.n * b.size > BYTE_BUDGET) return;
      const value = valueFor(b.code, a.int, a.dbl);
      b.rust.extendFill(a.n, toNumber(value));
      b.setLength(b.length + a.n, value);
      w.touched = b;
    },
  },
  rustResize: {
    weight: 3,
    args: { pick, n: lengthArb, ...seeds },
    when: (w) => w.list('rust').length > 0,
    run(w, a) {
      const b = w.pick('rust', a.pick);
      if (w.totalBytes() + (a.n - b.length) * b.size > BYTE_BUDGET) return;
      const value = valueFor(b.code, a.int, a.dbl);
      b.rust.resize(a.n, toNumber(value));
      b.setLength(a.n, value);
      w.touched = b;
    },
  },
  rustShape: {
    weight: 5,
    args: { pick, what: fc.nat(4), n: fc.nat(600) },
    when: (w) => w.list('rust').length > 0,
    run(w, a) {
      const b = w.pick('rust', a.pick);
      switch (a.what) {
        case 0:
          b.rust.truncate(a.n % (b.length + 2));
          b.setLength(Math.min(b.length, a.n % (b.length + 2)));
          break;
        case 1:
          b.rust.clear();
          b.setLength(0);
          break;
        case 2:
          b.rust.reserve(a.n);
          break;
        case 3:
          b.rust.shrinkToFit();
          break;
        default:
          b.rust.moveData();
      }
      w.touched = b;
    },
  },
  rustDrop: {
    weight: 3,
    args: { pick },
    when: (w) => w.list('rust').length > 0,
    run(w, a) {
      const b = w.pick('rust', a.pick);
      b.rust.free();
      w.kill(b);
    },
  },
  rustView: {
    weight: 2,
    args: { pick },
    when: (w) => w.list('rust').length > 0,
    run(w, a) {
      const b = w.pick('rust', a.pick);
      const view = b.rust.view(); // the crate's never-detached constructor
      if (view.length !== b.length || (b.length > 0 && view.buffer.byteLength === 0)) {
        w.c.staleViews++;
        fail(
          `RustBuf.view() of #${b.id} came back detached or short (${view.length} of ${b.length})`,
        );
      }
      const bits = b.code === 7 ? new Uint16Array(view.buffer, view.byteOffset, view.length) : view;
      if (
        firstDifference(new Uint8Array(bits.buffer, bits.byteOffset, bits.byteLength), b.bytes) >= 0
      )
        fail(`RustBuf.view() of #${b.id} differs from the model`);
    },
  },
  rawNew: {
    weight: 3,
    args: { kind, len: fc.nat(64) },
    when: (w, a) => w.totalBytes() + a.len * KIND_BYTES[a.kind] <= BYTE_BUDGET,
    run(w, a) {
      const raw = new w.fx.Raw(a.kind, a.len);
      const lv = w.heap.view(raw.handle);
      const b = w.add('raw', a.kind, raw.handle, lv, raw);
      b.setLength(a.len);
      w.touched = b;
    },
  },
  rawMove: {
    weight: 3,
    args: { pick, len: fc.nat(96) },
    when: (w) => w.list('raw').length > 0,
    run(w, a) {
      const b = w.pick('raw', a.pick);
      b.rust.moveTo(a.len);
      b.setLength(a.len);
      w.touched = b;
    },
  },
  rawRelease: {
    weight: 2,
    args: { pick },
    when: (w) => w.list('raw').length > 0,
    run(w, a) {
      const b = w.pick('raw', a.pick);
      b.rust.release();
      b.rust.free();
      w.kill(b);
    },
  },
  rustFill: {
    weight: 3,
    args: { pick, ...seeds },
    when: (w) => w.list('js').length > 0,
    run(w, a) {
      const b = w.pick('js', a.pick);
      const value = valueFor(b.code, a.int, a.dbl);
      w.fx.fillJs(b.handle, b.code, toNumber(value));
      b.fillAll(value);
      w.touched = b;
    },
  },
  growJs: {
    weight: 3,
    args: { pages: fc.nat(3) },
    run(w, a) {
      w.memory.grow(a.pages);
    },
  },
  growRust: {
    weight: 3,
    args: { pages: fc.nat(3) },
    run(w, a) {
      if (w.fx.growMemory(a.pages) < 0) fail(`growMemory(${a.pages}) failed`);
    },
  },
  callback: {
    weight: 3,
    args: { pages: fc.nat(2), pick, nested: fc.boolean(), ...seeds },
    run(w, a) {
      // Views taken before the call: raw typed arrays, which growth inside must detach
      // (never show old bytes), and the LiveViews, which must stay right inside and after.
      const before = w.buffers
        .filter((b) => b.length > 0)
        .slice(0, 4)
        .map((b) => [b, b.views[0].getView()]);
      let calls = 0;
      const inner = () => {
        calls++;
        for (const [b, raw] of before) {
          if (!w.buffers.includes(b)) continue;
          if (raw.buffer.byteLength !== 0 && raw.buffer !== w.memory.buffer)
            fail('a view from before the callback is neither detached nor current');
          if (
            raw.buffer.byteLength !== 0 &&
            firstDifference(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength), b.bytes) >=
              0
          )
            fail('a view from before the callback shows wrong bytes');
        }
        w.verify('inside a callback from Rust');
        const b = w.pick(undefined, a.pick);
        if (b !== undefined && b.length > 0) {
          const value = valueFor(b.code, a.int, a.dbl);
          const view = b.views[0].getView();
          elements(b.code, view.buffer, view.byteOffset, view.length)[a.pick % b.length] = value;
          b.set(a.pick % b.length, value);
          w.touched = b;
        }
        if (a.nested && calls === 1) w.fx.callWithGrowth(inner, 1);
        return 7;
      };
      if (w.fx.callWithGrowth(inner, a.pages) !== 7) fail('callWithGrowth lost the return value');
      w.c.reentrantCalls = (w.c.reentrantCalls ?? 0) + calls;
    },
  },
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
  withoutGrowth: {
    weight: 3,
    args: { variant: fc.nat(3), pages: fc.integer({ min: 1, max: 2 }), pick, n: fc.nat(5000) },
    run(w, a) {
      const heap = w.heap;
      const before = w.memory.buffer.byteLength;
      if (a.variant === 0) {
        const result = heap.withoutGrowth(() =>
          w.buffers.reduce((n, b) => n + b.views[0].getView().length, 0),
        );
        if (result !== w.buffers.reduce((n, b) => n + b.length, 0))
          fail('withoutGrowth changed the result');
        return;
      }
      const grow =
        a.variant === 1
          ? () => w.memory.grow(a.pages)
          : a.variant === 2
            ? () => w.fx.growMemory(a.pages)
            : () => {
                const b = w.pick('rust', a.pick);
                if (b === undefined || w.totalBytes() + a.n * b.size > BYTE_BUDGET) return;
                b.rust.extendFill(a.n, 0);
                b.setLength(b.length + a.n, valueFor(b.code, 0, 0));
                w.touched = b;
              };
      let error;
      try {
        heap.withoutGrowth(grow);
      } catch (e) {
        error = e;
      }
      const after = w.memory.buffer.byteLength;
      if (after === before) {
        if (error !== undefined) throw error;
        return;
      }
      countError(
        w.c,
        expectError(
          () => {
            if (error !== undefined) throw error;
          },
          'GrowthError',
          'withoutGrowth around growth',
        ),
      );
      if (error.previousBytes !== before || error.memoryBytes !== after)
        fail(
          `GrowthError says ${error.previousBytes} -> ${error.memoryBytes}, memory went ${before} -> ${after}`,
        );
    },
  },
  alias: {
    weight: 3,
    args: { pick, typed: fc.boolean() },
    when: (w) => w.buffers.length > 0,
    run(w, a) {
      const b = w.pick(undefined, a.pick);
      if (b.views.length >= 4) return;
      b.views.push(a.typed ? w.heap.view(b.handle, KINDS[b.code]) : w.heap.view(b.handle));
    },
  },
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
  stale: {
    weight: 4,
    args: { pick },
    when: (w) => w.dead.length > 0,
    run(w, a) {
      const d = w.dead[a.pick % w.dead.length];
      const c = w.c;
      for (const [what, fn] of [
        ['getView', () => d.lv.getView()],
        ['copyOut', () => d.lv.copyOut()],
        ['copyIn', () => d.lv.copyIn([])],
        ['length', () => d.lv.length],
      ]) {
        countError(c, expectError(fn, 'StaleHandleError', `stale LiveView ${what}`));
      }
      d.lv.free(); // a second free is harmless
      if (d.bufferLive) return;
      const h = d.handle;
      countError(
        c,
        expectError(() => w.heap.view(h), 'StaleHandleError', 'heap.view(stale)'),
      );
      countError(
        c,
        expectError(() => w.heap.getView(h), 'StaleHandleError', 'heap.getView(stale)'),
      );
      countError(
        c,
        expectError(() => w.heap.describe(h), 'StaleHandleError', 'heap.describe(stale)'),
      );
      countStatus(
        c,
        expectStatus(() => w.fx.wasmViewsFree(h), 'STALE_HANDLE', 'wasmViewsFree(stale)'),
      );
      countStatus(
        c,
        expectStatus(() => w.fx.wasmViewsResize(h, 1), 'STALE_HANDLE', 'wasmViewsResize(stale)'),
      );
      // Who released the slot, as the table records it for the facade's message: the owner
      // that released it while it stays free, 0 once it is reused.
      const slot = readSlot(w.memory.buffer, w.table, h & LAYOUT.slotMask);
      if (ENTRY.releasedBy !== undefined && slot !== null) {
        const want =
          slot.state === STATE.free ? OWNER_STATE[w.releasedBy.get(h & LAYOUT.slotMask)] : 0;
        if (slot.releasedBy !== want)
          fail(`slot of stale handle ${h} says released by ${slot.releasedBy}, the model ${want}`);
      }
      countError(
        c,
        expectError(() => w.fx.checksumAt(h), 'StaleHandleError', 'checksumAt(stale)', {
          direct: true,
        }),
      );
    },
  },
  mismatch: {
    weight: 2,
    args: { pick, other: fc.integer({ min: 1, max: 11 }) },
    when: (w) => w.buffers.length > 0,
    run(w, a) {
      const b = w.pick(undefined, a.pick);
      const other = (b.code + a.other) % 12;
      const c = w.c;
      countError(
        c,
        expectError(
          () => w.heap.view(b.handle, KINDS[other]),
          'KindMismatchError',
          'heap.view(wrong kind)',
        ),
      );
      countError(
        c,
        expectError(
          () => w.heap.getView(b.handle, KINDS[other]),
          'KindMismatchError',
          'heap.getView(wrong kind)',
        ),
      );
      if (b.owner === 'js')
        countError(
          c,
          expectError(
            () => w.fx.checksumJs(b.handle, other),
            'KindMismatchError',
            'borrow as the wrong kind',
            { direct: true },
          ),
        );
    },
  },
  wrongOwner: {
    weight: 2,
    args: { pick },
    when: (w) => w.buffers.some((b) => b.owner !== 'js'),
    run(w, a) {
      const list = w.buffers.filter((b) => b.owner !== 'js');
      const b = list[a.pick % list.length];
      const c = w.c;
      countError(
        c,
        expectError(() => b.views[0].resize(3), 'TypeError', 'resize a Rust-owned buffer'),
      );
      countStatus(
        c,
        expectStatus(() => w.fx.wasmViewsFree(b.handle), 'WRONG_OWNER', 'free a Rust-owned buffer'),
      );
      countStatus(
        c,
        expectStatus(
          () => w.fx.wasmViewsResize(b.handle, 0),
          'WRONG_OWNER',
          'resize a Rust-owned buffer',
        ),
      );
      countError(
        c,
        expectError(
          () => w.fx.checksumJs(b.handle, b.code),
          'TypeError',
          'borrow a Rust-owned buffer',
          { direct: true },
        ),
      );
    },
  },
  borrowed: {
    weight: 3,
    args: { pick, exclusive: fc.boolean() },
    when: (w) => w.list('js').length > 0,
    run(w, a) {
      const b = w.pick('js', a.pick);
      const lv = b.views[a.pick % b.views.length];
      const c = w.c;
      const result = w.fx.withBorrow(b.handle, b.code, a.exclusive, () => {
        // While Rust holds the buffer, it cannot be freed, resized or mutably borrowed.
        countError(
          c,
          expectError(() => lv.resize(b.length + 1), 'BorrowError', 'resize while borrowed'),
        );
        countError(
          c,
          expectError(() => lv.free(), 'BorrowError', 'free while borrowed'),
        );
        if (lv.freed) fail('a LiveView whose free() threw BorrowError says it is freed');
        countStatus(
          c,
          expectStatus(
            () => w.fx.wasmViewsFree(b.handle),
            'BORROWED',
            'wasmViewsFree while borrowed',
          ),
        );
        countStatus(
          c,
          expectStatus(
            () => w.fx.wasmViewsResize(b.handle, b.length + 1),
            'BORROWED',
            'wasmViewsResize while borrowed',
          ),
        );
        countError(
          c,
          expectError(
            () => w.fx.fillJs(b.handle, b.code, 0),
            'BorrowError',
            'borrow_mut while borrowed',
            { direct: true },
          ),
        );
        if (a.exclusive)
          countError(
            c,
            expectError(
              () => w.fx.checksumJs(b.handle, b.code),
              'BorrowError',
              'borrow while borrowed mutably',
              { direct: true },
            ),
          );
        else if (w.fx.checksumJs(b.handle, b.code) !== fnv1a(b.bytes))
          fail('a shared borrow inside a shared borrow reads wrong bytes');
        w.verify('inside a Rust borrow');
        return 'done';
      });
      if (result !== 'done') fail('withBorrow lost the callback result');
    },
  },
};

/** Wraps one operation's arguments as a fast-check command. */
class Command {
  constructor(name, args) {
    this.name = name;
    this.args = args;
  }
  check(model) {
    const op = OPS[this.name];
    return op.when === undefined || op.when(model.world, this.args);
  }
  run(model) {
    const w = model.world;
    OPS[this.name].run(w, this.args);
    w.c.operations++;
    w.c.byOperation[this.name] = (w.c.byOperation[this.name] ?? 0) + 1;
    w.verify(`after ${this.toString()}`);
  }
  toString() {
    return `${this.name}(${JSON.stringify(this.args)})`;
  }
}

const commandArb = fc.oneof(
  ...Object.entries(OPS).map(([name, op]) => ({
    weight: op.weight,
    arbitrary: fc.record(op.args).map((args) => new Command(name, args)),
  })),
);

/**
 * Runs the storm: fast-check runs of up to `maxCommands` operations each, on a fresh module
 * instance per run, until at least `operations` operations and `growths` growths ran.
 * Throws fast-check's report (seed, path and the shrunk sequence) on the first failure.
 */
export function storm({
  operations = 20000,
  growths = 50,
  seed = 0x5eed,
  maxCommands = 300,
  log = () => {},
} = {}) {
  const c = counters();
  c.reentrantCalls = 0;
  const started = Date.now();
  let batch = 0;
  while (c.operations < operations || c.growths < growths) {
    const batchSeed = (seed + batch * 0x9e3779b9) | 0;
    batch++;
    // Counters of shrinking attempts would be misleading: count into a scratch object and
    // keep it only if the batch passes.
    const scratch = counters();
    scratch.reentrantCalls = 0;
    fc.assert(
      fc.property(fc.commands([commandArb], { maxCommands, size: 'max' }), (cmds) => {
        const world = new World(scratch);
        fc.modelRun(() => ({ model: { world }, real: {} }), cmds);
        world.teardown();
      }),
      { seed: batchSeed, numRuns: 25 },
    );
    mergeInto(c, scratch);
    log(
      `storm batch ${batch} (seed ${batchSeed}): ${c.operations} operations, ${c.growths} growths, ${c.bytesCompared} bytes compared, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  c.seconds = (Date.now() - started) / 1000;
  c.seed = seed;
  c.batches = batch;
  return c;
}

function mergeInto(into, from) {
  for (const [key, value] of Object.entries(from)) {
    if (typeof value === 'number') into[key] = (into[key] ?? 0) + value;
    else if (value && typeof value === 'object') {
      into[key] ??= {};
      for (const [k, v] of Object.entries(value)) into[key][k] = (into[key][k] ?? 0) + v;
    }
  }
}

export { OPS, LAYOUT };
