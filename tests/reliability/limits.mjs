// The limits: memory exhaustion against a maximum, a long alloc/free soak, and re-entrancy
// (JavaScript called back from Rust after Rust grew memory).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { bind, initSync } from 'wasm-views';
import * as common from './common.mjs';
import {
  KINDS,
  KIND_BYTES,
  bytesOf,
  expectError,
  expectStatus,
  fail,
  fnv1a,
  viewBytes,
} from './common.mjs';
import { loadFixture, loadMainFixture, MAX_MEMORY } from './fixture.mjs';

const PAGE = 65536;

function randomFill(lv, r) {
  const bytes = bytesOf(lv);
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2);
  for (let i = 0; i < words.length; i++) words[i] = r.u32();
  for (let i = words.length * 4; i < bytes.length; i++) bytes[i] = r.u32() & 0xff;
}

/**
 * Memory with a maximum (the fixture linked with --max-memory=64 MiB): allocate until it is
 * exhausted, at every size from 4 MiB down to 8 bytes, then take table slots until the
 * table cannot grow. Each failing call must throw OutOfMemoryError and change nothing; every
 * buffer keeps its contents (checked from JavaScript and from Rust); smaller allocations
 * still succeed after a failure; and once everything is freed, the memory is usable again.
 */
export function exhaustion({ seed = 0x0071, log = () => {} } = {}) {
  const started = Date.now();
  const r = common.rng(seed);
  const c = common.counters();
  const fx = loadFixture('max');
  const heap = bind(fx);
  const buffers = []; // { lv, code, sum }
  // Contents are checked from JavaScript after every failure, and from Rust at milestones.
  const verify = (where, { rust = false } = {}) => {
    for (const b of buffers) {
      const bytes = bytesOf(b.lv);
      c.bytesCompared += bytes.length;
      if (common.firstDifference(bytes, b.copy) >= 0) fail(`${where}: a buffer's contents changed`);
      if (!rust) continue;
      if (fx.checksumJs(b.lv.handle, b.code) !== b.sum) fail(`${where}: Rust reads other contents`);
      c.rustChecksums++;
    }
    const live = common.headerOf(fx).live;
    if (live !== buffers.length) fail(`${where}: ${live} live handles, ${buffers.length} expected`);
  };
  // An allocation that may fail: false after an OutOfMemoryError (any other error fails the
  // run), and then the raw export, asked the same, must answer STATUS_OUT_OF_MEMORY.
  const tryAlloc = (code, length, what, keep = (lv) => lv) => {
    let lv;
    try {
      lv = heap.alloc(KINDS[code], length);
    } catch (error) {
      const thrown = () => {
        throw error;
      };
      common.countError(c, expectError(thrown, 'OutOfMemoryError', what));
      common.countStatus(
        c,
        expectStatus(() => fx.wasmViewsAlloc(code, length), 'OUT_OF_MEMORY', `${what} (core)`),
      );
      return false;
    }
    buffers.push(keep(lv));
    return true;
  };
  const tryFilled = (code, bytes) =>
    tryAlloc(code, Math.floor(bytes / KIND_BYTES[code]), `alloc of ${bytes} bytes`, (lv) => {
      randomFill(lv, r);
      const copy = bytesOf(lv).slice();
      return { lv, code, copy, sum: fnv1a(copy) };
    });
  const result = { sizes: [], firstFailure: null, maxPages: MAX_MEMORY / PAGE };
  for (let size = 4 << 20; size >= 8; size >>>= 1) {
    let ok = 0;
    const code = r.below(12);
    while (tryFilled(code, size)) ok++;
    // The failure changed nothing, and memory never passed its maximum.
    const pages = heap.memory.buffer.byteLength / PAGE;
    if (pages > result.maxPages)
      fail(`memory has ${pages} pages, past its maximum of ${result.maxPages}`);
    verify(`after an allocation of ${size} bytes failed`, { rust: result.firstFailure === null });
    if (result.firstFailure === null)
      result.firstFailure = { bytes: size, buffers: buffers.length, pages };
    result.sizes.push({ size, succeeded: ok });
  }
  const smaller = result.sizes.slice(1).reduce((n, s) => n + s.succeeded, 0);
  if (smaller === 0) fail('no smaller allocation succeeded after the first failure');
  result.smallerAfterFailure = smaller;
  result.bytesAllocated = buffers.reduce((n, b) => n + b.lv.byteLength, 0);

  // Failing resize and reserve leave everything as it was.
  const victim = buffers[r.below(buffers.length)];
  const length = victim.lv.length;
  common.countError(
    c,
    expectError(
      () => victim.lv.resize(Math.floor((48 << 20) / KIND_BYTES[victim.code])),
      'OutOfMemoryError',
      'resize past the maximum',
    ),
  );
  common.countStatus(
    c,
    expectStatus(
      () => fx.wasmViewsResize(victim.lv.handle, Math.floor((48 << 20) / KIND_BYTES[victim.code])),
      'OUT_OF_MEMORY',
      'wasmViewsResize past the maximum',
    ),
  );
  if (victim.lv.length !== length) fail('a failed resize changed the length');
  common.countError(
    c,
    expectError(() => heap.reserve(32 << 20), 'OutOfMemoryError', 'reserve past the maximum'),
  );
  common.countStatus(
    c,
    expectStatus(
      () => fx.wasmViewsReserve(32 << 20),
      'OUT_OF_MEMORY',
      'wasmViewsReserve past the maximum',
    ),
  );
  if (tryAlloc(1, MAX_MEMORY + 1, 'alloc past the maximum'))
    fail('an allocation past the maximum succeeded');
  verify('after failed resize, reserve and alloc', { rust: true });

  // Table slots without memory: zero-length buffers until a new chunk of the table cannot be
  // allocated either.
  let slots = 0;
  const empty = (lv) => ({ lv, code: 1, copy: new Uint8Array(0), sum: fnv1a(new Uint8Array(0)) });
  while (tryAlloc(1, 0, 'a table slot with memory exhausted', empty)) {
    if (++slots > 1 << 20) fail('the table never ran out of memory');
  }
  result.emptyBuffersUntilTableFull = slots;
  result.tableCapacity = common.headerOf(fx).capacity;
  verify('after the table could not grow', { rust: true });

  // A freed block is reused; then everything is freed and big allocations succeed again.
  const big = buffers.find((b) => b.lv.byteLength >= 1 << 20);
  if (big !== undefined) {
    const bytes = big.lv.byteLength;
    big.lv.free();
    buffers.splice(buffers.indexOf(big), 1);
    if (!tryFilled(1, bytes >>> 1)) fail('an allocation into freed memory failed');
    verify('after reusing freed memory');
  }
  for (const b of buffers.splice(0)) b.lv.free();
  verify('after freeing everything', { rust: true });
  result.pagesAtEnd = heap.memory.buffer.byteLength / PAGE;
  if (!tryFilled(9, 32 << 20)) fail('a 32 MiB allocation failed after everything was freed');
  buffers.pop().lv.free();
  result.maximumPagesReported = heap.stats().maximumPages;
  result.seconds = (Date.now() - started) / 1000;
  log(
    `exhaustion: first failure at ${result.firstFailure.bytes} bytes with ${result.firstFailure.pages} pages; ${smaller} smaller allocations succeeded after it`,
  );
  return { ...result, counters: c };
}

