// Reads Stryker's JSON report (build/mutation/stryker/mutation.json) and prints the score and
// every mutant that survived (or had no coverage) with its key, `file:line:col mutatorName
// replacement`, marking those that tests/mutation/stryker-survivors.json accounts for as
// equivalent. Exits 1 if any survivor is unaccounted for, or if an accounted key no longer
// survives (the list must match the run). Usage: node tests/mutation/stryker-check.mjs [report]
import { readFileSync } from 'node:fs';
import { strykerKey, undetected } from './stryker-keys.mjs';

const report = JSON.parse(
  readFileSync(process.argv[2] ?? 'build/mutation/stryker/mutation.json', 'utf8'),
);
const known = JSON.parse(
  readFileSync(new URL('./stryker-survivors.json', import.meta.url), 'utf8'),
).equivalent;

const counts = {};
const open = [];
const seen = new Set();
for (const [file, { source, mutants }] of Object.entries(report.files)) {
  const lines = source.split('\n');
  for (const m of mutants) {
    counts[m.status] = (counts[m.status] ?? 0) + 1;
    if (!undetected(m)) continue;
    const key = strykerKey(file, m);
    seen.add(key);
    const why = known[key];
    if (!why) open.push(key);
    console.log(
      `${why ? 'equivalent' : m.status.padEnd(10)} ${key}\n    ${lines[m.location.start.line - 1].trim()}`,
    );
  }
}
const detected = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
const valid = detected + (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
console.log(counts);
console.log(`score ${((100 * detected) / valid).toFixed(2)}% (${detected} of ${valid})`);
const gone = Object.keys(known).filter((key) => !seen.has(key));
for (const key of gone) console.log(`listed but not surviving: ${key}`);
if (open.length || gone.length) process.exit(1);
