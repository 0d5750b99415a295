// The page script of the growth storm, run by the browser tests' one page
// (tests/browser/index.html?script=/tests/reliability/browser/storm.mjs&…; the rest of the
// query: operations, growths, seed, mutantOps): runs the storm, then every mutant, against
// fresh instances of the web build of the reliability fixture, and leaves the outcome in
// window.__storm.
import { OPS, storm } from '../model.mjs';
import { runMutants } from '../mutants.mjs';

const query = new URLSearchParams(location.search);
const number = (name, fallback) => Number(query.get(name) ?? fallback);

// One compiled module; every storm run instantiates it afresh through a fresh copy of the
// glue (a module imported under another URL is a new module record, with its own state).
const FIXTURE = '/build/reliability-web/fixture';
const compiled = await WebAssembly.compileStreaming(fetch(`${FIXTURE}_bg.wasm`));
let instances = 0;
async function load() {
  const glue = await import(`${FIXTURE}.js?instance=${++instances}`);
  await glue.default({ module_or_path: compiled });
  return glue;
}

const status = document.getElementById('log');
try {
  const seed = number('seed', 0x5eed);
  const counters = await storm({
    load,
    operations: number('operations', 3000),
    growths: number('growths', 100),
    seed,
    shrink: false,
    log: (line) => {
      status.textContent = line;
    },
  });
  const mutants = await runMutants({
    load,
    operations: number('mutantOps', 1000),
    seed,
    shrink: false,
  });
  window.__storm = { counters, mutants, operationNames: Object.keys(OPS), instances };
  status.textContent = 'done';
} catch (error) {
  // Firefox's `stack` has no message line: give both, for the failure and for its cause.
  const text = (e) => (e === undefined ? '' : `${e?.name}: ${e?.message}\n${e?.stack ?? ''}`);
  window.__storm = { error: `${text(error)}\ncause: ${text(error?.cause)}`, instances };
  status.textContent = 'failed';
}
