// The compatibility consumer's builds: the fixture crate (tests/fixture) built with the
// oldest wasm-bindgen the crate accepts and with the newest, each by its own wasm-bindgen
// CLI (wasm-pack refuses a CLI that differs from the crate's wasm-bindgen), as
// `wasm-pack --target web` into build/consumers/compat-<version>/.
//
// - Oldest: the lower bound of the workspace's `wasm-bindgen = "X"` requirement (the crate
//   asks for `X` up to `<0.3`), read from Cargo.toml so it moves with the crate.
// - Newest: the version the workspace's Cargo.lock pins. It is the newest on crates.io
//   when the lock is updated (`cargo info wasm-bindgen`), and reading it from the lock keeps
//   the test deterministic: it never asks the registry what is newest today. Its CLI is the
//   one scripts/setup.sh installs.
//
// Each build runs in a copy of the workspace (crate/, tests/fixture/, the manifests and
// the lock) under build/consumers/compat-workspace-<version>/. The copy's manifest pins
// `wasm-bindgen = "=<version>"` and `cargo update -p wasm-bindgen` re-resolves its lock:
// `cargo update --precise` alone cannot, since js-sys, web-sys and wasm-bindgen-test each
// pin their own wasm-bindgen exactly, so they must come down with it, which only a
// re-resolution does. Cargo keeps every other locked version. Files are rewritten only when
// their content changed, so cargo's fingerprints (by mtime) keep a rerun quick, and the
// build itself is cached by scripts/wasm-pack.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, relative } from 'node:path';
import { env, root } from '../../scripts/env.mjs';
import { buildDir, wasmPackBuild } from './harness.mjs';
import { cacheRoot } from './runtimes.mjs';

const manifest = readFileSync(join(root, 'Cargo.toml'), 'utf8');
const lock = readFileSync(join(root, 'Cargo.lock'), 'utf8');

/** The oldest wasm-bindgen the crate accepts (the workspace requirement's lower bound). */
export const oldest = (() => {
  const m = manifest.match(/^wasm-bindgen = "\^?(\d+\.\d+\.\d+)"/m);
  if (!m) throw new Error('compat: no `wasm-bindgen = "X.Y.Z"` range in Cargo.toml');
  return m[1];
})();

/** The wasm-bindgen the workspace lock pins: the newest when the lock was last updated. */
export const newest = (() => {
  const m = lock.match(/\[\[package\]\]\nname = "wasm-bindgen"\nversion = "([^"]+)"/);
  if (!m) throw new Error('compat: no wasm-bindgen in Cargo.lock');
  return m[1];
})();

/** Where the CLI of wasm-bindgen `version` is installed (`<dir>/bin/wasm-bindgen`). */
export const cliDir = (version) => join(cacheRoot, 'tools', `wasm-bindgen-cli-${version}`);

/**
 * Installs the oldest supported wasm-bindgen CLI into the cache unless it is there
 * (`cargo install --root`, once per machine: a few minutes). No `--locked`: the CLI's lock
 * names crate versions the registry no longer has.
 */
export function installOldestCli({ log = console.log } = {}) {
  const bin = join(cliDir(oldest), 'bin', 'wasm-bindgen');
  if (existsSync(bin)) return false;
  log(
    `compat: installing wasm-bindgen-cli ${oldest} into ${cliDir(oldest)} (cargo install, a few minutes)`,
  );
  const r = spawnSync(
    'cargo',
    ['install', 'wasm-bindgen-cli', '--version', oldest, '--root', cliDir(oldest)],
    { cwd: cacheRoot, env, stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error(`cargo install wasm-bindgen-cli ${oldest} failed`);
  return true;
}

/** The `wasm-bindgen` binary for `version`: the cached one, or for the newest the one on PATH. */
function cliPath(version) {
  const cached = join(cliDir(version), 'bin');
  if (existsSync(join(cached, 'wasm-bindgen'))) return cached;
  if (version === newest) return null; // scripts/setup.sh installs it on PATH
  throw new Error(
    `compat: wasm-bindgen-cli ${version} is missing from ${cliDir(version)}; run node tests/consumers/runtimes.mjs --install`,
  );
}

/** Writes `text` to `file` unless it already holds exactly that. */
function writeIfChanged(file, text) {
  if (existsSync(file) && readFileSync(file).equals(Buffer.from(text))) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** The files of `dir` (relative to the root), without build output and nested crates. */
function sourceFiles(dir) {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .filter((f) => !/(^|\/)(target|fuzz|node_modules)\//.test(f));
}

/** Makes (or refreshes) the workspace copy for `version`; returns its folder. */
function workspaceCopy(version) {
  const dir = join(buildDir, `compat-workspace-${version}`);
  for (const file of [
    ...sourceFiles('crate'),
    ...sourceFiles('tests/fixture'),
    'rust-toolchain.toml',
  ])
    writeIfChanged(join(dir, file), readFileSync(join(root, file)));
  const pinned = manifest
    .replace(/^members = .*$/m, 'members = ["crate", "tests/fixture"]')
    .replace(/^wasm-bindgen = ".*"$/m, `wasm-bindgen = "=${version}"`);
  writeIfChanged(join(dir, 'Cargo.toml'), pinned);
  // The lock: the workspace's, re-resolved for the pin, redone only when either changed.
  const stamp = join(dir, '.lock-from');
  const from = `${version}\n${lock}`;
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== from) {
    writeFileSync(join(dir, 'Cargo.lock'), lock);
    const r = spawnSync('cargo', ['update', '-p', 'wasm-bindgen'], {
      cwd: dir,
      env,
      encoding: 'utf8',
    });
    if (r.status !== 0)
      throw new Error(`compat: cargo update -p wasm-bindgen (=${version}) failed:\n${r.stderr}`);
    // scripts/wasm-pack.mjs reads the crate graph offline: have every locked crate at hand.
    const fetch = spawnSync('cargo', ['fetch'], { cwd: dir, env, encoding: 'utf8' });
    if (fetch.status !== 0) throw new Error(`compat: cargo fetch failed:\n${fetch.stderr}`);
    writeFileSync(stamp, from);
  }
  const locked = readFileSync(join(dir, 'Cargo.lock'), 'utf8').match(
    /\[\[package\]\]\nname = "wasm-bindgen"\nversion = "([^"]+)"/,
  )?.[1];
  if (locked !== version)
    throw new Error(`compat: the copy's lock has wasm-bindgen ${locked}, not ${version}`);
  return dir;
}

/**
 * Builds the fixture crate with wasm-bindgen `version` (`--target web`) and returns the
 * output folder (`fixture.js`, `fixture_bg.wasm`).
 */
export function buildCompat(version) {
  const ws = workspaceCopy(version);
  const cli = cliPath(version);
  const path = cli ? { PATH: [cli, env.PATH].join(delimiter) } : {};
  const check = spawnSync('wasm-bindgen', ['--version'], {
    env: { ...env, ...path },
    encoding: 'utf8',
  });
  if (!check.stdout?.includes(version))
    throw new Error(`compat: wasm-bindgen on PATH is ${check.stdout?.trim()}, not ${version}`);
  return wasmPackBuild(join(ws, 'tests', 'fixture'), 'web', `compat-${version}`, {
    fileName: 'fixture',
    env: path,
  });
}
