// wasm-views/testing's detachAfterCalls(): after every call into a wrapped wasm-bindgen module
// its memory is detached, so a raw view cached across the call fails at once. Against the
// fixture crate built for --target nodejs (a CommonJS exports object) and --target web (a
// frozen ES module namespace), and against hand-made namespaces for the members the fixture
// has none of (setters, static methods, async functions).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { bind } from 'wasm-views';
import { detachAfterCalls, undoDetachAfterCalls } from 'wasm-views/testing';
import { root } from '../../scripts/env.mjs';

const require = createRequire(import.meta.url);
const nodeFixture = require(join(root, 'build/fixture-node/fixture.js'));
const webFixture = await import(pathToFileURL(join(root, 'build/fixture-web/fixture.js')).href);
webFixture.initSync({ module: readFileSync(join(root, 'build/fixture-web/fixture_bg.wasm')) });

const detached = (view) => view.buffer.byteLength === 0;

/** Every own property descriptor of a class's prototype and of the class, to compare identities. */
function descriptorsOf(cls) {
  return {
    prototype: Object.getOwnPropertyDescriptors(cls.prototype),
    statics: Object.getOwnPropertyDescriptors(cls),
  };
}

test('nodejs target: a raw view cached across a method call is detached after it; getView() is not', () => {
  const heap = bind(nodeFixture);
  const canvas = new nodeFixture.Canvas(4, 4);
  // Control: without the wrapper, fill() does not grow memory and the cached view survives.
  const before = heap.getView(canvas.pixels, 'u8c');
  canvas.fill(1, 2, 3, 4);
  assert.equal(detached(before), false);
  assert.equal(before[0], 1);

  const mod = detachAfterCalls(nodeFixture);
  try {
    const live = heap.view(canvas.pixels, 'u8c');
    const cached = heap.getView(canvas.pixels, 'u8c'); // the getter call detached; this view is after it
    assert.equal(cached.length, 64);
    canvas.fill(9, 8, 7, 6); // a method of a class shared with the original: patched in place
    assert.equal(detached(cached), true);
    assert.equal(cached.length, 0);
    assert.equal(cached[0], undefined);
    assert.throws(() => cached.subarray(0, 4), TypeError); // the engine's detached-buffer error
    assert.deepEqual(Array.from(live.getView().subarray(0, 4)), [9, 8, 7, 6]);
    assert.equal(heap.getView(canvas.pixels, 'u8c')[3], 6);
    // A top-level function through the wrapped namespace.
    const view = heap.getView(canvas.pixels, 'u8c');
    assert.equal(mod.shout('abc'), 'ABC');
    assert.equal(detached(view), true);
  } finally {
    undoDetachAfterCalls(mod);
    canvas.free();
  }
});

test('getters and constructors detach; instanceof and the facade see one module', () => {
  const mod = detachAfterCalls(nodeFixture);
  try {
    const heap = bind(mod, { debug: true }); // the facade's debug mode as well
    let view = new Uint8Array(heap.memory.buffer);
    const canvas = new mod.Canvas(2, 2); // constructor through the wrapped namespace
    assert.equal(detached(view), true);
    assert.ok(canvas instanceof mod.Canvas);
    assert.ok(canvas instanceof nodeFixture.Canvas);
    view = new Uint8Array(heap.memory.buffer);
    assert.equal(canvas.width, 2); // getter
    assert.equal(detached(view), true);
    // The heap bound through the wrapped namespace reads the same table as one bound directly.
    const handle = canvas.pixels;
    assert.deepEqual(heap.describe(handle), bind(nodeFixture).describe(handle));
    const js = heap.alloc('f32', 8);
    js.getView().fill(2);
    assert.equal(mod.sumF32(js.handle), 16);
    assert.equal(js.getView()[7], 2);
    js.free();
    canvas.free();
  } finally {
    undoDetachAfterCalls(mod);
  }
});

test('web target: the frozen ES namespace is left alone, a wrapped copy is returned, classes are patched in place', () => {
  assert.equal(Object.isExtensible(webFixture), false);
  const originalShout = webFixture.shout;
  const mod = detachAfterCalls(webFixture);
  try {
    assert.notEqual(mod, webFixture);
    assert.equal(webFixture.shout, originalShout);
    assert.deepEqual(Object.keys(mod).sort(), Object.keys(webFixture).sort());
    assert.equal(mod.default, webFixture.default); // init passed through
    assert.equal(mod.wasmViewsMemory, webFixture.wasmViewsMemory); // the facade's exports too
    const memory = webFixture.wasmViewsMemory();
    // An instance made through the original namespace: its methods are the patched ones.
    const samples = new webFixture.Samples();
    let view = new Float32Array(memory.buffer);
    samples.push(1.5);
    assert.equal(detached(view), true);
    view = new Float32Array(memory.buffer);
    assert.equal(webFixture.shout('x'), 'X'); // the original namespace's function: not wrapped
    assert.equal(detached(view), false);
    assert.equal(mod.shout('x'), 'X');
    assert.equal(detached(view), true);
    samples.free();
  } finally {
    undoDetachAfterCalls(mod);
  }
});

