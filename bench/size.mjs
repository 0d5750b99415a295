// The size report (issue 12): what adopting wasm-views costs in bytes, measured in one run.
//
// - the dependent app (bench/size-app: a struct holding a growable list of f32, push, a
//   handle getter), built with a Vec and its address, and with a LiveVec for each set of the
//   crate's features: the difference is what the crate adds to a user's module;
// - the Game of Life port (tests/life), without and with its `views` feature, once it exists;
// - the package's own core wasm, as published;
// - a browser bundle of an app that only does `import { bind } from 'wasm-views/bind'`
//   (esbuild, minified), and whether it references the core's wasm or glue;
// - what each feature entry (`import 'wasm-views/<feature>'`, scripts/features.mjs) adds to
//   that bundle, and what all of them add together;
// - the facade alone (ts/src/index.ts, minified: the core `wasm-views/bind` is).
// Raw and brotli (quality 11) bytes, and a breakdown by crate from twiggy on a build that keeps
// its names (the same cargo build without wasm-opt, which strips the name section).
//
// `node bench/size.mjs` writes bench/results/size.json and the size section of BENCHMARKS.md;
// tests/size/limits.test.mjs checks the same figures against the limits below. Needs the
// installed package (node scripts/build.mjs) and twiggy (scripts/setup.sh).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import * as esbuild from 'esbuild';
import { env, root } from '../scripts/env.mjs';
import { FEATURES } from '../scripts/features.mjs';
import { wasmPack } from '../scripts/wasm-pack.mjs';

/** The goals of issue 12, in bytes; the report marks each figure ✓ or ✗ against them. */
export const LIMITS = {
  appDelta: { bytes: 8192, brotli: 3072 },
  coreWasm: { bytes: 16384 },
  bindBundle: { brotli: 3072 },
  facade: { brotli: 3072 },
};

/** The size app's builds: without the crate, and with it for each feature set. */
export const APP_SETS = {
  without: [],
  live: ['live'],
  'live + js-buffers': ['js-buffers'],
  'live + reserve': ['reserve'],
  'live + js-buffers + reserve': ['js-buffers', 'reserve'],
};
// Controls, built with names only: what the limits test looks for must show up when present.
const CONTROLS = {
  'live + stats (control)': ['stats'],
  'format-float (control)': ['format-float'],
};

const out = join(root, 'build', 'size');
// One cargo target dir for every size build: they share wasm-bindgen, the crate and the std
// artifacts, so a second feature set costs one crate and one link.
// The size apps depend on the crate by path from workspaces of their own, so rustc embeds
// the crate's absolute source paths (panic locations) in them: remapped to one fixed prefix,
// the figures do not depend on where the repository is checked out.
const cargoEnv = {
  CARGO_TARGET_DIR: join(out, 'target'),
  RUSTFLAGS: `--remap-path-prefix=${root}=/wasm-views`,
};

/** Raw and brotli bytes. */
export function sizes(bytes) {
  const buffer = Buffer.from(bytes);
  const brotli = brotliCompressSync(buffer, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: buffer.length,
    },
  });
  return { bytes: buffer.length, brotli: brotli.length };
}

const slug = (name) => name.replace(/[^a-z0-9]+/gi, '-').replace(/-+$/, '');

