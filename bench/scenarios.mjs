// The benchmark itself, shared by Node (bench/run.mjs) and the browsers (bench/page.html):
// the buffers, the alternatives each scenario runs, and the sampling loop.
//
// Every alternative is written in its idiomatic form as a small factory. The factories and the
// scenario loops are recompiled from source for every series (`fresh` below), so each series
// gets function objects of its own: its own JIT feedback, monomorphic, inlined, as it would be
// in an app that uses only that alternative. Without that, the alternatives would share one
// loop whose call sites go megamorphic, and the measurement would be of the harness.
//
// Data: element i of every buffer is `i % 1000` (exact in f32), so every sample's sum can be
// checked against a closed form: a wrong read (a stale or detached view) is caught, not timed.

import { createWasmHeapManager } from 'wasm-heap-manager';

/** Element counts (f32) of the buffers each module instance holds. */
export const SMALL = 256; // 1 KiB
export const BULK = 262144; // 1 MiB
export const BIG = 16777216; // 64 MiB

const MIB = 1 << 20;

/**
 * A new function object compiled from `fn`'s source (so `fn` must not close over anything).
 * Every clone's source text differs (a numbered `sourceURL`): V8 caches `new Function` by
 * source text together with its feedback cell, so identical clones would share one feedback
 * vector, and the alternatives would pollute each other's JIT feedback again.
 */
let clones = 0;
const fresh = (fn) =>
  new Function(`return (${fn.toString()});\n//# sourceURL=bench-clone-${++clones}.js`)();

// ---------------------------------------------------------------------------------------
// Alternatives that get a view (or an indexable copy) of one buffer. `b` is the buffer:
// { memory, ptr, len, id, handle, mod, heap, lv, whm }.

