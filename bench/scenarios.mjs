// The scenarios of the benchmark (shared by Node, bench/run.mjs, and the browsers,
// bench/page.html): the loops each alternative runs in, the module instances and buffers they
// run on (prepare), and the series, one per scenario x variant x alternative (defineSeries).
//
// Data: element i of every buffer is `i % 1000` (exact in f32), so every sample's sum can be
// checked against a closed form: a wrong read (a stale or detached view) is caught, not timed.

import { createWasmHeapManager } from 'wasm-heap-manager';
import { BEFORE, BIG, BULK, COPIES, COPY_OPS, GETTERS, SMALL, fresh } from './alternatives.mjs';

/** How often the growth scenario grows memory: every N reads. */
const GROWTH_EVERY = [1, 100, 10000];

/**
 * The module instances, each with its own copy of the package (bench/run.mjs makes one per
 * key): D the default mode, G<N> the growth scenario at each rate, S shared memory, R resizable.
 */
export const INSTANCES = ['D', ...GROWTH_EVERY.map((every) => `G${every}`), 'S', 'R'];

// ---------------------------------------------------------------------------------------
// Scenario loops. `n` is the number of operations in one sample.

const LOOP_READ_ONE = (get, off) => (n) => {
  let s = 0;
  for (let i = 0; i < n; i++) s += get()[off + (i & 255)];
  return s;
};

const LOOP_READ_ALL = (get, off, len) => (n) => {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = get();
    for (let j = 0; j < len; j++) s += v[off + j];
  }
  return s;
};

// What a consumer of a handed-over array (WebGL, ImageData, postMessage) touches itself: the
// length and an element; the data stays where it is.
const LOOP_HAND_OVER = (get) => (n) => {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = get();
    s += v.length + v[1];
  }
  return s;
};

const LOOP_GROWTH = (get, off, grow, every) => (n) => {
  let s = 0;
  let k = every;
  for (let i = 0; i < n; i++) {
    if (--k === 0) {
      k = every;
      grow(0);
    }
    s += get()[off + (i & 255)];
  }
  return s;
};

const LOOP_OP = (op) => (n) => {
  let s = 0;
  for (let i = 0; i < n; i++) s += op();
  return s;
};

/** Sum of elements 0..len-1 (element i is i % 1000). */
function dataSum(len) {
  const full = Math.floor(len / 1000);
  const rest = len % 1000;
  return full * 499500 + (rest * (rest - 1)) / 2;
}

/** Sum over i < n of element (i & 255). */
function readOneSum(n) {
  const cycles = Math.floor(n / 256);
  const rest = n % 256;
  return cycles * 32640 + (rest * (rest - 1)) / 2;
}

// ---------------------------------------------------------------------------------------
// Setup.

/**
 * Loads the module instances and binds the facade.
 *
 * `env`: { engine, loadBench(variant, tag), loadFacade(tag), bigBuffers }
 * - loadBench('default' | 'shared', tag) resolves to an initialized, distinct instance of the
 *   bench module (a fresh copy of its glue), or throws if it cannot be had here.
 * - loadFacade(tag) resolves to a distinct copy of the wasm-views package (`{ bind }`), so
 *   each mode's getView() has JIT feedback of its own, as in an app that uses one mode.
 */
