// The one way this repository runs `wasm-pack build`: the package build, the tests, the
// consumers and the bench call wasmPack(), which skips the build when nothing that goes into
// it changed since the last one into the same folder.
//
// What goes into a build (its input hash):
// - every local crate the crate depends on, itself included (`cargo metadata --all-features`:
//   packages with no registry source; all features, so that an optional path dependency such
//   as bench/size-app's `wasm-views` counts even when the build enables it by a feature),
//   each as all its files except target/, tests/, benches/, examples/, node_modules/ and
//   nested crates (a folder with its own Cargo.toml that is not itself a
//   dependency, e.g. crate/fuzz);
// - the workspace's Cargo.toml, Cargo.lock, rust-toolchain.toml and .cargo/config.toml;
// - the wasm-pack arguments (target, out name, features, extra arguments) and the
//   environment given, plus the RUSTFLAGS-like variables of this process;
// - the versions of wasm-pack, wasm-bindgen, wasm-opt and rustc (as the crate's folder
//   resolves it through rust-toolchain.toml).
// Registry dependencies are pinned by Cargo.lock, so the lock stands for them.
//
// Cargo's own fingerprints already make an unchanged cargo build quick; what this cache saves
// is wasm-bindgen and wasm-opt, which wasm-pack reruns on every build (seconds per module).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { env as baseEnv, root } from './env.mjs';

// Folders that never go into a crate's library build: anywhere, and at the crate's top.
const SKIPPED_DIRS = new Set(['target', 'node_modules', '.git']);
const SKIPPED_TOP_DIRS = new Set(['tests', 'benches', 'examples']);
// Variables that change where or how fast cargo builds, not what it builds.
const NEUTRAL_ENV = new Set(['CARGO_TARGET_DIR', 'CARGO_BUILD_JOBS', 'CARGO_TERM_COLOR']);
// Variables of this process that change what cargo or rustc build.
const BUILD_ENV =
  /^(RUSTFLAGS|CARGO_ENCODED_RUSTFLAGS|RUSTC|RUSTC_WRAPPER|CARGO_PROFILE_.*|CARGO_BUILD_.*|CARGO_TARGET_WASM32_.*|RUSTUP_TOOLCHAIN|WASM_BINDGEN_.*)$/;
const STAMP = '.wasm-pack-inputs';

/** The files of a local crate that go into its build, sorted. */
function crateFiles(dir, isPackageRoot = true) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  )) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (SKIPPED_DIRS.has(entry.name)) continue;
      if (isPackageRoot && SKIPPED_TOP_DIRS.has(entry.name)) continue;
      if (existsSync(join(path, 'Cargo.toml'))) continue; // a crate of its own
      out.push(...crateFiles(path, false));
    } else if (entry.isFile()) {
      out.push(path);
    }
  }
  return out;
}

// Tool versions and crate graphs do not change while one script runs: ask once per process.
const memo = new Map();
const once = (key, fn) => {
  if (!memo.has(key)) memo.set(key, fn());
  return memo.get(key);
};

function capture(cmd, args, cwd) {
  return once(`${cmd} ${args.join(' ')} in ${cwd}`, () => {
    const r = spawnSync(cmd, args, { cwd, env: baseEnv, encoding: 'utf8' });
    if (r.error || r.status !== 0) return `${cmd}: unavailable`;
    return r.stdout.trim();
  });
}

