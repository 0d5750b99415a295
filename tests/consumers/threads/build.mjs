// Builds the shared-memory (threads) crate: nightly Rust with atomics, std rebuilt for
// them, shared imported memory, then wasm-bindgen --target web into build/consumers/threads.
// Needs `rustup component add rust-src --toolchain nightly` (./setup.sh).
import { join } from 'node:path';
import { root } from '../../../scripts/env.mjs';
import { buildDir, sh } from '../harness.mjs';

/** Maximum shared memory (shared memory must declare one): 256 MiB. */
const MAX_MEMORY = 256 * 2 ** 20;

export function buildThreads() {
  const targetDir = join(root, 'build', 'threads-target');
  const flags = [
    '-C target-feature=+atomics,+bulk-memory,+mutable-globals',
    '-C link-arg=--shared-memory',
    '-C link-arg=--import-memory',
    `-C link-arg=--max-memory=${MAX_MEMORY}`,
    // wasm-bindgen's thread support sets up each thread's TLS through these.
    '-C link-arg=--export=__wasm_init_tls',
    '-C link-arg=--export=__tls_size',
    '-C link-arg=--export=__tls_align',
    '-C link-arg=--export=__tls_base',
  ];
  sh(
    'cargo',
    [
      '+nightly',
      'build',
      '--release',
      '--target',
      'wasm32-unknown-unknown',
      '-Z',
      'build-std=panic_abort,std',
      '--manifest-path',
      join(root, 'tests/consumers/threads/Cargo.toml'),
    ],
    { extraEnv: { RUSTFLAGS: flags.join(' '), CARGO_TARGET_DIR: targetDir }, timeoutMs: 1_200_000 },
  );
  const outDir = join(buildDir, 'threads');
  sh('wasm-bindgen', [
    join(targetDir, 'wasm32-unknown-unknown/release/threads.wasm'),
    '--target',
    'web',
    '--out-dir',
    outDir,
    '--out-name',
    'threads',
  ]);
  return outDir;
}
