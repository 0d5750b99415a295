// The alternatives the benchmark measures (shared by Node and the browsers): every way to get
// a view of a buffer, to hand out a copy, and to copy in or out, each a small factory.
//
// Every alternative is written in its idiomatic form as a small factory. The factories and the
// scenario loops are recompiled from source for every series (`fresh` below), so each series
// gets function objects of its own: its own JIT feedback, monomorphic, inlined, as it would be
// in an app that uses only that alternative. Without that, the alternatives would share one
// loop whose call sites go megamorphic, and the measurement would be of the harness.
//
// Data: element i of every buffer is `i % 1000` (exact in f32), so every sample's sum can be
// checked against a closed form: a wrong read (a stale or detached view) is caught, not timed.

/** Element counts (f32) of the buffers each module instance holds. */
export const SMALL = 256; // 1 KiB
export const BULK = 262144; // 1 MiB
export const BIG = 16777216; // 64 MiB

/**
 * A new function object compiled from `fn`'s source (so `fn` must not close over anything).
 * Every clone's source text differs (a numbered `sourceURL`): V8 caches `new Function` by
 * source text together with its feedback cell, so identical clones would share one feedback
 * vector, and the alternatives would pollute each other's JIT feedback again.
 */
let clones = 0;
export const fresh = (fn) =>
  new Function(`return (${fn.toString()});\n//# sourceURL=bench-clone-${++clones}.js`)();

// ---------------------------------------------------------------------------------------
// Alternatives that get a view (or an indexable copy) of one buffer. `b` is the buffer:
// { memory, ptr, len, id, handle, mod, heap, lv, whm }.

// The factories several alternatives share (the instance they run on differs); `fresh`
// compiles a new copy of one for every series, so sharing the source shares no feedback.

/** A raw view made once and never checked (unsafe after growth). */
const cachedView = (b) => {
  const view = new Float32Array(b.memory.buffer, b.ptr, b.len);
  return () => view;
};

/** wasm-views: the buffer's LiveView. */
const liveView = (b) => {
  const lv = b.lv;
  return () => lv.getView();
};

