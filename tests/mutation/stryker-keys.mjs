// How a Stryker mutant is named in tests/mutation/stryker-*.json, in one place for the three
// scripts that read Stryker's report (scripts/mutation.mjs, stryker-check.mjs,
// stryker-rekey.mjs), so that they name and count mutants alike.

/** A mutant no test detected: it survived, or no test reached it (counted as survived). */
export const undetected = (m) => m.status === 'Survived' || m.status === 'NoCoverage';

/** `file:line:col mutatorName replacement`: the key of mutant `m` of `file`. */
export const strykerKey = (file, m) =>
  `${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} ${m.replacement ?? ''}`.trimEnd();
