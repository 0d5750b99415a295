// Storm operations that misuse the library on purpose: stale handles and LiveViews, kind
// mismatches, operations on buffers of another owner. Each must give its documented typed
// error at the facade and its documented status code at the raw exports, and change nothing.
import fc from 'fast-check';
import { onBuffer, pick } from './arbitraries.mjs';
import {
  ENTRY,
  KINDS,
  LAYOUT,
  OWNER_STATE,
  STATE,
  countError,
  countStatus,
  expectError,
  expectStatus,
  fail,
  readSlot,
} from './common.mjs';

/** What a StaleHandleError says of a handle whose slot is still free, by who released it. */
const STALE_REASON = { rust: 'LiveVec::replace', js: 'freed', raw: 'raw registration' };

/** name -> { weight, args, when?, run }. */
export const OPS_MISUSE = {
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
      const slotIndex = h & LAYOUT.slotMask;
      const slot = readSlot(w.memory.buffer, w.table, slotIndex);
      // Who released the slot, as the table records it for the facade's message: the owner
      // that released it while it stays free, 0 once it is reused.
      const releasedBy = w.releasedBy.get(slotIndex);
      if (ENTRY.releasedBy !== undefined && slot !== null) {
        const want = slot.state === STATE.free ? OWNER_STATE[releasedBy] : 0;
        if (slot.releasedBy !== want)
          fail(`slot of stale handle ${h} says released by ${slot.releasedBy}, the model ${want}`);
      }
      // The facade's message states the facts: the handle, its slot and generation, and, while
      // the slot stays free, why (a dropped LiveVec names the way to keep a handle).
      const mentions = [h, `slot ${slotIndex}`, `generation ${h >>> LAYOUT.slotBits}`];
      if (slot?.state === STATE.free) mentions.push(STALE_REASON[releasedBy]);
      for (const [what, fn] of [
        ['heap.view(stale)', () => w.heap.view(h)],
        ['heap.getView(stale)', () => w.heap.getView(h)],
        ['heap.describe(stale)', () => w.heap.describe(h)],
      ])
        countError(c, expectError(fn, 'StaleHandleError', what, { mentions }));
      countStatus(
        c,
        expectStatus(() => w.fx.wasmViewsFree(h), 'STALE_HANDLE', 'wasmViewsFree(stale)'),
      );
      countStatus(
        c,
        expectStatus(() => w.fx.wasmViewsResize(h, 1), 'STALE_HANDLE', 'wasmViewsResize(stale)'),
      );
      countError(
        c,
        expectError(() => w.fx.checksumAt(h), 'StaleHandleError', 'checksumAt(stale)', {
          direct: true,
        }),
      );
    },
  },
  mismatch: onBuffer(undefined, 2, { other: fc.integer({ min: 1, max: 11 }) }, (w, b, a) => {
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
  }),
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
};
