// esbuild `inject` for the Node bundles (npm/node.mjs, npm/node.cjs): free references to
// TextDecoder/TextEncoder (wasm-bindgen's glue creates a TextDecoder at load time) use
// node:util's, so the package also loads where the globals are missing, such as
// jest-environment-jsdom. No global is modified.
export { TextDecoder, TextEncoder } from 'node:util';