/** Byte sizes of soak buffers: a fixed mix, so the footprint has a stable high-water mark. */
const SOAK_SIZES = [0, 8, 8, 24, 24, 64, 64, 200, 200, 512, 1000, 4096, 16384, 65536];

/**
 * The soak: `cycles` alloc/free cycles on the package's own core (initSync), with a pool of
 * live buffers, each allocation marked and checked before it is freed. Live handles must
 * return to where they started, memory must stop growing after warm-up (the first half),
 * and no handle value may ever be issued twice.
 */
export function soak({
  cycles = 20000,
  pool = 64,
  budget = 512 * 1024,
  warmupFraction = 0.5,
  seed = 0x50a4,
  log = () => {},
} = {}) {
  const started = Date.now();
  const r = common.rng(seed);
  const heap = initSync();
  const baseline = heap.stats().liveHandles;
  const live = [];
  const issued = new Set();
  let duplicates = 0;
  let maxGeneration = 0;
  const checkpoints = [];
  const warmup = Math.max(1, Math.floor(cycles * warmupFraction));
  let warmBytes = 0;
  let checked = 0;
  const mark = (lv, code, token) => {
    const view = lv.getView();
    if (view.length === 0) return;
    const el = common.elements(code, view.buffer, view.byteOffset, view.length);
    el[0] = common.valueFor(code, token, token);
    el[el.length - 1] = common.valueFor(code, ~token, -token);
  };
  const verify = (entry) => {
    const view = entry.lv.getView();
    if (view.length === 0) return;
    const el = common.elements(entry.code, view.buffer, view.byteOffset, view.length);
    const first = common.valueFor(entry.code, entry.token, entry.token);
    const last = common.valueFor(entry.code, ~entry.token, -entry.token);
    if (!Object.is(el[el.length - 1], last) || (el.length > 1 && !Object.is(el[0], first)))
      fail(`soak: buffer ${entry.lv.handle} lost its marks`);
    checked++;
  };
  // A stationary workload: at most `pool` buffers and `budget` bytes alive at once, so the
  // footprint has a ceiling and any growth after warm-up would be a leak.
  let liveBytes = 0;
  const release = (j) => {
    const victim = live[j];
    live[j] = live[live.length - 1];
    live.pop();
    verify(victim);
    liveBytes -= victim.lv.byteLength;
    victim.lv.free();
  };
  for (let i = 0; i < cycles; i++) {
    const code = r.below(12);
    const len = Math.floor(SOAK_SIZES[r.below(SOAK_SIZES.length)] / KIND_BYTES[code]);
    while (live.length > 0 && (live.length >= pool || liveBytes + len * KIND_BYTES[code] > budget))
      release(r.below(live.length));
    const lv = heap.alloc(KINDS[code], len);
    liveBytes += lv.byteLength;
    if (issued.has(lv.handle)) duplicates++;
    issued.add(lv.handle);
    maxGeneration = Math.max(maxGeneration, lv.handle >>> 20);
    const entry = { lv, code, token: r.u32() | 0 };
    mark(lv, code, entry.token);
    live.push(entry);
    if (i + 1 === warmup) warmBytes = heap.memory.buffer.byteLength;
    if ((i + 1) % Math.max(1, Math.floor(cycles / 10)) === 0) {
      const s = heap.stats();
      checkpoints.push({
        cycle: i + 1,
        memoryBytes: s.memoryBytes,
        liveHandles: s.liveHandles - baseline,
        tableCapacity: s.tableCapacity,
      });
      log(
        `soak: ${i + 1} cycles, ${s.memoryBytes} bytes of memory, ${s.liveHandles - baseline} live, table ${s.tableCapacity} slots`,
      );
    }
  }
  for (const entry of live.splice(0)) {
    verify(entry);
    entry.lv.free();
  }
  const end = heap.stats();
  const result = {
    cycles,
    pool,
    budget,
    warmupCycles: warmup,
    baselineLiveHandles: baseline,
    liveHandlesAtEnd: end.liveHandles - baseline,
    memoryBytesAfterWarmup: warmBytes,
    memoryBytesAtEnd: end.memoryBytes,
    growthAfterWarmup: end.memoryBytes - warmBytes,
    tableCapacity: end.tableCapacity,
    distinctHandles: issued.size,
    duplicateHandles: duplicates,
    maxGeneration,
    buffersChecked: checked,
    checkpoints,
    seconds: (Date.now() - started) / 1000,
  };
  if (result.liveHandlesAtEnd !== 0)
    fail(`soak: ${result.liveHandlesAtEnd} handles still live after freeing everything`);
  if (duplicates !== 0) fail(`soak: ${duplicates} handle values were issued twice`);
  if (result.growthAfterWarmup !== 0)
    fail(`soak: memory grew by ${result.growthAfterWarmup} bytes after warm-up`);
  return result;
}

