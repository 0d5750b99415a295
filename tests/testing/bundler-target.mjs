// detachAfterCalls() on the fixture built with wasm-pack --target bundler, whose glue imports
// its .wasm as an ES module (Node runs that with --experimental-wasm-modules). Run by
// tests/node/testing-detach.test.mjs; prints what it saw as JSON.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bind } from 'wasm-views';
import { detachAfterCalls, undoDetachAfterCalls } from 'wasm-views/testing';

const glue = await import(pathToFileURL(join(resolve(process.argv[2]), 'fixture.js')).href);
const mod = detachAfterCalls(glue);
const heap = bind(mod);
const canvas = new mod.Canvas(2, 2);
const live = heap.view(canvas.pixels, 'u8c');
const cached = heap.getView(canvas.pixels, 'u8c');
const lengthBefore = cached.length;
canvas.fill(5, 6, 7, 8);
const result = {
  frozen: !Object.isExtensible(glue),
  wrappedIsCopy: mod !== glue,
  lengthBefore,
  lengthAfter: cached.length,
  fresh: Array.from(live.getView().subarray(0, 4)),
  undone: undoDetachAfterCalls(mod),
};
canvas.free();
console.log(JSON.stringify(result));