/** @type {{id: string, label: string, group: string, instance?: string, whole?: boolean, make: Function, makeHandOver?: Function}[]} */
export const GETTERS = [
  {
    id: 'raw',
    label: 'raw cached view, no check (unsafe)',
    group: 'unsafe',
    make: cachedView,
  },
  {
    id: 'raw-shared',
    label: 'raw cached view on the shared memory (unsafe)',
    group: 'unsafe',
    instance: 'S',
    make: cachedView,
  },
  {
    id: 'raw-resizable',
    label: 'raw cached view on the resizable buffer (unsafe)',
    group: 'unsafe',
    instance: 'R',
    make: cachedView,
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
  // The floor of any correct check of a buffer that may also move (a LiveVec that
  // reallocates), which is what getView() checks: the cheapest growth check above (glue's, or
  // the cached buffer's byteLength) plus one read of the buffer's descriptor version (the
  // LiveView's own word index, `_versionIndex`, an internal plain property). Not among the
  // hand-written checks the targets compare with (they only see growth): they show what the
  // engine charges for the version read that getView() cannot leave out.
  {
    id: 'floor-glue',
    label: 'floor: glue check + a descriptor version read',
    group: 'floor',
    whole: true,
    make: (b) => {
      const memory = b.memory;
      const vi = b.lv._versionIndex;
      let cached = null;
      let u32 = null;
      let version = -1;
      return () => {
        if (cached === null || cached.byteLength === 0 || u32[vi] !== version) {
          cached = new Float32Array(memory.buffer);
          u32 = new Uint32Array(memory.buffer);
          version = u32[vi];
        }
        return cached;
      };
    },
  },
  {
    id: 'floor-cached-detach',
    label: 'floor: cached `buffer.byteLength === 0` + a descriptor version read',
    group: 'floor',
    // A class, as floor-view-length and getView(): the closure form (closure variables the
    // closure reassigns) cost SpiderMonkey 4.4 against 1.0 ns.
    make: (b) => {
      const { memory, ptr, len } = b;
      class Checked {
        constructor(versionIndex) {
          this.vi = versionIndex;
          this.rebuild();
        }
        get() {
          return this.buffer.byteLength !== 0 && this.u32[this.vi] === this.version
            ? this.view
            : this.rebuild();
        }
        rebuild() {
          this.buffer = memory.buffer;
          this.u32 = new Uint32Array(this.buffer);
          this.version = this.u32[this.vi];
          this.view = new Float32Array(this.buffer, ptr, len);
          return this.view;
        }
      }
      const checked = new Checked(b.lv._versionIndex);
      return () => checked.get();
    },
  },
  {
    // getView()'s own strategy, hand-written: the detach probe is the cached sub-view's own
    // length (0 once detached; cheap in every engine, unlike a whole-memory array's length
    // in Firefox), then the version read through a u32 view of the same buffer.
    id: 'floor-view-length',
    label: 'floor: cached sub-view, `view.length !== 0` + a descriptor version read',
    group: 'floor',
    // A class, as getView() is written: SpiderMonkey reads closure variables that the
    // closure reassigns slower (the closure-based floors above cost more there than getView()).
    make: (b) => {
      const { memory, ptr, len } = b;
      class Checked {
        constructor(versionIndex) {
          this.vi = versionIndex;
          this.rebuild();
        }
        get() {
          return this.view.length !== 0 && this.u32[this.vi] === this.version
            ? this.view
            : this.rebuild();
        }
        rebuild() {
          this.u32 = new Uint32Array(memory.buffer);
          this.version = this.u32[this.vi];
          this.view = new Float32Array(memory.buffer, ptr, len);
          return this.view;
        }
      }
      const checked = new Checked(b.lv._versionIndex);
      return () => checked.get();
    },
  },
  // A rebuild that builds one typed array after a detach instead of two: the version read
  // through a call into wasm (the bench module's `readWord`), the whole-memory `Uint32Array`
  // of the fast path built only at the read after that (which keeps the view). Until then
  // `u32` is a sentinel whose one word is odd, which no settled version is, so that read
  // takes rebuild() without reading a detached array. Every check that reads the table from
  // JavaScript needs a second array over the new buffer first (floor-view-length): this floor
  // shows what that costs the rebuild path, against a check the facade could only make with
  // an export of its crate.
  {
    id: 'floor-wasm-version',
    label:
      'floor: `view.length !== 0` + a descriptor version read (through a wasm call after a detach)',
    group: 'floor',
    make: (b) => {
      const { memory, ptr, len } = b;
      const readWord = b.mod.readWord;
      const PENDING = Uint32Array.of(1);
      class Checked {
        constructor(versionIndex) {
          this.index = versionIndex;
          this.rebuild();
        }
        get() {
          return this.view.length !== 0 && this.u32[this.vi] === this.version
            ? this.view
            : this.rebuild();
        }
        rebuild() {
          // Detached (memory grew) and the entry unchanged: the same elements, one new view.
          if (this.view?.length === 0 && readWord(this.index) === this.version) {
            this.view = new Float32Array(memory.buffer, ptr, len);
            this.u32 = PENDING;
            this.vi = 0;
            return this.view;
          }
          this.u32 = new Uint32Array(memory.buffer);
          this.vi = this.index;
          // The read after that (the sentinel's): the view is over the current buffer, and
          // still current if the version is unchanged; only the Uint32Array was missing.
          if (this.view?.length !== 0 && this.u32[this.vi] === this.version) return this.view;
          this.version = this.u32[this.vi];
          this.view = new Float32Array(memory.buffer, ptr, len);
          return this.view;
        }
      }
      const checked = new Checked(b.lv._versionIndex);
      return () => checked.get();
    },
  },
  {
    // The floor of the one-shot path: what heap.getView(handle) must do, hand-written with
    // the descriptor layout inlined (crate/LAYOUT.md) and no argument checks: find the entry
    // through the chunk directory, read its words, check generation, state, version parity
    // and kind, build the view on a cached buffer (no `memory.buffer` getter unless detached).
    id: 'floor-one-shot',
    label:
      'floor of the one-shot path: the table lookup and entry read hand-written, view on a cached buffer',
    group: 'floor',
    make: (b) => {
      const { memory, handle } = b;
      const header = b.mod.wasmViewsTable() >>> 2;
      let buf = memory.buffer;
      let u32 = new Uint32Array(buf);
      return () => {
        if (u32.length === 0) u32 = new Uint32Array((buf = memory.buffer));
        const slot = handle & 0xfffff;
        if (handle >>> 20 === 0 || slot >= u32[header + 2]) throw new Error('stale handle');
        const chunk = u32[header + 8 + (slot >>> 8)];
        const word = (chunk >>> 2) + (slot & 255) * 8;
        if (!chunk || word + 8 > u32.length) throw new Error('stale handle');
        const ptr = u32[word];
        const length = u32[word + 1];
        if (u32[word + 4] % 2 || u32[word + 3] !== handle >>> 20 || u32[word + 5] === 0)
          throw new Error('stale handle');
        if (u32[word + 2] !== 8 || ptr % 4 || ptr + length * 4 > u32.length * 4)
          throw new Error('corrupt');
        return new Float32Array(buf, ptr, length);
      };
    },
  },
  // The floors of the modes whose buffers never detach (a resizable buffer, shared memory):
  // the cheapest correct check there is a cached view plus the version read, with no detach
  // test at all; getView() tests the constant probe `ONE` instead. Classes, as
  // floor-view-length (closure variables the closure reassigns are slower in SpiderMonkey:
  // the closure form of floor-resizable cost Firefox 153 4.2 ns against getView()'s 1.0).
  {
    id: 'floor-resizable',
    label:
      'floor on the resizable buffer: a cached view + a descriptor version read (no detach test: it never detaches)',
    group: 'floor',
    instance: 'R',
    growthInstance: 'R',
    make: (b) => {
      const { memory, ptr, len } = b;
      class Checked {
        constructor(versionIndex) {
          this.vi = versionIndex;
          this.u32 = new Uint32Array(memory.buffer); // length-tracking, as the facade's
          this.rebuild();
        }
        get() {
          return this.u32[this.vi] === this.version ? this.view : this.rebuild();
        }
        rebuild() {
          this.version = this.u32[this.vi];
          this.view = new Float32Array(memory.buffer, ptr, len);
          return this.view;
        }
      }
      const checked = new Checked(b.lv._versionIndex);
      return () => checked.get();
    },
  },
  {
    id: 'floor-shared',
    label:
      'floor on the shared memory: a cached view + a descriptor version read (no detach test: it never detaches)',
    group: 'floor',
    instance: 'S',
    growthInstance: 'S',
    make: (b) => {
      const { memory, ptr, len } = b;
      class Checked {
        constructor(versionIndex) {
          this.vi = versionIndex;
          this.rebuild();
        }
        get() {
          return this.u32[this.vi] === this.version ? this.view : this.rebuild();
        }
        rebuild() {
          // A shared buffer that grew is another, longer SharedArrayBuffer: re-read on a change.
          this.u32 = new Uint32Array(memory.buffer);
          this.version = this.u32[this.vi];
          this.view = new Float32Array(memory.buffer, ptr, len);
          return this.view;
        }
      }
      const checked = new Checked(b.lv._versionIndex);
      return () => checked.get();
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
    make: liveView,
  },

  {
    id: 'get-view-shared',
    label: 'wasm-views `getView()`, shared memory',
    group: 'wasm-views',
    instance: 'S',
    growthInstance: 'S',
    make: liveView,
  },
  {
    id: 'get-view-resizable',
    label: 'wasm-views `getView()`, resizable buffer',
    group: 'wasm-views',
    instance: 'R',
    growthInstance: 'R',
    make: liveView,
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

/**
 * The facade of an earlier build (`node bench/run.mjs --before=DIR`), bound to the same module
 * instances: the same getters, so a change is measured before and after in one run.
 */
export const BEFORE = GETTERS.filter((a) => a.group === 'wasm-views').map((a) => ({
  ...a,
  id: `${a.id}@before`,
  label: `${a.label} (before)`,
  group: 'before',
  make:
    a.id === 'heap-get-view'
      ? (b) => {
          const { heapBefore, handle } = b;
          return () => heapBefore.getView(handle, 'f32');
        }
      : (b) => {
          const lv = b.lvBefore;
          return () => lv.getView();
        },
}));

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
