// Mutation testing (issue 14): cargo-mutants on crate/src, then StrykerJS on ts/src, then
// tests/MUTATION.md from both results. `npm run test:mutation`; not part of `npm test` (it takes
// most of an hour on two cores).
//
//   node scripts/mutation.mjs                 run both tools, write the report
//   node scripts/mutation.mjs --only cargo    run one tool (the other half of the report is
//   node scripts/mutation.mjs --only stryker  rebuilt from its last results)
//   node scripts/mutation.mjs --report-only   run nothing: rebuild the report from the last results
//   node scripts/mutation.mjs --only cargo --retest
//                                             run cargo-mutants again only on the last full run's
//                                             survivors and on mutants new since (after adding
//                                             tests); the report says which commit measured what
//
// Exits non-zero when a tool fails to run, when a survivor has no recorded reason (it is listed
// as "unaccounted"), when a mutant that tests/mutation/cargo-killed.json says a test now kills
// survives, or when a tool's score is under the issue's goal of 90%.
//
// cargo-mutants (configuration: .cargo/mutants.toml) runs in stages, each on the survivors of
// the one before, so that the slower oracles only see the mutants the fast one missed: the
// union of the crate's test suites is the oracle, and a mutant counts as killed when any of them
// fails on it.
//   1. native: the unit tests and integration tests (`cargo test --lib --tests`), every mutant;
//   2. wasm: the wasm-bindgen suite (crate/tests/common, through crate/tests/node.rs) on
//      wasm32-unknown-unknown under wasm-bindgen-test-runner in Node, as `wasm-pack test --node`
//      runs it. Code under `cfg(target_arch = "wasm32")` compiles out natively, so only this
//      stage can kill its mutants; crate/tests/browser.rs runs the same suite in browsers and
//      would kill nothing more;
//   3. doc: the doctests (`cargo test --doc`), each compiled on its own, hence last.
// Results: build/mutation/cargo/<stage>/mutants.out (logs and diffs), and the merged outcome of
// every mutant in tests/mutation/cargo-results.json (committed, small), which --report-only
// reads. Stryker (configuration: tests/mutation/stryker.config.mjs) writes
// build/mutation/stryker/mutation.json (the mutation-testing-elements schema).
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { strykerKey, undetected } from '../tests/mutation/stryker-keys.mjs';
import { root, run } from './env.mjs';

const CARGO_MUTANTS_VERSION = '27.1.0';
/** The issue's goal for each tool's score, in percent. */
const GOAL = 90;
/**
 * cargo-mutants jobs. Each job is one `cargo test` build tree (its own target directory); two
 * shared cores run two at `nice -n 10` with room for the other users (measured: see
 * tests/MUTATION.md for the run time).
 */
const JOBS = { native: 2, wasm: 1, doc: 1 };

const files = {
  cargoOut: join(root, 'build', 'mutation', 'cargo'),
  cargoResults: join(root, 'tests', 'mutation', 'cargo-results.json'),
  cargoSurvivors: join(root, 'tests', 'mutation', 'cargo-survivors.json'),
  cargoKilled: join(root, 'tests', 'mutation', 'cargo-killed.json'),
  strykerConfig: join(root, 'tests', 'mutation', 'stryker.config.mjs'),
  strykerReport: join(root, 'build', 'mutation', 'stryker', 'mutation.json'),
  strykerRun: join(root, 'build', 'mutation', 'stryker', 'run.json'),
  strykerSurvivors: join(root, 'tests', 'mutation', 'stryker-survivors.json'),
  strykerKilled: join(root, 'tests', 'mutation', 'stryker-killed.json'),
  report: join(root, 'tests', 'MUTATION.md'),
};

/**
 * The environment of every cargo-mutants stage. The model test (crate/tests/model.rs) runs 64
 * proptest cases per mutant instead of 256 (a quarter of the time: it is most of each mutant's
 * test time), from a fixed seed so that two runs test the same cases, and a failing case is
 * not shrunk (the failure is what counts, not the smallest example).
 */