export async function prepare(env) {
  const notes = [];
  const instances = {};

  async function instance(
    key,
    variant,
    setupMemory,
    sizes = { small: SMALL, bulk: BULK, big: BIG },
  ) {
    const mod = await env.loadBench(variant, key);
    const facade = await env.loadFacade(key);
    const ids = Object.fromEntries(
      Object.entries(sizes).map(([k, len]) => [k, mod.makeBuffer(len)]),
    );
    const handles = Object.fromEntries(
      Object.entries(ids).map(([k, id]) => [k, mod.bufferHandle(id)]),
    );
    let heap = facade.bind(mod);
    const described = Object.fromEntries(
      Object.entries(handles).map(([k, h]) => [k, heap.describe(h).ptr]),
    );
    if (setupMemory) heap = await setupMemory(mod, facade, heap);
    const memory = heap.memory;
    // The earlier build of --before, bound to the same module (two facades can read one table).
    const heapBefore = env.loadFacadeBefore
      ? (await env.loadFacadeBefore(key)).bind(mod, { resizable: heap.stats().resizable })
      : null;
    const buffers = {};
    for (const k of Object.keys(ids)) {
      buffers[k] = {
        mod,
        heap,
        memory,
        id: ids[k],
        handle: handles[k],
        ptr: described[k],
        len: sizes[k],
        lv: heap.view(handles[k], 'f32'),
        ...(heapBefore ? { heapBefore, lvBefore: heapBefore.view(handles[k], 'f32') } : {}),
      };
    }
    return { mod, facade, heap, memory, buffers };
  }

  const heapManager = (inst) => {
    inst.whm = createWasmHeapManager(
      () => inst.memory.buffer,
      () => {
        throw new Error('the benchmark allocates nothing through wasm-heap-manager');
      },
      () => {},
    );
    for (const b of Object.values(inst.buffers)) b.whm = inst.whm;
  };

  // D: the default mode; every hand-written and Rust-side alternative runs on it too.
  const D = await instance('D', 'default', async (mod, facade, heap) => {
    // The copies below allocate up to 64 MiB in wasm at a time: reserve it now, so memory never
    // grows during the run (a raw cached view would then read a detached buffer).
    heap.reserve(2 * BIG * 4);
    return heap;
  });
  heapManager(D);
  // Sources for copy-in: copies of the data, so writing them changes nothing.
  D.buffers.bulk.source = new Float32Array(D.memory.buffer, D.buffers.bulk.ptr, BULK).slice();
  D.buffers.big.source = new Float32Array(D.memory.buffer, D.buffers.big.ptr, BIG).slice();
  instances.D = D;

  // G1, G100, G10000: the default mode again, for the growth scenario only (growing D would
  // detach the raw views the other scenarios keep), one per growth rate: a getView() that
  // rebuilds on every call and one that almost never does are compiled from feedback of
  // their own, as each hand-written alternative is (one series, one compilation).
  for (const every of GROWTH_EVERY) {
    instances[`G${every}`] = await instance(`G${every}`, 'default', null, { small: SMALL });
    heapManager(instances[`G${every}`]);
  }

  // S: shared memory, from the threads build (its own facade copy).
  try {
    instances.S = await instance('S', 'shared');
    if (!instances.S.heap.stats().shared)
      throw new Error('the threads build did not give a shared memory');
  } catch (error) {
    instances.S = null;
    notes.push({
      instance: 'S',
      note: `shared-memory mode not measured: ${error.message ?? error}`,
    });
  }

  // R: a resizable buffer (its own module instance and facade copy).
  if (typeof WebAssembly.Memory.prototype.toResizableBuffer !== 'function') {
    instances.R = null;
    notes.push({
      instance: 'R',
      note: 'resizable mode: n/a (this engine has no WebAssembly.Memory.prototype.toResizableBuffer)',
    });
  } else {
    try {
      instances.R = await instance('R', 'default', async (mod, facade) => {
        // First as a user would ask for it; the facade may decline (it says why).
        const asked = facade.bind(mod, { resizable: true });
        const stats = asked.stats();
        if (stats.resizable) return asked;
        // Then by converting the memory ourselves before bind(); the facade picks that up.
        // After this the module must not pass strings (TextDecoder rejects resizable views
        // in browsers): the benchmark only calls number-only exports on this instance.
        mod.wasmViewsMemory().toResizableBuffer();
        const heap = facade.bind(mod);
        notes.push({
          instance: 'R',
          note: `resizable mode: bind(module, { resizable: true }) declined ("${stats.resizableReason}"); measured by calling memory.toResizableBuffer() before bind()`,
        });
        return heap;
      });
      if (instances.R.memory.buffer.resizable !== true)
        throw new Error('the buffer is not resizable');
    } catch (error) {
      instances.R = null;
      notes.push({ instance: 'R', note: `resizable mode not measured: ${error.message ?? error}` });
    }
  }

  // Does memory.grow(0) detach here? (The growth scenario relies on it.)
  const probe = new WebAssembly.Memory({ initial: 1 });
  const before = probe.buffer;
  probe.grow(0);
  if (before.byteLength !== 0)
    notes.push({ note: 'memory.grow(0) did not detach the buffer in this engine' });

  return {
    instances,
    notes,
    memoryBytes: memoryBytes(instances),
    getters: env.loadFacadeBefore ? [...GETTERS, ...BEFORE] : GETTERS,
  };
}

export function memoryBytes(instances) {
  return Object.fromEntries(
    Object.entries(instances).map(([k, inst]) => [k, inst ? inst.memory.buffer.byteLength : null]),
  );
}

// ---------------------------------------------------------------------------------------
// The series: one per scenario x variant x alternative.

// The floor alternatives (alternatives.mjs) only matter where the check is what is measured.
const notFloor = (alt) => alt.group !== 'floor';

function naFor(ctx, key) {
  return ctx.notes.find((n) => n.instance === key)?.note ?? `instance ${key} unavailable`;
}

