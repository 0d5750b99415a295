// `wasm-views annotate <pkg-dir>`: find wasm-pack's output, analyse the wasm,
// follow each exported function and class member of the .d.ts through the JS
// glue to the wasm exports it calls, and add the remark to those that may
// grow memory.

import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  analyze,
  looksLikeWasm,
  type AnalyzeOptions,
  type loadAnalyzer,
  type Report,
} from './analyzer.js';
import { annotate, declarations, type Declaration } from './dts.js';
import { CliError } from './errors.js';
import { readGlue, wasmCalls, type Glue } from './glue.js';

/** The error the CLI reports as one line (re-exported for the build script). */
export { CliError };

/** The verdict for one declaration. */
export interface Judgement {
  /** `Class.member` or the function name. */
  name: string;
  /** Whether calling it may grow the module's memory. */
  mayGrow: boolean;
  /** For "may grow": the wasm export that may grow and its example path, or why it is assumed. */
  why?: string;
}

/** What `annotate` did to one .d.ts file. */
export interface FileResult {
  /** The declaration file that was read (and written, if remarks were added). */
  dts: string;
  /** The wasm binary that was analysed. */
  wasm: string;
  /** One verdict per public declaration of `dts`, in source order. */
  judgements: Judgement[];
  /** Remarks added now (0 when the file already had them all). */
  added: number;
}

function qualified(d: Declaration): string {
  return d.className ? `${d.className}.${d.name}` : d.name;
}

/** The wasm exports a declaration's glue may call, or undefined if the glue does not define it. */
function callsOf(glue: Glue, d: Declaration): Set<string> | undefined {
  const get = (member: string) => wasmCalls(glue, { className: d.className, member });
  if (!d.className) return get(d.name);
  const union = (...sets: (Set<string> | undefined)[]) => {
    const found = sets.filter((s): s is Set<string> => s !== undefined);
    return found.length ? new Set(found.flatMap((s) => [...s])) : undefined;
  };
  switch (d.kind) {
    case 'getter':
      return get(`get ${d.name}`);
    case 'setter':
      return get(`set ${d.name}`);
    case 'property':
      return (
        union(get(`get ${d.name}`), d.readonly ? undefined : get(`set ${d.name}`)) ?? get(d.name)
      );
    default:
      // wasm-bindgen aliases `[Symbol.dispose]` to `free` outside the class body.
      return get(d.name) ?? (d.name === '[Symbol.dispose]' ? get('free') : undefined);
  }
}

/**
 * Decides, for one declaration, whether calling it may grow memory: it may
 * when the glue it runs calls a wasm export that may, calls something that
 * is not a function export, or is not found in the glue at all.
 *
 * @param report - The analysis of the module's wasm.
 * @param glue - The module's JS glue, from `readGlue`.
 * @param d - A declaration of the module's .d.ts.
 * @returns The verdict, with the reason when it may grow.
 */
export function judge(report: Report, glue: Glue, d: Declaration): Judgement {
  const name = qualified(d);
  const calls = callsOf(glue, d);
  if (!calls) return { name, mayGrow: true, why: 'not found in the JS glue, so assumed to' };
  const exports = new Map(report.entries.filter((e) => !e.start).map((e) => [e.name, e]));
  const others = new Set(report.otherExports);
  for (const call of calls) {
    const entry = exports.get(call);
    if (entry?.verdict === 'may-grow') return { name, mayGrow: true, why: entry.path.join(' > ') };
    if (!entry && !others.has(call)) {
      return {
        name,
        mayGrow: true,
        why: `uses wasm.${call}, which the module does not export as a function`,
      };
    }
  }
  return { name, mayGrow: false };
}

/** The wasm binaries of a wasm-pack output folder. */
function findWasm(dir: string): string[] {
  const pkgJson = join(dir, 'package.json');
  if (existsSync(pkgJson)) {
    try {
      const files: unknown = JSON.parse(readFileSync(pkgJson, 'utf8')).files;
      if (Array.isArray(files)) {
        const listed = files.filter(
          (f): f is string => typeof f === 'string' && f.endsWith('_bg.wasm'),
        );
        if (listed.length && listed.every((f) => existsSync(join(dir, f))))
          return listed.map((f) => join(dir, f));
      }
    } catch (e) {
      throw new CliError(`${pkgJson} is not valid JSON: ${(e as Error).message}`);
    }
  }
  return readdirSync(dir)
    .filter((f) => f.endsWith('_bg.wasm'))
    .sort()
    .map((f) => join(dir, f));
}

