// Consumers: wasm-pack's three web-facing targets, each in its own project with the packed
// package installed from its tarball, each page driven in Chromium and Firefox:
//
// - webpack-bundler: `--target bundler` (wasm-pack's default) with webpack 5
//   (`experiments.asyncWebAssembly`);
// - vite-bundler: `--target bundler` with Vite 8 and vite-plugin-wasm;
// - web-no-bundler: `--target web` with no bundler, a plain module script and an import
//   map for `wasm-views/bind`, served as files by tests/support/server.mjs.
//
// All three pages import `bind` from `wasm-views/bind` and run the same checks
// (tests/consumers/shared/page-checks.js) on the fixture crate. A build fails the test if
// it reports any warning that names the package, and the bundled apps must ship exactly
// one `.wasm` in `dist/`: the app's own (a bind()-only app ships no core of the package).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { engines } from '../support/browsers.mjs';
import { serve } from '../support/server.mjs';
import {
  assertPageChecks,
  consumersDir,
  npmRun,
  prepare,
  wasmPackBuild,
} from '../consumers/harness.mjs';
import { root } from '../../scripts/env.mjs';

const minChecks = 8;

before(() => {
  wasmPackBuild('tests/fixture', 'bundler', 'fixture-bundler', { fileName: 'fixture' });
});

/** The build's result line (`<tag> {json}`) from a project's build script. */
function built(dir, tag) {
  const out = npmRun(dir, 'build');
  const line = out.split('\n').find((l) => l.startsWith(`${tag} `));
  assert.ok(line, `no ${tag} line in:\n${out}`);
  return JSON.parse(line.slice(tag.length + 1));
}

/** The `.wasm` files under `dir` with their export names. */
function wasmFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.wasm'))
    .map((f) => ({
      file: f,
      exports: WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(join(dir, f)))).map(
        (e) => e.name,
      ),
    }));
}

function assertOnlyTheAppsWasm(outputPath) {
  const wasm = wasmFiles(outputPath);
  assert.equal(
    wasm.length,
    1,
    `expected only the app's own wasm in dist/, got ${wasm.map((w) => w.file).join(', ')}`,
  );
  assert.ok(wasm[0].exports.includes('shout'), `${wasm[0].file} is not the fixture crate's module`);
}

const mentionsPackage = (text) => /wasm-views/.test(text);

for (const [project, tag] of [
  ['webpack-bundler', 'webpack-result'],
  ['vite-bundler', 'vite-result'],
]) {
  describe(project, () => {
    let result;
    let server;
    before(() => {
      result = built(prepare(project), tag);
    });
    after(() => server?.close());

    test(`${project}: the build reports no warning caused by the package`, () => {
      const ours = result.warnings.filter((w) =>
        mentionsPackage(typeof w === 'string' ? w : `${w.module} ${w.message}`),
      );
      assert.deepEqual(ours, []);
      assert.deepEqual(result.errors ?? [], []);
    });

    test(`${project}: dist/ holds no .wasm but the app's own`, () => {
      assertOnlyTheAppsWasm(result.outputPath);
    });

    for (const engine of engines) {
      test(`${project}: the built app works in ${engine}`, async () => {
        server ??= await serve(result.outputPath);
        await assertPageChecks(engine, `${server.url}/`, minChecks);
      });
    }
  });
}

describe('web-no-bundler', () => {
  let server;
  before(async () => {
    const dir = prepare('web-no-bundler');
    server = await serve(
      dir,
      {},
      {
        '/pkg/': join(root, 'build', 'fixture-web'),
        '/checks.js': join(consumersDir, 'shared', 'page-checks.js'),
      },
    );
  });
  after(() => server?.close());

  for (const engine of engines) {
    test(`web-no-bundler: --target web through an import map works in ${engine}`, async () => {
      await assertPageChecks(engine, `${server.url}/`, minChecks);
    });
  }
});