/** A function that forces a full garbage collection, with or without `node --expose-gc`. */
function collector() {
  if (typeof globalThis.gc === 'function') return globalThis.gc;
  // V8 installs `gc` in contexts created after the flag is set.
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc');
}

/**
 * The safety net: JS-owned buffers whose LiveViews are dropped without free() are released
 * by the FinalizationRegistry once collected.
 */
export async function lostViews({ count = 2000 } = {}) {
  const gc = collector();
  const heap = initSync();
  const before = heap.stats().liveHandles;
  (() => {
    for (let i = 0; i < count; i++) heap.alloc(KINDS[i % 12], i % 50);
  })();
  const allocated = heap.stats().liveHandles - before;
  let rounds = 0;
  while (heap.stats().liveHandles > before && rounds < 200) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 5));
    rounds++;
  }
  const remaining = heap.stats().liveHandles - before;
  return {
    dropped: count,
    allocated,
    reclaimed: allocated - remaining,
    remaining,
    gcRounds: rounds,
  };
}

/**
 * Re-entrancy: a JavaScript callback invoked from Rust after Rust grew memory. Views taken
 * before the call must read as detached (never old bytes), the library's views must be right
 * inside the callback and after it returns, and work done inside the callback (allocations,
 * frees, resizes, Rust pushes, nested callbacks, Rust borrows) must be reflected exactly.
 */
