// Hostile and bad input: random and forged handles, wrong kinds and owners, and lengths,
// offsets and sizes that are negative, NaN, fractional, huge or beyond the memory.
//
// A population of live buffers (JS-owned, Rust-owned and raw, every kind, random contents)
// sits in a fresh fixture instance. Every forged handle that is not live there is tried
// against every entry point that takes a handle, through the facade and straight at the
// core's exports: each must throw StaleHandleError (the documented typed error) and return
// nothing. Every bad argument must throw its documented error (RangeError, TypeError,
// KindMismatchError, OutOfMemoryError). After each batch, the checksums of every live
// buffer, the bytes of the whole descriptor table and the live handle count must be
// exactly as before: nothing was read into a view or written.
import { bind, initSync } from 'wasm-views';
import {
  KIND_BYTES,
  KINDS,
  LAYOUT,
  counters,
  countError,
  elements,
  expectError,
  fail,
  fnv1a,
  readEntry,
  rng,
  tableBytes,
  toNumber,
  valueFor,
} from './common.mjs';
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
    const el = elements(code, view.buffer, view.byteOffset, view.length);
    for (let i = 0; i < el.length; i++) el[i] = valueFor(code, r.u32(), r.double());
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
    rb.extendFill(5 + r.below(100), toNumber(valueFor(code, r.u32(), r.double())));
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
  if (readEntry(heap.memory.buffer, fx.wasmViewsTable(), make(retiredSlot, 1)) !== null)
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

