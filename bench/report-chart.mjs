// The SVG charts of BENCHMARKS.md: one per scenario, a panel per variant, a row per
// alternative, a bar per engine (median, with a min–max whisker). Log scale for times, linear
// for bandwidth.
import {
  COLORS,
  ENGINE_NAMES,
  ENGINES,
  altsOf,
  engineTitle,
  esc,
  find,
  gbps,
  ok,
  plain,
  sig,
  time,
  variantsOf,
} from './report-format.mjs';

export function chart(scenario, results) {
  const engines = ENGINES.filter((e) => results[e]);
  const variants = variantsOf(results, scenario.id);
  const value = (s) => (scenario.bandwidth ? gbps(s.bytes, s.median) : s.median);
  const lo = (s) => (scenario.bandwidth ? gbps(s.bytes, s.max) : s.min);
  const hi = (s) => (scenario.bandwidth ? gbps(s.bytes, s.min) : s.max);

  const all = Object.values(results).flatMap((r) =>
    r.series.filter((s) => s.scenario === scenario.id && ok(s)),
  );
  const W = 980;
  const labelW = 430;
  const plotW = W - labelW - 90;
  const barH = 7;
  const rowH = engines.length * (barH + 1) + 8;
  let x;
  let ticks;
  if (scenario.bandwidth) {
    const max = Math.max(...all.map(hi)) * 1.05;
    x = (v) => labelW + (v / max) * plotW;
    const step = niceStep(max / 6);
    ticks = [];
    for (let t = 0; t <= max; t += step) ticks.push([t, `${sig(t)} GB/s`]);
  } else {
    const min = Math.min(...all.map(lo));
    const max = Math.max(...all.map(hi));
    const l0 = Math.floor(Math.log10(min));
    const l1 = Math.ceil(Math.log10(max));
    x = (v) => labelW + ((Math.log10(v) - l0) / (l1 - l0)) * plotW;
    ticks = [];
    for (let l = l0; l <= l1; l++) ticks.push([10 ** l, time(10 ** l)]);
  }

  const parts = [];
  let y = 26 + Math.ceil(engines.length / 3) * 14 + 6;
  for (const variant of variants) {
    const alts = altsOf(results, scenario.id, variant).map((s) => [s.alt, s.label]);
    if (variant !== null) {
      parts.push(`<text x="10" y="${y + 14}" font-weight="bold">${esc(variant)}</text>`);
      y += 22;
    }
    const top = y;
    for (const [i, [alt, label]] of alts.entries()) {
      if (i % 2 === 0)
        parts.push(`<rect x="0" y="${y - 3}" width="${W}" height="${rowH}" fill="#f4f4f4"/>`);
      parts.push(
        `<text x="${labelW - 8}" y="${y + rowH / 2}" text-anchor="end">${esc(plain(label))}</text>`,
      );
      engines.forEach((engine, k) => {
        const s = find(results[engine], scenario.id, variant, alt);
        const by = y + k * (barH + 1);
        if (!ok(s)) {
          parts.push(
            `<text x="${labelW + 4}" y="${by + barH}" font-size="8" fill="#888">${esc(ENGINE_NAMES[engine])}: ${s?.na ? 'n/a' : s?.wrong ? 'wrong result' : '—'}</text>`,
          );
          return;
        }
        const x0 = scenario.bandwidth ? labelW : x(ticks[0][0]);
        parts.push(
          `<rect x="${x0.toFixed(1)}" y="${by}" width="${Math.max(1, x(value(s)) - x0).toFixed(1)}" height="${barH}" fill="${COLORS[engine]}"/>`,
        );
        parts.push(
          `<line x1="${x(lo(s)).toFixed(1)}" x2="${x(hi(s)).toFixed(1)}" y1="${by + barH / 2}" y2="${by + barH / 2}" stroke="#222" stroke-width="0.8"/>`,
        );
        const text = scenario.bandwidth ? `${sig(value(s))} GB/s` : time(value(s));
        parts.push(
          `<text x="${(x(hi(s)) + 4).toFixed(1)}" y="${by + barH}" font-size="8">${esc(text)}</text>`,
        );
      });
      y += rowH;
    }
    for (const [t, label] of ticks) {
      parts.push(
        `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${top - 4}" y2="${y}" stroke="#ccc" stroke-width="0.6"/>`,
      );
      parts.push(
        `<text x="${x(t).toFixed(1)}" y="${y + 11}" font-size="9" text-anchor="middle" fill="#555">${esc(label)}</text>`,
      );
    }
    y += 24;
  }
  const legend = engines
    .map(
      (e, i) =>
        `<rect x="${labelW + (i % 3) * 180}" y="${26 + Math.floor(i / 3) * 14}" width="12" height="10" fill="${COLORS[e]}"/><text x="${labelW + 16 + (i % 3) * 180}" y="${35 + Math.floor(i / 3) * 14}">${esc(engineTitle(results[e], e))}</text>`,
    )
    .join('');
  const unit = scenario.bandwidth
    ? 'bandwidth, higher is better'
    : 'time per operation, log scale, lower is better; whiskers: min–max';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${y + 10}" viewBox="0 0 ${W} ${y + 10}" font-family="system-ui, sans-serif" font-size="11">
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="18" font-size="14" font-weight="bold">${esc(scenario.title)}</text>
<text x="${W - 10}" y="18" text-anchor="end" fill="#555">${esc(unit)}</text>
${legend}
${parts.join('\n')}
</svg>
`;
}

function niceStep(raw) {
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw);
}
