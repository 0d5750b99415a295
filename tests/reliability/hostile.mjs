// Hostile and bad input: random and forged handles, wrong kinds and owners, and lengths,
// offsets and sizes that are negative, NaN, fractional, huge or beyond the memory.
//
// A population of live buffers (JS-owned, Rust-owned and raw, every kind, random contents)
// sits in a fresh fixture instance. Every forged handle that is not live there is tried
// against every entry point that takes a handle: through the facade, where it must throw
// StaleHandleError (the documented typed error) and return nothing; straight at the raw
// `wasmViews...` exports, which take integers and must return STATUS_STALE_HANDLE without
// throwing; and through Rust borrows. Generated values that happen to be live are skipped and
// counted as skipped, not as tried. Every bad argument must give its documented typed error
// at the facade (RangeError, TypeError, KindMismatchError, OutOfMemoryError, BorrowError) and
// its documented status code at the export. After each batch, the checksums of every live
// buffer, the bytes of the whole descriptor table and the live handle count must be exactly
// as before: nothing was read into a view or written.
import { bind, initSync } from 'wasm-views';
import * as common from './common.mjs';
import { KINDS, LAYOUT, bytesOf, expectError, expectStatus, fail, fnv1a } from './common.mjs';
import { badArguments } from './bad-arguments.mjs';
import { loadFixture } from './fixture.mjs';

function slotOf(h) {
  return h & LAYOUT.slotMask;
}
function genOf(h) {
  return h >>> LAYOUT.slotBits;
}
function make(slot, gen) {
  return ((gen << LAYOUT.slotBits) | slot) >>> 0;
}

/** The population and the other heaps the forged handles come from. */
function population(r) {
  const fx = loadFixture('node');
  const heap = bind(fx);
  const buffers = []; // { lv, handle, owner, code, rust }
  const live = new Set();
  const add = (b) => {
    buffers.push(b);
    live.add(b.handle);
    return b;
  };
  const fillRandom = (lv, code) => {
    const view = lv.getView();
    const el = common.elements(code, view.buffer, view.byteOffset, view.length);
    for (let i = 0; i < el.length; i++) el[i] = common.valueFor(code, r.u32(), r.double());
  };
  // Churn slots first, so live handles sit at assorted generations.
  const freed = [];
  for (let i = 0; i < 3000; i++) {
    const lv = heap.alloc(KINDS[i % 12], i % 7);
    freed.push(lv.handle);
    if (r.below(4) !== 0) lv.free();
    else add({ lv, handle: lv.handle, owner: 'js', code: i % 12 });
  }
  for (const b of buffers.splice(0)) {
    b.lv.free();
    live.delete(b.handle);
  }
  for (let code = 0; code < 12; code++) {
    for (const len of [0, 1, 3 + r.below(200)]) {
      const lv = heap.alloc(KINDS[code], len);
      fillRandom(lv, code);
      add({ lv, handle: lv.handle, owner: 'js', code });
    }
    const rb = new fx.RustBuf(code);
    rb.extendFill(5 + r.below(100), common.toNumber(common.valueFor(code, r.u32(), r.double())));
    add({ lv: heap.view(rb.handle), handle: rb.handle, owner: 'rust', code, rust: rb });
    const raw = new fx.Raw(code, 4 + r.below(50));
    const lv = heap.view(raw.handle);
    fillRandom(lv, code);
    add({ lv, handle: raw.handle, owner: 'raw', code, rust: raw });
  }
  // Released Rust-owned and raw handles.
  for (let code = 0; code < 12; code++) {
    const rb = new fx.RustBuf(code);
    rb.push(1);
    freed.push(rb.handle);
    rb.free();
    const raw = new fx.Raw(code, 2);
    freed.push(raw.handle);
    raw.release();
    raw.free();
  }
  // Retire one slot: free it until its generation passes 4095.
  let lv = heap.alloc('u8', 1);
  const retiredSlot = slotOf(lv.handle);
  let cycles = 0;
  while (slotOf(lv.handle) === retiredSlot) {
    lv.free();
    lv = heap.alloc('u8', 1);
    if (++cycles > LAYOUT.maxGeneration + 2) fail('a slot did not retire after 4095 generations');
  }
  if (common.readEntry(heap.memory.buffer, fx.wasmViewsTable(), make(retiredSlot, 1)) !== null)
    fail('the retired slot is live');
  freed.push(lv.handle);
  lv.free();

  // Other heaps: a second instance of the fixture, and the package's own core.
  const otherFx = loadFixture('node');
  const otherHeap = bind(otherFx);
  const core = initSync();
  const foreign = [];
  for (const h of [otherHeap, core]) {
    for (let i = 0; i < 600; i++) {
      const v = h.alloc(KINDS[i % 12], 1 + (i % 5));
      foreign.push(v.handle);
      if (i % 3 === 0) v.free();
    }
  }
  for (const b of buffers) b.sum = fnv1a(bytesOf(b.lv));
  return { fx, heap, buffers, live, freed, retiredSlot, foreign, retireCycles: cycles };
}

