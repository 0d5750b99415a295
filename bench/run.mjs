// `npm run bench`: builds the bench crate if its inputs changed, runs bench/sampling.mjs (the
// scenarios of bench/scenarios.mjs) in Node 20, 22, 24 and 26 (each its own process,
// bench/node-engine.mjs; Node 20 is the machine's, the others the pinned binaries of
// tests/consumers/runtimes.mjs), headless Chromium and Firefox ESR (one browser process each,
// the page served with COOP/COEP so shared memory is available), writes
// bench/results/<engine>.json, then the size report and the report (BENCHMARKS.md,
// bench/results/*.svg).
//
// Options:
//   --engines=node20,node22,node24,node26,chromium,firefox   which engines (default: all;
//                                     `node` stands for the four Nodes)
//   --rounds=N --min-sample-ms=N      rounds per series, minimum sample time (default 15, 10)
//   --quick                           3 rounds of 5 ms samples, for trying things out
//   --only=REGEX                      only the series whose `scenario/variant/alt` matches
//   --wait-idle[=MINUTES]             wait for a quiet machine before each engine
//   --before=DIR                      also measure the facade built in DIR (a copy of an earlier
//                                     node_modules/wasm-views), as `...@before` series: a change
//                                     measured before and after in one run (copied into build/,
//                                     so the page server serves it too)
//   --no-build --no-size --no-report  skip those steps
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { run, root } from '../scripts/env.mjs';
import { wasmPack } from '../scripts/wasm-pack.mjs';
import { INSTANCES } from './scenarios.mjs';
import { runtimes } from '../tests/consumers/runtimes.mjs';
import { openPage } from '../tests/support/browsers.mjs';
import { serve } from '../tests/support/server.mjs';

const { values: args } = parseArgs({
  // A bare --wait-idle means its default, 10 minutes (parseArgs has no optional values).
  args: process.argv.slice(2).map((a) => (a === '--wait-idle' ? '--wait-idle=10' : a)),
  options: {
    engines: { type: 'string' },
    rounds: { type: 'string' },
    'min-sample-ms': { type: 'string' },
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'wait-idle': { type: 'string', default: '0' },
    before: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    'no-size': { type: 'boolean', default: false },
    'no-report': { type: 'boolean', default: false },
  },
});
const NODES = ['node20', 'node22', 'node24', 'node26'];
const engines = (args.engines ?? [...NODES, 'chromium', 'firefox'].join(','))
  .split(',')
  .filter(Boolean)
  .flatMap((e) => (e === 'node' ? NODES : [e]));
