// Jest transform for wasm-bindgen snippet files (ESM, `require`d by the fixture's
// --target nodejs glue): Node 20 loads them natively (require(esm)), Jest's module system
// before Node 24.9 does not, so they are converted to CommonJS with esbuild.
const { transformSync } = require('esbuild');

module.exports = {
  process(source, filename) {
    return {
      code: transformSync(source, {
        format: 'cjs',
        loader: 'js',
        sourcefile: filename,
        target: 'node20',
      }).code,
    };
  },
};
