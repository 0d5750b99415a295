// The system under test and its model, for one storm run: a fresh instance of the fixture
// bound with the package's `bind()`, a plain JavaScript model of every buffer's bytes, and the
// checks run after every step (see model.mjs for what they are).
import { bind } from 'wasm-views';
import {
  KINDS,
  KIND_BYTES,
  LAYOUT,
  OWNER_STATE,
  elements,
  fail,
  firstDifference,
  fnv1a,
  readEntry,
  readHeader,
  tableRanges,
  viewBytes,
} from './common.mjs';

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

/** The system under test plus its model, for one run on `fx`, a fresh fixture instance. */
export class World {
  constructor(c, fx) {
    this.c = c;
    this.fx = fx;
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
      const seen = viewBytes(view);
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
      if (copy.buffer === buffer || firstDifference(viewBytes(copy), bytes) >= 0) {
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
