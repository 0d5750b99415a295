// The exhaustion walk: no trap at any free-memory level (issue 14).
//
// A module with a maximum (the reliability fixture linked with --max-memory=64 MiB) is brought
// to exactly L bytes free, for every L from a few hundred down to 0, and at each level every
// wasmViews* export, every facade method and the crate's Rust API behind the fixture's exports
// is called with good and bad arguments. Each call must succeed or end in its documented typed
// error (or, at a raw export, its documented status code); a trap (a WebAssembly.RuntimeError
// such as `unreachable`: the module is dead afterwards) fails the walk with the level, the call
// and its arguments. After every call each live buffer's bytes are what the model says, read
// through the facade; at the end of each level Rust checksums every buffer too.
//
// How "L bytes free" is made, given the allocator's chunk granularity (dlmalloc, Rust's
// allocator on wasm32):
// 1. Memory is grown from JavaScript to its maximum. The allocator never sees those pages
//    (they were not its memory.grow), and its own next memory.grow fails, exactly as at the
//    64 MiB limit: from then on only the free space inside its heap can be allocated.
// 2. `edgeFill()` (tests/fixture/src/edge.rs) takes all of that free space with raw padding
//    allocations, largest first, until not even one byte can be allocated.
// 3. `edgeOpen(L)` frees the largest pad and takes most of it back with a smaller one, leaving
//    a gap. dlmalloc's chunks have a 4-byte header, come in steps of 8 bytes and are at least
//    16 bytes, so a gap holds 12, 20, 28, ... bytes (8k - 4) and nothing in between: target
//    levels between two of those give the same state, the nearest one below. The pad's size is
//    first guessed from that rule and then corrected by measuring.
// 4. The free amount is measured, never assumed: `edgeLargest()` bisects for the largest
//    allocation that succeeds (each probe freed at once, which leaves the allocator as it was)
//    and `edgeFreeTotal()` adds up every allocation that can still be had. Before and after
//    every call the largest allocation is measured again; when a call changed it (a successful
//    allocation the call keeps, a cache filled on first use), the level is made again before
//    the next call. The edge itself is checked against that measurement: with L bytes free an
//    allocation of exactly L bytes must succeed and one of L + 1 must fail.
//
// Each level runs on a fresh instance (the glue loaded anew, its own memory), so every
// first-use path (a cache, the externref table's first growth, a new chunk of the descriptor
// table) meets the edge; the calls run in an order rotated by one per level, so each call is
// also the first at the edge on some levels. On odd levels the descriptor table is full, so
// every new handle needs a new table chunk, which cannot be had either.
import { bind } from 'wasm-views';
import * as common from './common.mjs';
import { KIND_BYTES, KINDS, LAYOUT, STATUS, bytesOf, fail, fnv1a, viewBytes } from './common.mjs';
import { loadFixture, MAX_MEMORY } from './fixture.mjs';

const PAGE = 65536;
const MAX_PAGES = MAX_MEMORY / PAGE;
const FIRST_HANDLE = 1 << LAYOUT.slotBits;
const STATUS_NAME = Object.fromEntries(Object.entries(STATUS).map(([k, v]) => [v, k]));

/** A trap: the one outcome that is never documented. */
const isTrap = (error) => error instanceof WebAssembly.RuntimeError;

/** A short rendering of call arguments for reports. */
function show(args) {
  return args
    .map((a) =>
      typeof a === 'function'
        ? 'fn'
        : typeof a === 'bigint'
          ? `${a}n`
          : typeof a === 'string'
            ? JSON.stringify(a)
            : Array.isArray(a)
              ? `[${a.length} items]`
              : ArrayBuffer.isView(a)
                ? `${a.constructor.name}(${a.length})`
                : String(a),
    )
    .join(', ');
}

/** `length` exact values of kind `code` (bits for f16) as an array of the model's type. */
function randomElements(code, length, r) {
  const el = common.newElements(code, length);
  for (let i = 0; i < length; i++) el[i] = common.valueFor(code, r.u32() | 0, r.double() % 1e6);
  return el;
}

const bytesOfArray = (el) => new Uint8Array(el.buffer, el.byteOffset, el.byteLength).slice();

/**
 * One level: a fresh instance brought to `target` bytes free, then the calls. Returns the
 * level's figures; throws a Failure on a wrong outcome, a changed buffer or (with
 * `stopAtTrap`) a trap.
 */
