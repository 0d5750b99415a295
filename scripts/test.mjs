// Runs every test suite of wasm-views against the build that scripts/build.mjs
// made, and ends with one line `N passed, N failed` over all of them. Exits
// non-zero if anything failed, or if a suite ran fewer tests than its floor (a
// test binary or file that silently stopped running is a failure too).
//
// `node scripts/test.mjs NAME...` runs only the suites whose names contain one
// of the arguments (for working on one layer; `npm test` runs them all). An
// argument that matches no suite is an error.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root, run } from './env.mjs';

const resultsDir = join(root, 'build', 'test-results');
mkdirSync(resultsDir, { recursive: true });
const { version } = JSON.parse(readFileSync(join(root, 'npm', 'package.json'), 'utf8'));
const tarball = `build/wasm-views-${version}.tgz`;

// How each suite's output is turned into counts.
const parsers = {
  // A check with no test cases of its own (lint, format, docs, type check).
  check: (status) => (status === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 }),
  // cargo test and wasm-bindgen-test print one `test result:` line per test binary.
  cargo: (status, out) => {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const m of out.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored/g)) {
      counts.passed += Number(m[1]);
      counts.failed += Number(m[2]);
      counts.skipped += Number(m[3]);
    }
    return counts;
  },
  // Vitest's JSON summary (Jest's format).
  json: (status, out, file) => {
    try {
      const r = JSON.parse(readFileSync(file, 'utf8'));
      return {
        passed: r.numPassedTests,
        failed: r.numFailedTests,
        skipped: r.numPendingTests + (r.numTodoTests ?? 0),
      };
    } catch {
      return { passed: 0, failed: 0 };
    }
  },
  // node --test with the TAP reporter ends with `# pass N` / `# fail N` / `# skipped N`.
  node: (status, out) => {
    const count = (key) => Number(out.match(new RegExp(`^# ${key} (\\d+)$`, 'm'))?.[1] ?? 0);
    return {
      passed: count('pass'),
      failed: count('fail') + count('cancelled'),
      skipped: count('skipped') + count('todo'),
    };
  },
};

// The least number of tests each suite runs (passed + failed), counted on 2026-12-01 on a
// clean clone with every branch of that day merged: fewer means tests
// stopped running (a file renamed away, a binary compiled out), which fails the suite.
// Raise a floor when you add tests; lower it only with the tests' assertions living on
// elsewhere.
const FLOORS = {
  cargo: 63,
  wasmBindgenTest: 22,
  vitest: 170,
  node: 138,
  size: 7,
};
// node --test's default reporter is `spec` from Node 23; the parser below reads TAP.
const tap = ['--test-reporter=tap', '--test-reporter-destination=stdout'];
const cargoDoc = { RUSTDOCFLAGS: '-D warnings' };
const json = (name) => join(resultsDir, `${name}.json`);
/** A suite that is one command and passes or fails as a whole (lint, format, docs, types). */
const check = (name, cmd, args, options = {}) => ({ name, cmd, args, parse: 'check', ...options });
const clippy = ['--workspace', '--all-targets', '--', '-D', 'warnings'];
const suites = [
  check('rustfmt', 'cargo', ['fmt', '--all', '--check']),
  check('clippy (native)', 'cargo', ['clippy', ...clippy]),
  check('clippy (wasm32)', 'cargo', ['clippy', '--target', 'wasm32-unknown-unknown', ...clippy]),
  check(
    'rustdoc',
    'cargo',
    ['doc', '-p', 'wasm-views', '--no-deps', '--target', 'wasm32-unknown-unknown'],
    { env: cargoDoc },
  ),
  {
    name: 'cargo test (native)',
    cmd: 'cargo',
    args: ['test', '--workspace'],
    parse: 'cargo',
    floor: FLOORS.cargo,
  },
  {
    name: 'wasm-bindgen-test (node)',
    cmd: 'wasm-pack',
    args: ['test', '--node', 'crate'],
    parse: 'cargo',
    floor: FLOORS.wasmBindgenTest,
  },
  {
    name: 'wasm-bindgen-test (chromium)',
    cmd: 'wasm-pack',
    args: ['test', '--headless', '--chrome', '--chromedriver', '/usr/bin/chromedriver', 'crate'],
    parse: 'cargo',
    floor: FLOORS.wasmBindgenTest,
  },
  {
    name: 'wasm-bindgen-test (firefox)',
    cmd: 'wasm-pack',
    args: ['test', '--headless', '--firefox', 'crate'],
    parse: 'cargo',
    floor: FLOORS.wasmBindgenTest,
  },
  check('prettier', 'prettier', ['--check', 'ts', 'tests', 'scripts']),
  check('type-level tests', 'tsc', ['-p', 'tests/types/tsconfig.json']),
  check('type-level tests (Float16Array lib)', 'tsc', ['-p', 'tests/types/float16/tsconfig.json']),
  {
    name: 'vitest',
    cmd: 'vitest',
    args: [
      'run',
      '--config',
      'tests/vitest.config.mts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${json('vitest')}`,
    ],
    parse: 'json',
    file: json('vitest'),
    floor: FLOORS.vitest,
  },
  {
    name: 'node: package, gc, browsers',
    cmd: 'node',
    args: ['--expose-gc', '--test', ...tap, '--test-concurrency=1', 'tests/node/'],
    parse: 'node',
    floor: FLOORS.node,
  },
  // Publishable as it is: the crate as crates.io would take it (packaged and built on its
  // own), and the npm package as the registry would (npm's own manifest fixes are warnings
  // here: they mean npm/package.json says something npm rewrites).
  check('cargo publish --dry-run', 'cargo', ['publish', '--dry-run', '-p', 'wasm-views']),
  check('npm publish --dry-run', 'npm', ['publish', '--dry-run'], {
    cwd: join(root, 'npm'),
    // The one warning a dry run always gives (nobody is logged in) is not a problem.
    reject: /^npm warn (?!publish This command requires you to be logged in)/m,
  }),
  check('publint', 'publint', ['run', tarball, '--strict']),
  // node16 profile: TypeScript's node10 resolution ignores `exports`, so no subpath entry
  // can resolve there, and the package needs Node 20+. The .wasm subpath is an asset (read
  // or fetched by URL, never imported as a module), so it has no declarations to check.
  check('arethetypeswrong', 'attw', [
    tarball,
    '--profile',
    'node16',
    '--exclude-entrypoints',
    './wasm_views_bg.wasm',
    '--format',
    'ascii',
    '--no-color',
    '--no-emoji',
  ]),
  // Bytes, unlike times, are deterministic on a pinned toolchain (issue 12's limits).
  {
    name: 'size limits',
    cmd: 'node',
    args: ['--test', ...tap, 'tests/size/limits.test.mjs'],
    parse: 'node',
    floor: FLOORS.size,
  },
];