/** @type {{id: string, label: string, group: string, instance?: string, whole?: boolean, make: Function, makeHandOver?: Function}[]} */
export const GETTERS = [
  {
    id: 'raw',
    label: 'raw cached view, no check (unsafe)',
    group: 'unsafe',
    make: (b) => {
      const view = new Float32Array(b.memory.buffer, b.ptr, b.len);
      return () => view;
    },
  },
  {
    id: 'raw-shared',
    label: 'raw cached view on the shared memory (unsafe)',
    group: 'unsafe',
    instance: 'S',
    make: (b) => {
      const view = new Float32Array(b.memory.buffer, b.ptr, b.len);
      return () => view;
    },
  },
  {
    id: 'raw-resizable',
    label: 'raw cached view on the resizable buffer (unsafe)',
    group: 'unsafe',
    instance: 'R',
    make: (b) => {
      const view = new Float32Array(b.memory.buffer, b.ptr, b.len);
      return () => view;
    },
  },
  {
    id: 'glue',
    label: 'wasm-bindgen glue: whole-memory view, `byteLength === 0`',
    group: 'hand',
    whole: true, // read at index ptr/4 + i; hand-over uses its `.subarray()`, as the glue does
    make: (b) => {
      const memory = b.memory;
      let cached = null;
      return () => {
        if (cached === null || cached.byteLength === 0) cached = new Float32Array(memory.buffer);
        return cached;
      };
    },
    makeHandOver: (b) => {
      const memory = b.memory;
      const start = b.ptr >>> 2;
      const end = start + b.len;
      let cached = null;
      return () => {
        if (cached === null || cached.byteLength === 0) cached = new Float32Array(memory.buffer);
        return cached.subarray(start, end);
      };
    },
  },
  {
    id: 'buffer-compare',
    label: 'sub-view, `view.buffer !== memory.buffer`',
    group: 'hand',
    make: (b) => {
      const { memory, ptr, len } = b;
      let view = new Float32Array(memory.buffer, ptr, len);
      return () => {
        if (view.buffer !== memory.buffer) view = new Float32Array(memory.buffer, ptr, len);
        return view;
      };
    },
  },
  {
    id: 'cached-detach',
    label: 'sub-view, cached `buffer.byteLength === 0`',
    group: 'hand',
    make: (b) => {
      const { memory, ptr, len } = b;
      let buffer = memory.buffer;
      let view = new Float32Array(buffer, ptr, len);
      return () => {
        if (buffer.byteLength === 0) {
          buffer = memory.buffer;
          view = new Float32Array(buffer, ptr, len);
        }
        return view;
      };
    },
  },
  {
    id: 'new-view',
    label: '`new Float32Array(memory.buffer, ptr, len)` every time',
    group: 'hand',
    make: (b) => {
      const { memory, ptr, len } = b;
      return () => new Float32Array(memory.buffer, ptr, len);
    },
  },
  {
    id: 'js-sys-view',
    label: 'js-sys `Float32Array::view` through the boundary',
    group: 'boundary',
    make: (b) => {
      const { mod, id } = b;
      return () => mod.jsSysView(id);
    },
  },
  {
    id: 'rust-view',
    label: 'wasm-views Rust-side view constructor (`wasm_views::view`)',
    group: 'boundary',
    make: (b) => {
      const { mod, id } = b;
      return () => mod.rustView(id);
    },
  },

  {
    id: 'heap-manager',
    label: 'wasm-heap-manager `ref.view`',
    group: 'library',
    make: (b) => {
      const ref = b.whm.wrapFloat32Array(b.ptr, b.len);
      return () => ref.view;
    },
  },
  {
    id: 'get-view',
    label: 'wasm-views `getView()`, default mode',
    group: 'wasm-views',
    make: (b) => {
      const lv = b.lv;
      return () => lv.getView();
    },
  },

  {
    id: 'get-view-shared',
    label: 'wasm-views `getView()`, shared memory',
    group: 'wasm-views',
    instance: 'S',
    growthInstance: 'S',
    make: (b) => {
      const lv = b.lv;
      return () => lv.getView();
    },
  },
  {
    id: 'get-view-resizable',
    label: 'wasm-views `getView()`, resizable buffer',
    group: 'wasm-views',
    instance: 'R',
    growthInstance: 'R',
    make: (b) => {
      const lv = b.lv;
      return () => lv.getView();
    },
  },
  {
    id: 'heap-get-view',
    label: 'wasm-views `heap.getView(handle)`, one-shot',
    group: 'wasm-views',
    make: (b) => {
      const { heap, handle } = b;
      return () => heap.getView(handle, 'f32');
    },
  },
];

/** Alternatives that hand out a copy. */
export const COPIES = [
  {
    id: 'copy-out',
    label: 'wasm-views `copyOut()`',
    group: 'copy',
    make: (b) => {
      const lv = b.lv;
      return () => lv.copyOut();
    },
  },
  {
    id: 'vec',
    label: 'copy out via a returned `Vec<f32>`',
    group: 'copy',
    make: (b) => {
      const { mod, id } = b;
      return () => mod.copyVec(id);
    },
  },
  {
    id: 'serde',
    label: 'copy out via serde-wasm-bindgen',
    group: 'copy',
    slow: true,
    make: (b) => {
      const { mod, id } = b;
      return () => mod.serdeOut(id);
    },
  },
  {
    id: 'slice',
    label: 'hand-written copy: `view.slice()`',
    group: 'copy',
    make: (b) => {
      const view = new Float32Array(b.memory.buffer, b.ptr, b.len);
      return () => view.slice();
    },
  },
];

