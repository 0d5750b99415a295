// `@fixture` is `wasm-pack build --target bundler` of tests/fixture (built by the test
// into build/consumers/fixture-bundler), `@checks` the page checks all framework-free
// consumers share. The app is built into build/consumers/webpack-bundler (gitignored).
const path = require('node:path');

const repo = path.resolve(__dirname, '../../..');
const outDir = path.join(repo, 'build/consumers/webpack-bundler');

const page = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>wasm-views with webpack 5</title><link rel="icon" href="data:," /></head>
  <body><pre id="log">running…</pre><script src="main.js"></script></body>
</html>
`;

module.exports = {
  mode: 'production',
  context: __dirname,
  entry: './src/main.js',
  output: { path: outDir, filename: 'main.js', clean: true },
  experiments: { asyncWebAssembly: true },
  resolve: {
    alias: {
      '@fixture': path.join(repo, 'build/consumers/fixture-bundler/fixture.js'),
      '@checks': path.join(repo, 'tests/consumers/shared/page-checks.js'),
    },
  },
  // The wasm of a 1 MiB-growing test app is over webpack's size hint: not the package's doing.
  performance: { hints: false },
  plugins: [
    {
      apply(compiler) {
        compiler.hooks.thisCompilation.tap('page', (compilation) => {
          compilation.hooks.processAssets.tap('page', () => {
            compilation.emitAsset('index.html', new compiler.webpack.sources.RawSource(page));
          });
        });
      },
    },
  ],
};