const quick = args.quick;
const options = {
  rounds: Number(args.rounds ?? (quick ? 3 : 15)),
  slowRounds: quick ? 1 : 3,
  warmups: quick ? 1 : 2,
  minSampleMs: Number(args['min-sample-ms'] ?? (quick ? 5 : 10)),
  ...(args.only ? { only: args.only } : {}),
};
const before = args.before ? resolve(args.before) : null;
const resultsDir = join(root, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
const started = Date.now();

// ---------------------------------------------------------------------------------------
// Builds: build/bench (--target web) and build/bench-shared (a threads build with nightly and
// -Z build-std, for the shared-memory mode), both by scripts/wasm-pack.mjs, which skips a build
// whose inputs are unchanged. The shared build is optional: when it fails, the mode is reported
// as not measured, with the reason (kept in build/bench-shared/FAILED).

// The flags of a threads build of a wasm-bindgen module (atomics, shared imported memory, the
// TLS exports wasm-bindgen's thread support needs). --max-memory
// comes from bench/build.rs.
const SHARED_RUSTFLAGS = [
  '-C target-feature=+atomics,+bulk-memory,+mutable-globals',
  ...[
    '--shared-memory',
    '--import-memory',
    '--export=__wasm_init_tls',
    '--export=__tls_size',
    '--export=__tls_align',
    '--export=__tls_base',
  ].map((f) => `-C link-arg=${f}`),
].join(' ');
const BENCH = { crate: 'bench', target: 'web', outName: 'bench' };
const SHARED_FAILED = join(root, 'build/bench-shared/FAILED');

function buildBench() {
  try {
    wasmPack({ ...BENCH, outDir: 'build/bench' });
  } catch (error) {
    console.error(`bench: building the bench crate failed: ${error.message}`);
    process.exit(1);
  }
}

function buildShared() {
  try {
    wasmPack({
      ...BENCH,
      outDir: 'build/bench-shared',
      // wasm-opt is left out, as before: the threads build is measured as rustc links it.
      extraArgs: ['--no-opt', '--', '-Z', 'build-std=panic_abort,std'],
      env: {
        RUSTUP_TOOLCHAIN: 'nightly',
        RUSTFLAGS: SHARED_RUSTFLAGS,
        CARGO_TARGET_DIR: join(root, 'target/bench-shared'),
      },
      quiet: true,
    });
  } catch (error) {
    mkdirSync(join(root, 'build/bench-shared'), { recursive: true });
    writeFileSync(
      SHARED_FAILED,
      `the threads build (nightly, -Z build-std) failed: ${lastLine(error.message)}. It needs the nightly toolchain with rust-src (rustup component add rust-src --toolchain nightly)`,
    );
  }
}

function readFailure() {
  return existsSync(SHARED_FAILED) ? readFileSync(SHARED_FAILED, 'utf8') : null;
}

function lastLine(text) {
  const lines = String(text)
    .trim()
    .split('\n')
    .filter((l) => /error/i.test(l));
  return (lines.at(-1) ?? String(text).trim().split('\n').at(-1) ?? '').slice(0, 300);
}

if (!args['no-build']) {
  buildBench();
  buildShared();
}
const sharedFailure = readFailure();

// ---------------------------------------------------------------------------------------
// The facade copies: each module instance (scenarios.mjs: D, G, S, R) binds its own copy of
// the package, so each mode's getView() gets JIT feedback of its own. A copy is a directory,
// not a query string on bind.mjs: the feature entries (wasm-views/inspect, /reserve,
// /resizable, ... which the benchmark needs for describe(), stats(), reserve() and the
// resizable mode) import `./bind.mjs` and attach to the copy beside them. bench-entry.mjs
// loads the copy's bind.mjs and every feature entry present (an older build of --before
// may have none: everything was in bind.mjs then).
const NOT_FEATURES = new Set(['bind', 'node', 'browser', 'cli', 'testing', 'status', 'feature']);
function facadeCopies(from, to) {
  rmSync(to, { recursive: true, force: true });
  const files = readdirSync(from).filter((f) => f.endsWith('.mjs'));
  const features = files.filter((f) => !NOT_FEATURES.has(f.replace(/\.mjs$/, '')));
  for (const key of INSTANCES) {
    const dir = join(to, key);
    mkdirSync(dir, { recursive: true });
    for (const f of files) copyFileSync(join(from, f), join(dir, f));
    writeFileSync(
      join(dir, 'bench-entry.mjs'),
      `export * from './bind.mjs';\n${features.map((f) => `import './${f}';\n`).join('')}`,
    );
  }
}
facadeCopies(join(root, 'node_modules/wasm-views'), join(root, 'build/bench-facade'));
if (before) facadeCopies(before, join(root, 'build/bench-facade-before'));

// ---------------------------------------------------------------------------------------
// Machine and engine facts recorded with every result file.

function version(cmd, argv) {
  const { status, output } = run(cmd, argv, { capture: true });
  return status === 0 ? output.trim() : null;
}

const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  os: `${os.type()} ${os.release()} ${os.arch()}`,
};

function writeResult(engine, engineVersion, result, extra = {}) {
  const file = join(resultsDir, `${engine}.json`);
  const doc = {
    engine,
    engineVersion,
    date: new Date().toISOString(),
    machine: { ...machine, loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))) },
    ...extra,
    ...result,
  };
  writeFileSync(file, `${JSON.stringify(doc, null, 1)}\n`);
  console.log(`bench: wrote ${relative(root, file)} (${result.durationSeconds.toFixed(0)} s)`);
}

// ---------------------------------------------------------------------------------------
// Node: each version in its own process (bench/node-engine.mjs), which writes its result to a
// temporary file; its progress lines come through on stdout.