/** Copy operations for the bandwidth scenario; each returns the number of elements moved. */
export const COPY_OPS = [
  {
    id: 'set-out',
    label: '`new Float32Array(n).set(view)` (baseline for copy-out)',
    group: 'baseline',
    make: (b) => {
      const view = new Float32Array(b.memory.buffer, b.ptr, b.len);
      const len = b.len;
      return () => {
        const out = new Float32Array(len);
        out.set(view);
        return out.length;
      };
    },
  },
  {
    id: 'slice',
    label: 'hand-written `view.slice()`',
    group: 'copy',
    make: (b) => {
      const view = new Float32Array(b.memory.buffer, b.ptr, b.len);
      return () => view.slice().length;
    },
  },
  {
    id: 'copy-out',
    label: 'wasm-views `copyOut()`',
    group: 'wasm-views',
    make: (b) => {
      const lv = b.lv;
      return () => lv.copyOut().length;
    },
  },
  {
    id: 'vec',
    label: 'copy out via a returned `Vec<f32>`',
    group: 'copy',
    make: (b) => {
      const { mod, id } = b;
      return () => mod.copyVec(id).length;
    },
  },
  {
    id: 'set-in',
    label: '`view.set(source)` on a raw view (baseline for copy-in)',
    group: 'baseline',
    make: (b) => {
      const view = new Float32Array(b.memory.buffer, b.ptr, b.len);
      const source = b.source;
      return () => {
        view.set(source);
        return source.length;
      };
    },
  },
  {
    id: 'copy-in',
    label: 'wasm-views `copyIn(source)`',
    group: 'wasm-views',
    make: (b) => {
      const { lv, source } = b;
      return () => {
        lv.copyIn(source);
        return source.length;
      };
    },
  },
  {
    id: 'slice-param',
    label: 'copy in via a `&[f32]` parameter',
    group: 'copy',
    make: (b) => {
      const { mod, id, source } = b;
      return () => {
        mod.copyInSlice(id, source);
        return source.length;
      };
    },
  },
];

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

  // G: the default mode again, for the growth scenario only: growing D would detach the raw
  // views the other scenarios keep.
  instances.G = await instance('G', 'default', null, { small: SMALL });
  heapManager(instances.G);

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

  return { instances, notes, memoryBytes: memoryBytes(instances) };
}

function memoryBytes(instances) {
  return Object.fromEntries(
    Object.entries(instances).map(([k, inst]) => [k, inst ? inst.memory.buffer.byteLength : null]),
  );
}

// ---------------------------------------------------------------------------------------
// The series: one per scenario x variant x alternative.

function naFor(ctx, key) {
  return ctx.notes.find((n) => n.instance === key)?.note ?? `instance ${key} unavailable`;
}

/** Every series to measure, with `run(n)` and `expect(n)`, or `na` with the reason. */
export function defineSeries(ctx) {
  const series = [];
  const add = (scenario, variant, alt, build, expect, extra = {}) => {
    const key = scenario === 'growth' ? (alt.growthInstance ?? 'G') : (alt.instance ?? 'D');
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
    );
  }

  // 2. get + read 1 KiB (256 f32), including the copying alternatives.
  const small = dataSum(SMALL);
  for (const alt of [...GETTERS, ...COPIES]) {
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
  for (const alt of GETTERS) {
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
    for (const alt of [...GETTERS, ...COPIES]) {
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
  for (const every of [1, 100, 10000]) {
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
      );
    }
  }
  return series;
}

// ---------------------------------------------------------------------------------------
// Sampling.