test('setters, static methods and async functions detach too', async () => {
  const memory = new WebAssembly.Memory({ initial: 1 });
  class Thing {
    #x = 0;
    get x() {
      return this.#x;
    }
    set x(value) {
      this.#x = value;
    }
    static make() {
      return new Thing();
    }
    static __wrap() {
      return 'internal';
    }
  }
  const ns = { memory, Thing, later: async () => 7, answer: () => 42, constant: 3 };
  const mod = detachAfterCalls(ns);
  try {
    let view = new Uint8Array(memory.buffer);
    const thing = mod.Thing.make(); // static
    assert.equal(detached(view), true);
    view = new Uint8Array(memory.buffer);
    thing.x = 5; // setter
    assert.equal(detached(view), true);
    view = new Uint8Array(memory.buffer);
    assert.equal(Thing.__wrap(), 'internal'); // wasm-bindgen's internals stay plain
    assert.equal(detached(view), false);
    const pending = mod.later();
    assert.equal(detached(view), true);
    view = new Uint8Array(memory.buffer);
    assert.equal(await pending, 7);
    await null;
    assert.equal(detached(view), true, 'detached again once the Promise settled');
    assert.equal(mod.constant, 3);
    assert.equal(mod.answer(), 42);
    assert.equal(mod.answer.name, 'answer');
  } finally {
    undoDetachAfterCalls(mod);
  }
});

test('a namespace with no memory reachable is a TypeError naming what was expected', () => {
  for (const bad of [{}, { memory: new ArrayBuffer(8), run() {} }, { wasmViewsMemory: 3 }]) {
    assert.throws(
      () => detachAfterCalls(bad),
      (e) =>
        e instanceof TypeError &&
        /wasmViewsMemory\(\) export/.test(e.message) &&
        /WebAssembly\.Memory/.test(e.message),
    );
  }
  for (const bad of [null, undefined, 42, 'mod']) {
    assert.throws(() => detachAfterCalls(bad), TypeError);
  }
});

test('wrapping twice is harmless; undo puts back the very same functions', () => {
  const classes = ['Canvas', 'Samples'];
  const before = Object.fromEntries(classes.map((c) => [c, descriptorsOf(nodeFixture[c])]));
  const values = Object.fromEntries(Object.entries(nodeFixture));

  const mod = detachAfterCalls(nodeFixture);
  assert.equal(detachAfterCalls(nodeFixture), mod);
  assert.equal(detachAfterCalls(mod), mod);
  const fill = nodeFixture.Canvas.prototype.fill;
  assert.notEqual(fill, before.Canvas.prototype.fill.value);
  // A second namespace sharing the classes patches nothing again.
  const other = detachAfterCalls({ ...nodeFixture });
  assert.equal(nodeFixture.Canvas.prototype.fill, fill);
  const keptWrapper = mod.shout;

  assert.equal(undoDetachAfterCalls(other), true);
  assert.equal(nodeFixture.Canvas.prototype.fill, fill, 'still patched for the first');
  assert.equal(undoDetachAfterCalls(mod), true);
  assert.equal(undoDetachAfterCalls(mod), false);
  assert.equal(undoDetachAfterCalls({}), false);

  for (const c of classes) assert.deepEqual(descriptorsOf(nodeFixture[c]), before[c]);
  for (const [key, value] of Object.entries(values)) {
    assert.equal(nodeFixture[key], value, key);
    assert.equal(mod[key], value, `wrapped.${key} is the original again`);
  }
  // A wrapper kept from before the undo no longer detaches.
  const view = new Uint8Array(nodeFixture.wasmViewsMemory().buffer);
  assert.equal(keptWrapper('a'), 'A');
  assert.equal(detached(view), false);
});

test('bundler target (the .wasm imported as an ES module): wrapped the same way', async () => {
  const { execFileSync } = await import('node:child_process');
  const { wasmPack } = await import('../../scripts/wasm-pack.mjs');
  const { outDir } = wasmPack({
    crate: 'tests/fixture',
    target: 'bundler',
    outDir: 'build/testing/fixture-bundler',
    outName: 'fixture',
    quiet: true,
  });
  const script = join(root, 'tests/testing/bundler-target.mjs');
  const out = execFileSync(process.execPath, ['--experimental-wasm-modules', script, outDir], {
    encoding: 'utf8',
  });
  assert.deepEqual(JSON.parse(out), {
    frozen: true,
    wrappedIsCopy: true,
    lengthBefore: 16,
    lengthAfter: 0,
    fresh: [5, 6, 7, 8],
    undone: true,
  });
});
