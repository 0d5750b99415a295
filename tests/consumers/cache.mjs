// The machine-wide cache of what the consumer tests need from outside the repository (the
// pinned JS runtimes, the oldest supported wasm-bindgen CLI): `$XDG_CACHE_HOME/wasm-views`,
// by default `~/.cache/wasm-views`, or `WASM_VIEWS_CACHE`. Not `build/`: a clean clone has no
// `build/`, and these depend on nothing in the repository, so every clone and worktree on a
// machine shares one copy instead of fetching them again.
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The cache folder. */
export const cacheRoot =
  process.env.WASM_VIEWS_CACHE ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'wasm-views');
