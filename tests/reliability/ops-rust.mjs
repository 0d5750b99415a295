// Storm operations on Rust-owned buffers (LiveVecs of every kind: push, extend, resize,
// truncate, clear, reserve, shrink, move, drop, the crate's own view constructor), raw
// registrations (register, move, release), and Rust borrows of JS-owned buffers (fills, and
// borrows held across a call back into JavaScript).
import fc from 'fast-check';
import { BYTE_BUDGET, kind, lengthArb, onBuffer, seeds } from './arbitraries.mjs';
import {
  KINDS,
  KIND_BYTES,
  countError,
  countStatus,
  expectError,
  expectStatus,
  fail,
  firstDifference,
  fnv1a,
  toNumber,
  valueFor,
  viewBytes,
} from './common.mjs';

/**
 * Rust gives `b` the new length `length` (within the model's byte budget) with `apply`, new
 * elements holding the value of the seeds `a.int` / `a.dbl`; the model follows.
 */
function rustLength(w, b, length, a, apply) {
  if (w.totalBytes() + (length - b.length) * b.size > BYTE_BUDGET) return;
  const value = valueFor(b.code, a.int, a.dbl);
  apply(toNumber(value));
  b.setLength(length, value);
  w.touched = b;
}

/** name -> { weight, args, when?, run }. */
export const OPS_RUST = {
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
  rustPush: onBuffer('rust', 8, seeds, (w, b, a) =>
    rustLength(w, b, b.length + 1, a, (value) => b.rust.push(value)),
  ),
  rustExtend: onBuffer('rust', 4, { n: lengthArb, ...seeds }, (w, b, a) =>
    rustLength(w, b, b.length + a.n, a, (value) => b.rust.extendFill(a.n, value)),
  ),
  rustResize: onBuffer('rust', 3, { n: lengthArb, ...seeds }, (w, b, a) =>
    rustLength(w, b, a.n, a, (value) => b.rust.resize(a.n, value)),
  ),
  rustShape: onBuffer('rust', 5, { what: fc.nat(4), n: fc.nat(600) }, (w, b, a) => {
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
  }),
  rustDrop: onBuffer('rust', 3, {}, (w, b) => {
    b.rust.free();
    w.kill(b);
  }),
  rustView: onBuffer('rust', 2, {}, (w, b) => {
    const view = b.rust.view(); // the crate's never-detached constructor
    if (view.length !== b.length || (b.length > 0 && view.buffer.byteLength === 0)) {
      w.c.staleViews++;
      fail(
        `RustBuf.view() of #${b.id} came back detached or short (${view.length} of ${b.length})`,
      );
    }
    const bits = b.code === 7 ? new Uint16Array(view.buffer, view.byteOffset, view.length) : view;
    if (firstDifference(viewBytes(bits), b.bytes) >= 0)
      fail(`RustBuf.view() of #${b.id} differs from the model`);
  }),
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
  rawMove: onBuffer('raw', 3, { len: fc.nat(96) }, (w, b, a) => {
    b.rust.moveTo(a.len);
    b.setLength(a.len);
    w.touched = b;
  }),
  rawRelease: onBuffer('raw', 2, {}, (w, b) => {
    b.rust.release();
    b.rust.free();
    w.kill(b);
  }),
  rustFill: onBuffer('js', 3, { ...seeds }, (w, b, a) => {
    const value = valueFor(b.code, a.int, a.dbl);
    w.fx.fillJs(b.handle, b.code, toNumber(value));
    b.fillAll(value);
    w.touched = b;
  }),
  borrowed: onBuffer('js', 3, { exclusive: fc.boolean() }, (w, b, a) => {
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
  }),
};