/** The crate's manifest, the local crates it depends on and the workspace root. */
function localCrates(crateDir) {
  const manifest = join(crateDir, 'Cargo.toml');
  const r = spawnSync(
    'cargo',
    [
      'metadata',
      '--format-version',
      '1',
      '--offline',
      '--all-features',
      '--manifest-path',
      manifest,
    ],
    { cwd: crateDir, env: baseEnv, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0)
    throw new Error(`wasm-pack.mjs: cargo metadata failed for ${manifest}:\n${r.stderr}`);
  const meta = JSON.parse(r.stdout);
  const byId = new Map(meta.packages.map((p) => [p.id, p]));
  const nodes = new Map(meta.resolve.nodes.map((n) => [n.id, n]));
  const start = meta.packages.find((p) => resolve(p.manifest_path) === resolve(manifest));
  if (!start) throw new Error(`wasm-pack.mjs: ${manifest} is not a package of its workspace`);
  const seen = new Set();
  const todo = [start.id];
  while (todo.length) {
    const id = todo.pop();
    if (seen.has(id) || byId.get(id).source) continue; // registry crates: pinned by the lock
    seen.add(id);
    for (const dep of nodes.get(id)?.deps ?? []) todo.push(dep.pkg);
  }
  const dirs = [...seen].map((id) => dirname(byId.get(id).manifest_path)).sort();
  return { dirs, workspaceRoot: meta.workspace_root };
}

/** The input hash of a build (see the top of this file). */
function inputHash(crateDir, settings) {
  const hash = createHash('sha256');
  const add = (label, value) => hash.update(`${label}\0${value}\0`);
  const { dirs, workspaceRoot } = once(`crates of ${crateDir}`, () => localCrates(crateDir));
  const files = dirs.flatMap((d) => crateFiles(d));
  for (const name of [
    'Cargo.toml',
    'Cargo.lock',
    'rust-toolchain.toml',
    'rust-toolchain',
    '.cargo/config.toml',
  ]) {
    const path = join(workspaceRoot, name);
    if (existsSync(path)) files.push(path);
  }
  for (const file of [...new Set(files)])
    add(relative(root, file), readFileSync(file).toString('base64'));
  add('settings', JSON.stringify(settings));
  for (const key of Object.keys(process.env)
    .filter((k) => BUILD_ENV.test(k))
    .sort())
    add(`env ${key}`, process.env[key]);
  add('wasm-pack', capture('wasm-pack', ['--version'], crateDir));
  add('wasm-bindgen', capture('wasm-bindgen', ['--version'], crateDir));
  add('wasm-opt', capture('wasm-opt', ['--version'], crateDir));
  add('rustc', capture('rustc', ['-vV'], crateDir));
  return hash.digest('hex');
}

const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');

/**
 * Runs `wasm-pack build` for one crate, unless the same inputs were last built into the same
 * folder (then the folder is left as it is). The folder is emptied before a build: wasm-pack
 * leaves files of earlier builds (e.g. JS snippets) in it.
 *
 * @param {object} options
 * @param {string} options.crate the crate's folder, relative to the repository root or absolute
 * @param {'web'|'bundler'|'nodejs'|'no-modules'|'deno'|'module'} options.target wasm-pack's --target
 * @param {string} options.outDir the output folder, relative to the repository root or absolute
 * @param {string} options.outName wasm-pack's --out-name (files `<outName>.js`, `<outName>_bg.wasm`, ...)
 * @param {string[]} [options.features] Cargo features of the crate
 * @param {string[]} [options.extraArgs] more wasm-pack options (e.g. `--no-opt`; `--release` is
 *   the default unless `--dev` or `--profiling` is given); anything after a `--` goes to cargo
 * @param {Record<string, string>} [options.env] environment for the build (e.g. `RUSTFLAGS`,
 *   `CARGO_TARGET_DIR`); all of it except the target dir and job count is part of the hash
 * @param {boolean} [options.quiet] capture wasm-pack's output instead of showing it (it is in
 *   the error when the build fails)
 * @returns {{ outDir: string, wasm: string, cached: boolean }} absolute paths of the folder
 *   and of `<outName>_bg.wasm`, and whether the build was skipped
 * @throws {Error} when wasm-pack fails, with its exit status (and output when quiet)
 */
export function wasmPack({
  crate,
  target,
  outDir,
  outName,
  features = [],
  extraArgs = [],
  env = {},
  quiet = false,
}) {
  const crateDir = isAbsolute(crate) ? crate : join(root, crate);
  const out = isAbsolute(outDir) ? outDir : join(root, outDir);
  const split = extraArgs.indexOf('--');
  const packArgs = split < 0 ? extraArgs : extraArgs.slice(0, split);
  const cargoArgs = split < 0 ? [] : extraArgs.slice(split + 1);
  const profile = packArgs.some((a) => ['--dev', '--profiling', '--release'].includes(a))
    ? []
    : ['--release'];
  if (features.length) cargoArgs.push('--features', features.join(','));
  const args = [
    'build',
    crateDir,
    ...profile,
    '--target',
    target,
    '--out-dir',
    out,
    '--out-name',
    outName,
    ...packArgs,
    ...(cargoArgs.length ? ['--', ...cargoArgs] : []),
  ];
  const wasm = join(out, `${outName}_bg.wasm`);
  const hashedEnv = Object.fromEntries(
    Object.entries(env)
      .filter(([k]) => !NEUTRAL_ENV.has(k))
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  const want = inputHash(crateDir, {
    args: args.map((a) => (a === out || a === crateDir ? relative(root, a) : a)),
    env: hashedEnv,
  });
  const stamp = join(out, STAMP);
  if (existsSync(stamp) && existsSync(wasm)) {
    const last = JSON.parse(readFileSync(stamp, 'utf8'));
    if (last.inputs === want && last.wasm === sha256(wasm)) {
      if (!quiet) console.log(`wasm-pack: ${relative(root, out)} is up to date`);
      return { outDir: out, wasm, cached: true };
    }
  }
  rmSync(out, { recursive: true, force: true });
  if (!quiet) console.log(`$ wasm-pack ${args.join(' ')}`);
  const r = spawnSync('wasm-pack', args, {
    cwd: root,
    env: { ...baseEnv, CARGO_BUILD_JOBS: process.env.CARGO_BUILD_JOBS ?? '2', ...env },
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  if (r.status !== 0 || !existsSync(wasm)) {
    const output = quiet ? `\n${r.stdout}${r.stderr}` : '';
    throw new Error(
      `wasm-pack build ${relative(root, crateDir)} failed (exit ${r.status})${output}`,
    );
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(stamp, `${JSON.stringify({ inputs: want, wasm: sha256(wasm) })}\n`);
  return { outDir: out, wasm, cached: false };
}
