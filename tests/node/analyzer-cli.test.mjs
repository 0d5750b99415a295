// The `wasm-views` CLI (npm/cli.mjs) and the analyzer inside it: verdicts on
// hand-written WAT fixtures with known answers, verdicts checked against
// what actually happens when the code runs, `annotate` on the fixture
// crate's wasm-pack output, errors, and the published package.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { env, root } from '../../scripts/env.mjs';

// The analyzer as a library (the same code as the CLI), for the bulk checks.
const lib = await import(pathToFileURL(join(root, 'build', 'analyzer', 'internal.mjs')).href);
const analyzer = lib.loadAnalyzer(join(root, 'npm', 'analyzer'));
const analyzeFile = (file, options) => lib.analyze(analyzer, readFileSync(file), options);

const REMARK =
  'May grow wasm memory: views obtained with getView() before this call must be fetched again.';
const cli = join(root, 'npm', 'cli.mjs');
const watDir = join(root, 'tests', 'analyzer', 'wat');
const wasmDir = join(root, 'tests', 'analyzer', 'wasm');
const fixtureNode = join(root, 'build', 'fixture-node');

const temps = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasm-views-analyzer-'));
  temps.push(dir);
  return dir;
};
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

function run(args, script = cli) {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: root, env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function runJson(args) {
  const r = run([...args, '--json']);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** The JSDoc comment right before `decl` in `text` ('' if none). */
function docOf(text, decl) {
  const at = text.indexOf(decl);
  assert.ok(at > 0, `${decl} is declared`);
  const before = text.slice(0, at).trimEnd();
  return before.endsWith('*/') ? before.slice(before.lastIndexOf('/**')) : '';
}

/** The `;; expect...` lines of a WAT fixture (see analyzer/tests/fixtures.rs). */
function expectations(source, ignoreAborts) {
  const verdicts = new Map();
  const paths = new Map();
  const lenientVerdicts = new Map();
  const lenientPaths = new Map();
  for (const line of source.split('\n')) {
    const m = /^\s*;; expect(|-path|-ignore-aborts|-path-ignore-aborts) (.*): (.*)$/.exec(line);
    if (!m) continue;
    const [, tag, name, value] = m;
    const target =
      { '': verdicts, '-path': paths, '-ignore-aborts': lenientVerdicts }[tag] ?? lenientPaths;
    target.set(name, tag.includes('path') ? value.split(' > ') : value);
  }
  if (ignoreAborts) {
    for (const [name, v] of lenientVerdicts) {
      if (verdicts.get(name) !== v) paths.delete(name);
      verdicts.set(name, v);
    }
    for (const [name, p] of lenientPaths) paths.set(name, p);
  }
  return { verdicts, paths };
}

const fixtures = readdirSync(watDir)
  .filter((f) => f.endsWith('.wat'))
  .map((f) => ({ name: f.slice(0, -4), source: readFileSync(join(watDir, f), 'utf8') }));

test('analyze gives every WAT fixture its known verdicts and paths', () => {
  assert.ok(fixtures.length >= 9);
  for (const ignoreAborts of [false, true]) {
    for (const { name, source } of fixtures) {
      const report = analyzeFile(join(wasmDir, `${name}.wasm`), { ignoreAborts });
      const { verdicts, paths } = expectations(source, ignoreAborts);
      const mode = ignoreAborts ? ' (--ignore-aborts)' : '';
      for (const entry of report.entries) {
        assert.equal(entry.verdict, verdicts.get(entry.name), `${name}${mode}: ${entry.name}`);
        if (paths.has(entry.name)) {
          assert.deepEqual(
            entry.path,
            paths.get(entry.name),
            `${name}${mode}: path of ${entry.name}`,
          );
        }
      }
      assert.equal(
        report.entries.length,
        verdicts.size,
        `${name}: every export has an expectation`,
      );
    }
  }
});

test('the CLI passes --ignore-aborts and --strict to the analyzer', () => {
  const traps = join(wasmDir, 'traps.wasm');
  const verdict = (report, name) => report.entries.find((e) => e.name === name).verdict;
  assert.equal(verdict(runJson(['analyze', traps]), 'panics'), 'may-grow');
  assert.equal(verdict(runJson(['analyze', traps, '--ignore-aborts']), 'panics'), 'never-grows');
  // wasm-bindgen's exported function table: trusted unless --strict.
  const table = join(wasmDir, 'wasm-bindgen-table.wasm');
  assert.equal(verdict(runJson(['analyze', table]), 'calls_closure_shim'), 'never-grows');
  assert.equal(verdict(runJson(['analyze', table, '--strict']), 'calls_closure_shim'), 'may-grow');
});

// Exports that never return (they would hang the test).
const RUNS_FOREVER = new Set(['grow_then_loop_forever', 'grow_after_spin']);
// Fixtures using proposals Node 20's V8 lacks (try_table, typed function
// references): checked statically only.
const NOT_IN_NODE_20 = new Set(['exceptions', 'references']);

test('every fixture export that grew memory when run was said to may grow', () => {
  let grewCount = 0;
  for (const { name } of fixtures) {
    const bytes = readFileSync(join(wasmDir, `${name}.wasm`));
    if (!WebAssembly.validate(bytes)) {
      assert.ok(NOT_IN_NODE_20.has(name), `${name}.wasm does not compile in this engine`);
      continue;
    }
    const module = new WebAssembly.Module(bytes);
    const strictReport = analyzeFile(join(wasmDir, `${name}.wasm`));
    const lenientReport = analyzeFile(join(wasmDir, `${name}.wasm`), { ignoreAborts: true });
    const verdict = (report, e) => report.entries.find((x) => x.name === e).verdict;
    for (const exp of WebAssembly.Module.exports(module).filter((e) => e.kind === 'function')) {
      if (RUNS_FOREVER.has(exp.name)) continue;
      for (const arg of [0, 1]) {
        // A fresh instance per call; imports are no-ops (host code that does
        // nothing is one of the things host code may do).
        const imports = {};
        for (const imp of WebAssembly.Module.imports(module)) {
          imports[imp.module] ??= {};
          imports[imp.module][imp.name] =
            imp.kind === 'table'
              ? new WebAssembly.Table({ initial: 1, element: 'anyfunc' })
              : () => undefined;
        }
        const instance = new WebAssembly.Instance(module, imports);
        const memory = instance.exports.memory;
        const fn = instance.exports[exp.name];
        const before = memory.buffer;
        let returned = false;
        try {
          fn(...Array.from({ length: fn.length }, () => (exp.name === 'set_entry' ? null : arg)));
          returned = true;
        } catch {
          // A trap or an exception: the export still ran.
        }
        const grew = memory.buffer !== before;
        if (!grew) continue;
        grewCount++;
        assert.equal(
          verdict(strictReport, exp.name),
          'may-grow',
          `${name}: ${exp.name}(${arg}) grew memory`,
        );
        if (returned) {
          assert.equal(
            verdict(lenientReport, exp.name),
            'may-grow',
            `${name}: ${exp.name}(${arg}) grew memory and returned (--ignore-aborts)`,
          );
        }
      }
    }
  }
  assert.ok(grewCount >= 20, `only ${grewCount} calls grew memory: the test exercises too little`);
});

/** Runs `annotate --json` on a fresh copy of the fixture crate's nodejs output. */
function annotatedCopy(extra = []) {
  const dir = tempDir();
  cpSync(fixtureNode, dir, { recursive: true });
  const r = run(['annotate', dir, '--json', ...extra]);
  assert.equal(r.status, 0, r.stderr);
  return { dir, results: JSON.parse(r.stdout) };
}

test('the fixture crate: calls that grew memory at run time were all said to may grow', () => {
  const { results } = annotatedCopy();
  const mayGrow = new Map(results[0].judgements.map((j) => [j.name, j.mayGrow]));
  const fixture = createRequire(import.meta.url)(join(fixtureNode, 'fixture.js'));
  const memory = fixture.wasmViewsMemory();
  const grew = new Set();
  const call = (name, fn) => {
    assert.ok(mayGrow.has(name), `${name} is a declaration of fixture.d.ts`);
    const before = memory.buffer;
    const result = fn();
    if (memory.buffer !== before) {
      grew.add(name);
      assert.equal(mayGrow.get(name), true, `${name} grew memory but was said never to`);
    }
    return result;
  };
  const samples = call('Samples.constructor', () => new fixture.Samples());
  for (let i = 0; i < 5000; i++) call('Samples.push', () => samples.push(i));
  call('Samples.extend', () => samples.extend(300_000, 1));
  call('Samples.len', () => samples.len());
  call('Samples.sum', () => samples.sum());
  call('Samples.capacity', () => samples.capacity());
  call('Samples.handle', () => samples.handle);
  call('Samples.truncate', () => samples.truncate(10));
  call('Samples.shrinkToFit', () => samples.shrinkToFit());
  call('Samples.clear', () => samples.clear());
  call('viewOfSamples', () => fixture.viewOfSamples(samples));
  const canvas = call('Canvas.constructor', () => new fixture.Canvas(512, 512));
  call('Canvas.fill', () => canvas.fill(1, 2, 3, 4));
  call('Canvas.resize', () => canvas.resize(1024, 1024));
  call('Canvas.width', () => canvas.width);
  call('Canvas.pixels', () => canvas.pixels);
  call('growMemory', () => fixture.growMemory(1));
  // The boundary exports (CONTRACT.md): wasmViewsTable and wasmViewsMemory
  // always, the others with the crate's js-buffers and reserve features.
  // fillF32 and sumF32 take a JS-owned f32 buffer (from wasmViewsAlloc, when
  // the module has it); given a Rust-owned one they return an error, and a
  // call that throws still ran: whether it grew memory counts.
  let buffer = samples.handle;
  const attempt = (fn) => () => {
    try {
      return fn();
    } catch (e) {
      return e;
    }
  };
  const scenario = [
    ['wasmViewsTable', () => fixture.wasmViewsTable()],
    ['wasmViewsMemory', () => fixture.wasmViewsMemory()],
    ['wasmViewsAlloc', () => (buffer = fixture.wasmViewsAlloc(8, 100_000))], // kind 8: f32
    ['fillF32', attempt(() => fixture.fillF32(buffer, 2))],
    ['sumF32', attempt(() => fixture.sumF32(buffer))],
    ['wasmViewsResize', () => fixture.wasmViewsResize(buffer, 400_000)],
    ['wasmViewsReserve', () => fixture.wasmViewsReserve(1 << 20)],
    ['wasmViewsFree', () => fixture.wasmViewsFree(buffer)],
  ];
  const exported = [...mayGrow.keys()].filter((name) => name.startsWith('wasmViews'));
  assert.ok(exported.includes('wasmViewsTable') && exported.includes('wasmViewsMemory'));
  for (const name of exported) {
    assert.ok(
      scenario.some(([n]) => n === name),
      `the scenario has no call of ${name}`,
    );
  }
  for (const [name, fn] of scenario) if (mayGrow.has(name)) call(name, fn);
  call('callWithGrowth', () => fixture.callWithGrowth(() => {}, 1));
  call('Samples.free', () => samples.free());
  call('Canvas.free', () => canvas.free());
  // The scenario must really grow memory, or it proves nothing.
  for (const name of ['Samples.extend', 'Canvas.resize', 'growMemory', 'callWithGrowth']) {
    assert.ok(grew.has(name), `${name} did not grow memory in this run`);
  }
});

test('annotate adds the remark to the declarations that may grow, and nothing when run again', () => {
  const { dir, results } = annotatedCopy();
  assert.equal(results.length, 1);
  const [result] = results;
  const dts = join(dir, 'fixture.d.ts');
  const text = readFileSync(dts, 'utf8');
  const verdict = new Map(result.judgements.map((j) => [j.name, j.mayGrow]));
  // Known answers: growMemory grows memory itself; Samples.push/extend
  // reallocate; wasmViewsTable only returns an address.
  for (const name of ['growMemory', 'Samples.push', 'Samples.extend', 'Canvas.constructor']) {
    assert.equal(verdict.get(name), true, `${name} may grow`);
  }
  assert.equal(verdict.get('wasmViewsTable'), false, 'wasmViewsTable');
  const remarked = (decl) => docOf(text, decl).includes(REMARK);
  assert.ok(remarked('export function growMemory('));
  assert.ok(remarked('push(x: number): void;'));
  assert.ok(!remarked('export function wasmViewsTable('));
  const may = result.judgements.filter((j) => j.mayGrow).length;
  assert.equal(text.split(REMARK).length - 1, may, 'one remark per declaration that may grow');
  assert.equal(result.added, may);

  const again = run(['annotate', dir]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /0 remarks added \(already annotated\)/);
  assert.equal(readFileSync(dts, 'utf8'), text, 'a second run changes nothing');

  // The annotated declarations are still valid TypeScript.
  const tsc = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
      '--noEmit',
      '--lib',
      'es2022,dom',
      dts,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
});

test('annotate --ignore-aborts leaves out declarations that grow memory only on the way to a trap', () => {
  const verdicts = (results) => new Map(results[0].judgements.map((j) => [j.name, j.mayGrow]));
  const all = verdicts(annotatedCopy().results);
  const { dir, results } = annotatedCopy(['--ignore-aborts']);
  const lenient = verdicts(results);
  assert.deepEqual([...lenient.keys()], [...all.keys()]);
  for (const [name, mayGrow] of lenient) if (mayGrow) assert.ok(all.get(name), name);
  // Rust code that can panic allocates the message first: some declarations
  // differ, and growMemory, which grows and returns, stays.
  const dropped = [...all].filter(([name, mayGrow]) => mayGrow && !lenient.get(name));
  assert.ok(dropped.length > 0, 'no declaration grows only before a trap');
  assert.equal(lenient.get('growMemory'), true);
  const text = readFileSync(join(dir, 'fixture.d.ts'), 'utf8');
  const may = [...lenient.values()].filter(Boolean).length;
  assert.equal(text.split(REMARK).length - 1, may, 'one remark per declaration that may grow');
});

test('analyze prints a table with one row per export', () => {
  const r = run(['analyze', join(fixtureNode, 'fixture_bg.wasm')]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0], /^export\s+verdict\s+example path$/);
  assert.match(r.stdout, /^growMemory\s+may grow\s+growMemory > .*memory\.grow$/m);
  assert.match(r.stdout, /^wasmViewsTable\s+never grows$/m);
  assert.match(lines.at(-2), /^\d+ entries: \d+ may grow, \d+ never grow$/);
  assert.match(
    lines.at(-1),
    /^memory "memory": initial \d+ pages = [\d,]+ bytes \([\d.]+ MiB\), maximum (none|\d+ pages = .*)$/,
  );
});

test("analyze prints each memory's initial and maximum size, as the engine applies them", () => {
  const file = join(wasmDir, 'memory-limits.wasm');
  const text = run(['analyze', file]);
  assert.equal(text.status, 0, text.stderr);
  assert.equal(
    text.stdout.trim().split('\n').at(-1),
    'memory "memory": initial 3 pages = 196,608 bytes (192 KiB), ' +
      'maximum 40 pages = 2,621,440 bytes (2.5 MiB)',
  );
  const [memory] = runJson(['analyze', file]).memories;
  assert.deepEqual(memory, {
    index: 0,
    initial: 3,
    maximum: 40,
    pageSize: 65536,
    shared: false,
    memory64: false,
    import: null,
    exports: ['memory'],
  });
  // What the engine makes of the module: it starts at the initial size and
  // cannot grow past the maximum.
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)));
  assert.equal(exports.memory.buffer.byteLength, memory.initial * memory.pageSize);
  assert.equal(exports.grows(memory.maximum - memory.initial), memory.initial);
  assert.equal(exports.grows(1), -1, 'no growth past the maximum');
});

