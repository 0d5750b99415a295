// The initial-memory workflow of wasm-views/testing, end to end: run a workload that grows
// memory, take the report's linker argument, rebuild the module with it in RUSTFLAGS, run the
// same workload again: zero growths. Each run is a fresh Node process
// (tests/testing/memory-workload.mjs).
//
// The fixture crate on the pinned toolchain uses std's allocator, dlmalloc 0.2.11, which grows
// memory for its first region whatever the initial size: rebuilt with the flag it still grows,
// as the report's caveat says. tests/testing/sized-fixture is the same fixture with dlmalloc
// 0.2.13 as the global allocator, which takes the initial memory first: there the flag
// removes every growth.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { allocatorCaveat } from 'wasm-views/testing';
import { env, root } from '../../scripts/env.mjs';
import { wasmPack } from '../../scripts/wasm-pack.mjs';

const workload = join(root, 'tests/testing/memory-workload.mjs');
const run = (dir) =>
  JSON.parse(execFileSync(process.execPath, [workload, dir], { env, encoding: 'utf8' }));

// Separate target folders: a changed RUSTFLAGS would otherwise rebuild the shared one's
// dependencies each time.
function build(crate, outDir, linkArg) {
  return wasmPack({
    crate,
    target: 'nodejs',
    outDir,
    outName: 'fixture',
    env: {
      CARGO_TARGET_DIR: join(root, 'build/testing', linkArg ? 'target-initial' : 'target'),
      ...(linkArg ? { RUSTFLAGS: linkArg } : {}),
    },
    quiet: true,
  }).outDir;
}

test('rebuilt with the recommended --initial-memory, the same run grows memory zero times', () => {
  const first = run(build('tests/testing/sized-fixture', 'build/testing/sized'));
  assert.ok(first.growths > 0, `the workload must grow memory: ${JSON.stringify(first)}`);
  assert.equal(first.initialMemoryBytes % 65536, 0);
  assert.ok(first.initialMemoryBytes >= first.peakBytes);
  assert.equal(first.linkArg, `-C link-arg=--initial-memory=${first.initialMemoryBytes}`);

  const second = run(
    build('tests/testing/sized-fixture', 'build/testing/sized-initial', first.linkArg),
  );
  assert.equal(second.growths, 0, JSON.stringify(second));
  assert.equal(second.startBytes, first.initialMemoryBytes);
  assert.equal(second.peakBytes, first.initialMemoryBytes);
  assert.deepEqual(second.checks, first.checks, 'the same work was done');
});

test("with std's allocator of the pinned toolchain the flag alone does not help, as the caveat says", () => {
  const first = run(build('tests/fixture', 'build/testing/fixture'));
  assert.ok(first.growths > 0);
  const second = run(build('tests/fixture', 'build/testing/fixture-initial', first.linkArg));
  assert.equal(second.startBytes >= first.initialMemoryBytes, true);
  assert.ok(second.growths > 0, 'dlmalloc 0.2.11 grows memory although the module starts large');
  assert.match(allocatorCaveat, /Rust 1\.95 \(dlmalloc 0\.2\.11\)/);
  assert.deepEqual(second.checks, first.checks);
});
