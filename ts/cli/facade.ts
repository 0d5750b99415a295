// The package's own published types: the facade's classes call the
// `wasmViews*` exports of the module they are bound to (through
// `BoundModule`), so for the package's own module each facade method
// inherits the verdicts of the exports it may call. Which exports that is
// comes from facade-calls.json, a map kept next to this file and generated
// by `node tests/analyzer/facade-map.mjs --write`; a test
// (tests/node/analyzer-facade.test.mjs) derives the same map from ts/src and
// fails when they differ, so it cannot drift.

import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from './analyzer.js';
import type { Judgement } from './annotate.js';
import { CliError } from './errors.js';
import { annotate, declarations } from './dts.js';

/** How to bring facade-calls.json up to date with the facade's sources. */
const REGENERATE = 'regenerate it from ts/src: node tests/analyzer/facade-map.mjs --write';

/** `Class.member` or function name -> the `wasmViews*` exports it may call. */
export type FacadeCalls = Record<string, string[]>;

function dtsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    if (statSync(path).isDirectory()) return dtsFiles(path);
    return f.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * Adds the remark to the facade declarations under `typesDir` whose mapped
 * exports of the package's own module may grow memory.
 *
 * @param typesDir - The package's declaration folder (searched recursively).
 * @param report - The analysis of the package's own module (npm/wasm_views_bg.wasm).
 * @param calls - ts/cli/facade-calls.json.
 * @returns The verdicts, how many remarks were added, and the files written.
 * @throws {CliError} If the map names an export the module lacks or a
 *   declaration no .d.ts has (the map is stale: the message says how to
 *   regenerate it).
 */
export function annotateFacadeTypes(
  typesDir: string,
  report: Report,
  calls: FacadeCalls,
): { judgements: Judgement[]; added: number; files: string[] } {
  const verdicts = new Map(report.entries.filter((e) => !e.start).map((e) => [e.name, e]));
  const judge = (key: string): Judgement => {
    for (const name of calls[key]) {
      const entry = verdicts.get(name);
      if (!entry)
        throw new CliError(
          `facade-calls.json: ${key} calls ${name}, which the package's own module does not export ` +
            `(${REGENERATE})`,
        );
      if (entry.verdict === 'may-grow')
        return { name: key, mayGrow: true, why: entry.path.join(' > ') };
    }
    return { name: key, mayGrow: false };
  };
  const seen = new Set<string>();
  const judgements = new Map<string, Judgement>();
  let added = 0;
  const files: string[] = [];
  for (const file of dtsFiles(typesDir)) {
    const source = readFileSync(file, 'utf8');
    const targets = declarations(source).filter((d) => {
      const key = d.className ? `${d.className}.${d.name}` : d.name;
      if (d.hidden || !(key in calls)) return false;
      seen.add(key);
      if (!judgements.has(key)) judgements.set(key, judge(key));
      return judgements.get(key)!.mayGrow;
    });
    const result = annotate(source, targets);
    if (result.text !== source) {
      writeFileSync(file, result.text);
      files.push(file);
    }
    added += result.added;
  }
  const missing = Object.keys(calls).filter((k) => !seen.has(k));
  if (missing.length) {
    throw new CliError(
      `facade-calls.json names declarations no .d.ts in ${typesDir} has: ${missing.join(', ')} ` +
        `(${REGENERATE})`,
    );
  }
  return { judgements: [...judgements.values()], added, files };
}
