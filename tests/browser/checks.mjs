// What the test pages share: a list of named checks, run by `runChecks`, shown on
// the page and handed to the Node test as window.__wasmViews.

// The consumers' framework-free pages have the same need (the server serves the repository).
export { thrownName } from '../consumers/shared/page-checks.js';

/**
 * Runs `body(check)`, where `check(name, ok, detail)` records one result; an
 * exception is recorded as a failed check. Then publishes the results.
 */
export async function runChecks(body) {
  const checks = [];
  const check = (name, ok, detail = '') =>
    checks.push({ name, ok: Boolean(ok), detail: String(detail) });
  try {
    await body(check);
  } catch (e) {
    check('no exception', false, e?.stack ?? e);
  }
  document.getElementById('log').textContent = checks
    .map((c) => `${c.ok ? 'ok' : 'FAIL'} ${c.name} (${c.detail})`)
    .join('\n');
  window.__wasmViews = checks;
}
