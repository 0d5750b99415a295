// Carries the reasons of tests/mutation/stryker-survivors.json over to a new Stryker report
// after ts/src lines moved. A survivor's key is `file:line:col mutator replacement`, so any
// edit above a survivor changes its key although the mutant is the same; this script matches
// an old key to a new survivor by file, mutator, replacement, the text of its source line and
// its column within that text, and keeps the old reason. Survivors it cannot match are
// printed as OPEN (write their reasons by hand, or kill them); reasons left without a
// survivor are printed as dropped.
//
// Usage: node tests/mutation/stryker-rekey.mjs [--write] [--old REF] [report]
//   report  Stryker's JSON report of the new run (default build/mutation/stryker/mutation.json)
//   --old   the commit whose ts/src the old keys were made against (default HEAD)
//   --write rewrite stryker-survivors.json (otherwise only report what would change)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { strykerKey, undetected } from './stryker-keys.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    write: { type: 'boolean', default: false },
    old: { type: 'string', default: 'HEAD' },
  },
});
const survivorsPath = new URL('./stryker-survivors.json', import.meta.url);
const doc = JSON.parse(readFileSync(survivorsPath, 'utf8'));
const report = JSON.parse(
  readFileSync(positionals[0] ?? 'build/mutation/stryker/mutation.json', 'utf8'),
);

/** The lines of `file` at the old commit (undefined if it did not exist there). */
const oldLines = new Map();
function linesAt(file) {
  if (!oldLines.has(file)) {
    let lines;
    try {
      lines = execFileSync('git', ['show', `${values.old}:${file}`], { encoding: 'utf8' }).split(
        '\n',
      );
    } catch {
      lines = undefined;
    }
    oldLines.set(file, lines);
  }
  return oldLines.get(file);
}

const parseKey = (key) => {
  const [, file, line, col, mutator, replacement] = /^(.*?):(\d+):(\d+) (\S+) ?([\s\S]*)$/.exec(
    key,
  );
  return { file, line: Number(line), col: Number(col), mutator, replacement };
};

/** What stays the same when lines move: file, line text, column within it, mutator, replacement. */
function signature(file, text, col, mutator, replacement) {
  const indent = text.length - text.trimStart().length;
  return [file, text.trim(), col - indent, mutator, replacement.replace(/\s+/g, ' ')].join('|');
}

const reasons = new Map();
for (const [key, why] of Object.entries(doc.equivalent)) {
  const k = parseKey(key);
  const text = linesAt(k.file)?.[k.line - 1];
  if (text !== undefined)
    reasons.set(signature(k.file, text, k.col, k.mutator, k.replacement), why);
}

const carried = {};
const open = [];
for (const [file, { source, mutants }] of Object.entries(report.files)) {
  const lines = source.split('\n');
  for (const m of mutants) {
    if (!undetected(m)) continue;
    const { line, column } = m.location.start;
    const key = strykerKey(file, m);
    const why =
      doc.equivalent[key] ??
      reasons.get(signature(file, lines[line - 1], column, m.mutatorName, m.replacement ?? ''));
    if (why) carried[key] = why;
    else open.push(`OPEN: ${key}\n    ${lines[line - 1].trim()}`);
  }
}
const dropped = Object.keys(doc.equivalent).filter((key) => !(key in carried));
console.log(
  `carried ${Object.keys(carried).length}, dropped ${dropped.length}, open ${open.length}`,
);
for (const key of dropped) console.log(`dropped: ${key}`);
for (const line of open) console.log(line);
if (values.write) {
  writeFileSync(survivorsPath, `${JSON.stringify({ ...doc, equivalent: carried }, null, 2)}\n`);
}
