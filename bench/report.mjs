// Turns bench/results/<engine>.json into BENCHMARKS.md at the repository root and one SVG chart
// per scenario (bench/results/<scenario>.svg). The size section of BENCHMARKS.md is
// bench/size.mjs's, rendered by it from its last results.
//
// Run on its own (`node bench/report.mjs`) to regenerate the report from stored results.
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chart } from './report-chart.mjs';
import { sizeSection } from './size.mjs';
import {
  ENGINE_NAMES,
  ENGINES,
  altsOf,
  cell,
  engineTitle,
  find,
  loadResults,
  ok,
  ratioText,
  resultsDir,
  root,
  time,
  variantsOf,
} from './report-format.mjs';
import { MISS_NOTES, missProof, targetCell, targets } from './report-targets.mjs';

const SCENARIOS = [
  {
    id: 'read-one',
    title: 'Get a view + read one element',
    what: 'Per operation: get a view of a 1 KiB Rust-owned buffer (a `LiveVec<f32>`) and read one `f32` from it. Memory never grows in this loop.',
    reference: 'raw',
  },
  {
    id: 'read-1k',
    title: 'Get a view + read 1 KiB',
    what: 'Per operation: get a view (or a copy) of the 1 KiB buffer and sum its 256 elements.',
    reference: 'raw',
  },
  {
    id: 'bulk-1m',
    title: 'Bulk loop over 1 MiB through one fetched view',
    what: 'Per operation: get a view of a 1 MiB buffer once, then sum its 262 144 elements through it.',
    reference: 'raw',
  },
  {
    id: 'hand-over',
    title: 'Hand over a buffer: 1 KiB vs 64 MiB',
    what: 'Per operation: get something to hand to an API (a view, or a copy) and touch what such an API touches first (its length and one element). Zero-copy should cost the same at both sizes; copies scale with the size.',
    reference: 'raw',
  },
  {
    id: 'copy',
    title: 'Copy bandwidth',
    what: 'Per operation: copy a whole buffer out of wasm memory (into a new array) or into it (from a JS `Float32Array`). Shown as bandwidth; the baselines are `TypedArray.prototype.set` without any check.',
    bandwidth: true,
  },
  {
    id: 'growth',
    title: 'A loop that grows memory every N reads',
    what: 'Per operation: get a view + read one `f32`; every N operations Rust calls `memory.grow(0)`, which detaches a non-shared buffer exactly as real growth does (and does not use up the 4 GiB address space over thousands of samples). Every view-based alternative must rebuild its view after each growth. The raw cached view is left out: it reads a detached buffer.',
    reference: 'grow-only',
  },
];

// ---------------------------------------------------------------------------------------
// BENCHMARKS.md

