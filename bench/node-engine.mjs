// One Node engine's run of the benchmark, in its own process: bench/run.mjs starts this file
// with each Node binary it measures (the machine's Node 20 and the pinned Node 22, 24 and 26 of
// tests/consumers/runtimes.mjs), so every engine gets a fresh process, as the browsers do.
//
// Usage: <node> bench/node-engine.mjs <options as JSON> <result file>
// Writes the result of runAll() (sampling.mjs) as JSON to <result file>; progress on stdout.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runAll } from './sampling.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const [optionsJson, out] = process.argv.slice(2);
const { sharedFailure, ...options } = JSON.parse(optionsJson);
const tag = `node${process.versions.node.split('.')[0]}`;

const load = (path, query) => import(`${pathToFileURL(join(root, path)).href}?${query}`);
const env = {
  engine: tag,
  async loadBench(variant, key) {
    const dir = variant === 'shared' ? 'build/bench-shared' : 'build/bench';
    if (variant === 'shared' && sharedFailure) throw new Error(sharedFailure);
    const mod = await load(`${dir}/bench.js`, `instance=${key}`);
    mod.initSync({ module: readFileSync(join(root, dir, 'bench_bg.wasm')) });
    return mod;
  },
  // The instance's own copy of the package (bench/run.mjs, facadeCopies), and that of the
  // earlier build of `--before=DIR`, to measure a change before and after in one run.
  loadFacade: (key) => load(`build/bench-facade/${key}/bench-entry.mjs`, 'copy'),
  ...(options.before
    ? {
        loadFacadeBefore: (key) => load(`build/bench-facade-before/${key}/bench-entry.mjs`, 'copy'),
      }
    : {}),
  yieldNow: () => new Promise((resolve) => setImmediate(resolve)),
};
const result = await runAll(env, { ...options, log: (m) => console.log(`  ${tag}: ${m}`) });
writeFileSync(out, JSON.stringify(result));