function walkLevel(target, { r, c, rotation, control, stopAtTrap }) {
  const fx = loadFixture('max');
  const heap = bind(fx);
  c.instances++;
  const header = () => common.headerOf(fx);
  // --- The population, made while memory is plentiful.
  const buffers = []; // { name, owner, code, handle, lv, bytes, rb?, raw? }
  const addJs = (code, length, name = `js ${KINDS[code]}`) => {
    const lv = heap.alloc(KINDS[code], length);
    const bytes = bytesOfArray(randomElements(code, length, r));
    bytesOf(lv).set(bytes);
    const b = { name, owner: 'js', code, handle: lv.handle, lv, bytes };
    buffers.push(b);
    return b;
  };
  for (let code = 0; code < 12; code++) addJs(code, 1 + ((code * 7 + target) % 9));
  const scratch8 = addJs(1, 16, 'scratch u8');
  const scratch64 = addJs(9, 4, 'scratch f64');
  const rusts = [8, 4, 11].map((code) => {
    const rb = new fx.RustBuf(code);
    const el = randomElements(code, 5 + (target % 4), r);
    for (const x of el) rb.push(common.toNumber(x));
    rb.reserve(8); // room for pushes that need no allocation
    const b = { name: `rust ${KINDS[code]}`, owner: 'rust', code, handle: rb.handle, rb };
    b.lv = heap.view(b.handle);
    b.bytes = bytesOfArray(el);
    buffers.push(b);
    return b;
  });
  // A LiveVec whose capacity is its length: its next push must grow it.
  const tight = (() => {
    const rb = new fx.RustBuf(9);
    const el = randomElements(9, 3, r);
    for (const x of el) rb.push(x);
    rb.shrinkToFit();
    const b = { name: 'rust f64, full capacity', owner: 'rust', code: 9, handle: rb.handle, rb };
    b.lv = heap.view(b.handle);
    b.bytes = bytesOfArray(el);
    buffers.push(b);
    return b;
  })();
  const raws = [5, 7].map((code) => {
    const raw = new fx.Raw(code, 6);
    const b = { name: `raw ${KINDS[code]}`, owner: 'raw', code, handle: raw.handle, raw };
    b.lv = heap.view(b.handle);
    b.bytes = bytesOfArray(randomElements(code, 6, r));
    bytesOf(b.lv).set(b.bytes);
    buffers.push(b);
    return b;
  });
  const jsBuffers = buffers.filter((b) => b.owner === 'js');
  // JS-owned buffers freed at the edge (free() and dispose need no memory).
  const spares = [0, 1, 2, 3].map((i) => heap.alloc(KINDS[(target + i) % 12], 2 + i));
  // Stale handles: JS-owned freed, a LiveVec dropped; and forged ones.
  const freedJs = heap.alloc('f32', 2);
  const staleJs = freedJs.handle;
  freedJs.free();
  // Rust-side owners released at the edge (dropping a LiveVec, ending a raw registration).
  const spareRust = new fx.RustBuf(3);
  spareRust.push(1);
  const spareRaw = new fx.Raw(6, 2);
  const dropped = new fx.RustBuf(9);
  const staleRust = dropped.handle;
  dropped.free();
  const forged = [
    0,
    1,
    ((4000 << LAYOUT.slotBits) | 3) >>> 0,
    (1 << LAYOUT.slotBits) | 0xfffff,
    0xffffffff,
  ];
  // Odd levels: a full descriptor table (every further handle needs a chunk), kept full with
  // empty JS-owned buffers.
  // A call that frees a handle opens a slot: it is taken again after the call (a free slot
  // needs no memory), so the table stays full for the next one.
  const fullTable = target % 2 === 1;
  const refill = () => {
    if (!fullTable) return;
    for (let h = header(); h.live < h.capacity; h = header()) {
      const handle = fx.wasmViewsAlloc(1, 0);
      if (handle < FIRST_HANDLE) fail(`level ${target}: filling the table gave status ${handle}`);
      live++;
    }
  };
  let live = header().live;
  refill();
  const tableFull = () => header().live >= header().capacity;

  // --- Memory to the maximum, then exactly `target` bytes free.
  heap.memory.grow(MAX_PAGES - heap.memory.buffer.byteLength / PAGE);
  let level = -1;
  const makeLevel = () => {
    fx.edgeFill();
    if (fx.edgeLargest() !== 0) fail(`level ${target}: edgeFill() left memory free`);
    level = fx.edgeOpen(target);
    // The allocator's granularity (see the top of this file): the measured level is the
    // largest 8k - 4 <= target, or 0 below 12 bytes.
    const expected = target < 12 ? 0 : ((target + 4) & ~7) - 4;
    if (level !== expected)
      fail(`level ${target}: ${level} bytes free after edgeOpen, ${expected} expected`);
    c.levelsMade++;
  };
  makeLevel();
  const total = fx.edgeFreeTotal();
  if (total !== level) fail(`level ${target}: ${total} bytes free in all, ${level} in one gap`);
  c.measuredLevels[level] = (c.measuredLevels[level] ?? 0) + 1;

  // --- The calls.
  const where = (name, args) => `level ${target} (${level} bytes free): ${name}(${show(args)})`;
  let dead = null;
  /**
   * Makes one call. `allowed`: the documented error names (a facade call: instances of the
   * facade's classes; `direct`: a Rust function of the fixture, whose error is the crate's
   * own JavaScript exception) or, with `status`, the documented status names ('HANDLE' for a
   * handle). `ok(result)` checks and undoes a success.
   */
  const call = (name, args, fn, allowed = [], { status = false, direct = false, ok } = {}) => {
    if (dead) return;
    const before = fx.edgeLargest();
    let result;
    let error;
    let threw = false;
    try {
      result = fn(...args);
    } catch (e) {
      threw = true;
      error = e;
    }
    c.calls++;
    // Outcomes by call: 'ok', an error's name, a status's name, or 'trap'.
    const outcome = (what) => {
      const counts = (c.byCall[name] ??= {});
      counts[what] = (counts[what] ?? 0) + 1;
    };
    if (threw && isTrap(error)) {
      c.traps++;
      outcome('trap');
      dead = {
        level: target,
        freeBytes: level,
        call: name,
        args: show(args),
        error: `${error.name}: ${error.message}`,
        stack: String(error.stack).split('\n').slice(1, 6).join('\n'),
      };
      c.trapList.push(dead);
      if (stopAtTrap) fail(`a trap at ${where(name, args)}: ${error.message}\n${dead.stack}`);
      return;
    }
    let failed = threw;
    if (threw) {
      const got = error?.name;
      if (!allowed.includes(got))
        fail(
          `${where(name, args)} threw ${got}: ${error?.message}; documented: ${allowed.join(', ') || 'none'}`,
        );
      if (!(error instanceof Error)) fail(`${where(name, args)} threw a non-Error`);
      if (!direct) {
        const Class = common.ERROR_CLASSES[got];
        if (Class !== undefined && !(error instanceof Class))
          fail(`${where(name, args)}: ${got} is not the facade's class`);
      }
      common.countError(c, got);
      outcome(got);
    } else if (status) {
      const s = result >= FIRST_HANDLE ? 'HANDLE' : STATUS_NAME[result];
      if (!allowed.includes(s))
        fail(`${where(name, args)} returned ${s ?? result}; documented: ${allowed.join(', ')}`);
      failed = s !== 'OK' && s !== 'HANDLE';
      outcome(failed ? `STATUS_${s}` : 'ok');
      // Only the refusals, as the other suites count them (successes are in `ok`).
      if (failed) common.countStatus(c, `STATUS_${s}`);
      if (!failed) {
        c.ok++;
        ok?.(result);
      }
    } else {
      c.ok++;
      outcome('ok');
      ok?.(result);
    }
    const after = fx.edgeLargest();
    if (failed && after !== before) {
      c.changedOnFailure++;
      fail(
        `${where(name, args)} failed and changed the free memory from ${before} to ${after} bytes`,
      );
    }
    // Every buffer as the model says, read through the facade.
    for (const b of buffers) {
      const bytes = bytesOf(b.lv);
      c.bytesCompared += bytes.length;
      if (common.firstDifference(bytes, b.bytes) >= 0)
        fail(`after ${where(name, args)}: ${b.name} (handle ${b.handle}) changed`);
    }
    const h = header();
    if (h.live !== live)
      fail(`after ${where(name, args)}: ${h.live} live handles, ${live} expected`);
    if (heap.memory.buffer.byteLength / PAGE !== MAX_PAGES)
      fail(`after ${where(name, args)}: memory is not at its maximum`);
    if (after !== level) {
      makeLevel();
      c.remade++;
    }
    refill();
  };
  const OOM = 'OutOfMemoryError';
  const STALE = 'StaleHandleError';
  const free = () => fx.edgeLargest();
  const pick = (list, i) => list[(rotation + i) % list.length];
  const someJs = (i) => pick(jsBuffers, i);
  const someRust = (i) => pick(rusts, i);
  const someOwner = (i) => pick(buffers, i);
  const wrongKind = (b) => KINDS[(b.code + 1 + (rotation % 11)) % 12];
  const checkView = (b) => (view) => {
    if (view.buffer !== heap.memory.buffer)
      fail(`a view of ${b.name} is not over the current memory`);
    if (common.firstDifference(viewBytes(view), b.bytes) >= 0)
      fail(`a view of ${b.name} shows other bytes`);
  };
  const checkInfo = (b) => (info) => {
    const e = common.readEntry(heap.memory.buffer, fx.wasmViewsTable(), b.handle);
    if (
      info.handle !== b.handle ||
      info.ptr !== e.ptr ||
      info.length !== e.length ||
      info.kind !== KINDS[b.code] ||
      info.owner !== b.owner
    )
      fail(`describe of ${b.name} disagrees with the table: ${JSON.stringify(info)}`);
  };
  // A fresh JS-owned buffer: zeroed, of the length asked; freed again.
  const fresh = (code, length) => (lv) => {
    const view = lv.getView();
    if (view.length !== length || viewBytes(view).some((x) => x !== 0))
      fail(`alloc(${KINDS[code]}, ${length}) gave ${view.length} elements, or not zeroed`);
    lv.free();
  };
  const freshHandle = (handle) => {
    if (fx.wasmViewsFree(handle) !== STATUS.OK) fail('freeing a fresh handle failed');
  };
  // The edge itself: what was measured free can be had, one byte more cannot.
  const edge = () => {
    const f = free();
    const hasSlot = !tableFull();
    if (f > 0) {
      call(
        'heap.alloc (exactly the free bytes)',
        ['u8', f],
        (k, n) => heap.alloc(k, n),
        hasSlot ? [] : [OOM],
        {
          ok: (lv) => {
            c.exactFits++;
            fresh(1, f)(lv);
          },
        },
      );
    }
    call('heap.alloc (one byte more)', ['u8', f + 1], (k, n) => heap.alloc(k, n), [OOM], {
      ok: () => fail(`level ${target}: ${f + 1} bytes allocated with ${f} free`),
    });
  };

  const facadeCalls = [
    edge,
    () => {
      const f = free();
      for (const [code, length] of [
        [1, 0],
        [(rotation + 3) % 12, 1],
        [9, Math.floor(f / 8)],
        [9, Math.floor(f / 8) + 1],
        [3, Math.floor(f / 2) + 1],
        [11, 1 << 20],
        [1, 0xffffffff],
      ])
        call('heap.alloc', [KINDS[code], length], (k, n) => heap.alloc(k, n), [OOM], {
          ok: fresh(code, length),
        });
      call('heap.alloc', ['f64', 0xffffffff], (k, n) => heap.alloc(k, n), ['RangeError']);
      for (const bad of [-1, 1.5, NaN, 2 ** 32])
        call('heap.alloc', ['f32', bad], (k, n) => heap.alloc(k, n), ['RangeError']);
      call('heap.alloc', ['f32', '3'], (k, n) => heap.alloc(k, n), ['TypeError']);
      call('heap.alloc', ['f128', 1], (k, n) => heap.alloc(k, n), ['TypeError']);
    },
    () => {
      const b = someOwner(0);
      call('heap.view', [b.handle], (h) => heap.view(h), [], {
        ok: (lv) => checkView(b)(lv.getView()),
      });
      call('heap.view', [b.handle, KINDS[b.code]], (h, k) => heap.view(h, k), [], {
        ok: (lv) => checkView(b)(lv.getView()),
      });
      call('heap.view', [b.handle, wrongKind(b)], (h, k) => heap.view(h, k), ['KindMismatchError']);
      call('heap.view', [b.handle, 'bogus'], (h, k) => heap.view(h, k), ['TypeError']);
      for (const h of [staleJs, staleRust, ...forged])
        call('heap.view', [h], (x) => heap.view(x), [STALE]);
      call('heap.view', [-1], (h) => heap.view(h), ['RangeError']);
      call('heap.view', ['1'], (h) => heap.view(h), ['TypeError']);
    },
    () => {
      const b = someOwner(1);
      call('heap.getView', [b.handle], (h) => heap.getView(h), [], { ok: checkView(b) });
      call('heap.getView', [b.handle, KINDS[b.code]], (h, k) => heap.getView(h, k), [], {
        ok: checkView(b),
      });
      call('heap.getView', [b.handle, wrongKind(b)], (h, k) => heap.getView(h, k), [
        'KindMismatchError',
      ]);
      for (const h of [staleJs, staleRust, forged[2]])
        call('heap.getView', [h], (x) => heap.getView(x), [STALE]);
      call('heap.getView', [NaN], (h) => heap.getView(h), ['RangeError']);
      call('heap.getView', [null], (h) => heap.getView(h), ['TypeError']);
    },
    () => {
      const b = someOwner(2);
      call('heap.describe', [b.handle], (h) => heap.describe(h), [], { ok: checkInfo(b) });
      for (const h of [staleJs, staleRust, forged[3]])
        call('heap.describe', [h], (x) => heap.describe(x), [STALE]);
      call('heap.describe', [0.5], (h) => heap.describe(h), ['RangeError']);
      call('heap.describe', [{}], (h) => heap.describe(h), ['TypeError']);
    },
    () => {
      for (const bytes of [0, free(), 2 ** 40])
        call('heap.reserve', [bytes], (n) => heap.reserve(n), [OOM]);
      call('heap.reserve', [-1], (n) => heap.reserve(n), ['RangeError']);
      call('heap.reserve', ['1'], (n) => heap.reserve(n), ['TypeError']);
    },
    () => {
      call('heap.withoutGrowth', [() => 7], (fn) => heap.withoutGrowth(fn), [], {
        ok: (x) => x === 7 || fail('withoutGrowth returned another value'),
      });
      call(
        'heap.withoutGrowth',
        [() => heap.alloc('u8', free() + 1)],
        (fn) => heap.withoutGrowth(fn),
        [OOM],
      );
      // memory.grow past the maximum throws (a RangeError); memory did not grow: no GrowthError.
      call('heap.withoutGrowth', [() => heap.memory.grow(1)], (fn) => heap.withoutGrowth(fn), [
        'RangeError',
      ]);
      call('heap.withoutGrowth', [5], (fn) => heap.withoutGrowth(fn), ['TypeError']);
    },
    () => {
      call('heap.onGrow', [() => {}], (fn) => heap.onGrow(fn), [], { ok: (off) => off() });
      call('heap.onGrow', [null], (fn) => heap.onGrow(fn), ['TypeError']);
    },
    () => {
      call('heap.stats', [], () => heap.stats(), [], {
        ok: (s) => {
          if (s.pages !== MAX_PAGES || s.memoryBytes !== MAX_MEMORY || s.liveHandles !== live)
            fail(`heap.stats() at ${target}: ${JSON.stringify(s)}`);
        },
      });
      call('heap.memory', [], () => heap.memory, [], {
        ok: (m) => m === fx.wasmViewsMemory() || fail('heap.memory is not the module memory'),
      });
      call('bind', [], () => bind(fx), [], {
        ok: (h) => h.stats().liveHandles === live || fail('a second bind() sees other figures'),
      });
    },
    () => {
      for (const b of [someJs(3), someRust(0), pick(raws, 0)]) {
        call('LiveView.getView', [b.name], () => b.lv.getView(), [], { ok: checkView(b) });
        call('LiveView.length', [b.name], () => b.lv.length, [], {
          ok: (n) => n * KIND_BYTES[b.code] === b.bytes.length || fail(`${b.name}: wrong length`),
        });
        call('LiveView.byteLength', [b.name], () => b.lv.byteLength, [], {
          ok: (n) => n === b.bytes.length || fail(`${b.name}: wrong byteLength`),
        });
        call('LiveView.copyOut', [b.name], () => b.lv.copyOut(), [], {
          ok: (copy) =>
            common.firstDifference(viewBytes(copy), b.bytes) < 0 ||
            fail(`${b.name}: copyOut differs`),
        });
        // Writing back what is there: allowed (also into Rust-owned buffers), changes nothing.
        const same = () =>
          common.elements(b.code, b.bytes.slice().buffer, 0, b.bytes.length / KIND_BYTES[b.code]);
        // (f16 values are bits: an engine with Float16Array would convert them as numbers.)
        if (b.code !== 7 || globalThis.Float16Array === undefined)
          call('LiveView.copyIn', [b.name, 'same values', 0], () => b.lv.copyIn(same(), 0));
        call('LiveView.copyIn', [b.name, [], b.bytes.length / KIND_BYTES[b.code]], (_, __, o) =>
          b.lv.copyIn([], o),
        );
        call('LiveView.copyIn', [b.name, [], -1], () => b.lv.copyIn([], -1), ['RangeError']);
        call(
          'LiveView.copyIn',
          [b.name, 'too long'],
          () => b.lv.copyIn(new Array(b.bytes.length + 1).fill(b.code >= 10 ? 0n : 0)),
          ['RangeError'],
        );
        call('LiveView.copyIn', [b.name, null], () => b.lv.copyIn(null), ['TypeError']);
        call(
          'LiveView.copyIn',
          [b.name, 'wrong element type'],
          () => b.lv.copyIn(b.code >= 10 ? [1] : [1n]),
          ['TypeError'],
        );
      }
    },
    () => {
      // A new value in the scratch buffer: the model follows.
      const el = randomElements(1, 16, r);
      call('LiveView.copyIn', ['scratch u8', 'new values'], () => scratch8.lv.copyIn(el), [], {
        ok: () => (scratch8.bytes = bytesOfArray(el)),
      });
    },
    () => {
      // Resizes of JS-owned buffers: growing needs memory (OutOfMemoryError leaves the buffer as
      // it was); shrinking never does.
      for (const b of [scratch8, scratch64]) {
        const n = b.bytes.length / KIND_BYTES[b.code];
        for (const length of [n + 1, n + Math.floor(free() / KIND_BYTES[b.code]) + 1, n - 1, n]) {
          call('LiveView.resize', [b.name, length], (_, len) => b.lv.resize(len), [OOM], {
            ok: () => {
              const next = new Uint8Array(length * KIND_BYTES[b.code]);
              next.set(b.bytes.subarray(0, next.length));
              b.bytes = next;
            },
          });
        }
        call('LiveView.resize', [b.name, 0xffffffff], (_, len) => b.lv.resize(len), [
          OOM,
          'RangeError',
        ]);
        call('LiveView.resize', [b.name, -1], (_, len) => b.lv.resize(len), ['RangeError']);
        call('LiveView.resize', [b.name, '2'], (_, len) => b.lv.resize(len), ['TypeError']);
      }
      call('LiveView.resize', [someRust(1).name, 1], (_, len) => someRust(1).lv.resize(len), [
        'TypeError',
      ]);
      call('LiveView.resize', [pick(raws, 1).name, 1], (_, len) => pick(raws, 1).lv.resize(len), [
        'TypeError',
      ]);
      call('LiveView.resize', ['freed', 1], () => freedJs.resize(1), [STALE]);
    },
    () => {
      const spare = pick(spares, 0);
      call('LiveView.free', ['spare'], () => spare.free(), [], {
        ok: () => {
          if (!spare.counted) live--;
          spare.counted = true;
        },
      });
      call('LiveView.free', ['spare, again'], () => spare.free());
      call('LiveView.getView', ['freed'], () => spare.getView(), [STALE]);
      call('LiveView.copyOut', ['freed'], () => freedJs.copyOut(), [STALE]);
      call('LiveView.copyIn', ['freed', [1]], () => freedJs.copyIn([1]), [STALE]);
      const other = pick(spares, 1);
      call('LiveView[Symbol.dispose]', ['spare'], () => other[Symbol.dispose](), [], {
        ok: () => {
          if (!other.counted) live--;
          other.counted = true;
        },
      });
    },
  ];

  const ownerCalls = [
    () => {
      const h = spareRust.__wbg_ptr === 0 ? null : spareRust.handle;
      call('RustBuf.free (drops the LiveVec)', [], () => spareRust.free(), [], {
        ok: () => {
          if (h !== null) live--;
        },
      });
      if (h !== null) call('heap.view', [h], (x) => heap.view(x), [STALE]);
      const released = spareRaw.handle === 0;
      call('Raw.release', [], () => spareRaw.release(), released ? ['Error'] : [], {
        direct: true,
        ok: () => live--,
      });
      const f32 = jsBuffers.find((b) => b.code === 8);
      call('sumF32', [f32.handle], (x) => fx.sumF32(x), [], {
        direct: true,
        ok: (sum) =>
          sum ===
            Array.from(
              common.elements(8, f32.bytes.slice().buffer, 0, f32.bytes.length / 4),
            ).reduce((a, x) => a + x, 0) || fail('sumF32: another sum'),
      });
      call('sumF32', [scratch8.handle], (x) => fx.sumF32(x), ['KindMismatchError'], {
        direct: true,
      });
      for (const b of [someJs(8), someRust(1)])
        call('LiveView.freed', [b.name], () => b.lv.freed, [], {
          ok: (x) => x === false || fail(`${b.name}: freed`),
        });
    },
  ];

  const exportCalls = [
    () => {
      call('wasmViewsTable', [], () => fx.wasmViewsTable(), [], {
        ok: (t) =>
          common.readHeader(heap.memory.buffer, t).magic === LAYOUT.magic ||
          fail('wasmViewsTable: no table there'),
      });
      call('wasmViewsMemory', [], () => fx.wasmViewsMemory(), [], {
        ok: (m) => m === heap.memory || fail('wasmViewsMemory: another memory'),
      });
    },
    () => {
      const f = free();
      const wantsHandle = (ok) => (tableFull() ? ['OUT_OF_MEMORY'] : ok);
      call(
        'wasmViewsAlloc',
        [1, f],
        (k, n) => fx.wasmViewsAlloc(k, n),
        f > 0 ? wantsHandle(['HANDLE']) : ['HANDLE', 'OUT_OF_MEMORY'],
        { status: true, ok: freshHandle },
      );
      call('wasmViewsAlloc', [1, f + 1], (k, n) => fx.wasmViewsAlloc(k, n), ['OUT_OF_MEMORY'], {
        status: true,
      });
      for (const [code, length] of [
        [(rotation + 5) % 12, 0],
        [8, 2],
        [9, 1 << 20],
        [1, 0xffffffff],
      ])
        call(
          'wasmViewsAlloc',
          [code, length],
          (k, n) => fx.wasmViewsAlloc(k, n),
          ['HANDLE', 'OUT_OF_MEMORY'],
          { status: true, ok: freshHandle },
        );
      call('wasmViewsAlloc', [9, 1 << 29], (k, n) => fx.wasmViewsAlloc(k, n), ['TOO_LARGE'], {
        status: true,
      });
      for (const code of [12, 0xffffffff])
        call('wasmViewsAlloc', [code, 1], (k, n) => fx.wasmViewsAlloc(k, n), ['UNKNOWN_KIND'], {
          status: true,
        });
    },
    () => {
      const b = scratch64;
      const n = b.bytes.length / 8;
      for (const length of [n + 1, n + 1 + Math.floor(free() / 8), n])
        call(
          'wasmViewsResize',
          [b.handle, length],
          (h, len) => fx.wasmViewsResize(h, len),
          ['OK', 'OUT_OF_MEMORY'],
          {
            status: true,
            ok: () => {
              const next = new Uint8Array(length * 8);
              next.set(b.bytes.subarray(0, next.length));
              b.bytes = next;
            },
          },
        );
      call(
        'wasmViewsResize',
        [b.handle, 0xffffffff],
        (h, len) => fx.wasmViewsResize(h, len),
        ['TOO_LARGE'],
        { status: true },
      );
      call(
        'wasmViewsResize',
        [staleJs, 1],
        (h, len) => fx.wasmViewsResize(h, len),
        ['STALE_HANDLE'],
        { status: true },
      );
      call(
        'wasmViewsResize',
        [someRust(2).handle, 1],
        (h, len) => fx.wasmViewsResize(h, len),
        ['WRONG_OWNER'],
        { status: true },
      );
      call('wasmViewsFree', [staleJs], (h) => fx.wasmViewsFree(h), ['STALE_HANDLE'], {
        status: true,
      });
      call('wasmViewsFree', [forged[4]], (h) => fx.wasmViewsFree(h), ['STALE_HANDLE'], {
        status: true,
      });
      call('wasmViewsFree', [pick(raws, 0).handle], (h) => fx.wasmViewsFree(h), ['WRONG_OWNER'], {
        status: true,
      });
      const spare = pick(spares, 2);
      call(
        'wasmViewsFree',
        [spare.handle],
        (h) => fx.wasmViewsFree(h),
        spare.counted ? ['STALE_HANDLE'] : ['OK'],
        {
          status: true,
          ok: () => {
            live--;
            spare.counted = true;
            spare.free(); // retires the LiveView (its buffer is gone): nothing to release
          },
        },
      );
      for (const bytes of [0, free(), 0xffffffff])
        call('wasmViewsReserve', [bytes], (n) => fx.wasmViewsReserve(n), ['OUT_OF_MEMORY'], {
          status: true,
        });
    },
  ];

  const rustCalls = [
    () => {
      call('rustStats', [], () => fx.rustStats(), [], {
        direct: true,
        ok: (s) => {
          const h = header();
          if (
            Object.keys(s).join() !==
            'memoryBytes,pages,maximumPages,liveHandles,tableCapacity,growthEpoch'
          )
            fail(`rustStats() has the fields ${Object.keys(s).join()}`);
          if (
            s.pages !== MAX_PAGES ||
            s.memoryBytes !== MAX_MEMORY ||
            s.liveHandles !== live ||
            s.tableCapacity !== h.capacity ||
            s.growthEpoch !== h.epoch ||
            !(s.maximumPages === null || s.maximumPages === MAX_PAGES)
          )
            fail(`rustStats() at ${target}: ${JSON.stringify(s)}`);
        },
      });
      const b = someOwner(3);
      call('rustDescribe', [b.handle], (h) => fx.rustDescribe(h), [], {
        direct: true,
        ok: (info) => {
          checkInfo(b)(info);
          const d = heap.describe(b.handle);
          for (const key of Object.keys(d))
            if (d[key] !== info[key]) fail(`rustDescribe and heap.describe differ in ${key}`);
          if (Object.keys(info).length !== Object.keys(d).length)
            fail('rustDescribe has other fields');
        },
      });
      for (const h of [staleJs, staleRust, forged[1]])
        call('rustDescribe', [h], (x) => fx.rustDescribe(x), [STALE], { direct: true });
    },
    () => {
      const b = someOwner(4);
      call('rustViewHandle', [b.handle], (h) => fx.rustViewHandle(h), [], {
        direct: true,
        ok: checkView(b),
      });
      call('rustViewHandle', [staleRust], (h) => fx.rustViewHandle(h), [STALE], { direct: true });
      for (const bytes of [0, free(), 0xffffffff])
        call('rustReserve', [bytes], (n) => fx.rustReserve(n), [OOM], { direct: true });
      call('rustCheckGrowth', [], () => fx.rustCheckGrowth(), [], {
        direct: true,
        ok: (e) => e === header().epoch || fail('rustCheckGrowth: another epoch'),
      });
    },
    () => {
      const f = free();
      for (const [code, length] of [
        [1, f],
        [1, f + 1],
        [(rotation + 7) % 12, 0],
        [9, 3],
      ])
        call('rustAllocJs', [code, length], (k, n) => fx.rustAllocJs(k, n), [OOM], {
          direct: true,
          ok: (h) => {
            if (code === 1 && length === f + 1) fail(`rustAllocJs: ${f + 1} bytes with ${f} free`);
            fx.rustFreeJs(h);
          },
        });
      call('rustAllocJs', [12, 1], (k, n) => fx.rustAllocJs(k, n), ['TypeError'], { direct: true });
      call('rustAllocJs', [9, 1 << 29], (k, n) => fx.rustAllocJs(k, n), ['RangeError'], {
        direct: true,
      });
      const b = scratch8;
      for (const length of [b.bytes.length + 1 + free(), b.bytes.length])
        call('rustResizeJs', [b.handle, length], (h, n) => fx.rustResizeJs(h, n), [OOM], {
          direct: true,
          ok: () => {
            const next = new Uint8Array(length);
            next.set(b.bytes.subarray(0, length));
            b.bytes = next;
          },
        });
      call(
        'rustResizeJs',
        [someRust(0).handle, 1],
        (h, n) => fx.rustResizeJs(h, n),
        ['TypeError'],
        { direct: true },
      );
      call('rustFreeJs', [staleJs], (h) => fx.rustFreeJs(h), [STALE], { direct: true });
      call('rustFreeJs', [someRust(1).handle], (h) => fx.rustFreeJs(h), ['TypeError'], {
        direct: true,
      });
    },
    () => {
      call('tryLiveVec', [(rotation + 2) % 12], (k) => fx.tryLiveVec(k), [OOM], { direct: true });
      call('tryLiveVec', [12], (k) => fx.tryLiveVec(k), ['TypeError'], { direct: true });
      call('rawRoundTrip', [], () => fx.rawRoundTrip(), [OOM], { direct: true });
    },
    () => {
      // LiveVec growth through its fallible API (documented: OutOfMemoryError, buffer as it
      // was), and pushes within the capacity reserved at setup (no allocation at all).
      const b = someRust(rotation);
      const len = b.rb.len();
      const push = (name, fn) =>
        call(name, [b.name, 3], (_, x) => fn(x), name === 'RustBuf.tryPush' ? [OOM] : [], {
          direct: true,
          ok: () => {
            if (b.rb.len() !== len + 1) fail(`${name}: no element added`);
            b.rb.truncate(len);
          },
        });
      push('RustBuf.tryPush', (x) => b.rb.tryPush(x));
      if (tight.rb.capacity() !== tight.rb.len()) fail('the full-capacity LiveVec has room');
      call(
        'RustBuf.tryPush (full capacity)',
        [tight.name, 2.5],
        (_, x) => tight.rb.tryPush(x),
        [OOM],
        {
          direct: true,
          ok: () => {
            if (tight.rb.len() !== 4) fail('RustBuf.tryPush (full capacity): no element added');
            tight.rb.truncate(3);
            tight.rb.shrinkToFit();
          },
        },
      );
      if (b.rb.capacity() > len) push('RustBuf.push (within capacity)', (x) => b.rb.push(x));
      for (const more of [1, Math.floor(free() / KIND_BYTES[b.code]) + 1, 0x7fffffff])
        call('RustBuf.tryReserve', [b.name, more], (_, n) => b.rb.tryReserve(n), [OOM], {
          direct: true,
        });
      call('RustBuf.view', [b.name], () => b.rb.view(), [], { direct: true, ok: checkView(b) });
      call('RustBuf.checksum', [b.name], () => b.rb.checksum(), [], {
        direct: true,
        ok: (sum) => sum === fnv1a(b.bytes) || fail(`${b.name}: Rust reads other bytes`),
      });
      call('RustBuf.len', [b.name], () => b.rb.len(), [], { direct: true });
      call('RustBuf.capacity', [b.name], () => b.rb.capacity(), [], { direct: true });
      call('RustBuf.ptr', [b.name], () => b.rb.ptr(), [], { direct: true });
      const raw = pick(raws, 1);
      call('Raw.checksum', [raw.name], () => raw.raw.checksum(), [], {
        direct: true,
        ok: (sum) => sum === fnv1a(raw.bytes) || fail(`${raw.name}: Rust reads other bytes`),
      });
      call('Raw.ptr', [raw.name], () => raw.raw.ptr(), [], { direct: true });
    },
    () => {
      const b = someJs(5);
      call('checksumJs', [b.handle, b.code], (h, k) => fx.checksumJs(h, k), [], {
        direct: true,
        ok: (sum) => sum === fnv1a(b.bytes) || fail(`checksumJs of ${b.name}: other bytes`),
      });
      call(
        'checksumJs',
        [b.handle, KINDS.indexOf(wrongKind(b))],
        (h, k) => fx.checksumJs(h, k),
        ['KindMismatchError'],
        { direct: true },
      );
      call('checksumJs', [b.handle, 12], (h, k) => fx.checksumJs(h, k), ['TypeError'], {
        direct: true,
      });
      call(
        'checksumJs',
        [someRust(2).handle, someRust(2).code],
        (h, k) => fx.checksumJs(h, k),
        ['TypeError'],
        { direct: true },
      );
      call('checksumJs', [staleJs, 8], (h, k) => fx.checksumJs(h, k), [STALE], { direct: true });
      const x = rotation % 200;
      call('fillJs', [scratch8.handle, 1, x], (h, k, v) => fx.fillJs(h, k, v), [], {
        direct: true,
        ok: () => scratch8.bytes.fill(x),
      });
      call(
        'fillJs',
        [scratch8.handle, 9, x],
        (h, k, v) => fx.fillJs(h, k, v),
        ['KindMismatchError'],
        { direct: true },
      );
      call('fillJs', [scratch8.handle, 99, x], (h, k, v) => fx.fillJs(h, k, v), ['TypeError'], {
        direct: true,
      });
      const o = someOwner(6);
      call('checksumAt', [o.handle], (h) => fx.checksumAt(h), [], {
        direct: true,
        ok: (sum) => sum === fnv1a(o.bytes) || fail(`checksumAt of ${o.name}: other bytes`),
      });
      call('checksumAt', [staleRust], (h) => fx.checksumAt(h), [STALE], { direct: true });
    },
    () => {
      // A Rust borrow held across a call into JavaScript at the edge: free and resize refuse.
      const b = someJs(7);
      const inside = () => {
        common.expectError(() => b.lv.free(), 'BorrowError', 'free while Rust borrows it');
        common.expectError(() => b.lv.resize(1), 'BorrowError', 'resize while Rust borrows it');
        common.expectStatus(
          () => fx.wasmViewsFree(b.handle),
          'BORROWED',
          'wasmViewsFree while borrowed',
        );
        common.countError(c, 'BorrowError', 2);
        common.countStatus(c, 'STATUS_BORROWED');
        return 11;
      };
      for (const exclusive of [false, true])
        call(
          'withBorrow',
          [b.handle, b.code, exclusive, inside],
          (h, k, e, fn) => fx.withBorrow(h, k, e, fn),
          [],
          {
            direct: true,
            ok: (x) => x === 11 || fail('withBorrow returned another value'),
          },
        );
      call(
        'withBorrow',
        [b.handle, 12, false, inside],
        (h, k, e, fn) => fx.withBorrow(h, k, e, fn),
        ['TypeError'],
        { direct: true },
      );
      call('growMemory', [1], (n) => fx.growMemory(n), [], {
        direct: true,
        ok: (x) => x === -1 || fail('memory grew past its maximum'),
      });
      call('growMemory', [0], (n) => fx.growMemory(n), [], { direct: true });
      call('callWithGrowth', [() => 5, 1], (fn, n) => fx.callWithGrowth(fn, n), [], {
        direct: true,
        ok: (x) => x === 5 || fail('callWithGrowth returned another value'),
      });
    },
  ];

  // A control (tests/node/reliability-edge.test.mjs): a call that must trap, or a buffer
  // changed behind the model's back, to show the walk fails then.
  const controls = {
    // wasm-bindgen's glue copies a string argument into linear memory (`__wbindgen_malloc`),
    // and aborts when that allocation fails: a trap by wasm-bindgen's rules.
    trap: () => call('shout (control)', ['x'.repeat(64 + target)], (s) => fx.shout(s)),
    corrupt: () => {
      const b = pick(buffers, 0);
      const bytes = bytesOf(b.lv);
      if (bytes.length > 0) bytes[0] ^= 0x5a;
      call('heap.stats (after a corruption)', [], () => heap.stats());
    },
  };
  const battery = [...facadeCalls, ...ownerCalls, ...exportCalls, ...rustCalls];
  if (control) battery.splice(rotation % battery.length, 0, controls[control]);
  for (let i = 0; i < battery.length && !dead; i++) battery[(rotation + i) % battery.length]();

  // --- End of level: Rust checksums every buffer (and the live count and table agree).
  if (!dead) {
    for (const b of buffers) {
      const sum = fnv1a(b.bytes);
      const check = (name, fn, ...args) =>
        call(name, args, fn, [], {
          direct: true,
          ok: (s) => s === sum || fail(`${name}: ${b.name} reads other bytes at level ${target}`),
        });
      check('checksumAt', (h) => fx.checksumAt(h), b.handle);
      if (b.owner === 'js') check('checksumJs', (h, k) => fx.checksumJs(h, k), b.handle, b.code);
      if (b.owner === 'rust') check('RustBuf.checksum', () => b.rb.checksum());
      if (b.owner === 'raw') check('Raw.checksum', () => b.raw.checksum());
      c.rustChecksums++;
    }
  }
  return dead;
}