/**
 * Nothing changed: every live buffer's checksum, the table's bytes, the live count (as the
 * table's header says and as `heap.stats()` says).
 */
function checkUntouched(p, where, before) {
  const buffer = p.heap.memory.buffer;
  const table = p.fx.wasmViewsTable();
  for (const b of p.buffers) {
    if (fnv1a(bytesOf(b.lv)) !== b.sum)
      fail(`${where}: the contents of a live ${b.owner} ${KINDS[b.code]} buffer changed`);
  }
  const now = common.tableBytes(buffer, table);
  if (now.length !== before.table.length)
    fail(`${where}: the descriptor table gained or lost chunks`);
  for (let i = 0; i < now.length; i++) {
    const a = now[i];
    const b = before.table[i];
    for (let j = 0; j < a.length; j++) {
      // The growth epoch may move when memory grows; nothing else may.
      if (i === 0 && j >= LAYOUT.epoch * 4 && j < LAYOUT.epoch * 4 + 4) continue;
      if (a[j] !== b[j]) fail(`${where}: descriptor table byte ${j} of part ${i} changed`);
    }
  }
  const live = common.readHeader(buffer, table).live;
  const stats = p.heap.stats().liveHandles;
  if (live !== p.live.size || stats !== live)
    fail(
      `${where}: ${live} live handles in the table, ${stats} in stats(), expected ${p.live.size}`,
    );
}

/**
 * Every entry point that takes a handle: [name, call, how it must refuse a non-live handle].
 * `facade`: StaleHandleError naming the handle; `status`: the raw export returns
 * STATUS_STALE_HANDLE; `direct`: a Rust function of the fixture, the crate's StaleHandle error.
 */
function staleProbes(p) {
  const { heap, fx } = p;
  let called = false;
  const callback = () => {
    called = true;
  };
  return [
    ['heap.getView', (h) => heap.getView(h), 'facade'],
    ['heap.getView(kind)', (h) => heap.getView(h, 'f32'), 'facade'],
    ['heap.view', (h) => heap.view(h), 'facade'],
    ['heap.view(kind)', (h) => heap.view(h, 'u8'), 'facade'],
    ['heap.describe', (h) => heap.describe(h), 'facade'],
    ['wasmViewsFree', (h) => fx.wasmViewsFree(h), 'status'],
    ['wasmViewsResize', (h) => fx.wasmViewsResize(h, 16), 'status'],
    // The handle is looked up before the length: no allocation is even tried.
    ['wasmViewsResize(huge)', (h) => fx.wasmViewsResize(h, 0xffffffff), 'status'],
    ['borrow', (h) => fx.checksumJs(h, 8), 'direct'],
    ['borrow_mut', (h) => fx.fillJs(h, 1, 255), 'direct'],
    ['describe + read', (h) => fx.checksumAt(h), 'direct'],
    [
      'borrow across a callback',
      (h) => {
        fx.withBorrow(h, 1, true, callback);
        if (called) fail('withBorrow called back with a stale handle');
      },
      'direct',
    ],
  ];
}

/** Tries one non-live handle at one entry point; returns the counter name of what it gave. */
function probe(what, call, how, h, category) {
  const where = `${what}(${h}) [${category}]`;
  if (how === 'status') return expectStatus(() => call(h), 'STALE_HANDLE', where);
  let returned;
  const name = expectError(
    () => {
      returned = call(h);
    },
    'StaleHandleError',
    where,
    { direct: how === 'direct', mentions: how === 'facade' ? [h] : [] },
  );
  if (returned !== undefined) fail(`${where} returned something`);
  return name;
}