const CARGO_ENV = {
  PROPTEST_CASES: '64',
  PROPTEST_RNG_SEED: '20261201',
  PROPTEST_MAX_SHRINK_ITERS: '0',
};

/** The stages of the cargo-mutants run, in order (see the comment at the top). */
const STAGES = [
  {
    name: 'native',
    describe: 'unit and integration tests, native (`cargo test --lib --tests`)',
    // --cargo-arg: the build phase too, which would otherwise also build the examples.
    args: ['--cargo-arg=--lib', '--cargo-arg=--tests'],
  },
  {
    name: 'wasm',
    describe:
      'the wasm-bindgen suite on wasm32-unknown-unknown in Node (`cargo test --target wasm32-unknown-unknown --test node`, wasm-bindgen-test-runner)',
    // Only crate/tests/node.rs: the unit tests and the other integration tests are native-only
    // (`cfg(not(target_arch = "wasm32"))`), so on wasm32 they are empty binaries.
    args: ['--cargo-arg=--target=wasm32-unknown-unknown', '--cargo-arg=--test=node'],
    env: { CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER: 'wasm-bindgen-test-runner' },
  },
  {
    name: 'doc',
    describe: 'doctests, native (`cargo test --doc`)',
    args: ['--cargo-test-arg=--doc'],
  },
];

const { values: options } = parseArgs({
  options: {
    only: { type: 'string' },
    'report-only': { type: 'boolean', default: false },
    retest: { type: 'boolean', default: false },
  },
});
if (options.only && !['cargo', 'stryker'].includes(options.only)) {
  console.error(`mutation.mjs: --only takes "cargo" or "stryker", not "${options.only}"`);
  process.exit(2);
}
const runs = (tool) => !options['report-only'] && (!options.only || options.only === tool);

const readJson = (file, fallback) =>
  existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : fallback;
const git = (...args) => {
  const { status, output } = run('git', args, { capture: true, quiet: true });
  return status === 0 ? output.trim() : '';
};
/** The commit measured, and whether the measured sources differ from it. */
function measuredCommit(paths) {
  const commit = git('rev-parse', '--short=10', 'HEAD');
  const dirty = git('status', '--porcelain', '--', ...paths) !== '';
  return { commit, dirty };
}
const minutes = (seconds) =>
  seconds == null
    ? 'not recorded'
    : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
