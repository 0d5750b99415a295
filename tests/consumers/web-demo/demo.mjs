// `npm run demo:web`: builds the simulation crate (./galaxy) with wasm-pack, installs the
// packed wasm-views tarball into this Vite project, and serves the demo page with the
// Vite dev server. Run `node scripts/build.mjs` first (npm run demo:web does).
import { spawnSync } from 'node:child_process';
import { env } from '../../../scripts/env.mjs';
import { prepare, wasmPackWeb } from '../harness.mjs';

wasmPackWeb('tests/consumers/web-demo/galaxy', 'galaxy');
const dir = prepare('web-demo');
const port = process.env.PORT ?? '5173';
console.log(
  `\nwasm-views web demo: open http://127.0.0.1:${port}/ in a browser (Ctrl-C stops it)\n`,
);
const { status } = spawnSync('npm', ['run', 'dev', '--', '--host', '127.0.0.1', '--port', port], {
  cwd: dir,
  env,
  stdio: 'inherit',
});
process.exit(status ?? 0);
