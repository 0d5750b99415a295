// Shared by the build and test scripts: where things are, and a PATH on which
// the tools scripts/setup.sh installed are found (cargo's bin for wasm-pack,
// wasm-bindgen and geckodriver; node_modules/.bin for wasm-opt and the JS tools).
import { spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

const cargoBin = join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'bin');

/** The environment every child process gets. */
export const env = {
  ...process.env,
  PATH: [join(root, 'node_modules', '.bin'), cargoBin, process.env.PATH].join(delimiter),
  CARGO_TERM_COLOR: process.env.CARGO_TERM_COLOR ?? 'never',
  // Tools colour their output when CI is set (picocolors, chalk), and tests read that
  // output: keep it plain.
  NO_COLOR: '1',
};
delete env.FORCE_COLOR;

/**
 * Runs a command from the repository root, echoing it first. Returns its exit
 * status; with `capture`, also its standard output and error (still echoed,
 * unless `quiet`: then neither the command nor its output is shown).
 */
export function run(cmd, args, { cwd = root, capture = false, quiet = false, extraEnv = {} } = {}) {
  if (!quiet) console.log(`$ ${[cmd, ...args].join(' ')}`);
  const result = spawnSync(cmd, args, {
    cwd,
    env: { ...env, ...extraEnv },
    stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (capture && !quiet) process.stdout.write(`${result.stdout}${result.stderr}`);
  return {
    status: result.status ?? 1,
    output: capture ? result.stdout : '',
    errors: capture ? result.stderr : '',
  };
}

/** Runs a command and stops the script if it fails. */
export function must(cmd, args, options) {
  const { status, output, errors } = run(cmd, args, options);
  if (status !== 0) {
    if (options?.quiet) process.stderr.write(errors);
    console.error(`failed (exit ${status}): ${cmd} ${args.join(' ')}`);
    process.exit(status);
  }
  return output;
}
