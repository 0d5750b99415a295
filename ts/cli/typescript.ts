// The TypeScript compiler, loaded on first use: only `annotate` reads .d.ts
// files, so `analyze` works without it. It is an optional peer dependency of
// the package (users who write TypeScript have it already; it is 20+ MB).

import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as TS from 'typescript';
import { CliError } from './errors.js';

/** The TypeScript compiler API (the `typescript` package, 5.x or 6.x). */
export type TypeScript = typeof TS;

let loaded: TypeScript | undefined;

/**
 * Loads the `typescript` package: next to this file first (a peer
 * dependency installed beside wasm-views), else from the current folder (a
 * project running a global or `npx` copy of the CLI).
 *
 * @returns The compiler API.
 * @throws {CliError} If no `typescript` package is found, or the one found has
 *   no compiler API (TypeScript 7 ships a native compiler without it).
 */
export function loadTypeScript(): TypeScript {
  if (loaded) return loaded;
  const places = [import.meta.url, join(process.cwd(), 'package.json')];
  for (const from of places) {
    const require = createRequire(from);
    let path: string;
    try {
      path = require.resolve('typescript');
    } catch {
      continue;
    }
    const ts = require(path) as Partial<TypeScript>;
    if (typeof ts.createSourceFile !== 'function') {
      throw new CliError(
        `annotate reads .d.ts files with the TypeScript compiler API, which the typescript ` +
          `package found (${ts.version ?? 'unknown version'}, ${path}) does not have; ` +
          `install typescript 5 or 6 (npm install --save-dev typescript@6)`,
      );
    }
    loaded = ts as TypeScript;
    return loaded;
  }
  throw new CliError(
    'annotate reads .d.ts files with the TypeScript compiler: install the optional peer ' +
      'dependency "typescript" (npm install --save-dev typescript)',
  );
}