export function reentrancy({ iterations = 500, seed = 0x4ee7, log = () => {} } = {}) {
  const started = Date.now();
  const r = common.rng(seed);
  const c = common.counters();
  Object.assign(c, { callbacks: 0, nested: 0, detachedBefore: 0, intactBefore: 0 });

  // The package's test fixture: Samples (a LiveVec<f32>) and callWithGrowth.
  // One instance until its memory passes 128 MiB (every iteration grows it), then a fresh one.
  let main, heap, samples, samplesView, js, jsModel;
  // The samples' values: a growable Float32Array and a length.
  let model;
  let modelLength = 0;
  const pushModel = (n, x) => {
    if (modelLength + n > model.length) {
      const next = new Float32Array(Math.max(model.length * 2, modelLength + n));
      next.set(model.subarray(0, modelLength));
      model = next;
    }
    model.fill(x, modelLength, modelLength + n);
    modelLength += n;
  };
  const fresh = () => {
    if (main !== undefined) {
      samples.free();
      js.free();
      const live = common.headerOf(main).live;
      if (live !== 0) fail(`re-entrancy left ${live} live handles`);
    }
    main = loadMainFixture();
    c.instances++;
    heap = bind(main);
    samples = new main.Samples();
    model = new Float32Array(1024);
    modelLength = 0;
    samplesView = heap.view(samples.handle, 'f32');
    js = heap.alloc('f32', 64);
    jsModel = new Float32Array(64);
  };
  fresh();
  const check = (where) => {
    const s = samplesView.getView();
    const j = js.getView();
    c.viewChecks += 2;
    const buffer = heap.memory.buffer;
    if (s.buffer !== buffer || j.buffer !== buffer) {
      c.staleViews++;
      fail(`${where}: a LiveView is not over the current memory`);
    }
    c.bytesCompared += s.byteLength + j.byteLength;
    if (
      s.length !== modelLength ||
      common.firstDifference(viewBytes(s), new Uint8Array(model.buffer, 0, modelLength * 4)) >= 0
    )
      fail(`${where}: the samples differ from the model`);
    if (common.firstDifference(viewBytes(j), new Uint8Array(jsModel.buffer)) >= 0)
      fail(`${where}: the JS-owned buffer differs from the model`);
    const sum = jsModel.reduce((a, x) => a + x, 0);
    // Rust adds the same f32 values in the same order in f64: exactly the same sum.
    if (main.sumF32(js.handle) !== sum) fail(`${where}: Rust sums the JS-owned buffer differently`);
  };
  for (let i = 0; i < iterations; i++) {
    const pages = r.below(4);
    const before = [samplesView.getView(), js.getView()];
    const saved = before.map((v) => viewBytes(v).slice());
    let depth = 0;
    const callback = () => {
      c.callbacks++;
      depth++;
      // Views from before the call: detached by the growth, or (no growth) still right.
      before.forEach((view, k) => {
        if (view.buffer.byteLength === 0) {
          if (view.length !== 0) fail('a detached view still has a length');
          c.detachedBefore++;
        } else {
          if (common.firstDifference(viewBytes(view), saved[k]) >= 0)
            fail('a view from before the call shows other bytes');
          c.intactBefore++;
        }
      });
      check('inside the callback');
      // Work from inside the callback.
      const n = r.below(3) === 0 ? r.below(5000) : r.below(8);
      const x = Math.fround(r.double() % 1000);
      samples.extend(n, x);
      pushModel(n, x);
      if (r.below(4) === 0) {
        samples.truncate(r.below(modelLength + 1));
        modelLength = Math.min(modelLength, samples.len());
      }
      if (r.below(3) === 0) {
        const len = r.below(200);
        js.resize(len);
        const next = new Float32Array(len);
        next.set(jsModel.subarray(0, Math.min(len, jsModel.length)));
        jsModel = next;
      }
      const view = js.getView();
      for (let k = 0; k < view.length; k += 1 + r.below(8))
        view[k] = jsModel[k] = Math.fround(r.double() % 100);
      const extra = heap.alloc(KINDS[r.below(12)], r.below(1000));
      extra.free();
      common.countError(
        c,
        expectError(
          () => heap.withoutGrowth(() => main.growMemory(1)),
          'GrowthError',
          'withoutGrowth inside a callback',
        ),
      );
      check('after work inside the callback');
      if (depth === 1 && r.below(3) === 0) {
        c.nested++;
        main.callWithGrowth(callback, r.below(3));
        check('after a nested callback');
      }
      depth--;
    };
    main.callWithGrowth(callback, pages);
    check('after the callback returned');
    if (r.below(10) === 0) {
      let error;
      try {
        heap.withoutGrowth(() => main.callWithGrowth(() => {}, 1));
      } catch (e) {
        error = e;
      }
      common.countError(
        c,
        expectError(
          () => {
            if (error) throw error;
          },
          'GrowthError',
          'withoutGrowth around callWithGrowth',
        ),
      );
    }
    if (samples.len() > 50000) {
      samples.clear();
      modelLength = 0;
      samples.shrinkToFit();
    }
    if (heap.memory.buffer.byteLength > 128 << 20) fresh();
  }

  // The reliability fixture: a Rust borrow held across the callback.
  const fx = loadFixture('node');
  const h2 = bind(fx);
  const held = h2.alloc('f64', 32);
  held.copyIn(Array.from({ length: 32 }, (_, i) => i * 1.5));
  const sum = fnv1a(bytesOf(held));
  for (let i = 0; i < Math.max(10, iterations / 10); i++) {
    const exclusive = r.below(2) === 0;
    fx.withBorrow(held.handle, 9, exclusive, () => {
      fx.callWithGrowth(() => {
        c.callbacks++;
        common.countError(
          c,
          expectError(() => held.free(), 'BorrowError', 'free while Rust borrows it'),
        );
        common.countError(
          c,
          expectError(() => held.resize(1), 'BorrowError', 'resize while Rust borrows it'),
        );
        if (fnv1a(bytesOf(held)) !== sum) fail('a borrowed buffer changed');
      }, r.below(3));
    });
    if (fnv1a(bytesOf(held)) !== sum || fx.checksumJs(held.handle, 9) !== sum)
      fail('the buffer changed across a borrow');
  }
  held.free();
  samples.free();
  js.free();
  if (common.headerOf(main).live !== 0 || common.headerOf(fx).live !== 0)
    fail('re-entrancy left live handles');
  c.seconds = (Date.now() - started) / 1000;
  log(
    `re-entrancy: ${c.callbacks} callbacks (${c.nested} nested), ${c.detachedBefore} pre-call views detached, ${c.intactBefore} intact`,
  );
  return c;
}