test('errors are one clear line and a non-zero exit', () => {
  const dir = tempDir();
  const notWasm = join(dir, 'notes.wasm');
  writeFileSync(notWasm, 'hello');
  const truncated = join(dir, 'truncated.wasm');
  writeFileSync(truncated, readFileSync(join(wasmDir, 'calls.wasm')).subarray(0, 40));
  const cases = [
    [['analyze', join(dir, 'missing.wasm')], 1, /no such file: .*missing\.wasm/],
    [['analyze', notWasm], 1, /not a WebAssembly binary/],
    [['analyze', truncated], 1, /invalid wasm/],
    [['analyze', dir], 1, /is a folder/],
    [['annotate', join(dir, 'nowhere')], 1, /no such folder/],
    [['annotate', dir], 1, /no \*_bg\.wasm in/],
    [['annotate', notWasm], 1, /not a folder/],
    [[], 2, /Usage:/],
    [['analyze'], 2, /analyze needs a \.wasm file/],
    [['frobnicate', 'x'], 2, /unknown command frobnicate/],
    [['analyze', notWasm, '--fast'], 2, /unknown option --fast/],
    [['analyze', notWasm, '--json=yes'], 2, /'--json' does not take an argument/],
    [['analyze', notWasm, 'extra'], 2, /unexpected argument extra/],
  ];
  for (const [args, status, message] of cases) {
    const r = run(args);
    assert.equal(r.status, status, `wasm-views ${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, `wasm-views ${args.join(' ')}`);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
  const help = run(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /wasm-views analyze <file\.wasm> \[--json\]/);
  assert.match(help.stdout, /wasm-views annotate <pkg-dir>/);
});

/** A copy of the built CLI (npm/cli.mjs + npm/analyzer/) in a folder with no node_modules above it. */
function isolatedCli() {
  const dir = tempDir();
  cpSync(join(root, 'npm', 'cli.mjs'), join(dir, 'npm', 'cli.mjs'));
  cpSync(join(root, 'npm', 'analyzer'), join(dir, 'npm', 'analyzer'), { recursive: true });
  const pkg = join(dir, 'pkg');
  cpSync(fixtureNode, pkg, { recursive: true });
  const cliIn = (args) => {
    const r = spawnSync(process.execPath, [join(dir, 'npm', 'cli.mjs'), ...args], {
      cwd: dir,
      env: { ...env, NODE_PATH: '' },
      encoding: 'utf8',
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  return { dir, pkg, cliIn };
}

test('without the typescript peer dependency, analyze works and annotate says what to install', () => {
  const { pkg, cliIn } = isolatedCli();
  const analyzed = cliIn(['analyze', join(pkg, 'fixture_bg.wasm')]);
  assert.equal(analyzed.status, 0, analyzed.stderr);
  assert.match(analyzed.stdout, /^growMemory\s+may grow/m);
  const before = readFileSync(join(pkg, 'fixture.d.ts'), 'utf8');
  const r = cliIn(['annotate', pkg]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /install the optional peer dependency "typescript"/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(readFileSync(join(pkg, 'fixture.d.ts'), 'utf8'), before, 'nothing written');
});

test('a typescript package without the compiler API (TypeScript 7) is named in the error', () => {
  const { dir, pkg, cliIn } = isolatedCli();
  // TypeScript 7's package exports only its version from JS (the compiler is native).
  const ts7 = join(dir, 'node_modules', 'typescript');
  mkdirSync(join(ts7, 'lib'), { recursive: true });
  writeFileSync(
    join(ts7, 'package.json'),
    JSON.stringify({ name: 'typescript', version: '7.0.2', exports: { '.': './lib/version.cjs' } }),
  );
  writeFileSync(join(ts7, 'lib', 'version.cjs'), "module.exports = { version: '7.0.2' };\n");
  const r = cliIn(['annotate', pkg]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /typescript package found \(7\.0\.2, .*\) does not have/);
  assert.match(r.stderr, /install typescript 5 or 6/);
});

test('the published package ships the CLI and carries the remarks in its types', () => {
  const pkg = join(root, 'node_modules', 'wasm-views');
  const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
  // The published CLI (what `npx wasm-views` runs) works from the package alone.
  assert.ok(manifest.bin?.['wasm-views'], 'the package has a wasm-views bin');
  const published = join(pkg, manifest.bin['wasm-views']);
  const r = run(['analyze', join(fixtureNode, 'fixture_bg.wasm'), '--json'], published);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(JSON.parse(r.stdout).entries.length > 10);
  const dir = tempDir();
  cpSync(fixtureNode, dir, { recursive: true });
  const annotated = run(['annotate', dir], published);
  assert.equal(annotated.status, 0, annotated.stderr);
  const dts = readFileSync(join(dir, 'fixture.d.ts'), 'utf8');
  assert.ok(docOf(dts, 'export function growMemory(').includes(REMARK));

  // The facade's declarations, found by name (every overload of a member).
  const types = dirname(join(pkg, manifest.types));
  const remarks = (file, member) => {
    const [className, name] = member.split('.');
    const source = readFileSync(join(types, file), 'utf8');
    const found = lib
      .declarations(source)
      .filter((d) => d.className === className && d.name === name);
    assert.ok(found.length > 0, `${file} declares ${member}`);
    return found.map((d) => d.doc?.text.includes(REMARK) ?? false);
  };
  // Calls into the package's own module that may grow memory carry the remark...
  for (const [file, member] of [
    ['heap.d.ts', 'Heap.alloc'],
    ['heap.d.ts', 'Heap.reserve'],
    ['live-view.d.ts', 'LiveView.resize'],
  ]) {
    assert.ok(remarks(file, member).every(Boolean), member);
  }
  // ...methods that never call into wasm do not.
  for (const [file, member] of [
    ['heap.d.ts', 'Heap.getView'],
    ['live-view.d.ts', 'LiveView.getView'],
    ['live-view.d.ts', 'LiveView.copyOut'],
  ]) {
    assert.ok(!remarks(file, member).some(Boolean), member);
  }
});
