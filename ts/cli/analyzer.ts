// The Rust analyzer (analyzer/, compiled to wasm with wasm-pack's nodejs
// target and shipped as npm/analyzer/analyzer.cjs + analyzer_bg.wasm).

import { createRequire } from 'node:module';
import { join } from 'node:path';

/** One entry point of the analysed module (see analyzer/src/lib.rs `Entry`). */
export interface Entry {
  /** The export name, or `(start)` for the start function. */
  name: string;
  /** Whether this is the start function rather than an export. */
  start: boolean;
  /** The index of the function the entry runs. */
  function: number;
  /** Whether a call may reach `memory.grow` (or code the analysis cannot see). */
  verdict: 'may-grow' | 'never-grows';
  /** For `may-grow`: one shortest path, from the entry to what grows; else empty. */
  path: string[];
}

/** One memory of the analysed module and its declared limits (see analyzer/src/lib.rs `Memory`). */
export interface Memory {
  /** The memory's index (imported memories first). */
  index: number;
  /** Initial size in pages. */
  initial: number;
  /** Maximum size in pages, or `null` when the module declares none. */
  maximum: number | null;
  /** Bytes per page (65536 unless the module uses custom page sizes). */
  pageSize: number;
  /** A shared memory (threads). */
  shared: boolean;
  /** A 64-bit memory (memory64). */
  memory64: boolean;
  /** Where the memory is imported from, or `null` when the module defines it. */
  import: { module: string; name: string } | null;
  /** The names the memory is exported under. */
  exports: string[];
}

/** The analyzer's JSON report (see analyzer/src/lib.rs `Report::to_json`). */
export interface Report {
  /** Number of functions, imported and defined. */
  functions: number;
  /** Function exports in export order, then the start function. */
  entries: Entry[];
  /** Imported functions and how each was classified. */
  imports: { module: string; name: string; class: 'inert' | 'glue-only' | 'host' }[];
  /** Exports that are not functions (memory, tables, globals). */
  otherExports: string[];
  /** The module's memories with their initial and maximum sizes. */
  memories: Memory[];
}

/** How conservative the analysis is; see the README. */
export interface AnalyzeOptions {
  /** Also treat the function tables wasm-bindgen exports as holding unknown functions. */
  strict?: boolean;
  /** Count only growth after which the call can return normally. */
  ignoreAborts?: boolean;
}

/** The analyzer's wasm-bindgen module (npm/analyzer/analyzer.cjs). */
export interface AnalyzerModule {
  /** Analyses a wasm binary; returns the report as JSON. Throws on invalid wasm. */
  analyze(bytes: Uint8Array, strict: boolean, ignoreAborts: boolean): string;
}

let loaded: AnalyzerModule | undefined;

/**
 * Loads the analyzer (once per process).
 *
 * @param dir - The folder holding analyzer.cjs and analyzer_bg.wasm.
 * @returns The analyzer module.
 */
export function loadAnalyzer(dir: string): AnalyzerModule {
  loaded ??= createRequire(import.meta.url)(join(dir, 'analyzer.cjs')) as AnalyzerModule;
  return loaded;
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

/**
 * Whether `bytes` start like a wasm binary (the `\0asm` magic and room for a version).
 *
 * @param bytes - The file's contents.
 * @returns `true` when the header looks like wasm.
 */
export function looksLikeWasm(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && WASM_MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * Analyses a wasm binary.
 *
 * @param analyzer - From {@link loadAnalyzer}.
 * @param bytes - The binary.
 * @param options - How conservative to be.
 * @returns The report.
 * @throws {Error} With the analyzer's message (`invalid wasm: ...`) if `bytes` is not valid wasm.
 */
export function analyze(
  analyzer: AnalyzerModule,
  bytes: Uint8Array,
  options: AnalyzeOptions = {},
): Report {
  return JSON.parse(analyzer.analyze(bytes, !!options.strict, !!options.ignoreAborts)) as Report;
}

/** `1,114,112 bytes (1.06 MiB)`. */
function bytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let size = n;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  const short = unit === 0 ? '' : ` (${Number(size.toFixed(2))} ${units[unit]})`;
  return `${n.toLocaleString('en-US')} bytes${short}`;
}

/**
 * Describes one memory: its name, initial and maximum size. Both are set
 * when the module is linked (for Rust: `-C link-arg=--initial-memory=BYTES`,
 * `-C link-arg=--max-memory=BYTES`).
 *
 * @param memory - A memory of the report.
 * @returns One line, e.g. `memory "memory": initial 17 pages = 1,114,112
 *   bytes (1.06 MiB), maximum none`.
 */
export function formatMemory(memory: Memory): string {
  const name = memory.import
    ? `${memory.import.module}.${memory.import.name} (imported)`
    : memory.exports.length
      ? memory.exports.map((e) => JSON.stringify(e)).join(', ')
      : `${memory.index} (not exported)`;
  const size = (pages: number) =>
    `${pages} page${pages === 1 ? '' : 's'} = ${bytes(pages * memory.pageSize)}`;
  const traits = [memory.shared && 'shared', memory.memory64 && '64-bit'].filter(Boolean);
  return (
    `memory ${name}: initial ${size(memory.initial)}, ` +
    `maximum ${memory.maximum === null ? 'none' : size(memory.maximum)}` +
    (traits.length ? ` (${traits.join(', ')})` : '')
  );
}

/**
 * The report as plain text: a table of export, verdict and example path, a
 * count, and one line per memory ({@link formatMemory}).
 *
 * @param report - From {@link analyze}.
 * @returns The text, without a trailing newline.
 */
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
    ...report.memories.map(formatMemory),
  ].join('\n');
}