/** A deterministic shuffle (mulberry32), so runs are reproducible. */
function shuffler(seed) {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (list) => {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
}

let sink = 0;

function timeOnce(s, n, run = s.runs[0]) {
  const t0 = performance.now();
  const result = run(n);
  const t1 = performance.now();
  sink += result;
  if (result !== s.expect(n) && s.wrong === undefined) {
    s.wrong = `sum ${result}, expected ${s.expect(n)} (n = ${n})`;
  }
  return t1 - t0;
}

/** The figures of one series; of its best compilation when it has several. */
function summary(s) {
  const perClone = s.samples.map(stats);
  const best = perClone.reduce((b, x, i) => (x.median < perClone[b].median ? i : b), 0);
  return {
    opsPerSample: s.n,
    ...perClone[best],
    samples: s.samples[best].map((x) => Number(x.toPrecision(5))),
    ...(s.runs.length > 1
      ? { cloneMedians: perClone.map((x) => Number(x.median.toPrecision(5))) }
      : {}),
    ...(s.wrong ? { wrong: s.wrong } : {}),
  };
}

function stats(values) {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** `scenario/variant/alt`, what `--only=REGEX` matches. */
export const seriesKey = (s) => `${s.scenario}/${s.variant ?? ''}/${s.alt}`;

/**
 * Runs every series: calibration (n so that one sample takes at least `minSampleMs`), warm-up
 * rounds, then `rounds` rounds, each visiting every series once in a fresh shuffled order so
 * that drift (other load, thermal, GC) hits all alternatives alike.
 *
 * @returns the plain result object written to bench/results/<engine>.json (minus machine info).
 */
export async function runAll(
  env,
  { rounds = 15, slowRounds = 3, warmups = 2, minSampleMs = 10, only = null, log = () => {} } = {},
) {
  const started = Date.now();
  const ctx = await prepare(env);
  const all = defineSeries(ctx).filter((s) => !only || new RegExp(only).test(seriesKey(s)));
  const live = all.filter((s) => !s.na);
  const shuffle = shuffler(0x5eed);
  const yieldNow = env.yieldNow ?? (() => new Promise((resolve) => setTimeout(resolve, 0)));

  log(`${live.length} series (${all.length - live.length} n/a); calibrating`);
  for (const s of shuffle(live)) {
    let n = 1;
    for (;;) {
      const t = timeOnce(s, n);
      if (t >= minSampleMs || s.wrong) break;
      n = t < minSampleMs / 16 ? n * 16 : Math.ceil((n * minSampleMs * 1.25) / t);
    }
    s.n = n;
    s.samples = s.runs.map(() => []);
    await yieldNow();
  }
  // Warm-up rounds: the code is optimized by now; re-fit n to the optimized speed.
  for (let w = 0; w < warmups; w++) {
    log(`warm-up ${w + 1}/${warmups}`);
    for (const s of shuffle(live)) {
      if (s.slow && w > 0) continue;
      for (const run of s.runs) {
        const t = timeOnce(s, s.n, run);
        if (t < minSampleMs) s.n = Math.ceil((s.n * minSampleMs * 1.25) / Math.max(t, 1e-3));
        await yieldNow();
      }
    }
  }
  for (let r = 0; r < rounds; r++) {
    log(`round ${r + 1}/${rounds}`);
    for (const s of shuffle(live)) {
      if (s.slow && r >= slowRounds) continue;
      for (let k = 0; k < (s.samplesPerRound ?? 1); k++) {
        for (const [c, run] of s.runs.entries()) {
          const t = timeOnce(s, s.n, run);
          s.samples[c].push((t * 1e6) / s.n); // ns per operation
          await yieldNow();
        }
      }
    }
  }

  const memoryAfter = memoryBytes(ctx.instances);
  for (const [k, bytes] of Object.entries(memoryAfter)) {
    if (bytes !== null && bytes !== ctx.memoryBytes[k]) {
      ctx.notes.push({
        instance: k,
        note: `memory of instance ${k} grew during the run (${ctx.memoryBytes[k]} -> ${bytes} bytes)`,
      });
    }
  }
  return {
    config: { rounds, slowRounds, warmups, minSampleMs, ...(only ? { only } : {}) },
    durationSeconds: (Date.now() - started) / 1000,
    notes: ctx.notes,
    sink,
    series: all.map((s) => ({
      scenario: s.scenario,
      variant: s.variant,
      alt: s.alt,
      label: s.label,
      group: s.group,
      instance: s.instance,
      ...(s.bytes !== undefined ? { bytes: s.bytes } : {}),
      ...(s.na ? { na: s.na } : summary(s)),
    })),
  };
}

export { MIB };
