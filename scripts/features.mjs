// The optional facade features, each an entry `wasm-views/<name>` built from ts/src/<name>.ts
// that a program imports for its side effect: it installs its methods into the core's classes
// (named after the crate's Cargo feature where one exists). One list for the build
// (scripts/build.mjs), the size report (bench/size.mjs) and the manifest's check
// (tests/node/package.test.mjs: npm/package.json lists each in `exports`, `files` and
// `sideEffects`).
export const FEATURES = ['js-buffers', 'reserve', 'growth', 'inspect', 'resizable', 'copy'];

/**
 * What the feature entries share, each bundled once (npm/<name>.mjs and .cjs) and imported by
 * them relatively, so an app importing several carries one copy: `status` (the decoder of the
 * js-buffers and reserve exports' statuses; a side effect, installing it) and `feature`
 * (helpers). Published, but not entries of `exports`.
 */
export const FEATURE_HELPERS = ['status', 'feature'];
