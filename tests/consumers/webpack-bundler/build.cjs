// Builds the app with webpack's Node API and prints one JSON line the test reads:
// { warnings, errors, assets }, each warning with the module it came from, so the test
// can fail on any warning that the package causes.
const webpack = require('webpack');
const config = require('./webpack.config.cjs');

webpack(config, (error, stats) => {
  if (error) throw error;
  const json = stats.toJson({
    all: false,
    warnings: true,
    errors: true,
    assets: true,
    outputPath: true,
  });
  const brief = (w) => ({ message: w.message, module: w.moduleName ?? w.moduleIdentifier ?? null });
  console.log(
    `webpack-result ${JSON.stringify({
      outputPath: json.outputPath,
      warnings: json.warnings.map(brief),
      errors: json.errors.map(brief),
      assets: json.assets.map((a) => a.name),
    })}`,
  );
  if (stats.hasErrors()) process.exitCode = 1;
});