async function runNode(engine, bin) {
  const engineVersion = version(bin, [
    '-p',
    '`Node ${process.versions.node} (V8 ${process.versions.v8})`',
  ]);
  console.log(`bench: ${engine} (${engineVersion})`);
  const out = join(root, 'build', `bench-${engine}.json`);
  rmSync(out, { force: true });
  const loadBefore = os.loadavg()[0];
  const child = spawn(
    bin,
    [
      join(root, 'bench/node-engine.mjs'),
      JSON.stringify({ ...options, sharedFailure, ...(before ? { before } : {}) }),
      out,
    ],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0 || !existsSync(out)) throw new Error(`${engine} exited with ${code}`);
  const result = JSON.parse(readFileSync(out, 'utf8'));
  writeResult(engine, engineVersion, result, { loadAverageBefore: loadBefore });
}

// ---------------------------------------------------------------------------------------
// Browsers: bench/page.html runs the same runAll() and leaves the result on window.__bench.

/** `promise`, or an error after `ms` (a page busy in one long task, or a hung browser). */
function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runBrowser(engine, server) {
  const engineVersion =
    engine === 'chromium'
      ? version('chromium', ['--version'])
      : version('firefox-esr', ['--version']);
  console.log(`bench: ${engine} (${engineVersion})`);
  const query = new URLSearchParams({
    ...Object.fromEntries(Object.entries(options).map(([k, v]) => [k, String(v)])),
  });
  if (sharedFailure) query.set('sharedFailure', sharedFailure);
  if (before) query.set('before', relative(root, before));
  const loadBefore = os.loadavg()[0];
  const page = await openPage(engine, `${server.url}/bench/page.html?${query}`);
  try {
    const deadline = Date.now() + 8 * 60_000;
    for (;;) {
      const state = await withTimeout(
        page.evaluate(() => {
          const b = window.__bench;
          return b
            ? {
                log: b.log.splice(0),
                done: b.result !== undefined,
                error: b.error,
                ua: navigator.userAgent,
              }
            : null;
        }),
        120_000,
        `${engine}: the page stopped answering`,
      );
      if (state) {
        for (const line of state.log) console.log(`  ${engine}: ${line}`);
        if (state.error) throw new Error(`${engine}: ${state.error}`);
        if (state.done) {
          const result = await page.evaluate(() => window.__bench.result);
          writeResult(engine, engineVersion ?? state.ua, result, {
            userAgent: state.ua,
            loadAverageBefore: loadBefore,
          });
          return;
        }
      }
      if (page.errors.length) throw new Error(`${engine} page failed: ${page.errors.join('\n')}`);
      if (Date.now() > deadline) throw new Error(`${engine}: timed out`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    await page.close();
  }
}

// The machine may be shared: measuring while other work runs inflates and scatters every
// figure. --wait-idle[=MINUTES] waits (default up to 10 minutes) before each engine for the
// 1-minute load average to drop below 3/4 of the core count; otherwise it only warns.
async function settle(engine) {
  const limit = Math.max(1, os.cpus().length * 0.75);
  const waitMinutes = Number(args['wait-idle']);
  const deadline = Date.now() + waitMinutes * 60_000;
  while (os.loadavg()[0] > limit && Date.now() < deadline) {
    console.log(
      `bench: load average ${os.loadavg()[0].toFixed(2)}; waiting for it to drop below ${limit} before ${engine}`,
    );
    await new Promise((r) => setTimeout(r, 15_000));
  }
  if (os.loadavg()[0] > limit) {
    console.warn(
      `bench: warning: load average ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores; ${engine} figures will be noisy`,
    );
  }
}

let failed = false;
for (const engine of engines.filter((e) => NODES.includes(e))) {
  try {
    await settle(engine);
    await runNode(engine, runtimes()[engine]);
  } catch (error) {
    failed = true;
    console.error(`bench: ${engine} failed: ${error.stack ?? error}`);
  }
}
const browsers = engines.filter((e) => !NODES.includes(e));
if (browsers.length) {
  // Cross-origin isolation: SharedArrayBuffer (the shared-memory mode) and fine timers.
  const server = await serve(root, {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
  });
  try {
    for (const engine of browsers) {
      try {
        await settle(engine);
        await runBrowser(engine, server);
      } catch (error) {
        failed = true;
        console.error(`bench: ${engine} failed: ${error.stack ?? error}`);
      }
    }
  } finally {
    await server.close();
  }
}

if (!args['no-size']) {
  const { status } = run('node', ['bench/size.mjs']);
  if (status !== 0) failed = true;
}
if (!args['no-report']) {
  const { writeReport } = await import('./report.mjs');
  writeReport();
}
console.log(`bench: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(failed ? 1 : 0);