/**
 * Walks the free memory from `from` bytes down to `to`, one level at a time (each on a fresh
 * instance; see the top of this file). Returns the counters; throws a Failure on the first
 * violation, including (unless `stopAtTrap` is false) the first trap.
 */
export function edgeWalk({
  from = 256,
  to = 0,
  seed = 0xed6e,
  control,
  stopAtTrap = true,
  log = () => {},
} = {}) {
  const started = Date.now();
  const r = common.rng(seed);
  const c = common.counters();
  Object.assign(c, {
    from,
    to,
    levels: 0,
    levelsMade: 0,
    remade: 0,
    calls: 0,
    ok: 0,
    traps: 0,
    trapList: [],
    changedOnFailure: 0,
    exactFits: 0,
    measuredLevels: {},
    byCall: {},
  });
  for (let target = from; target >= to; target--) {
    walkLevel(target, { r, c, rotation: from - target, control, stopAtTrap });
    c.levels++;
    if ((from - target) % 64 === 63)
      log(`edge: down to ${target} bytes free, ${c.calls} calls, ${c.traps} traps`);
  }
  c.distinctLevels = Object.keys(c.measuredLevels).length;
  c.seconds = (Date.now() - started) / 1000;
  log(
    `edge: ${c.levels} levels (${from} to ${to} bytes free; ${c.distinctLevels} distinct measured states), ${c.calls} calls, ${c.ok} succeeded, ${c.traps} traps, ${c.seconds.toFixed(1)} s`,
  );
  return c;
}