function table(scenario, results) {
  const engines = ENGINES.filter((e) => results[e]);
  const variants = variantsOf(results, scenario.id);
  const lines = [];
  for (const variant of variants) {
    if (variant !== null) lines.push(`**${variant}**`, '');
    const refText = scenario.bandwidth
      ? 'vs baseline'
      : `vs ${scenario.reference === 'grow-only' ? 'growth alone' : 'raw'}`;
    lines.push(
      `| alternative | ${engines.map((e) => `${engineTitle(results[e], e)} | ${refText}`).join(' | ')} |`,
    );
    lines.push(`|---|${engines.map(() => '---:|---:').join('|')}|`);
    const alts = altsOf(results, scenario.id, variant);
    for (const alt of alts) {
      const cells = engines.map((e) => {
        const s = find(results[e], scenario.id, variant, alt.alt);
        let ratio = '';
        if (ok(s)) {
          if (scenario.bandwidth) {
            const base = find(
              results[e],
              scenario.id,
              variant,
              /-in$|param/.test(alt.alt) ? 'set-in' : 'set-out',
            );
            if (ok(base)) ratio = ratioText(base.median / s.median);
          } else {
            const ref = find(results[e], scenario.id, variant, scenario.reference);
            if (ok(ref)) ratio = ratioText(s.median / ref.median);
          }
        }
        return `${cell(s, scenario)} | ${ratio}`;
      });
      const name = alt.group === 'wasm-views' ? `**${alt.label}**` : alt.label;
      lines.push(`| ${name} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function designTable(results) {
  const engines = ENGINES.filter((e) => results[e]);
  const rows = [
    ['raw', 'read-one', null, 'raw cached view, no check (unsafe)'],
    ['glue', 'read-one', null, 'wasm-bindgen glue: whole-memory view, `byteLength === 0`'],
    ['buffer-compare', 'read-one', null, 'sub-view, `view.buffer !== memory.buffer`'],
    ['cached-detach', 'read-one', null, 'sub-view, cached `buffer.byteLength === 0`'],
    ['new-view', 'read-one', null, '`new Float32Array(memory.buffer, ptr, len)` every time'],
    ['js-sys-view', 'read-one', null, 'js-sys `Float32Array::view` through the boundary'],
    ['vec', 'hand-over', '1 KiB', 'copy out a 256-element `Vec<f32>` (wasm-bindgen)'],
    ['serde', 'hand-over', '1 KiB', 'serde-wasm-bindgen, 256 elements'],
    ['get-view', 'read-one', null, '**wasm-views `getView()`**'],
  ];
  const lines = [
    `| pattern | ${engines.map((e) => engineTitle(results[e], e)).join(' | ')} |`,
    `|---|${engines.map(() => '---:').join('|')}|`,
  ];
  for (const [alt, scenario, variant, label] of rows) {
    lines.push(
      `| ${label} | ${engines
        .map((e) => {
          const s = find(results[e], scenario, variant, alt);
          return ok(s) ? time(s.median) : s?.na ? 'n/a' : '—';
        })
        .join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/**
 * bench/size.mjs's section; a stub while bench/results/size.json is from an older size.mjs
 * (size.mjs finds the section by its heading when it rewrites it).
 */
function size() {
  try {
    return sizeSection();
  } catch (error) {
    return `## Size\n\n_bench/results/size.json does not fit bench/size.mjs (${error.message}): run \`node bench/size.mjs\`._\n`;
  }
}

export function writeReport() {
  const results = loadResults();
  const engines = ENGINES.filter((e) => results[e]);
  if (!engines.length) {
    console.error('report: no results in bench/results/');
    return;
  }
  for (const scenario of SCENARIOS) {
    writeFileSync(join(resultsDir, `${scenario.id}.svg`), chart(scenario, results));
  }
  const t = targets(results);
  const any = Object.values(results)[0];
  const out = [];
  out.push('# Benchmarks', '');
  out.push(
    '<!-- Generated by bench/report.mjs from bench/results/*.json; do not edit. Rerun: `npm run bench`. -->',
    '',
  );
  out.push(
    'Two questions: is wasm-views as fast as hand-written code, and how much faster is it than copying? `npm run bench` answers both on your machine: the same scenarios in Node 20, 22, 24 and 26, headless Chromium and headless Firefox ESR, one process per engine, every alternative in its idiomatic form, interleaved in a shuffled order each round so that drift hits all of them alike. Each figure is the median of the rounds, with min–max in parentheses.',
    '',
  );
  out.push('## Setup', '');
  out.push(
    `- Machine: ${any.machine.cpu}, ${any.machine.cores} cores, ${any.machine.memoryGiB} GiB, ${any.machine.os}.`,
  );
  for (const e of engines) {
    const r = results[e];
    out.push(
      `- ${ENGINE_NAMES[e]}: ${r.engineVersion}; run ${r.date.slice(0, 16).replace('T', ' ')} UTC, ${r.durationSeconds.toFixed(0)} s, ${r.config.rounds} rounds of ≥ ${r.config.minSampleMs} ms samples (${r.config.slowRounds} for the slowest copies) after ${r.config.warmups} warm-up rounds; load average before/after: ${r.loadAverageBefore?.toFixed(2) ?? '?'} / ${r.machine.loadAverage[0]}${r.config.only ? `; only series matching \`${r.config.only}\`` : ''}.`,
    );
  }
  out.push(
    '- Data: Rust-owned buffers (`LiveVec<f32>`) of 1 KiB, 1 MiB and 64 MiB in a wasm-bindgen module that links the crate (bench/src/lib.rs); each wasm-views mode, and each growth rate of the growth scenario, has its own module instance and its own copy of the package, so each `getView()` gets JIT feedback of its own, as in an app that uses one mode (and as each hand-written alternative, compiled afresh for every series, does). Every sample\'s sum is checked against its closed form, so a stale or detached read would show as "wrong result", not as a time.',
    '- Shared memory: a threads build of the same crate (nightly, `-Z build-std`, `+atomics`, `--shared-memory`), so `memory.buffer` is a `SharedArrayBuffer`; pages are served with COOP/COEP.',
    '- Resizable: `toResizableBuffer()` on a memory with a maximum (bench/build.rs links with `--max-memory`), through the facade itself (`bind(module, { resizable: true })`) where it accepts (Node 26); where it declines (the browsers: their TextDecoder rejects resizable views) by converting the memory before `bind()`, as the notes say.',
    '- Floor rows (`floor: ...`): hand-written checks that also read the descriptor version, as `getView()` must (a buffer can move without growth); they are not among the hand-written checks the targets compare with, and show what the engine charges for that one read.',
    '',
  );
  const notes = [
    ...new Set(
      engines.flatMap((e) => results[e].notes.map((n) => `${ENGINE_NAMES[e]}: ${n.note}`)),
    ),
  ];
  if (notes.length) {
    out.push('Notes from the runs:', '', ...notes.map((n) => `- ${n}`), '');
  }

  out.push('## Targets', '');
  out.push(`| target | ${engines.map((e) => engineTitle(results[e], e)).join(' | ')} |`);
  out.push(`|---|${engines.map(() => '---').join('|')}|`);
  for (const target of t)
    out.push(
      `| ${target.text} | ${engines.map((e) => targetCell(target.per[e], target)).join(' | ')} |`,
    );
  out.push('');
  const missed = t.filter(
    (x) => !x.informative && Object.values(x.per).some((v) => v.met === false),
  );
  const explained = [...new Set(missed.map((x) => x.id).filter((id) => MISS_NOTES[id]))];
  if (explained.length) {
    out.push('### Why targets are missed', '');
    for (const id of explained)
      out.push(
        `- **${t.find((x) => x.id === id).text}**: ${MISS_NOTES[id]}${missProof(
          t.find((x) => x.id === id),
          t,
          ENGINE_NAMES,
        )}`,
        '',
      );
  }
  const unexplained = missed.filter((x) => !MISS_NOTES[x.id]);
  if (unexplained.length) {
    out.push(
      `Missed without a known cause in this run (check the load average and the min–max spread before reading much into it): ${unexplained.map((x) => x.text).join('; ')}.`,
      '',
    );
  }

  out.push('## The patterns compared, side by side', '');
  out.push(
    'Cost per "get a fresh view + read one f32" (copies: per 1 KiB hand-over), this run:',
    '',
  );
  out.push(designTable(results), '');

  for (const scenario of SCENARIOS) {
    out.push(`## ${scenario.title}`, '');
    out.push(scenario.what, '');
    out.push(`![${scenario.title}](bench/results/${scenario.id}.svg)`, '');
    out.push(table(scenario, results));
  }

  out.push(size());

  out.push('## Method', '');
  out.push(
    [
      '- Each alternative and each scenario loop is compiled from source for every series (`new Function`, with a distinct `sourceURL` so V8 does not hand the clones one shared feedback vector), so every series has its own monomorphic, inlined code, as an app using only that alternative would.',
      '- Calibration picks the number of operations per sample so that a sample takes at least the minimum sample time; warm-up rounds re-fit it once the code is optimized. Times come from `performance.now()` (pages are cross-origin isolated, so browser timers are fine-grained).',
      '- Each series of the read-one, bulk and growth loops is compiled three times and sampled in turn; its best compilation counts (all three medians are in the JSON as `cloneMedians`): the same loop can land 10–20% apart between compilations (read-one in Firefox), 20–30% (bulk), or 2× (the growth loop at N = 10 000 in Node 24, for `getView()` and the hand-written checks alike). Every compilation is calibrated the same way (calls of 1, 16, 256… operations before the timed ones): one first called with the full sample count gets its code on-stack, mid-call, and in Node 24 that made the growth loops 2× slower.',
      "- A sink accumulates every sample's result, so nothing can be optimized away; every result is also checked.",
      "- The machine may be shared: the load average is recorded per engine; compare alternatives within one engine's run, not across runs.",
      '- `memory.grow(0)` stands in for growth in the growth scenario (it detaches the current non-shared buffer as real growth does, without using up the address space).',
    ].join('\n'),
    '',
  );
  writeFileSync(join(root, 'BENCHMARKS.md'), out.join('\n'));
  console.log(
    `report: wrote BENCHMARKS.md and ${SCENARIOS.length} charts in ${relative(root, resultsDir)}/`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) writeReport();
