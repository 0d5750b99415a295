// Reading bench/results/<engine>.json and formatting its figures, for the report and its
// charts: the engines, the lookup of one series, times, bandwidths and ratios as text.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const resultsDir = join(root, 'bench', 'results');

export const ENGINES = ['node20', 'node22', 'node24', 'node26', 'chromium', 'firefox'];
export const ENGINE_NAMES = {
  node20: 'Node 20',
  node22: 'Node 22',
  node24: 'Node 24',
  node26: 'Node 26',
  chromium: 'Chromium',
  firefox: 'Firefox',
};
export const COLORS = {
  node20: '#9bc89a',
  node22: '#5fa65d',
  node24: '#3c873a',
  node26: '#1f5a1e',
  chromium: '#4285f4',
  firefox: '#e66000',
};

export function loadResults() {
  const results = {};
  for (const engine of ENGINES) {
    const file = join(resultsDir, `${engine}.json`);
    if (existsSync(file)) results[engine] = JSON.parse(readFileSync(file, 'utf8'));
  }
  return results;
}

export function find(result, scenario, variant, alt) {
  return result?.series.find(
    (s) => s.scenario === scenario && (s.variant ?? null) === (variant ?? null) && s.alt === alt,
  );
}

/** The variants of a scenario, in order, across all engines' results. */
export function variantsOf(results, scenario) {
  const all = Object.values(results).flatMap((r) =>
    r.series.filter((s) => s.scenario === scenario),
  );
  return [...new Set(all.map((s) => s.variant ?? null))];
}

/** The alternatives of one scenario variant, in order, across all engines' results. */
export function altsOf(results, scenario, variant) {
  const seen = new Map();
  for (const r of Object.values(results)) {
    for (const s of r.series) {
      if (s.scenario === scenario && (s.variant ?? null) === variant && !seen.has(s.alt))
        seen.set(s.alt, s);
    }
  }
  return [...seen.values()];
}

export const ok = (s) => s && !s.na && !s.wrong && Number.isFinite(s.median);

const UNITS = [
  [1e9, 's'],
  [1e6, 'ms'],
  [1e3, 'µs'],
  [1, 'ns'],
];
const unitOf = (ns) => UNITS.find(([scale]) => ns >= scale) ?? UNITS[3];

/** 3 significant digits in ns, µs, ms or s. */
export function time(ns) {
  if (!Number.isFinite(ns)) return '—';
  const [scale, unit] = unitOf(ns);
  return `${sig(ns / scale)} ${unit}`;
}

/** `median (min–max)`, the range in the median's unit. */
function timeRange(s) {
  const [scale, unit] = unitOf(s.median);
  return `${sig(s.median / scale)} ${unit} (${sig(s.min / scale)}–${sig(s.max / scale)})`;
}

export function sig(x) {
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

export const gbps = (bytes, ns) => bytes / ns; // bytes per ns = GB/s

export function cell(s, { bandwidth = false } = {}) {
  if (!s) return '—';
  if (s.na) return 'n/a';
  if (s.wrong) return `wrong result`;
  if (bandwidth)
    return `${sig(gbps(s.bytes, s.median))} GB/s (${sig(gbps(s.bytes, s.max))}–${sig(gbps(s.bytes, s.min))})`;
  return timeRange(s);
}

export const ratioText = (r) =>
  Number.isFinite(r) ? `${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(2) : r.toFixed(3)}×` : '—';
export const plain = (label) => label.replace(/`/g, '');
export const esc = (text) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** "Node 20.20.2", "Chromium 156...", "Firefox 153...esr": the engine as its run names it. */
export function engineTitle(result, engine) {
  const v = result.engineVersion ?? '';
  const m = v.match(/(Node [\d.]+)|(Chromium [\d.]+)|(Firefox [\d.]+(esr)?)/);
  return m ? m[0] : ENGINE_NAMES[engine];
}
