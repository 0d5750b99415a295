// The same as consumer.mjs from a CommonJS script: require('wasm-views') and initSync().
const assert = require('node:assert/strict');
const path = require('node:path');
const { bind, initSync, StaleHandleError } = require('wasm-views');
const checkGrowth = require('../shared/growth-check.cjs');

// The installed package, through its "node" + "require" condition.
assert.equal(
  require.resolve('wasm-views'),
  path.join(__dirname, 'node_modules/wasm-views/node.cjs'),
);

// JS-owned buffer in the package's own core: written, then memory grows.
const heap = initSync();
const live = heap.alloc('i32', 4096);
live.copyIn(Array.from({ length: 4096 }, (_, i) => i * 3));
checkGrowth(heap, live, {
  length: 4096,
  expected: (i) => i * 3,
  pages: 3,
  ViewType: Int32Array,
  StaleHandleError,
});

// A Rust-owned RGBA canvas in a third-party crate: filled, reallocated, memory grown.
const fixture = require(process.env.FIXTURE_NODE || '../../../build/fixture-node/fixture.js');
const lib = bind(fixture);
const canvas = new fixture.Canvas(64, 64);
canvas.fill(10, 20, 30, 255);
const pixels = lib.view(canvas.pixels, 'u8c');
assert.ok(pixels.getView() instanceof Uint8ClampedArray);
const grewFrom = lib.memory.buffer.byteLength;
canvas.resize(1024, 1024); // 4 MiB: moves the pixels and grows memory
assert.ok(lib.memory.buffer.byteLength > grewFrom, 'memory grew');
const px = pixels.getView();
assert.equal(px.length, 1024 * 1024 * 4);
assert.deepEqual([...px.subarray(0, 4)], [10, 20, 30, 255], 'old pixels kept');
assert.deepEqual([...px.subarray(px.length - 4)], [0, 0, 0, 0], 'new pixels transparent');
canvas.free();
assert.throws(() => pixels.getView(), StaleHandleError);

console.log(`ok CommonJS: ${path.relative(__dirname, require.resolve('wasm-views'))}`);
