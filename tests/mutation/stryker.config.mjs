// StrykerJS on the TypeScript facade (issue 14): `npx stryker run tests/mutation/stryker.config.mjs`
// from the repository root (scripts/mutation.mjs runs it and reads the JSON report).
// The oracle is the Vitest suites (tests/vitest) through tests/mutation/vitest.config.mts, which
// points `wasm-views` at ts/src: Vitest transpiles the instrumented sources and mutant schemata
// switch mutants at run time, so nothing is rebuilt per mutant. Needs build/core (the core's
// wasm-bindgen glue) and build/fixture-node (the fixture module): `node scripts/build.mjs`.
// Equivalent survivors, with the reason for each: tests/mutation/stryker-survivors.json.

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'tests/mutation/vitest.config.mts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  // abi.gen.ts is generated constants (crate/tests/abi_gen.rs keeps it equal to the Rust
  // source): nothing there to test but the generator.
  mutate: ['ts/src/**/*.ts', '!ts/src/abi.gen.ts'],
  coverageAnalysis: 'perTest',
  // The sandbox needs only the sources, the tests and the two built modules (not target/).
  ignorePatterns: [
    '/**',
    '!/ts/**',
    '!/tests/vitest/**',
    '!/tests/mutation/**',
    '!/build/core/**',
    '!/build/fixture-node/**',
    '!/package.json',
    '!/tsconfig*.json',
  ],
  tempDirName: 'build/mutation/stryker/tmp',
  cleanTempDir: 'always',
  // Two shared cores: one or two test processes.
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
  timeoutMS: 10_000,
  reporters: ['json', 'clear-text', 'progress'],
  jsonReporter: { fileName: 'build/mutation/stryker/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 95, low: 90, break: null },
};
