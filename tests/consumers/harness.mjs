// Shared by the consumer tests (tests/node/consumers-*.test.mjs): installs a consumer
// project the way a user's project gets the package, builds the Rust crates the
// browser consumers bind, and runs commands inside the projects.
//
// Installing: each project's package.json and lock file hold only its tools (vite,
// jest, ...), pinned exactly. `npm install --no-save <tgz>` installs those as locked
// plus the tarball `npm pack` made. Why not a lock entry for the tarball: its
// integrity changes with every build, so the lock would never match. Why not
// `npm ci`: the registry reachable here serves no packages for other platforms
// (e.g. @rollup/rollup-darwin-arm64 is a 404), so locks made here lack those optional
// entries, and `npm ci` refuses such a lock ("Missing: ... from lock file") where
// `npm install` accepts it. With --no-save it writes neither package.json nor the lock.
// The install runs only when the lock or the tarball changed (a sha256 stamp in
// node_modules, as scripts/setup.sh does); a changed lock starts from an empty
// node_modules, as `npm ci` would.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { isAbsolute, join } from 'node:path';
import { env, root } from '../../scripts/env.mjs';
import { wasmPack } from '../../scripts/wasm-pack.mjs';

/** Where the consumer projects live. */
export const consumersDir = join(root, 'tests', 'consumers');

/** Build outputs of the consumer crates (gitignored with the rest of build/). */
export const buildDir = join(root, 'build', 'consumers');

/** Test artifacts (screenshots); gitignored. */
export const artifactsDir = join(root, 'tests', 'artifacts');

// The published manifest (the root package.json is the private workspace's, with no version).
const { version } = JSON.parse(readFileSync(join(root, 'npm', 'package.json'), 'utf8'));

/** The tarball scripts/build.mjs packed. */
export const tarball = join(root, 'build', `wasm-views-${version}.tgz`);

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * Runs `cmd args` in `cwd` and returns its output; throws with the output if it
 * fails. The environment is the build's (cargo's bin on PATH); commands meant to
 * use a project's own tools go through `npm run`, which puts that project's
 * node_modules/.bin first.
 */
export function sh(cmd, args, { cwd = root, extraEnv = {}, timeoutMs = 600_000 } = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, args, {
    cwd,
    env: { ...env, ...extraEnv },
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const where = cwd.startsWith(root) ? cwd.slice(root.length + 1) || '.' : cwd;
  if (r.error || r.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} (in ${where}) failed: ${r.error ?? `exit ${r.status}`}\n${output}`,
    );
  }
  console.log(
    `# ${where}: ${cmd} ${args.join(' ')} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  return output;
}

const npmQuiet = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];

/**
 * Makes consumer project `name` (a folder of tests/consumers, or an absolute path) ready:
 * its locked tools and the freshly packed tarball, installed only if the lock or the
 * tarball changed. Returns the project's directory.
 */
export function prepare(name) {
  const dir = isAbsolute(name) ? name : join(consumersDir, name);
  if (!existsSync(tarball))
    throw new Error(`${tarball} is missing: run node scripts/build.mjs first`);
  const modules = join(dir, 'node_modules');
  const stamp = join(modules, '.wasm-views-consumer.sha256');
  const want = `${sha256(join(dir, 'package-lock.json'))} ${sha256(tarball)}`;
  const have = existsSync(stamp) ? readFileSync(stamp, 'utf8') : '';
  if (have !== want) {
    if (have.split(' ')[0] !== want.split(' ')[0])
      rmSync(modules, { recursive: true, force: true });
    sh('npm', ['install', '--no-save', ...npmQuiet, tarball], { cwd: dir });
    writeFileSync(stamp, want);
  }
  const installed = JSON.parse(readFileSync(join(modules, 'wasm-views', 'package.json'), 'utf8'));
  if (installed.version !== version) {
    throw new Error(`${name}: installed wasm-views ${installed.version}, packed ${version}`);
  }
  return dir;
}

/** Runs `npm run <script>` in a consumer project and returns its output. */
export function npmRun(dir, script, args = [], options = {}) {
  return sh('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
    cwd: dir,
    ...options,
  });
}

/**
 * Builds a crate with `wasm-pack build --release --target <target>` into
 * build/consumers/<outName> (files `<fileName>.js`, `<fileName>_bg.wasm`, ...) through
 * scripts/wasm-pack.mjs, which skips a build whose inputs did not change. The consumer
 * crates share one cargo target folder. `env` reaches wasm-pack and cargo (e.g. a PATH
 * with another wasm-bindgen CLI first). Returns the output folder.
 */
export function wasmPackBuild(
  crateDir,
  target,
  outName,
  { fileName = outName, env: extra = {}, features = [] } = {},
) {
  const started = Date.now();
  const { outDir, cached } = wasmPack({
    crate: crateDir,
    target,
    outDir: join(buildDir, outName),
    outName: fileName,
    features,
    env: { CARGO_TARGET_DIR: join(buildDir, 'target'), ...extra },
    quiet: true,
  });
  console.log(
    `# wasm-pack ${target} ${crateDir} -> build/consumers/${outName}${cached ? ' (up to date)' : ''} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  return outDir;
}

/** `wasmPackBuild(crateDir, 'web', outName)`. */
export const wasmPackWeb = (crateDir, outName) => wasmPackBuild(crateDir, 'web', outName);

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `npm run <script> -- <args>` in `dir` (a long-running server) and
 * resolves once its output matches `ready`; `stop()` ends it (its whole process
 * group, which it leads).
 */
export function startServer(dir, script, args, ready, timeoutMs = 60_000) {
  const child = spawn('npm', ['run', '--silent', script, '--', ...args], {
    cwd: dir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        resolve();
      }
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`${script} did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      if (ready.test(output.replace(/\x1b\[[0-9;]*m/g, ''))) {
        clearTimeout(timer);
        resolve({ stop, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before it was ready:\n${output}`));
    });
  });
}

/**
 * Starts Vite's `script` (`dev` or `preview`) in `dir` on a free loopback port;
 * resolves to `{ url, stop }` once it says where it listens.
 */
export async function startVite(dir, script) {
  const port = await freePort();
  const server = await startServer(
    dir,
    script,
    ['--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    /Local:\s+http:\/\/127\.0\.0\.1:\d+/,
  );
  return { url: `http://127.0.0.1:${port}/`, stop: server.stop };
}

/**
 * Opens `url` in `engine` (tests/support/browsers.mjs), waits for the page's
 * `window.__consumer` checks (tests/consumers/shared/page-checks.js and the Vite apps'
 * own), and asserts that at least `minChecks` ran, all passed, and the page reported no
 * error (an uncaught exception or a console error fails the test).
 */
export async function assertPageChecks(engine, url, minChecks) {
  const { openPage } = await import('../support/browsers.mjs');
  const page = await openPage(engine, url);
  try {
    const checks = await page.waitFor(() => window.__consumer, 60_000);
    if (checks.length < minChecks) throw new Error(`${engine}: only ${checks.length} checks ran`);
    const failed = checks.filter((c) => !c.ok);
    if (failed.length)
      throw new Error(`${engine}: ${failed.map((c) => `${c.name} (${c.detail})`).join('; ')}`);
    if (page.errors.length) throw new Error(`${engine}: page errors: ${page.errors.join('\n')}`);
  } finally {
    await page.close();
  }
}
