// Builds and loads the reliability fixture (tests/fixture with its `reliability` feature): a
// wasm-bindgen module that links the wasm-views crate, in two variants:
//   build/reliability-node  memory without a maximum (growth storms, hostile input, soak)
//   build/reliability-max   linked with --max-memory=64 MiB (memory exhaustion)
// Its own cargo target dir (build/reliability-target) keeps the main build's cache intact.
// A build is skipped when the sources it depends on are unchanged since the last one.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { env, root } from '../../scripts/env.mjs';

const require = createRequire(import.meta.url);

export const VARIANTS = {
  node: { dir: 'build/reliability-node', args: ['--', '--features', 'reliability'] },
  max: {
    dir: 'build/reliability-max',
    args: ['--', '--features', 'reliability,max-memory'],
  },
};

/** The maximum memory of the `max` variant, in bytes (tests/fixture/build.rs). */
export const MAX_MEMORY = 64 << 20;

function files(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else out.push(path);
  }
  return out;
}

function sourceHash() {
  const hash = createHash('sha256');
  const optional = (path) => (existsSync(path) ? files(path) : []);
  const inputs = [
    ...files(join(root, 'crate/src')),
    ...optional(join(root, 'crate/js')),
    join(root, 'crate/Cargo.toml'),
    join(root, 'crate/build.rs'),
    join(root, 'Cargo.toml'),
    join(root, 'Cargo.lock'),
    ...files(join(root, 'tests/fixture/src')),
    join(root, 'tests/fixture/Cargo.toml'),
    join(root, 'tests/fixture/build.rs'),
  ];
  for (const file of inputs) hash.update(file).update(readFileSync(file));
  return hash.digest('hex');
}

/** Builds whichever variants are missing or out of date. Throws if a build fails. */
export function ensureFixtures({ quiet = false } = {}) {
  const want = sourceHash();
  for (const [name, variant] of Object.entries(VARIANTS)) {
    const out = join(root, variant.dir);
    const stamp = join(out, '.source-hash');
    if (
      existsSync(join(out, 'fixture.js')) &&
      existsSync(stamp) &&
      readFileSync(stamp, 'utf8') === want
    )
      continue;
    const args = [
      'build',
      'tests/fixture',
      '--release',
      '--target',
      'nodejs',
      '--out-dir',
      out,
      '--out-name',
      'fixture',
      ...variant.args,
    ];
    if (!quiet) console.log(`reliability fixture (${name}): wasm-pack ${args.join(' ')}`);
    const result = spawnSync('wasm-pack', args, {
      cwd: root,
      env: {
        ...env,
        CARGO_TARGET_DIR: join(root, 'build/reliability-target'),
        CARGO_BUILD_JOBS: process.env.CARGO_BUILD_JOBS ?? '2',
      },
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      encoding: 'utf8',
    });
    if (result.status !== 0) {
      throw new Error(
        `building the reliability fixture (${name}) failed:\n${result.stdout ?? ''}${result.stderr ?? ''}`,
      );
    }
    writeFileSync(stamp, want);
  }
}

/**
 * A fresh instance of a fixture variant: its own module instance and memory (the glue is
 * re-evaluated; the compiled module is cheap to rebuild from the cached bytes).
 */
export function loadFixture(variant = 'node') {
  const path = join(root, VARIANTS[variant].dir, 'fixture.js');
  delete require.cache[require.resolve(path)];
  return require(path);
}

/** The package's test fixture (tests/fixture, built by scripts/build.mjs), fresh as above. */
export function loadMainFixture() {
  const path = join(root, 'build/fixture-node/fixture.js');
  delete require.cache[require.resolve(path)];
  return require(path);
}