const only = process.argv.slice(2);
const unmatched = only.filter((o) => !suites.some((s) => s.name.includes(o)));
if (unmatched.length) {
  console.error(`test.mjs: no suite matches ${unmatched.map((o) => `"${o}"`).join(', ')}; suites:`);
  for (const s of suites) console.error(`  ${s.name}`);
  process.exit(2);
}
const selected = only.length ? suites.filter((s) => only.some((o) => s.name.includes(o))) : suites;
const rows = [];
for (const suite of selected) {
  console.log(`\n=== ${suite.name} ===`);
  if (suite.file) rmSync(suite.file, { force: true });
  const started = Date.now();
  const { status, output, errors } = run(suite.cmd, suite.args, {
    capture: true,
    cwd: suite.cwd,
    extraEnv: suite.env,
  });
  const text = `${output}${errors}`;
  const counts = { skipped: 0, ...parsers[suite.parse](status, text, suite.file) };
  const notes = [];
  // A suite that failed without a failing test (a compile error, a crash) still
  // counts as a failure; so does one that passed without running a test.
  if (status !== 0 && counts.failed === 0) counts.failed = 1;
  if (status === 0 && counts.passed === 0) counts.failed += 1;
  const ran = counts.passed + counts.failed;
  if (ran < (suite.floor ?? 1)) {
    counts.failed += 1;
    notes.push(`ran ${ran} tests, fewer than its floor of ${suite.floor}`);
  }
  const rejected = suite.reject && text.match(suite.reject);
  if (rejected) {
    counts.failed += 1;
    notes.push(`output has \`${rejected[0].trim()}\`…`);
  }
  for (const note of notes) console.log(`${suite.name}: ${note}`);
  rows.push({ name: suite.name, status, seconds: (Date.now() - started) / 1000, notes, ...counts });
}

console.log('\n=== summary ===');
for (const r of rows) {
  const verdict = r.failed ? 'FAIL' : 'ok  ';
  console.log(
    `${verdict} ${r.name.padEnd(32)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(3)} failed ${r.skipped ? `${r.skipped} skipped ` : ''}(${r.seconds.toFixed(1)} s)${r.notes.length ? `: ${r.notes.join('; ')}` : ''}`,
  );
}
const total = (key) => rows.reduce((sum, r) => sum + r[key], 0);
const skipped = total('skipped');
console.log(
  `${total('passed')} passed, ${total('failed')} failed${skipped ? `, ${skipped} skipped` : ''}`,
);
process.exit(total('failed') > 0 ? 1 : 0);