/** Every series to measure, with `run(n)` and `expect(n)`, or `na` with the reason. */
export function defineSeries(ctx) {
  const GETTERS = ctx.getters;
  const series = [];
  const add = (scenario, variant, alt, build, expect, extra = {}) => {
    const key = extra.instance ?? alt.instance ?? 'D';
    const inst = ctx.instances[key];
    const s = {
      scenario,
      variant,
      alt: alt.id,
      label: alt.label,
      group: alt.group,
      instance: key,
      ...extra,
    };
    if (!inst) s.na = naFor(ctx, key);
    else {
      // `clones` separate compilations of the same series (see the bulk scenario).
      s.runs = Array.from({ length: extra.clones ?? 1 }, () => build(inst));
      s.expect = expect;
    }
    series.push(s);
  };

  // 1. get + read one element.
  for (const alt of GETTERS) {
    add(
      'read-one',
      null,
      alt,
      (inst) => {
        const b = inst.buffers.small;
        return fresh(LOOP_READ_ONE)(fresh(alt.make)(b), alt.whole ? b.ptr >>> 2 : 0);
      },
      readOneSum,
      // A loop of a few instructions: where its code lands moves it by 10-20% between
      // compilations (Firefox 153, getView() on shared memory: 0.93 or 1.08 ns from run to
      // run), so it is compiled three times too, as the bulk and growth loops are.
      { clones: 3 },
    );
  }

  // 2. get + read 1 KiB (256 f32), including the copying alternatives.
  const small = dataSum(SMALL);
  for (const alt of [...GETTERS.filter(notFloor), ...COPIES]) {
    add(
      'read-1k',
      null,
      alt,
      (inst) => {
        const b = inst.buffers.small;
        return fresh(LOOP_READ_ALL)(fresh(alt.make)(b), alt.whole ? b.ptr >>> 2 : 0, SMALL);
      },
      (n) => n * small,
    );
  }

  // 3. bulk loop over 1 MiB through one fetched view. Where the JIT puts a hot loop (code
  //    alignment, OSR or not) can make the very same loop 20-30% faster or slower for a whole
  //    run, whatever view it reads; so each series is compiled three times, sampled in turn,
  //    and its best compilation counts (`cloneMedians` in the results has all three).
  const bulk = dataSum(BULK);
  for (const alt of GETTERS.filter(notFloor)) {
    add(
      'bulk-1m',
      null,
      alt,
      (inst) => {
        const b = inst.buffers.bulk;
        return fresh(LOOP_READ_ALL)(fresh(alt.make)(b), alt.whole ? b.ptr >>> 2 : 0, BULK);
      },
      (n) => n * bulk,
      { clones: 3 },
    );
  }

  // 4. hand over 1 KiB and 64 MiB: zero-copy should not care; copies scale.
  for (const [variant, key, len] of [
    ['1 KiB', 'small', SMALL],
    ['64 MiB', 'big', BIG],
  ]) {
    for (const alt of [...GETTERS.filter(notFloor), ...COPIES]) {
      add(
        'hand-over',
        variant,
        alt,
        (inst) => {
          const make = alt.makeHandOver ?? alt.make;
          return fresh(LOOP_HAND_OVER)(fresh(make)(inst.buffers[key]));
        },
        (n) => n * (len + 1),
        { bytes: len * 4, slow: alt.slow === true && len === BIG },
      );
    }
  }

  // 5. copy bandwidth: copyOut/copyIn against TypedArray.prototype.set.
  for (const [variant, key, len] of [
    ['1 MiB', 'bulk', BULK],
    ['64 MiB', 'big', BIG],
  ]) {
    for (const alt of COPY_OPS) {
      add(
        'copy',
        variant,
        alt,
        (inst) => fresh(LOOP_OP)(fresh(alt.make)(inst.buffers[key])),
        (n) => n * len,
        // Copies out allocate a fresh buffer per operation, so garbage collections land on
        // some samples and not others (two clusters of times): more samples per round keep
        // the median from flipping between them.
        { bytes: len * 4, samplesPerRound: len === BULK ? 3 : 1 },
      );
    }
  }

  // 6. a loop that grows memory every N accesses (memory.grow(0) from Rust: it detaches a
  //    non-shared buffer exactly like real growth, without using up the 4 GiB address space).
  const growthAlts = [
    {
      id: 'grow-only',
      label: 'cost of the growth alone: grow + read a plain JS array',
      group: 'baseline',
      make: () => {
        const plain = new Float32Array(256);
        for (let i = 0; i < 256; i++) plain[i] = i;
        return () => plain;
      },
    },
    ...GETTERS.filter((a) => a.group !== 'unsafe'),
  ];
  for (const every of GROWTH_EVERY) {
    for (const alt of growthAlts) {
      add(
        'growth',
        `N = ${every}`,
        alt,
        (inst) => {
          const b = inst.buffers.small;
          const grow = inst.mod.grow;
          return fresh(LOOP_GROWTH)(fresh(alt.make)(b), alt.whole ? b.ptr >>> 2 : 0, grow, every);
        },
        readOneSum,
        // As the bulk loops: one compilation of the same growth loop can run 2-3x slower than
        // another in Node 24 (7.1 against 3.1 ns at N = 10 000, for getView() and the
        // hand-written floor-view-length alike), so each series is compiled three times too.
        { clones: 3, instance: alt.growthInstance ?? `G${every}` },
      );
    }
  }
  return series;
}
