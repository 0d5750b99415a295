// Runs the compiled checks (../build/www/life.js) in Node with the crate's wasm bytes and
// prints one line per check; exits non-zero if any failed.
import { readFileSync } from 'node:fs';

const www = new URL('../build/www/', import.meta.url);
const { run } = await import(new URL('life.js', www).href);
const checks = await run(readFileSync(new URL('pkg/life_bg.wasm', www)));
for (const c of checks)
  console.log(`${c.ok ? 'ok' : 'FAIL'} ${c.name}${c.detail ? ` (${c.detail})` : ''}`);
if (checks.length < 9 || checks.some((c) => !c.ok)) process.exit(1);
