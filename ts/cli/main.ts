// The `wasm-views` command: which calls into a wasm module may grow its
// memory (and so detach views of it).
//
//   wasm-views analyze <file.wasm> [--json]
//   wasm-views annotate <pkg-dir>

import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  analyze,
  formatTable,
  loadAnalyzer,
  looksLikeWasm,
  type AnalyzeOptions,
} from './analyzer.js';
import { annotatePackage, formatSummary } from './annotate.js';
import { CliError } from './errors.js';

const HELP = `Usage:
  wasm-views analyze <file.wasm> [--json] [--strict] [--ignore-aborts]
  wasm-views annotate <pkg-dir> [--json] [--strict] [--ignore-aborts]
  wasm-views --help

analyze   Decides, for every export of a wasm binary, whether calling it may
          reach memory.grow (directly, through calls, call_indirect, or an
          import that may call back), and prints one example path for each
          that may. A view of the memory obtained before such a call may be
          detached after it. Then each memory's initial and maximum size
          (a Rust build sets them with -C link-arg=--initial-memory=BYTES
          and -C link-arg=--max-memory=BYTES).
annotate  Runs the analysis on wasm-pack output (the folder with package.json,
          *_bg.wasm, the .js glue and the .d.ts) and adds a TSDoc line to each
          exported function and class member that may grow memory:
            @remarks May grow wasm memory: views obtained with getView()
            before this call must be fetched again.
          Running it again adds nothing.

Options:
  --json          Print the result as JSON.
  --strict        Also treat the function tables wasm-bindgen exports as
                  holding unknown functions (default: the glue only reads them).
  --ignore-aborts  Count only growth after which the call can return
                  normally: not growth on paths that must end in a trap or an
                  exception thrown through wasm code (a Rust panic allocates
                  its message, then traps; throw_str throws past Rust frames).
  --help          Show this text.

Exit status: 0 on success, 1 on an error (missing file, not wasm, invalid
wasm), 2 on a usage error.`;

class UsageError extends Error {}

/** The command line, read by `util.parseArgs`; usage problems are {@link UsageError}s. */
function parse(argv: string[]): {
  command: string;
  target: string;
  json: boolean;
  options: AnalyzeOptions;
} {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        strict: { type: 'boolean' },
        'ignore-aborts': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (!code?.startsWith('ERR_PARSE_ARGS_')) throw e;
    // Node's message suggests `--` for positionals; ours names the option.
    const option = /option '([^']+)'/i.exec((e as Error).message)?.[1];
    throw new UsageError(
      code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option
        ? `unknown option ${option}`
        : (e as Error).message,
    );
  }
  const { values, positionals } = parsed;
  const [command, target, ...extra] = positionals;
  if (!command) throw new UsageError('missing command');
  if (command !== 'analyze' && command !== 'annotate')
    throw new UsageError(`unknown command ${command}`);
  if (!target) {
    throw new UsageError(
      command === 'analyze' ? 'analyze needs a .wasm file' : 'annotate needs a folder',
    );
  }
  if (extra.length) throw new UsageError(`unexpected argument ${extra[0]}`);
  return {
    command,
    target,
    json: values.json === true,
    options: { strict: values.strict === true, ignoreAborts: values['ignore-aborts'] === true },
  };
}

function main(argv: string[]): number {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    (argv.length === 0 ? console.error : console.log)(HELP);
    return argv.length === 0 ? 2 : 0;
  }
  let args;
  try {
    args = parse(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`wasm-views: ${e.message}\n\n${HELP}`);
    return 2;
  }
  const analyzer = loadAnalyzer(fileURLToPath(new URL('./analyzer/', import.meta.url)));
  try {
    if (args.command === 'analyze') {
      if (!existsSync(args.target)) throw new CliError(`no such file: ${args.target}`);
      if (statSync(args.target).isDirectory())
        throw new CliError(`${args.target} is a folder, not a .wasm file`);
      const bytes = readFileSync(args.target);
      if (!looksLikeWasm(bytes)) throw new CliError(`not a WebAssembly binary: ${args.target}`);
      const report = analyze(analyzer, bytes, args.options);
      console.log(args.json ? JSON.stringify(report, null, 2) : formatTable(report));
    } else {
      const results = annotatePackage(args.target, analyzer, args.options);
      console.log(args.json ? JSON.stringify(results, null, 2) : formatSummary(results));
    }
    return 0;
  } catch (e) {
    // The analyzer's own errors (invalid wasm) and ours: one line, no stack.
    const message = e instanceof Error ? e.message : String(e);
    console.error(`wasm-views: ${message}`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
