// The pieces around the analyzer that the CLI tests do not reach one by one:
// the facade map cannot drift from the facade's sources, the CLI sources
// type-check, the .d.ts and glue readers handle what tsc and wasm-bindgen
// write, and the import classification agrees with wasm-bindgen's real glue.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import { root } from '../../scripts/env.mjs';
import { computeFacadeCalls } from '../analyzer/facade-map.mjs';

const lib = await import(pathToFileURL(join(root, 'build', 'analyzer', 'internal.mjs')).href);
const analyzer = lib.loadAnalyzer(join(root, 'npm', 'analyzer'));

test('ts/cli/facade-calls.json says which wasmViews* exports each facade method calls', () => {
  const declared = JSON.parse(readFileSync(join(root, 'ts', 'cli', 'facade-calls.json'), 'utf8'));
  const derived = computeFacadeCalls(join(root, 'ts', 'src'));
  assert.deepEqual(
    declared,
    derived,
    'the facade changed: run `node tests/analyzer/facade-map.mjs --write` and commit ts/cli/facade-calls.json',
  );
});

test('the CLI sources type-check', () => {
  const tsc = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      join(root, 'ts', 'cli', 'tsconfig.json'),
    ],
    { encoding: 'utf8' },
  );
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
});

test('the .d.ts reader finds functions and class members as tsc and wasm-bindgen write them', () => {
  const source = `
/* tslint:disable */
import type { Kind } from './kinds.js';
export type Shape = { open: '{'; close: \`}\${string}\` };
export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly grow: (a: number) => number;
}
/** A class. */
export declare class Heap {
    #private;
    private constructor();
    /** One line. */
    alloc<K extends Kind>(kind: K, length: number): LiveView<K>;
    get memory(): WebAssembly.Memory;
    static create(options?: { debug?: boolean }): Heap;
    readonly length: number;
    private core;
    [Symbol.dispose]: () => void;
}
export function growMemory(pages: number): number;
export default function __wbg_init (module_or_path?: InitInput): Promise<InitOutput>;
declare namespace inner { function hidden(): void; }
`;
  const found = lib.declarations(source).map((d) => ({
    name: d.className ? `${d.className}.${d.name}` : d.name,
    kind: d.kind,
    hidden: d.hidden,
  }));
  assert.deepEqual(found, [
    { name: 'Heap.#private', kind: 'property', hidden: true },
    { name: 'Heap.constructor', kind: 'constructor', hidden: true },
    { name: 'Heap.alloc', kind: 'method', hidden: false },
    { name: 'Heap.memory', kind: 'getter', hidden: false },
    { name: 'Heap.create', kind: 'method', hidden: false },
    { name: 'Heap.length', kind: 'property', hidden: false },
    { name: 'Heap.core', kind: 'property', hidden: true },
    { name: 'Heap.[Symbol.dispose]', kind: 'property', hidden: false },
    { name: 'growMemory', kind: 'function', hidden: false },
    { name: '__wbg_init', kind: 'function', hidden: false },
  ]);
});

test('remarks go into the existing TSDoc comment, or a new one, once', () => {
  const source = [
    '/** One line. */',
    'export function a(): void;',
    'export function b(): void;',
    'export class C {',
    '    /**',
    '     * Does c.',
    '     * @remarks Already has remarks.',
    '     * @param x the x',
    '     */',
    '    c(x: number): void;',
    '    /**',
    '     * Does d. */',
    '    d(): void;',
    '}',
    '',
  ].join('\n');
  const decls = lib.declarations(source);
  const once = lib.annotate(source, decls);
  assert.equal(once.added, 4);
  const R = lib.REMARK;
  assert.equal(
    once.text,
    [
      '/**',
      ' * One line.',
      ` * @remarks ${R}`,
      ' */',
      'export function a(): void;',
      '/**',
      ` * @remarks ${R}`,
      ' */',
      'export function b(): void;',
      'export class C {',
      '    /**',
      '     * Does c.',
      '     * @remarks Already has remarks.',
      '     *',
      `     * ${R}`,
      '     * @param x the x',
      '     */',
      '    c(x: number): void;',
      '    /**',
      '     * Does d.',
      `     * @remarks ${R}`,
      '     */',
      '    d(): void;',
      '}',
      '',
    ].join('\n'),
  );
  const twice = lib.annotate(once.text, lib.declarations(once.text));
  assert.equal(twice.added, 0);
  assert.equal(twice.text, once.text);
});

test('the glue reader follows helpers, members and constructors to wasm exports', () => {
  const glue = lib.readGlue(`
const re = /[{}]\\/"/g;
function passString(s, malloc) { const t = \`\${s}}{\`; return malloc(t.length); }
function helper(s) { return passString(s, wasm.__wbindgen_malloc); }
class Thing {
    static __wrap(ptr) { const obj = Object.create(Thing.prototype); return obj; }
    __destroy_into_raw() { const ptr = this.__wbg_ptr; return ptr; }
    free() { const ptr = this.__destroy_into_raw(); wasm.__wbg_thing_free(ptr, 0); }
    get size() { return wasm.thing_size(this.__wbg_ptr); }
    rename(name) { wasm.thing_rename(this.__wbg_ptr, helper(name)); }
    constructor() { const ret = wasm.thing_new(); this.__wbg_ptr = ret; }
}
if (Symbol.dispose) Thing.prototype[Symbol.dispose] = Thing.prototype.free;
function make() { return new Thing(); }
function wrap(ptr) { return Thing.__wrap(ptr); }
function __wbg_get_imports() { return { x: function() { wasm.__wbindgen_malloc(1, 1); } }; }
function init() { const imports = __wbg_get_imports(); wasm.__wbindgen_start(); }
`);
  const calls = (className, member) => [
    ...(lib.wasmCalls(glue, { className, member }) ?? ['<none>']),
  ];
  assert.deepEqual(calls('Thing', 'free'), ['__wbg_thing_free']);
  assert.deepEqual(calls('Thing', 'get size'), ['thing_size']);
  assert.deepEqual(calls('Thing', 'rename'), ['thing_rename', '__wbindgen_malloc']);
  assert.deepEqual(calls(undefined, 'make'), ['thing_new']);
  assert.deepEqual(calls(undefined, 'wrap'), []);
  assert.deepEqual(calls(undefined, 'init'), ['__wbindgen_start']);
  assert.deepEqual(calls(undefined, 'missing'), ['<none>']);
});

