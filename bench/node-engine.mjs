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
  // bind.mjs itself, not node.mjs: node.mjs imports it without the query, so every copy would
  // share one bind.mjs (one LiveView class, one getView feedback for every mode).
  loadFacade: (key) => load('node_modules/wasm-views/bind.mjs', `copy=${key}`),
  // The facade of an earlier build, to measure a change before and after in one run
  // (`node bench/run.mjs --before=DIR`, DIR holding that build's bind.mjs).
  ...(options.before
    ? {
        loadFacadeBefore: (key) =>
          import(`${pathToFileURL(join(options.before, 'bind.mjs')).href}?copy=${key}`),
      }
    : {}),
  yieldNow: () => new Promise((resolve) => setImmediate(resolve)),
};
const result = await runAll(env, { ...options, log: (m) => console.log(`  ${tag}: ${m}`) });
writeFileSync(out, JSON.stringify(result));