function bytesOf(lv) {
  const view = lv.getView();
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** Nothing changed: every live buffer's checksum, the table's bytes, the live count. */
function checkUntouched(p, where, before) {
  const buffer = p.heap.memory.buffer;
  for (const b of p.buffers) {
    if (fnv1a(bytesOf(b.lv)) !== b.sum)
      fail(`${where}: the contents of a live ${b.owner} ${KINDS[b.code]} buffer changed`);
  }
  const now = tableBytes(buffer, p.fx.wasmViewsTable());
  if (now.length !== before.table.length)
    fail(`${where}: the descriptor table gained or lost chunks`);
  for (let i = 0; i < now.length; i++) {
    const a = now[i];
    const b = before.table[i];
    for (let j = 0; j < a.length; j++) {
      // The growth epoch (header word 3) may move when memory grows; nothing else may.
      if (i === 0 && j >= LAYOUT.epoch * 4 && j < LAYOUT.epoch * 4 + 4) continue;
      if (a[j] !== b[j]) fail(`${where}: descriptor table byte ${j} of part ${i} changed`);
    }
  }
  const stats = p.fx.wasmViewsStats();
  if (stats.liveHandles !== p.live.size)
    fail(`${where}: ${stats.liveHandles} live handles, expected ${p.live.size}`);
}

/** Every entry point that takes a handle, with the error a non-live handle must give. */
function staleProbes(p) {
  const { heap, fx } = p;
  let called = false;
  const callback = () => {
    called = true;
  };
  return [
    ['heap.getView', (h) => heap.getView(h), false],
    ['heap.getView(kind)', (h) => heap.getView(h, 'f32'), false],
    ['heap.view', (h) => heap.view(h), false],
    ['heap.view(kind)', (h) => heap.view(h, 'u8'), false],
    ['heap.describe', (h) => heap.describe(h), false],
    ['wasmViewsFree', (h) => fx.wasmViewsFree(h), true],
    ['wasmViewsResize', (h) => fx.wasmViewsResize(h, 16), true],
    ['wasmViewsDescribe', (h) => fx.wasmViewsDescribe(h), true],
    ['borrow', (h) => fx.checksumJs(h, 8), true],
    ['borrow_mut', (h) => fx.fillJs(h, 1, 255), true],
    ['describe + read', (h) => fx.checksumAt(h), true],
    [
      'borrow across a callback',
      (h) => {
        fx.withBorrow(h, 1, true, callback);
        if (called) fail('withBorrow called back with a stale handle');
      },
      true,
    ],
  ];
}

/** The forged handle categories: name -> generator of one handle. */
function forgers(p, r) {
  const liveList = [...p.live];
  const capacity = () => p.fx.wasmViewsStats().tableCapacity;
  const cap = capacity();
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

/** Bad arguments: [what, call, expected error name, direct (bypasses the facade)]. */
function badArguments(p, r) {
  const { heap, fx } = p;
  const js = p.buffers.filter((b) => b.owner === 'js' && b.lv.getView().length > 0);
  const rust = p.buffers.filter((b) => b.owner !== 'js');
  const anyJs = () => js[r.below(js.length)];
  const badNumbers = () =>
    r.pick([
      -1,
      -0.5,
      0.5,
      1.5,
      NaN,
      Infinity,
      -Infinity,
      2 ** 32,
      2 ** 53,
      -(2 ** 31),
      4294967296.5,
      -r.below(1e9) - 1,
      r.below(1000) + 0.25,
    ]);
  const notNumbers = () =>
    r.pick(['3', '', 3n, null, undefined, {}, [], true, () => 1, Symbol('x')]);
  const badKinds = () =>
    r.pick(['F32', 'f128', 'float32', '', 'i8 ', 8, null, undefined, {}, 'u8C']);
  const badCodes = () => r.pick([-1, 12, 13, 1.5, NaN, Infinity, 2 ** 32, 1e10]);
  // Sizes that fit a u32 length but no 32-bit memory (more than 4 GiB of bytes) are a
  // RangeError; sizes that fit 4 GiB but not the memory (over 2 GiB: more than wasm32's
  // isize::MAX, which no allocation can get) are an OutOfMemoryError.
  const huge = () => {
    const code = r.below(12);
    const bytes = KIND_BYTES[code];
    const len = Math.floor((2 ** 31 + 1 + r.below(2 ** 31 - 2)) / bytes) + 1;
    const total = len * bytes;
    return { code, len, expected: total > 0xffffffff ? 'RangeError' : 'OutOfMemoryError' };
  };
  return [
    ['handle: bad number', () => heap.getView(badNumbers()), 'RangeError'],
    ['handle: bad number (view)', () => heap.view(badNumbers()), 'RangeError'],
    ['handle: not a number', () => heap.getView(notNumbers()), 'TypeError'],
    ['handle: not a number (describe)', () => heap.describe(notNumbers()), 'TypeError'],
    ['handle: bad number (core)', () => fx.wasmViewsFree(badNumbers()), 'RangeError', true],
    [
      'handle: bad number (core resize)',
      () => fx.wasmViewsResize(badNumbers(), 1),
      'RangeError',
      true,
    ],
    ['length: bad number', () => heap.alloc(KINDS[r.below(12)], badNumbers()), 'RangeError'],
    ['length: not a number', () => heap.alloc(KINDS[r.below(12)], notNumbers()), 'TypeError'],
    [
      'length: bad number (core)',
      () => fx.wasmViewsAlloc(r.below(12), badNumbers()),
      'RangeError',
      true,
    ],
    [
      'length: beyond memory',
      () => {
        const h = huge();
        return [() => heap.alloc(KINDS[h.code], h.len), h.expected];
      },
      'dynamic',
    ],
    [
      'length: beyond memory (resize)',
      () => {
        const b = anyJs();
        const bytes = KIND_BYTES[b.code];
        const len = Math.floor((2 ** 31 + 1 + r.below(2 ** 32 - 2 ** 31 - 2)) / bytes) + 1;
        return [
          () => b.lv.resize(len),
          len * bytes > 0xffffffff ? 'RangeError' : 'OutOfMemoryError',
        ];
      },
      'dynamic',
    ],
    ['resize: bad number', () => anyJs().lv.resize(badNumbers()), 'RangeError'],
    ['resize: not a number', () => anyJs().lv.resize(notNumbers()), 'TypeError'],
    ['resize: Rust-owned', () => rust[r.below(rust.length)].lv.resize(1 + r.below(9)), 'TypeError'],
    [
      'free: Rust-owned (core)',
      () => fx.wasmViewsFree(rust[r.below(rust.length)].handle),
      'TypeError',
      true,
    ],
    [
      'borrow: Rust-owned',
      () => fx.checksumJs(rust[r.below(rust.length)].handle, 1),
      'TypeError',
      true,
    ],
    ['kind: unknown name', () => heap.alloc(badKinds(), 1), 'TypeError'],
    [
      'kind: unknown name (view)',
      () => heap.view(p.buffers[0].handle, badKinds() ?? 'x'),
      'TypeError',
    ], // undefined = no kind check
    ['kind: unknown code (core)', () => fx.wasmViewsAlloc(badCodes(), 1), 'TypeError', true],
    [
      'kind: mismatch',
      () => {
        const b = p.buffers[r.below(p.buffers.length)];
        return [
          () => heap.getView(b.handle, KINDS[(b.code + 1 + r.below(11)) % 12]),
          'KindMismatchError',
        ];
      },
      'dynamic',
    ],
    [
      'kind: mismatch (view)',
      () => {
        const b = p.buffers[r.below(p.buffers.length)];
        return [
          () => heap.view(b.handle, KINDS[(b.code + 1 + r.below(11)) % 12]),
          'KindMismatchError',
        ];
      },
      'dynamic',
    ],
    [
      'kind: mismatch (Rust borrow)',
      () => {
        const b = anyJs();
        return [
          () => fx.fillJs(b.handle, (b.code + 1 + r.below(11)) % 12, 0),
          'KindMismatchError',
          true,
        ];
      },
      'dynamic',
    ],
    ['copyIn: bad offset', () => anyJs().lv.copyIn([], badNumbers()), 'RangeError'],
    [
      'copyIn: too long',
      () => {
        const b = anyJs();
        const n = b.lv.getView().length;
        return [
          () => b.lv.copyIn(new Array(n + 1 + r.below(4)).fill(b.code >= 10 ? 1n : 1), r.below(2)),
          'RangeError',
        ];
      },
      'dynamic',
    ],
    [
      'copyIn: not array-like',
      () => anyJs().lv.copyIn(r.pick([null, undefined, 5, 'abc', true])),
      'TypeError',
    ],
    [
      'copyIn: wrong element type',
      () => {
        const b = anyJs();
        return [() => b.lv.copyIn(b.code >= 10 ? [1.5] : [1n]), 'TypeError'];
      },
      'dynamic',
    ],
    [
      'reserve: bad number',
      () =>
        heap.reserve(badNumbers() === 2 ** 53 ? -1 : r.pick([-1, NaN, 0.5, Infinity, -Infinity])),
      'RangeError',
    ],
    ['reserve: not a number', () => heap.reserve(notNumbers()), 'TypeError'],
    ['reserve: beyond memory', () => heap.reserve(2 ** 31 + r.below(2 ** 40)), 'OutOfMemoryError'],
    [
      'withoutGrowth: not a function',
      () => heap.withoutGrowth(r.pick([null, undefined, 5, 'f', {}, [], 1n])),
      'TypeError',
    ],
    ['onGrow: not a function', () => heap.onGrow(r.pick([null, 5, 'f', {}])), 'TypeError'],
  ];
}

/**
 * Runs the suite with at least `handles` forged handles and `argumentsTried` bad arguments.
 * Returns the counters; throws on the first violation.
 */
export function hostile({
  handles = 5000,
  argumentsTried = 3000,
  seed = 0xbad,
  log = () => {},
} = {}) {
  const started = Date.now();
  const r = rng(seed);
  const c = counters();
  Object.assign(c, {
    handlesTried: 0,
    handleCalls: 0,
    coincidentallyLive: 0,
    byCategory: {},
    argumentsTried: 0,
    byArgument: {},
    batches: 0,
  });
  const p = population(r);
  c.liveBuffers = p.buffers.length;
  c.retireCycles = p.retireCycles;
  const before = {
    table: tableBytes(p.heap.memory.buffer, p.fx.wasmViewsTable()),
    pages: p.heap.memory.buffer.byteLength / 65536,
  };
  checkUntouched(p, 'before', before);
  const probes = staleProbes(p);
  const forge = forgers(p, r);
  const categories = Object.keys(forge);
  const batch = 1000;
  while (c.handlesTried < handles) {
    for (let i = 0; i < batch; i++) {
      const category = categories[(c.handlesTried + i) % categories.length];
      const h = forge[category]() >>> 0;
      if (p.live.has(h)) {
        c.coincidentallyLive++;
        continue;
      }
      c.byCategory[category] = (c.byCategory[category] ?? 0) + 1;
      for (const [what, call, direct] of probes) {
        let returned;
        const name = expectError(
          () => {
            returned = call(h);
          },
          'StaleHandleError',
          `${what}(${h}) [${category}]`,
          { direct },
        );
        if (returned !== undefined) fail(`${what}(${h}) returned something`);
        countError(c, name);
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
  while (c.argumentsTried < argumentsTried) {
    for (const [what, call, expected, direct] of bad) {
      let fn = call;
      let want = expected;
      let isDirect = direct;
      if (expected === 'dynamic') [fn, want, isDirect] = call();
      const name = expectError(fn, want, what, { direct: isDirect === true });
      countError(c, name);
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
