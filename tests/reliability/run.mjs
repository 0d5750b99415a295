// Runs the reliability suites against the built package (node_modules/wasm-views) and the
// reliability fixture, and prints their figures.
//
//   node tests/reliability/run.mjs                 quick, seeded (what `npm test` runs too)
//   node tests/reliability/run.mjs --full          full volume; writes tests/RELIABILITY.md
//   node tests/reliability/run.mjs --full storm    only the growth storm (npm run test:storm)
//   node tests/reliability/run.mjs --full --rust   also Miri and the fuzzer, into the report
//
// Options: --seed N (default: fixed), --no-report (full run without writing the report),
// --render (rewrite the report from tests/RELIABILITY.json, running nothing).
// Exits non-zero on the first violation, after printing it (with fast-check's seed, path
// and shrunk sequence for the storm).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { env, root } from '../../scripts/env.mjs';
import { edgeWalk } from './edge.mjs';
import { ensureFixtures, loadFixture } from './fixture.mjs';
import { hostile } from './hostile.mjs';
import { exhaustion, lostViews, reentrancy, soak } from './limits.mjs';
import { storm } from './model.mjs';
import { runMutants } from './mutants.mjs';
import { formatReport, renderReport } from './report.mjs';
import { VOLUME } from './volume.mjs';

const { values: options, positionals: only } = parseArgs({
  allowPositionals: true,
  options: {
    full: { type: 'boolean', default: false },
    rust: { type: 'boolean', default: false },
    seed: { type: 'string' },
    'no-report': { type: 'boolean', default: false },
    render: { type: 'boolean', default: false },
  },
});
// The raw figures of the last full run, committed next to the report they render into.
const RAW = join(root, 'tests/RELIABILITY.json');

/** The commit measured, and whether the working tree differed from it. */
function measuredCommit() {
  const git = (...args) =>
    spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? '';
  const commit = git('rev-parse', 'HEAD') || null;
  const dirty = git('status', '--porcelain', '--', 'crate/src', 'ts/src') !== '';
  return { commit, dirty };
}

// --render: rewrite tests/RELIABILITY.md from the last full run's figures (after a change
// to the report's wording), without running anything.
if (options.render) {
  const path = join(root, 'tests/RELIABILITY.md');
  const last = JSON.parse(readFileSync(RAW, 'utf8'));
  writeFileSync(path, await formatReport(renderReport(last), path));
  console.log(`wrote ${path} from the run of ${last.started}`);
  process.exit(0);
}
const full = options.full;
const withRust = options.rust;
const seed = options.seed === undefined ? 0x5eed : Number(options.seed);
if (!Number.isInteger(seed)) throw new TypeError(`--seed must be an integer, got ${options.seed}`);
const wants = (name) => only.length === 0 || only.includes(name);
const log = (line) => console.log(line);
const load = () => loadFixture('node');

const volume = full ? VOLUME.full : VOLUME.quick;

function time(name, fn) {
  const started = Date.now();
  log(`\n=== ${name} ===`);
  const result = fn();
  return Promise.resolve(result).then((value) => {
    log(`${name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return value;
  });
}

function runScript(script) {
  const started = Date.now();
  const result = spawnSync('bash', [join(root, 'tests/reliability', script)], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  return { ok: result.status === 0, seconds: (Date.now() - started) / 1000 };
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

const results = {
  mode: full ? 'full' : 'quick',
  seed,
  node: process.version,
  started: new Date().toISOString(),
  ...measuredCommit(),
};
const started = Date.now();
try {
  ensureFixtures();
  if (wants('soak'))
    results.soak = await time('soak', () =>
      soak({ cycles: volume.soak, seed: seed ^ 0x50a4, log }),
    );
  if (wants('soak'))
    results.lostViews = await time('lost LiveViews', () => lostViews({ count: volume.lost }));
  if (wants('storm')) {
    results.storm = await time('growth storm', () => storm({ ...volume.storm, load, seed, log }));
    const s = results.storm;
    log(
      `storm: ${s.operations} operations, ${s.growths} growths (${s.grownPages} pages), ${s.viewChecks} view checks, ${s.staleViews} stale views, ${s.bytesCompared} bytes compared, ${s.mismatchedBytes} mismatched, ${s.leaks} leaks`,
    );
  }
  if (wants('mutants')) {
    results.mutants = await time('mutants', () =>
      runMutants({ load, operations: volume.mutantOps, seed }),
    );
    // A mutant that only crashed (no violation the model found) is not caught either.
    const missed = Object.entries(results.mutants).filter(
      ([, caught]) => caught === null || caught.crash !== undefined,
    );
    if (missed.length > 0)
      throw new Error(
        `the storm did not notice a broken facade: ${missed.map(([name, caught]) => (caught === null ? name : `${name} (${caught.crash})`)).join(', ')}`,
      );
  }
  if (wants('hostile'))
    results.hostile = await time('hostile input', () =>
      hostile({
        handles: volume.handles,
        argumentsTried: volume.argumentsTried,
        seed: seed ^ 0xbad,
        log,
      }),
    );
  if (wants('exhaustion'))
    results.exhaustion = await time('memory exhaustion', () =>
      exhaustion({ seed: seed ^ 0x71, log }),
    );
  if (wants('edge')) {
    results.edge = await time('exhaustion walk', () =>
      edgeWalk({ from: volume.edge.from, to: 0, seed: seed ^ 0xed6e, log }),
    );
    // Kept for the report: the per-call counts and the trap list (empty, or the run failed).
    delete results.edge.trapList;
  }
  if (wants('reentrancy'))
    results.reentrancy = await time('re-entrancy', () =>
      reentrancy({ iterations: volume.reentrancy, seed: seed ^ 0x4ee7, log }),
    );
  if (withRust) {
    results.miri = {
      ...runScript('miri.sh'),
      ...readJson(join(root, 'build/reliability/miri.json')),
    };
    results.fuzz = {
      ...runScript('fuzz.sh'),
      ...readJson(join(root, 'build/reliability/fuzz.json')),
    };
    if (!results.miri.ok || !results.fuzz.ok) throw new Error('Miri or the fuzzer failed');
  } else {
    // The last recorded Rust-side runs, if any, for the report.
    for (const name of ['miri', 'fuzz']) {
      const last = readJson(join(root, `build/reliability/${name}.json`));
      if (last !== null) results[name] = { ...last, recorded: true };
    }
  }
} catch (error) {
  console.error(`\nRELIABILITY FAILURE\n${error?.stack ?? error}`);
  if (error?.cause) console.error(`cause: ${error.cause?.stack ?? error.cause}`);
  process.exit(1);
}
results.seconds = (Date.now() - started) / 1000;
log(`\nreliability (${results.mode}): all suites passed in ${results.seconds.toFixed(1)} s`);
const complete = ['soak', 'storm', 'hostile', 'exhaustion', 'edge', 'reentrancy'].every(
  (name) => results[name] !== undefined,
);
if (full && complete && !options['no-report']) {
  const path = join(root, 'tests/RELIABILITY.md');
  writeFileSync(path, await formatReport(renderReport(results), path));
  writeFileSync(RAW, `${JSON.stringify(results, null, 1)}\n`);
  log(`wrote ${path}`);
} else if (full && !complete && existsSync(join(root, 'tests/RELIABILITY.md'))) {
  log('(a partial run: tests/RELIABILITY.md was left as it was)');
}
