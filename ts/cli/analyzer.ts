// The Rust analyzer (analyzer/, compiled to wasm with wasm-pack's nodejs
// target and shipped as npm/analyzer/analyzer.cjs + analyzer_bg.wasm).

import { createRequire } from 'node:module';
import { join } from 'node:path';

/** One entry point of the analysed module (see analyzer/src/lib.rs `Entry`). */
export interface Entry {
  name: string;
  start: boolean;
  function: number;
  verdict: 'may-grow' | 'never-grows';
  path: string[];
}

/** The analyzer's JSON report (see analyzer/src/lib.rs `Report::to_json`). */
export interface Report {
  functions: number;
  entries: Entry[];
  imports: { module: string; name: string; class: 'inert' | 'glue-only' | 'host' }[];
  /** Exports that are not functions (memory, tables, globals). */
  otherExports: string[];
}

/** How conservative the analysis is; see the README. */
export interface AnalyzeOptions {
  /** Also treat the function tables wasm-bindgen exports as holding unknown functions. */
  strict?: boolean;
  /** Count only growth after which the call can return normally. */
  ignoreAborts?: boolean;
}

type AnalyzerModule = {
  analyze(bytes: Uint8Array, strict: boolean, ignoreAborts: boolean): string;
};

let loaded: AnalyzerModule | undefined;

/** Loads the analyzer from `dir` (the folder holding analyzer.cjs and analyzer_bg.wasm). */
export function loadAnalyzer(dir: string): AnalyzerModule {
  loaded ??= createRequire(import.meta.url)(join(dir, 'analyzer.cjs')) as AnalyzerModule;
  return loaded;
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** Whether `bytes` start like a wasm binary. */
export function looksLikeWasm(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && WASM_MAGIC.every((b, i) => bytes[i] === b);
}

/** Analyses a wasm binary. Throws an Error with the analyzer's message if it is not valid wasm. */
export function analyze(
  analyzer: AnalyzerModule,
  bytes: Uint8Array,
  options: AnalyzeOptions = {},
): Report {
  return JSON.parse(analyzer.analyze(bytes, !!options.strict, !!options.ignoreAborts)) as Report;
}

/** The report as a plain-text table: export, verdict, example path. */
export function formatTable(report: Report): string {
  const rows = report.entries.map((e) => [
    e.name,
    e.verdict === 'may-grow' ? 'may grow' : 'never grows',
    e.path.join(' > '),
  ]);
  const header = ['export', 'verdict', 'example path'];
  const widths = [0, 1].map((c) => Math.max(header[c].length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) =>
    `${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2]}`.trimEnd();
  const may = report.entries.filter((e) => e.verdict === 'may-grow').length;
  return [
    line(header),
    ...rows.map(line),
    '',
    `${report.entries.length} entries: ${may} may grow, ${report.entries.length - may} never grow`,
  ].join('\n');
}