/** Reads the glue of wasm-pack output `stem` (`stem.js`, and `stem_bg.js` for the bundler target). */
function glueOf(dir: string, stem: string): Glue {
  const glue: Glue = { functions: new Map(), classes: new Map() };
  for (const file of [`${stem}_bg.js`, `${stem}.js`, `${stem}.cjs`, `${stem}.mjs`]) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    const g = readGlue(readFileSync(path, 'utf8'), path);
    for (const [k, v] of g.functions) if (!glue.functions.has(k)) glue.functions.set(k, v);
    for (const [k, v] of g.classes) if (!glue.classes.has(k)) glue.classes.set(k, v);
  }
  if (glue.functions.size === 0 && glue.classes.size === 0) {
    throw new CliError(
      `no JS glue (${stem}.js or ${stem}_bg.js) next to ${stem}_bg.wasm in ${dir}`,
    );
  }
  return glue;
}

/**
 * Adds the remark to the declarations of one .d.ts file that may grow
 * memory (rewriting the file only if something was added).
 *
 * @param dtsPath - The .d.ts file.
 * @param report - The analysis of its module's wasm.
 * @param glue - The module's JS glue.
 * @returns The verdicts and how many remarks were added.
 * @throws {CliError} If the TypeScript compiler is not installed.
 */
export function annotateDts(
  dtsPath: string,
  report: Report,
  glue: Glue,
): { judgements: Judgement[]; added: number } {
  const source = readFileSync(dtsPath, 'utf8');
  const decls = declarations(source).filter((d) => !d.hidden);
  const judgements = decls.map((d) => judge(report, glue, d));
  const targets = decls.filter((_, i) => judgements[i].mayGrow);
  const { text, added } = annotate(source, targets);
  if (text !== source) writeFileSync(dtsPath, text);
  return { judgements, added };
}

/**
 * Annotates every wasm-pack output found in `dir` (each `*_bg.wasm` with its
 * `.d.ts` and JS glue; `package.json`'s `files` first, if it lists them).
 *
 * @param dir - wasm-pack's output folder.
 * @param analyzer - From `loadAnalyzer`.
 * @param options - How conservative the analysis is.
 * @returns One result per wasm binary.
 * @throws {CliError} If the folder, a binary, its .d.ts or its glue is
 *   missing or unreadable, or the TypeScript compiler is not installed.
 */
export function annotatePackage(
  dir: string,
  analyzer: ReturnType<typeof loadAnalyzer>,
  options: AnalyzeOptions = {},
): FileResult[] {
  if (!existsSync(dir)) throw new CliError(`no such folder: ${dir}`);
  if (!statSync(dir).isDirectory())
    throw new CliError(`not a folder: ${dir} (annotate takes wasm-pack's output folder)`);
  const wasmFiles = findWasm(dir);
  if (wasmFiles.length === 0)
    throw new CliError(`no *_bg.wasm in ${dir}: is it wasm-pack's output folder?`);
  return wasmFiles.map((wasm) => {
    const stem = basename(wasm).slice(0, -'_bg.wasm'.length);
    const dts = join(dir, `${stem}.d.ts`);
    if (!existsSync(dts)) throw new CliError(`no ${stem}.d.ts next to ${basename(wasm)} in ${dir}`);
    const bytes = readFileSync(wasm);
    if (!looksLikeWasm(bytes)) throw new CliError(`not a WebAssembly binary: ${wasm}`);
    const report = analyze(analyzer, bytes, options);
    const { judgements, added } = annotateDts(dts, report, glueOf(dir, stem));
    return { dts, wasm, judgements, added };
  });
}

/**
 * A short human summary of `annotatePackage`'s results.
 *
 * @param results - From {@link annotatePackage}.
 * @returns Per file: a count line, then one line per declaration.
 */
export function formatSummary(results: FileResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    const may = r.judgements.filter((j) => j.mayGrow);
    const never = r.judgements.filter((j) => !j.mayGrow);
    lines.push(
      `${r.dts}: ${may.length} of ${r.judgements.length} declarations may grow memory; ` +
        `${r.added} remark${r.added === 1 ? '' : 's'} added${r.added === 0 ? ' (already annotated)' : ''}`,
    );
    for (const j of may) lines.push(`  may grow     ${j.name}  (${j.why})`);
    for (const j of never) lines.push(`  never grows  ${j.name}`);
  }
  return lines.join('\n');
}