/** The forged handle categories: name -> generator of one handle. */
function forgers(p, r) {
  const liveList = [...p.live];
  const cap = common.readHeader(p.heap.memory.buffer, p.fx.wasmViewsTable()).capacity;
  const someLive = () => liveList[r.below(liveList.length)];
  return {
    'random u32': () => r.u32(),
    'random generation, small slot': () =>
      make(r.below(cap + 16), r.below(LAYOUT.maxGeneration + 1)),
    'freed handle': () => p.freed[r.below(p.freed.length)],
    'old generation': () => {
      const h = someLive();
      return make(slotOf(h), r.below(genOf(h)));
    },
    'later generation': () => {
      const h = someLive();
      const g = genOf(h);
      return g >= LAYOUT.maxGeneration
        ? make(slotOf(h), 0)
        : make(slotOf(h), g + 1 + r.below(LAYOUT.maxGeneration - g));
    },
    'off-by-one slot': () => {
      const h = someLive();
      const s = slotOf(h) + (r.below(2) ? 1 : -1);
      return make(s < 0 ? LAYOUT.slotMask : s, genOf(h));
    },
    'slot at or past capacity': () =>
      make(
        cap +
          r.below(3) * (r.below(2) ? 1 : LAYOUT.chunkSlots) +
          (r.below(2) ? 0 : LAYOUT.slotMask - cap),
        1 + r.below(LAYOUT.maxGeneration),
      ),
    'retired slot': () => make(p.retiredSlot, r.below(LAYOUT.maxGeneration + 1)),
    'another heap': () => p.foreign[r.below(p.foreign.length)],
    'edge values': () =>
      r.pick([
        0,
        1,
        0xffffffff,
        LAYOUT.slotMask,
        1 << LAYOUT.slotBits,
        (LAYOUT.maxGeneration << LAYOUT.slotBits) >>> 0,
        0x80000000,
        0x7fffffff,
      ]),
  };
}

/**
 * Runs the suite until `handles` forged handles were tried (generated values that happen to
 * be live are skipped, and counted apart) and at least `argumentsTried` bad arguments.
 * Returns the counters; throws on the first violation.
 */
export function hostile({
  handles = 5000,
  argumentsTried = 3000,
  seed = 0xbad,
  log = () => {},
} = {}) {
  const started = Date.now();
  const r = common.rng(seed);
  const c = common.counters();
  Object.assign(c, {
    handlesTried: 0,
    handleCalls: 0,
    skippedLive: 0,
    byCategory: {},
    byProbe: {},
    argumentsTried: 0,
    argumentsSkipped: 0,
    byArgument: {},
    batches: 0,
  });
  const p = population(r);
  c.liveBuffers = p.buffers.length;
  c.retireCycles = p.retireCycles;
  const before = {
    table: common.tableBytes(p.heap.memory.buffer, p.fx.wasmViewsTable()),
    pages: p.heap.memory.buffer.byteLength / 65536,
  };
  checkUntouched(p, 'before', before);
  const probes = staleProbes(p);
  c.entryPoints = probes.length;
  const forge = forgers(p, r);
  const categories = Object.keys(forge);
  const batch = 1000;
  let generated = 0;
  while (c.handlesTried < handles) {
    for (let tried = 0; tried < batch; generated++) {
      const category = categories[generated % categories.length];
      const h = forge[category]() >>> 0;
      if (p.live.has(h)) {
        c.skippedLive++;
        continue;
      }
      tried++;
      c.byCategory[category] = (c.byCategory[category] ?? 0) + 1;
      for (const [what, call, how] of probes) {
        const name = probe(what, call, how, h, category);
        if (how === 'status') common.countStatus(c, name);
        else common.countError(c, name);
        c.byProbe[what] = (c.byProbe[what] ?? 0) + 1;
        c.handleCalls++;
      }
    }
    c.handlesTried += batch;
    c.batches++;
    checkUntouched(p, `after ${c.handlesTried} forged handles`, before);
    if (c.batches % 20 === 0)
      log(
        `hostile: ${c.handlesTried} handles, ${c.handleCalls} calls, ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
  }
  const bad = badArguments(p, r);
  c.argumentKinds = bad.length;
  while (c.argumentsTried < argumentsTried) {
    for (const [what, make] of bad) {
      const attempt = make();
      if (attempt === null) {
        // The value would have named a live buffer (e.g. a bad number wrapping to a live
        // handle at the raw export): not a bad argument there.
        c.argumentsSkipped++;
        continue;
      }
      const { call, error, status, direct = false, mentions = [] } = attempt;
      if (status !== undefined) {
        common.countStatus(c, expectStatus(call, status, what));
      } else {
        common.countError(c, expectError(call, error, what, { direct, mentions }));
      }
      c.byArgument[what] = (c.byArgument[what] ?? 0) + 1;
      c.argumentsTried++;
    }
    if (c.argumentsTried % (bad.length * 50) < bad.length)
      checkUntouched(p, `after ${c.argumentsTried} bad arguments`, before);
  }
  checkUntouched(p, 'at the end', before);
  // The facade still works for every live buffer.
  for (const b of p.buffers) {
    const view = b.lv.getView();
    if (view.buffer !== p.heap.memory.buffer)
      fail('a live buffer view went stale under hostile input');
  }
  c.pagesBefore = before.pages;
  c.pagesAfter = p.heap.memory.buffer.byteLength / 65536;
  c.bytesCompared = c.batches * p.buffers.reduce((n, b) => n + b.lv.getView().byteLength, 0);
  c.seconds = (Date.now() - started) / 1000;
  c.seed = seed;
  return c;
}
