// The sampling loop of the benchmark: calibration, warm-up and shuffled rounds over every
// series of scenarios.mjs, each sample's result checked against its closed form.
import { defineSeries, memoryBytes, prepare } from './scenarios.mjs';

// ---------------------------------------------------------------------------------------
// Sampling.

/** A deterministic shuffle (mulberry32), so runs are reproducible. */
function shuffler(seed) {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (list) => {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
}

let sink = 0;

function timeOnce(s, n, run = s.runs[0]) {
  const t0 = performance.now();
  const result = run(n);
  const t1 = performance.now();
  sink += result;
  if (result !== s.expect(n) && s.wrong === undefined) {
    s.wrong = `sum ${result}, expected ${s.expect(n)} (n = ${n})`;
  }
  return t1 - t0;
}

/** The figures of one series; of its best compilation when it has several. */
function summary(s) {
  const perClone = s.samples.map(stats);
  const best = perClone.reduce((b, x, i) => (x.median < perClone[b].median ? i : b), 0);
  return {
    opsPerSample: s.n,
    ...perClone[best],
    samples: s.samples[best].map((x) => Number(x.toPrecision(5))),
    ...(s.runs.length > 1
      ? { cloneMedians: perClone.map((x) => Number(x.median.toPrecision(5))) }
      : {}),
    ...(s.wrong ? { wrong: s.wrong } : {}),
  };
}

function stats(values) {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** `scenario/variant/alt`, what `--only=REGEX` matches. */
export const seriesKey = (s) => `${s.scenario}/${s.variant ?? ''}/${s.alt}`;

/**
 * Runs every series: calibration (n so that one sample takes at least `minSampleMs`), warm-up
 * rounds, then `rounds` rounds, each visiting every series once in a fresh shuffled order so
 * that drift (other load, thermal, GC) hits all alternatives alike.
 *
 * @returns the plain result object written to bench/results/<engine>.json (minus machine info).
 */
export async function runAll(
  env,
  { rounds = 15, slowRounds = 3, warmups = 2, minSampleMs = 10, only = null, log = () => {} } = {},
) {
  const started = Date.now();
  const ctx = await prepare(env);
  const all = defineSeries(ctx).filter((s) => !only || new RegExp(only).test(seriesKey(s)));
  const live = all.filter((s) => !s.na);
  const shuffle = shuffler(0x5eed);
  const yieldNow = env.yieldNow ?? (() => new Promise((resolve) => setTimeout(resolve, 0)));

  log(`${live.length} series (${all.length - live.length} n/a); calibrating`);
  for (const s of shuffle(live)) {
    let n = 1;
    for (;;) {
      const t = timeOnce(s, n);
      if (t >= minSampleMs || s.wrong) break;
      n = t < minSampleMs / 16 ? n * 16 : Math.ceil((n * minSampleMs * 1.25) / t);
    }
    s.n = n;
    // The other compilations climb the same ladder of n: a first call with the final n would
    // have the engine compile the loop on-stack in the middle of it, which is not how the
    // first compilation got its code (in Node 24 the growth loops ran 2x slower so).
    for (const run of s.runs.slice(1)) {
      for (let m = 1; m < n && !s.wrong; m *= 16) timeOnce(s, m, run);
    }
    s.samples = s.runs.map(() => []);
    await yieldNow();
  }
  // Warm-up rounds: the code is optimized by now; re-fit n to the optimized speed.
  for (let w = 0; w < warmups; w++) {
    log(`warm-up ${w + 1}/${warmups}`);
    for (const s of shuffle(live)) {
      if (s.slow && w > 0) continue;
      for (const run of s.runs) {
        const t = timeOnce(s, s.n, run);
        if (t < minSampleMs) s.n = Math.ceil((s.n * minSampleMs * 1.25) / Math.max(t, 1e-3));
        await yieldNow();
      }
    }
  }
  for (let r = 0; r < rounds; r++) {
    log(`round ${r + 1}/${rounds}`);
    for (const s of shuffle(live)) {
      if (s.slow && r >= slowRounds) continue;
      for (let k = 0; k < (s.samplesPerRound ?? 1); k++) {
        for (const [c, run] of s.runs.entries()) {
          const t = timeOnce(s, s.n, run);
          s.samples[c].push((t * 1e6) / s.n); // ns per operation
          await yieldNow();
        }
      }
    }
  }

  const memoryAfter = memoryBytes(ctx.instances);
  for (const [k, bytes] of Object.entries(memoryAfter)) {
    if (bytes !== null && bytes !== ctx.memoryBytes[k]) {
      ctx.notes.push({
        instance: k,
        note: `memory of instance ${k} grew during the run (${ctx.memoryBytes[k]} -> ${bytes} bytes)`,
      });
    }
  }
  return {
    config: { rounds, slowRounds, warmups, minSampleMs, ...(only ? { only } : {}) },
    durationSeconds: (Date.now() - started) / 1000,
    notes: ctx.notes,
    sink,
    series: all.map((s) => ({
      scenario: s.scenario,
      variant: s.variant,
      alt: s.alt,
      label: s.label,
      group: s.group,
      instance: s.instance,
      ...(s.bytes !== undefined ? { bytes: s.bytes } : {}),
      ...(s.na ? { na: s.na } : summary(s)),
    })),
  };
}
