// Jest set-up for the jsdom environment (tests/consumers/jest-jsdom's `setupFiles`): jsdom's
// global has no TextDecoder/TextEncoder, which wasm-bindgen's glue (here the fixture crate's
// `--target nodejs` build) creates when it loads. wasm-views' own CommonJS bundle takes them
// from node:util and needs none of this; a user's wasm-bindgen crate does.
const { TextDecoder, TextEncoder } = require('node:util');

globalThis.TextDecoder ??= TextDecoder;
globalThis.TextEncoder ??= TextEncoder;
