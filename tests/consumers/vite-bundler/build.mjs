// Builds the app with Vite's JS API and prints one JSON line the test reads:
// { warnings, assets }. Every warning Vite or Rollup/Rolldown reports goes through the
// logger, so a logger that records them sees them all; the test fails on any that
// names the package.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build, createLogger } from 'vite';

const logger = createLogger('info');
const warnings = [];
const record = (msg) => warnings.push(String(msg));
const customLogger = {
  ...logger,
  warn: (msg, options) => (record(msg), logger.warn(msg, options)),
  warnOnce: (msg, options) => (record(msg), logger.warnOnce(msg, options)),
};
const [result] = [await build({ customLogger, logLevel: 'info' })].flat();
const outDir = join(import.meta.dirname, '../../../build/consumers/vite-bundler');
const assets = readdirSync(outDir, { recursive: true }).map(String);
console.log(
  `vite-result ${JSON.stringify({ outputPath: outDir, warnings, assets, chunks: result.output.length })}`,
);