const percent = (part, whole) => (whole ? (100 * part) / whole : 0);
const fixed = (p) => p.toFixed(1);
/** `text` as a Markdown code span inside a table cell (backticks and pipes in it survive). */
const code = (text) => {
  const flat = text.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
  const fence = '`'.repeat(Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  return fence.length > 1 ? `${fence} ${flat} ${fence}` : `\`${flat}\``;
};
/**
 * The map of a reasons file: `{ key: reason }`, or that map under `equivalent` (or `killed`), as
 * tests/mutation/stryker-survivors.json has it.
 */
const entriesOf = (json) => json?.equivalent ?? json?.killed ?? json ?? {};
/** A reason entry: a string, or `{ reason }` / `{ test }` objects. */
const reasonOf = (entry) =>
  typeof entry === 'string' ? entry : (entry?.reason ?? entry?.test ?? '');

let failed = false;
const fail = (message) => {
  console.error(`mutation.mjs: ${message}`);
  failed = true;
};

// ---------------------------------------------------------------------------------------------
// cargo-mutants

function ensureCargoMutants() {
  const { status, output } = run('cargo', ['mutants', '--version'], { capture: true, quiet: true });
  if (status === 0 && output.includes(CARGO_MUTANTS_VERSION)) return;
  console.log(`mutation.mjs: installing cargo-mutants ${CARGO_MUTANTS_VERSION} (a few minutes)`);
  const installed = run('cargo', [
    'install',
    'cargo-mutants',
    '--version',
    CARGO_MUTANTS_VERSION,
    '--locked',
  ]);
  if (installed.status !== 0) throw new Error('cargo install cargo-mutants failed');
  // The wasm stage's runner comes with the wasm-bindgen CLI, which setup installs (at the
  // version Cargo.lock links).
  if (run('wasm-bindgen-test-runner', ['--version'], { capture: true, quiet: true }).status !== 0) {
    if (run('bash', ['scripts/setup.sh']).status !== 0) throw new Error('scripts/setup.sh failed');
  }
}

/** A regex matching exactly one mutant name. */
const exactly = (name) => `^${name.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}$`;

/** The outcomes of one stage's run: mutant name -> { summary, seconds, failing tests }. */
function readStage(dir) {
  const outcomes = JSON.parse(readFileSync(join(dir, 'mutants.out', 'outcomes.json'), 'utf8'));
  const byName = new Map();
  for (const o of outcomes.outcomes) {
    if (o.scenario === 'Baseline') continue;
    const name = o.scenario.Mutant.name;
    const log = join(dir, 'mutants.out', o.log_path);
    const failing = existsSync(log)
      ? [...readFileSync(log, 'utf8').matchAll(/^test (\S+) \.\.\. FAILED$/gm)].map((m) => m[1])
      : [];
    byName.set(name, {
      summary: o.summary,
      seconds: o.phase_results.reduce((sum, p) => sum + p.duration, 0),
      failing: [...new Set(failing)],
    });
  }
  return { outcomes: byName, version: outcomes.cargo_mutants_version };
}

/**
 * Runs the stages on `names` (all mutants when `subset` is false) and returns each one's
 * outcome and the stages' counts and times.
 */
function runStages(names, subset) {
  const outcomes = new Map();
  const stages = [];
  let pending = names;
  let version = CARGO_MUTANTS_VERSION;
  for (const stage of STAGES) {
    if (pending.length === 0) break;
    const dir = join(files.cargoOut, stage.name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // Later stages (and a retest) get their mutants by name. cargo-mutants 27.1.0 adds its
    // struct-field deletions whatever the name filter says; results not asked for are ignored.
    const filter =
      stage === STAGES[0] && !subset ? [] : pending.flatMap((name) => ['-F', exactly(name)]);
    const t0 = Date.now();
    const { status } = run(
      'nice',
      [
        '-n',
        '10',
        'cargo',
        'mutants',
        '--package=wasm-views',
        `--jobs=${JOBS[stage.name]}`,
        `--output=${relative(root, dir)}`,
        '--no-shuffle',
        ...stage.args,
        ...filter,
      ],
      { extraEnv: { ...CARGO_ENV, ...stage.env } },
    );
    const seconds = (Date.now() - t0) / 1000;
    // 0: all caught; 2: some missed; 3: some timed out. Anything else (4: the baseline failed)
    // means nothing was measured.
    if (![0, 2, 3].includes(status))
      throw new Error(`cargo mutants (${stage.name}) exited ${status}`);
    const result = readStage(dir);
    version = result.version ?? version;
    const counts = { tested: 0, caught: 0, missed: 0, timeout: 0, unviable: 0 };
    for (const name of pending) {
      const o = result.outcomes.get(name);
      if (!o) throw new Error(`cargo mutants (${stage.name}) did not test ${name}`);
      counts.tested += 1;
      const outcome = {
        CaughtMutant: 'caught',
        MissedMutant: 'missed',
        Timeout: 'timeout',
        Unviable: 'unviable',
      }[o.summary];
      if (!outcome) throw new Error(`cargo mutants (${stage.name}): ${name} ended in ${o.summary}`);
      counts[outcome] += 1;
      outcomes.set(name, {
        outcome,
        stage: stage.name,
        ...(outcome === 'caught' && o.failing.length ? { failing: o.failing } : {}),
      });
    }
    stages.push({ name: stage.name, describe: stage.describe, seconds, ...counts });
    pending = pending.filter((name) => outcomes.get(name).outcome === 'missed');
  }
  return { outcomes, stages, version };
}

/**
 * The full run: every mutant through the stages. With `retest`, only the last results'
 * survivors and the mutants not in them (new or moved since) are run again, and the rest keep
 * their outcomes; the report says so.
 */
function runCargo(retest) {
  ensureCargoMutants();
  const list = run('cargo', ['mutants', '--list', '--json'], { capture: true, quiet: true });
  if (list.status !== 0) throw new Error(`cargo mutants --list failed:\n${list.errors}`);
  const all = JSON.parse(list.output).map((m) => m.name);
  const measured = measuredCommit(['crate']);
  const started = new Date();
  const last = retest ? readJson(files.cargoResults, null) : null;
  if (retest && !last) throw new Error('--retest needs the results of a full run');
  const names = last
    ? all.filter((name) => !last.mutants[name] || last.mutants[name].outcome === 'missed')
    : all;
  const { outcomes, stages, version } = runStages(names, Boolean(last));
  const mutants = new Map(
    all.map((name) => [name, outcomes.get(name) ?? last?.mutants[name] ?? { outcome: 'untested' }]),
  );
  const sorted = Object.fromEntries([...mutants].sort(([a], [b]) => a.localeCompare(b, 'en')));
  const run_ = {
    commit: measured.commit,
    dirty: measured.dirty,
    date: started.toISOString(),
    seconds: stages.reduce((sum, s) => sum + s.seconds, 0),
    stages,
  };
  const results = last
    ? {
        ...last,
        version,
        mutants: sorted,
        retests: [
          ...(last.retests ?? []),
          {
            ...run_,
            tested: names.length,
            dropped: Object.keys(last.mutants).filter((n) => !mutants.has(n)).length,
          },
        ],
      }
    : { tool: 'cargo-mutants', version, ...run_, mutants: sorted };
  mkdirSync(join(root, 'tests', 'mutation'), { recursive: true });
  writeFileSync(files.cargoResults, `${JSON.stringify(results, null, 2)}\n`);
}

const stageRows = (stages) =>
  stages.map(
    (s) =>
      `| ${s.name} | ${s.describe} | ${s.tested} | ${s.caught} | ${s.missed} | ${s.timeout} | ${s.unviable} | ${minutes(s.seconds)} |`,
  );

/** The cargo half of the report: counts, score line and survivor lists. */
function cargoSection() {
  const results = readJson(files.cargoResults, null);
  if (!results) return { line: 'cargo-mutants: not run yet', body: 'Not run yet.\n', score: null };
  const reasons = entriesOf(readJson(files.cargoSurvivors, {}));
  const killedBy = entriesOf(readJson(files.cargoKilled, {}));
  const entries = Object.entries(results.mutants);
  const by = (outcome) => entries.filter(([, m]) => m.outcome === outcome);
  const caught = by('caught');
  const missed = by('missed');
  const timeout = by('timeout');
  const unviable = by('unviable');
  const untested = by('untested');
  const viable = caught.length + missed.length + timeout.length;
  const killed = caught.length + timeout.length;
  const score = percent(killed, viable);
  const line = `cargo-mutants: ${killed} of ${viable} viable mutants killed (${fixed(score)}%)`;
  const out = [];
  out.push(
    `Measured at commit \`${results.commit}\`${results.dirty ? ' (with uncommitted changes to crate/)' : ''} on ${results.date.slice(0, 10)}, cargo-mutants ${results.version}; run time ${minutes(results.seconds)} at \`nice -n 10\` on two shared cores.`,
    '',
    '| | mutants |',
    '|---|---:|',
    `| generated | ${entries.length} |`,
    `| viable (built) | ${viable} |`,
    `| killed: caught by a failing test | ${caught.length} |`,
    `| killed: timed out (a hang is detected, as Stryker counts it) | ${timeout.length} |`,
    `| survived | ${missed.length} |`,
    `| unviable (did not build) | ${unviable.length} |`,
    `| no coverage | n/a (every mutant runs the whole suite) |`,
    ...(untested.length ? [`| not tested | ${untested.length} |`] : []),
    '',
    'Stages (each runs on the survivors of the one before; a mutant is killed when any stage kills it):',
    '',
    '| stage | oracle | tested | caught | survived | timed out | unviable | run time |',
    '|---|---|---:|---:|---:|---:|---:|---|',
    ...stageRows(results.stages),
    '',
  );
  for (const r of results.retests ?? []) {
    out.push(
      `Retested at commit \`${r.commit}\`${r.dirty ? ' (with uncommitted changes to crate/)' : ''} on ${r.date.slice(0, 10)} (\`--retest\`, run time ${minutes(r.seconds)}): the ${r.tested} mutants that had survived or were new since${r.dropped ? ` (${r.dropped} no longer generated were dropped)` : ''}; the others keep the outcome above.`,
      '',
      '| stage | oracle | tested | caught | survived | timed out | unviable | run time |',
      '|---|---|---:|---:|---:|---:|---:|---|',
      ...stageRows(r.stages),
      '',
    );
  }
  out.push('### Survivors', '');
  if (missed.length === 0) out.push('None.', '');
  else {
    out.push('| mutant | why it survives |', '|---|---|');
    for (const [name] of missed) {
      const reason = reasonOf(reasons[name]);
      if (!reason) fail(`cargo-mutants survivor without a reason: ${name}`);
      out.push(`| ${code(name)} | ${reason ? `equivalent: ${reason}` : '**unaccounted**'} |`);
    }
    out.push('');
  }
  out.push(
    '### Earlier survivors, now killed',
    '',
    'Mutants an earlier run missed, with the test written to kill them (tests/mutation/cargo-killed.json), checked against this run.',
    '',
  );
  const claims = Object.entries(killedBy);
  if (claims.length === 0) out.push('None.', '');
  else {
    out.push('| mutant | test that kills it | this run |', '|---|---|---|');
    for (const [name, entry] of claims) {
      const m = results.mutants[name];
      let verdict;
      if (!m) verdict = 'no longer generated';
      else if (m.outcome === 'caught')
        verdict = `caught (${m.stage}${m.failing ? `: ${m.failing.map((t) => `\`${t}\``).join(', ')}` : ''})`;
      else if (m.outcome === 'timeout') verdict = `timed out (${m.stage})`;
      else {
        verdict = `**${m.outcome}**`;
        if (m.outcome === 'missed')
          fail(`cargo-killed.json says a test kills ${name}, but it survived`);
      }
      out.push(`| ${code(name)} | ${reasonOf(entry)} | ${verdict} |`);
    }
    out.push('');
  }
  if (timeout.length) {
    out.push('### Timed out', '', ...timeout.map(([name, m]) => `- \`${name}\` (${m.stage})`), '');
  }
  const stale = Object.keys(reasons).filter((name) => results.mutants[name]?.outcome !== 'missed');
  if (stale.length) {
    out.push(
      'Reasons in tests/mutation/cargo-survivors.json for mutants that no longer survive (remove them):',
      '',
      ...stale.map((name) => `- \`${name}\``),
      '',
    );
  }
  if (untested.length) fail(`${untested.length} cargo-mutants mutants were not tested`);
  return { line, body: out.join('\n'), score };
}

// ---------------------------------------------------------------------------------------------
// Stryker

function runStryker() {
  if (!existsSync(files.strykerConfig))
    throw new Error('tests/mutation/stryker.config.mjs is missing');
  if (!existsSync(join(root, 'node_modules', '@stryker-mutator', 'core'))) {
    // The Stryker packages are devDependencies (package-lock.json pins them).
    if (run('npm', ['install', '--no-audit', '--no-fund']).status !== 0)
      throw new Error('npm install failed');
  }
  // Stryker tests the sources against the built wasm modules (see its configuration).
  if (run('node', ['scripts/build.mjs']).status !== 0)
    throw new Error('node scripts/build.mjs failed');
  const measured = measuredCommit(['ts/src', 'tests/vitest']);
  const started = new Date();
  rmSync(files.strykerReport, { force: true });
  const t0 = Date.now();
  const { status } = run('nice', [
    '-n',
    '10',
    'npx',
    'stryker',
    'run',
    relative(root, files.strykerConfig),
  ]);
  const seconds = (Date.now() - t0) / 1000;
  if (status !== 0 || !existsSync(files.strykerReport))
    throw new Error(`stryker run exited ${status}`);
  writeFileSync(
    files.strykerRun,
    `${JSON.stringify({ commit: measured.commit, dirty: measured.dirty, date: started.toISOString(), seconds }, null, 2)}\n`,
  );
}

/**
 * A key with its whitespace runs (a multi-line replacement's newlines) made single spaces: a
 * key of tests/mutation/stryker-*.json is looked up as it is, then flattened.
 */
const flatKey = (key) => key.replace(/\s+/g, ' ');

function strykerSection() {
  const report = readJson(files.strykerReport, null);
  if (!report) return { line: 'Stryker: not run yet', body: 'Not run yet.\n', score: null };
  const meta = readJson(files.strykerRun, null);
  const reasons = entriesOf(readJson(files.strykerSurvivors, {}));
  const killedBy = entriesOf(readJson(files.strykerKilled, {}));
  const counts = {};
  const survivors = [];
  const all = new Map();
  for (const [path, { mutants }] of Object.entries(report.files)) {
    // Keys name files from the repository root, however the report names them.
    const file = isAbsolute(path) ? relative(root, path) : path;
    for (const m of mutants) {
      counts[m.status] = (counts[m.status] ?? 0) + 1;
      const key = strykerKey(file, m);
      all.set(key, m);
      if (undetected(m)) survivors.push([key, m]);
    }
  }
  const n = (status) => counts[status] ?? 0;
  // Stryker's own definition: detected (killed + timed out) over valid (detected + survived +
  // no coverage); compile and runtime errors are invalid, ignored mutants are left out.
  const detected = n('Killed') + n('Timeout');
  const valid = detected + n('Survived') + n('NoCoverage');
  const score = percent(detected, valid);
  const line = `Stryker: mutation score ${fixed(score)}%`;
  const when = meta
    ? `Measured at commit \`${meta.commit}\`${meta.dirty ? ' (with uncommitted changes to ts/src or tests/vitest)' : ''} on ${meta.date.slice(0, 10)}; run time ${minutes(meta.seconds)} at \`nice -n 10\`.`
    : `Report from ${statSync(files.strykerReport).mtime.toISOString().slice(0, 10)} (not run through this script: commit and run time not recorded).`;
  const out = [
    when,
    '',
    '| | mutants |',
    '|---|---:|',
    `| generated | ${Object.values(counts).reduce((sum, c) => sum + c, 0)} |`,
    `| viable (valid) | ${valid} |`,
    `| killed | ${n('Killed')} |`,
    `| timed out (counted as detected) | ${n('Timeout')} |`,
    `| survived | ${n('Survived')} |`,
    `| no coverage (no test reaches it; counted as survived) | ${n('NoCoverage')} |`,
    `| unviable (compile or runtime error) | ${n('CompileError') + n('RuntimeError')} |`,
    ...(n('Ignored') ? [`| ignored | ${n('Ignored')} |`] : []),
    '',
    '### Survivors',
    '',
  ];
  if (survivors.length === 0) out.push('None.', '');
  else {
    out.push('| mutant | status | why it survives |', '|---|---|---|');
    for (const [key, m] of survivors) {
      const reason = reasonOf(reasons[key] ?? reasons[flatKey(key)]);
      if (!reason) fail(`Stryker survivor without a reason: ${flatKey(key)}`);
      out.push(
        `| ${code(key)} | ${m.status} | ${reason ? `equivalent: ${reason}` : '**unaccounted**'} |`,
      );
    }
    out.push('');
  }
  const claims = Object.entries(killedBy);
  if (claims.length) {
    out.push(
      '### Earlier survivors, now killed',
      '',
      '| mutant | test that kills it | this run |',
      '|---|---|---|',
    );
    for (const [key, entry] of claims) {
      const m = all.get(key);
      const verdict = m ? m.status : 'no longer generated';
      if (m && undetected(m))
        fail(`stryker-killed.json says a test kills ${key}, but it is ${m.status}`);
      out.push(`| ${code(key)} | ${reasonOf(entry)} | ${verdict} |`);
    }
    out.push('');
  }
  const stale = Object.keys(reasons)
    .filter((key) => {
      const m = all.get(key);
      return !m || !undetected(m);
    })
    .filter((key) => ![...all.keys()].some((k) => flatKey(k) === key && undetected(all.get(k))));
  if (stale.length) {
    out.push(
      'Reasons in tests/mutation/stryker-survivors.json for mutants that no longer survive (remove them):',
      '',
      ...stale.map((key) => `- \`${key}\``),
      '',
    );
  }
  return { line, body: out.join('\n'), score };
}

// ---------------------------------------------------------------------------------------------

function writeReport() {
  const cargo = cargoSection();
  const stryker = strykerSection();
  for (const [tool, s] of [
    ['cargo-mutants', cargo],
    ['Stryker', stryker],
  ]) {
    if (s.score !== null && s.score < GOAL)
      fail(`${tool} score ${fixed(s.score)}% is under the goal of ${GOAL}%`);
  }
  const text = `# Mutation testing

Generated by \`npm run test:mutation\` (scripts/mutation.mjs): do not edit.
\`node scripts/mutation.mjs --report-only\` rebuilds it from the last results
(tests/mutation/cargo-results.json, build/mutation/stryker/mutation.json).

${cargo.line}
${stryker.line}

Goal (issue 14): at least ${GOAL}% on each side, and every survivor either killed by a new or
sharper test or explained as equivalent (reasons: tests/mutation/cargo-survivors.json,
tests/mutation/stryker-survivors.json). A survivor without a reason is listed as
**unaccounted** and fails the run.

## cargo-mutants: crate/src

Configuration: .cargo/mutants.toml. The oracle is every test suite of the crate: the native
unit and integration tests, the doctests, and the wasm-bindgen suite on wasm32 (code under
\`cfg(target_arch = "wasm32")\` is compiled out natively, so only the wasm stage reaches it).
Each mutant runs the whole of a stage's suite (${JOBS.native} jobs in the native stage, 1 in
the others); the model test (crate/tests/model.rs) runs ${CARGO_ENV.PROPTEST_CASES} proptest
cases per mutant from the fixed seed ${CARGO_ENV.PROPTEST_RNG_SEED} (256 in \`npm test\`). A
mutant counts as killed when a test fails on it, or when its tests time out (a hang is
detected, as Stryker counts it); unviable mutants (they do not build) are not counted.

${cargo.body}
## Stryker: ts/src

Configuration: tests/mutation/stryker.config.mjs (the Vitest suites are the oracle).

${stryker.body}`;
  writeFileSync(files.report, `${text.trimEnd()}\n`);
  console.log(`\n${cargo.line}\n${stryker.line}\nwrote ${relative(root, files.report)}`);
}

// One tool failing to run does not keep the other from running; the report then shows that
// tool's last results, and the exit status says it failed.
for (const [tool, runTool] of [
  ['cargo', () => runCargo(options.retest)],
  ['stryker', runStryker],
]) {
  if (!runs(tool)) continue;
  try {
    runTool();
  } catch (error) {
    fail(error.message);
  }
}
writeReport();
process.exit(failed ? 1 : 0);