test('the glue reader reads the nodejs glue of older wasm-bindgen (0.2.100: module.exports.NAME = function)', () => {
  // The shape wasm-bindgen 0.2.100 wrote for --target nodejs: exports and
  // import shims as properties of module.exports, classes declared then
  // assigned, a CommonJS header.
  const glue = lib.readGlue(`
let imports = {};
imports['__wbindgen_placeholder__'] = module.exports;
let wasm;
const { TextDecoder, TextEncoder } = require(\`util\`);
const encodeString = (typeof cachedTextEncoder.encodeInto === 'function'
    ? function (arg, view) { return cachedTextEncoder.encodeInto(arg, view); }
    : function (arg, view) { const buf = cachedTextEncoder.encode(arg); view.set(buf); return { read: arg.length, written: buf.length }; });
function passStringToWasm0(arg, malloc, realloc) { const ptr = malloc(arg.length, 1) >>> 0; return encodeString(arg, ptr); }
const GreeterFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_greeter_free(ptr >>> 0, 1));
module.exports.greet = function(name) {
    const ptr0 = passStringToWasm0(name, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    wasm.greet(ptr0, WASM_VECTOR_LEN);
};
class Greeter {
    static __wrap(ptr) { const obj = Object.create(Greeter.prototype); GreeterFinalization.register(obj, ptr, obj); return obj; }
    get count() { return wasm.greeter_count(this.__wbg_ptr) >>> 0; }
}
module.exports.Greeter = Greeter;
module.exports.make = function() { return Greeter.__wrap(wasm.greeter_new()); };
module.exports.__wbindgen_throw = function(arg0, arg1) { throw new Error(getStringFromWasm0(arg0, arg1)); };
const path = require('path').join(__dirname, 'pkg_bg.wasm');
wasm = new WebAssembly.Instance(new WebAssembly.Module(require('fs').readFileSync(path)), imports).exports;
`);
  const calls = (className, member) => [
    ...(lib.wasmCalls(glue, { className, member }) ?? ['<none>']),
  ];
  assert.deepEqual(calls(undefined, 'greet'), ['__wbindgen_malloc', '__wbindgen_realloc', 'greet']);
  assert.deepEqual(calls('Greeter', 'get count'), ['greeter_count']);
  // The finalizer runs when the object is collected, never inside the call.
  assert.deepEqual(calls(undefined, 'make'), ['greeter_new']);
});

test('glue that is not JavaScript is a clear error naming the file', () => {
  assert.throws(
    () => lib.readGlue('export function f( {', 'pkg/broken.js'),
    (e) =>
      e.name === 'CliError' && /^cannot read the JS glue pkg\/broken\.js: .*\(1:/.test(e.message),
  );
});

/**
 * The text of each import shim in a wasm-bindgen glue file, by import name:
 * every `name: function (...) {...}` property of an object literal (the
 * imports object `__wbg_get_imports` builds). Read with acorn directly, not
 * with the glue reader under test.
 */
function importShims(source) {
  const shims = new Map();
  walk.simple(acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'module' }), {
    Property(p) {
      const name = p.key.type === 'Identifier' ? p.key.name : p.key.value;
      if (p.value.type === 'FunctionExpression')
        shims.set(name, source.slice(p.value.body.start, p.value.body.end));
    },
  });
  return shims;
}

test("wasm-bindgen's real glue: inert imports call no wasm function, glue-only ones only glue exports", () => {
  // `floor`: how many non-host imports each module has at least, so the test cannot pass
  // vacuously (the package's own module imports little since issue 12: memory, throw and the
  // externref table's initialiser).
  for (const [wasm, js, floor] of [
    ['build/fixture-node/fixture_bg.wasm', 'build/fixture-node/fixture.js', 3],
    ['build/core/wasm_views_bg.wasm', 'build/core/wasm_views.js', 2],
  ]) {
    const report = lib.analyze(analyzer, readFileSync(join(root, wasm)));
    const functions = new Set(report.entries.map((e) => e.name));
    const shims = importShims(readFileSync(join(root, js), 'utf8'));
    let classified = 0;
    for (const imp of report.imports.filter((i) => i.class !== 'host')) {
      const body = shims.get(imp.name);
      assert.ok(body, `${js} has a shim for ${imp.name}`);
      const used = [...body.matchAll(/\bwasm\.(\w+)/g)]
        .map((m) => m[1])
        .filter((n) => functions.has(n));
      if (imp.class === 'inert') assert.deepEqual(used, [], `${imp.name} is inert but calls wasm`);
      else
        for (const n of used)
          assert.match(n, /^(__wbindgen_|__externref_)/, `${imp.name} calls ${n}`);
      // No user code: no call of a value the module handed over.
      assert.doesNotMatch(body, /\barg\d+\s*\(|\.call\(|\.apply\(/, `${imp.name} calls a JS value`);
      classified++;
    }
    assert.ok(classified >= floor, `${wasm}: only ${classified} imports classified`);
  }
});