/** Every item of a wasm module with its shallow size, from twiggy. */
function twiggyItems(wasm) {
  const r = spawnSync('twiggy', ['top', '--format', 'json', wasm], {
    env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error || r.status !== 0)
    throw new Error(`twiggy top ${wasm} failed: ${r.error?.message ?? r.stderr}`);
  return JSON.parse(r.stdout);
}

// Float formatting (`{}` of an f32/f64) is big enough to name on its own; so is serde.
const FLOAT = /core(\[[0-9a-f]+\])?::(fmt::float|num::flt2dec|num::diy_float|num::bignum)/;
const SERDE = /\bserde(_wasm_bindgen|_core)?(\[[0-9a-f]+\])?::/;

/** The crate an item belongs to, from its demangled name; twiggy's other items by kind. */
function crateOf(name) {
  if (FLOAT.test(name)) return 'core: float formatting';
  if (/subsection$|^custom section|headers$|^wasm magic bytes$/.test(name))
    return 'names and custom sections (not in the shipped build)';
  if (/^data segment/.test(name)) return 'data (string and constant data)';
  if (/^(export|import) "|^(type|global|elem|table|memory)\[/.test(name))
    return 'module structure (types, imports, exports)';
  if (/^(__wbg|__wbindgen|__externref)|wasm_bindgen/.test(name)) return 'wasm_bindgen';
  if (/^wasmViews/.test(name)) return 'wasm_views';
  const path = name
    .replace(/^(<|&|mut |dyn |impl |\*const |\*mut )+/g, '')
    .match(/^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/);
  if (path) return path[1];
  return /::/.test(name) ? 'other Rust' : "the module's own exports (wasm-bindgen shims)";
}

/** twiggy's items of a name-keeping build, summed by crate, and what the limits look for. */
function breakdown(wasm) {
  const items = twiggyItems(wasm);
  const byCrate = {};
  for (const { name, shallow_size: size } of items) {
    const crate = crateOf(name);
    byCrate[crate] = (byCrate[crate] ?? 0) + size;
  }
  const sorted = Object.fromEntries(Object.entries(byCrate).sort(([, a], [, b]) => b - a));
  const matching = (re) => items.filter((i) => re.test(i.name)).map((i) => i.name);
  return {
    bytes: readFileSync(wasm).length,
    byCrate: sorted,
    floatFormatting: matching(FLOAT),
    serde: matching(SERDE),
  };
}

/** wasm-pack's wasm-opt flags for a crate's release build (its Cargo.toml metadata, or `-O`). */
const flagsOf = new Map();
function wasmOptFlags(crate) {
  if (flagsOf.has(crate)) return flagsOf.get(crate);
  const manifest = join(root, crate, 'Cargo.toml');
  const r = spawnSync(
    'cargo',
    ['metadata', '--format-version', '1', '--no-deps', '--offline', '--manifest-path', manifest],
    { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(`cargo metadata ${manifest} failed:\n${r.stderr}`);
  const pkg = JSON.parse(r.stdout).packages.find((p) => p.manifest_path === manifest);
  const flags = pkg?.metadata?.['wasm-pack']?.profile?.release?.['wasm-opt'];
  flagsOf.set(crate, Array.isArray(flags) ? flags : ['-O']);
  return flagsOf.get(crate);
}

/**
 * The name-keeping twin of a build: the same cargo build through wasm-bindgen without
 * wasm-opt (which strips names), then wasm-opt with the crate's flags plus `-g`, so the code
 * is what ships (dead code gone, zero-filled data packed) and every item keeps its name.
 * Without `-g` the twin must be the shipped module byte for byte (`shipped`), or the
 * breakdown would describe another build.
 */
function namedBuild({ crate, outName, features, dir, cargo, shipped, buildEnv = cargoEnv }) {
  const { wasm } = wasmPack({
    crate,
    target: 'web',
    outName,
    features,
    env: buildEnv,
    quiet: true,
    outDir: join(dir, 'no-opt'),
    extraArgs: ['--no-opt', ...cargo],
  });
  // wasm-opt takes seconds per module: redo it only when its input or flags changed.
  const flags = wasmOptFlags(crate);
  const input = createHash('sha256').update(readFileSync(wasm)).digest('hex');
  const opt = (extra, output) => {
    const key = JSON.stringify({ input, args: [...flags, ...extra] });
    const stamp = `${output}.inputs`;
    if (existsSync(output) && existsSync(stamp) && readFileSync(stamp, 'utf8') === key)
      return output;
    const r = spawnSync('wasm-opt', [...flags, ...extra, wasm, '-o', output], {
      env,
      encoding: 'utf8',
    });
    if (r.error || r.status !== 0)
      throw new Error(`wasm-opt ${wasm} failed: ${r.error?.message ?? r.stderr}`);
    writeFileSync(stamp, key);
    return output;
  };
  if (shipped) {
    const same = readFileSync(opt([], join(dir, `${outName}_twin.wasm`)));
    if (!same.equals(readFileSync(shipped)))
      throw new Error(
        `${crate}: the name-keeping twin (${same.length} B without names) is not the shipped build ${shipped}`,
      );
  }
  return breakdown(opt(['-g'], join(dir, `${outName}_named.wasm`)));
}

/** Builds a crate (as shipped, and its name-keeping twin) and measures both. */
function crateSizes({ crate, outName, features, name, cargoArgs = [], named = true }) {
  const dir = join(out, slug(name));
  const cargo = cargoArgs.length ? ['--', ...cargoArgs] : [];
  const { wasm } = wasmPack({
    crate,
    target: 'web',
    outName,
    features,
    env: cargoEnv,
    quiet: true,
    outDir: join(dir, 'opt'),
    extraArgs: cargo,
  });
  const result = { features, ...sizes(readFileSync(wasm)) };
  if (named) result.names = namedBuild({ crate, outName, features, dir, cargo, shipped: wasm });
  return result;
}

const delta = (a, b) => ({ bytes: a.bytes - b.bytes, brotli: a.brotli - b.brotli });

/** A minified browser bundle of `source` (an app's entry module), and what went into it. */
async function appBundle(source) {
  const result = await esbuild.build({
    stdin: { contents: source, resolveDir: root, sourcefile: 'app.mjs', loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    outdir: join(out, 'bundle'),
    metafile: true,
    legalComments: 'none',
    // What Vite and webpack do with a wasm file an entry imports or names: emit it.
    loader: { '.wasm': 'file' },
    logLevel: 'silent',
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
  const inputs = Object.keys(result.metafile.inputs);
  const text = Buffer.from(js.contents).toString();
  return {
    ...sizes(js.contents),
    inputs: inputs
      .filter((i) => i.includes('wasm-views'))
      .map((i) => i.replace(/^.*node_modules\//, '')),
    // The core is its wasm (emitted, or named by URL) or its wasm-bindgen glue.
    referencesCore:
      result.outputFiles.some((f) => f.path.endsWith('.wasm')) ||
      /wasm_views_bg|__wbindgen|__wbg_/.test(text),
  };
}

/** Every figure of the report. */
export async function measure() {
  mkdirSync(out, { recursive: true });
  const report = {
    toolchain: spawnSync('rustc', ['--version'], { env, encoding: 'utf8' }).stdout.trim(),
  };

  const app = {};
  for (const [name, features] of Object.entries(APP_SETS))
    app[name] = crateSizes({
      crate: 'bench/size-app',
      outName: 'size_app',
      features,
      name: `app ${name}`,
    });
  for (const [name, features] of Object.entries(APP_SETS).slice(1))
    app[name].delta = delta(app[name], app.without);
  const controls = {};
  for (const [name, features] of Object.entries(CONTROLS)) {
    const dir = join(out, slug(`app ${name}`));
    const names = namedBuild({
      crate: 'bench/size-app',
      outName: 'size_app',
      features,
      dir,
      cargo: [],
    });
    controls[name] = { features, names };
  }
  report.app = app;
  report.controls = controls;

  // The Game of Life port (tests/life): its `views` feature (the default) is the port, and
  // without default features it is the book's original Vec<Cell> + pointer.
  if (existsSync(join(root, 'tests', 'life', 'Cargo.toml'))) {
    const life = { crate: 'tests/life', outName: 'life' };
    const without = {
      ...life,
      name: 'life without',
      features: [],
      cargoArgs: ['--no-default-features'],
    };
    report.life = {
      without: crateSizes(without),
      with: crateSizes({ ...life, name: 'life with', features: ['views'] }),
    };
    report.life.delta = delta(report.life.with, report.life.without);
  }

  const pkg = join(root, 'node_modules', 'wasm-views');
  report.coreWasm = {
    file: 'wasm_views_bg.wasm',
    ...sizes(readFileSync(join(pkg, 'wasm_views_bg.wasm'))),
  };
  // Built in the repository's own target dir, beside scripts/build.mjs's build of the core:
  // the size apps' target dir holds wasm-views built as their dependency, with their profile.
  report.coreWasm.names = namedBuild({
    crate: 'crate/module',
    outName: 'wasm_views',
    features: [],
    dir: join(out, 'core'),
    cargo: [],
    shipped: join(pkg, 'wasm_views_bg.wasm'),
    buildEnv: {},
  });

  const app1 =
    "import { bind } from 'wasm-views/bind';\nexport const heapOf = (module) => bind(module);\n";
  report.bindBundle = { entry: 'wasm-views/bind', ...(await appBundle(app1)) };
  // The cost of each feature entry on top of it (not limited: an app pays it by importing it).
  const withFeatures = async (features) => {
    const r = await appBundle(
      `${app1}${features.map((f) => `import 'wasm-views/${f}';\n`).join('')}`,
    );
    return { ...r, adds: delta(r, report.bindBundle) };
  };
  report.features = {};
  for (const feature of FEATURES) report.features[feature] = await withFeatures([feature]);
  report.everyFeature = await withFeatures(FEATURES);
  // For comparison (no limit), and as the control of the core check: an app that does use
  // the package's own core.
  report.coreAppBundle = {
    entry: 'wasm-views',
    ...(await appBundle(
      "import { init } from 'wasm-views';\nexport const start = () => init();\n",
    )),
  };
  const facade = await esbuild.build({
    entryPoints: [join(root, 'ts', 'src', 'index.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  report.facade = { entry: 'ts/src/index.ts', ...sizes(facade.outputFiles[0].contents) };
  return report;
}

const n = (x) => x.toLocaleString('en-US');
const signed = (x) => `${x >= 0 ? '+' : '−'}${n(Math.abs(x))}`;
const limit = (value, max) =>
  max === undefined ? '' : value <= max ? ' ✓' : ` ✗ (limit ${n(max)})`;

/** The size section of BENCHMARKS.md. */
export function markdown(report) {
  const L = LIMITS;
  const lines = [
    '## Size',
    '',
    `Measured by \`node bench/size.mjs\` (${report.toolchain}, wasm-pack with npm's binaryen wasm-opt; brotli quality 11); \`npm test\` fails past the limits (✗).`,
    '',
    '| what | bytes | brotli |',
    '|---|---:|---:|',
  ];
  for (const [name, r] of Object.entries(report.app)) {
    if (!r.delta) {
      lines.push(
        `| size app ${name} wasm-views (\`Vec<f32>\` + address) | ${n(r.bytes)} | ${n(r.brotli)} |`,
      );
      continue;
    }
    lines.push(
      `| size app with ${name}: the crate adds | ${signed(r.delta.bytes)}${limit(r.delta.bytes, L.appDelta.bytes)} | ${signed(r.delta.brotli)}${limit(r.delta.brotli, L.appDelta.brotli)} |`,
    );
  }
  if (report.life)
    lines.push(
      `| Game of Life (tests/life) ${n(report.life.without.bytes)} B: \`views\` adds | ${signed(report.life.delta.bytes)}${limit(report.life.delta.bytes, L.appDelta.bytes)} | ${signed(report.life.delta.brotli)}${limit(report.life.delta.brotli, L.appDelta.brotli)} |`,
    );
  const c = report.coreWasm;
  lines.push(
    `| the package's own core (\`wasm_views_bg.wasm\`) | ${n(c.bytes)}${limit(c.bytes, L.coreWasm.bytes)} | ${n(c.brotli)} |`,
  );
  const b = report.bindBundle;
  lines.push(
    `| an app that only imports \`bind\` from \`wasm-views/bind\` (esbuild, minified)${b.referencesCore ? ', **references the core** ✗' : ', no core'} | ${n(b.bytes)} | ${n(b.brotli)}${limit(b.brotli, L.bindBundle.brotli)} |`,
  );
  for (const [feature, r] of Object.entries(report.features ?? {}))
    lines.push(
      `| … plus \`import 'wasm-views/${feature}'\` adds | ${signed(r.adds.bytes)} | ${signed(r.adds.brotli)} |`,
    );
  if (report.everyFeature)
    lines.push(
      `| … plus every feature entry (the whole API, as \`wasm-views\` has it) | ${n(report.everyFeature.bytes)} | ${n(report.everyFeature.brotli)} (${signed(report.everyFeature.adds.brotli)}) |`,
    );
  const m = report.coreAppBundle;
  lines.push(
    `| an app that calls \`init()\` from \`wasm-views\` (the core's glue; its wasm is fetched)${m.referencesCore ? '' : ', **no core found** ✗'} | ${n(m.bytes)} | ${n(m.brotli)} |`,
  );
  lines.push(
    `| the facade's core alone (\`ts/src/index.ts\` = \`wasm-views/bind\`, minified) | ${n(report.facade.bytes)} | ${n(report.facade.brotli)}${limit(report.facade.brotli, L.facade.brotli)} |`,
  );
  const top = (names, count = 6) =>
    Object.entries(names.byCrate)
      .slice(0, count)
      .map(([crate, bytes]) => `${crate} ${n(bytes)}`)
      .join(', ');
  const full = report.app['live + js-buffers + reserve'];
  lines.push(
    '',
    "Where the bytes go (twiggy, shallow sizes by crate, on each build's twin that keeps its names: the same cargo build, wasm-opt with the crate's flags plus `-g`):",
    '',
    `- size app without wasm-views (${n(report.app.without.names.bytes)} B): ${top(report.app.without.names)}`,
    `- size app with \`live\` (${n(report.app.live.names.bytes)} B): ${top(report.app.live.names)}`,
    `- size app with every feature (${n(full.names.bytes)} B): ${top(full.names)}`,
    `- the package's core (${n(c.names.bytes)} B): ${top(c.names)}`,
    '',
    `Float formatting (\`core::fmt::float\`) items: ${Object.entries(report.app)
      .map(([name, r]) => `${name} ${r.names.floatFormatting.length}`)
      .join(', ')}; serde items: ${Object.entries(report.app)
      .map(([name, r]) => `${name} ${r.names.serde.length}`)
      .join(
        ', ',
      )}. Controls: serialising \`wasm_views::stats()\` with \`serde_wasm_bindgen::to_value\` from Rust links ${report.controls['live + stats (control)'].names.serde.length} serde items; formatting an \`f32\` links ${report.controls['format-float (control)'].names.floatFormatting.length} float-formatting items.`,
  );
  return `${lines.join('\n')}\n`;
}

const START = '<!-- size report: written by bench/size.mjs -->';
const END = '<!-- end of size report -->';

/** The size section of BENCHMARKS.md, between its markers, from bench/results/size.json. */
export function sizeSection() {
  const file = join(root, 'bench', 'results', 'size.json');
  if (!existsSync(file))
    return `${START}\n## Size\n\n_No size report yet: run \`node bench/size.mjs\`._\n${END}\n`;
  return `${START}\n${markdown(JSON.parse(readFileSync(file, 'utf8')))}${END}\n`;
}

/** Replaces the size section of BENCHMARKS.md (its markers, or else its `## Size` section). */
function writeBenchmarks() {
  const file = join(root, 'BENCHMARKS.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const block = sizeSection();
  let at = text.indexOf(START);
  let end = text.indexOf(END);
  if (at >= 0 && end > at) end += END.length + 1;
  else {
    at = text.search(/^## Size$/m);
    const next = at < 0 ? -1 : text.slice(at + 1).search(/^## /m);
    end = next < 0 ? text.length : at + 1 + next;
  }
  const next =
    at < 0 ? `${text.trimEnd()}\n\n${block}` : `${text.slice(0, at)}${block}\n${text.slice(end)}`;
  writeFileSync(file, next.replace(/\n{3,}/g, '\n\n'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now();
  const report = await measure();
  report.seconds = (Date.now() - started) / 1000;
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(
    join(root, 'bench', 'results', 'size.json'),
    `${JSON.stringify(report, null, 1)}\n`,
  );
  writeBenchmarks();
  console.log(markdown(report));
}
