// The growth storm: model-based tests of the built package (fast-check).
//
// Random sequences of operations run against a fresh instance of the reliability fixture,
// bound with the package's `bind()`: JS-owned buffers (alloc, free, resize, write, copyIn,
// copyOut, reserve), Rust-owned LiveVecs of every kind (push, extend, resize, truncate,
// clear, reserve, shrink, move, drop), raw registrations (register, move, release), Rust
// borrows of JS-owned buffers (also held across a call back into JavaScript), memory growth
// from JavaScript and from Rust (also inside withoutGrowth and inside a callback from Rust),
// second LiveViews of the same buffer, stale handles, kind and owner mismatches.
//
// After every step the whole state is checked against a plain JavaScript model holding the
// expected bytes of every buffer:
// - every LiveView's getView() is over the current memory.buffer (never detached, never
//   stale), at the address and length the descriptor table says (read independently, from
//   crate/LAYOUT.md), and holds exactly the model's bytes;
// - live buffers do not overlap each other or the table; the core's live handle count is
//   the model's; the growth epoch moved exactly when memory grew; copyOut() copies taken
//   earlier are untouched; onGrow events chain without gaps;
// - the buffer an operation touched is also checksummed by Rust (what Rust reads is what
//   JavaScript wrote).
// At the end of a run everything is released and the live handle count must be back to
// zero (a leak fails the run). A failing run is shrunk by fast-check to a minimal sequence.
import fc from 'fast-check';
import { counters, mergeCounters } from './common.mjs';
import { OPS_GROWTH } from './ops-growth.mjs';
import { OPS_JS } from './ops-js.mjs';
import { OPS_MISUSE } from './ops-misuse.mjs';
import { OPS_RUST } from './ops-rust.mjs';
import { World } from './world.mjs';

/** Every operation of the storm: name -> { weight, args, when?, run }. */
export const OPS = { ...OPS_JS, ...OPS_RUST, ...OPS_GROWTH, ...OPS_MISUSE };

/** Wraps one operation's arguments as a fast-check command. */
class Command {
  constructor(name, args) {
    this.name = name;
    this.args = args;
  }
  check(model) {
    const op = OPS[this.name];
    return op.when === undefined || op.when(model.world, this.args);
  }
  run(model) {
    const w = model.world;
    OPS[this.name].run(w, this.args);
    w.c.operations++;
    w.c.byOperation[this.name] = (w.c.byOperation[this.name] ?? 0) + 1;
    w.verify(`after ${this.toString()}`);
  }
  toString() {
    return `${this.name}(${JSON.stringify(this.args)})`;
  }
}

const commandArb = fc.oneof(
  ...Object.entries(OPS).map(([name, op]) => ({
    weight: op.weight,
    arbitrary: fc.record(op.args).map((args) => new Command(name, args)),
  })),
);

/**
 * Runs the storm: fast-check runs of up to `maxCommands` operations each, on a fresh module
 * instance per run (`load()` returns one, or a promise of one: the fixture's glue, evaluated
 * anew), until at least `operations` operations and `growths` growths ran. Resolves to the
 * counters; rejects with fast-check's report (seed, path and the shrunk sequence, unless
 * `shrink` is false) on the first failure.
 */
export async function storm({
  load,
  operations = 20000,
  growths = 50,
  seed = 0x5eed,
  maxCommands = 300,
  shrink = true,
  log = () => {},
} = {}) {
  const c = counters();
  c.reentrantCalls = 0;
  if (typeof load !== 'function') throw new TypeError('storm() needs load(): a fresh fixture');
  const started = Date.now();
  let batch = 0;
  while (c.operations < operations || c.growths < growths) {
    const batchSeed = (seed + batch * 0x9e3779b9) | 0;
    batch++;
    // Counters of shrinking attempts would be misleading: count into a scratch object and
    // keep it only if the batch passes.
    const scratch = counters();
    scratch.reentrantCalls = 0;
    // The last error a run threw is the shrunk counterexample's: the cause of the report
    // (fast-check sets it itself only for some kinds of thrown values).
    let failure;
    const property = fc.asyncProperty(
      fc.commands([commandArb], { maxCommands, size: 'max' }),
      async (cmds) => {
        try {
          const world = new World(scratch, await load());
          fc.modelRun(() => ({ model: { world }, real: {} }), cmds);
          world.teardown();
        } catch (error) {
          failure = error;
          throw error;
        }
      },
    );
    try {
      // Without shrinking a failure is reported as found: a page, whose module instances are
      // never collected (module records live as long as the page), keeps to one per run.
      await fc.assert(property, { seed: batchSeed, numRuns: 25, endOnFailure: !shrink });
    } catch (error) {
      if (error.cause === undefined && failure !== undefined) error.cause = failure;
      throw error;
    }
    mergeCounters(c, scratch);
    log(
      `storm batch ${batch} (seed ${batchSeed}): ${c.operations} operations, ${c.growths} growths, ${c.bytesCompared} bytes compared, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  c.seconds = (Date.now() - started) / 1000;
  c.seed = seed;
  c.batches = batch;
  return c;
}
