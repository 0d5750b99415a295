// How much each suite does: `quick` in `npm test` (seeded, well under a minute), `full` in
// `npm run test:storm` / `npm run test:reliability`.
export const VOLUME = {
  quick: {
    storm: { operations: 20_000, growths: 100 },
    handles: 5_000,
    argumentsTried: 3_000,
    soak: 100_000,
    lost: 2_000,
    reentrancy: 300,
    // The exhaustion walk: every free-memory level from this many bytes down to 0.
    edge: { from: 160 },
    mutantOps: 3_000,
    // In Chromium and Firefox (tests/node/reliability-browser-storm.test.mjs), unshrunk.
    browserStorm: { operations: 3_000, growths: 100, mutantOps: 1_000 },
  },
  full: {
    storm: { operations: 1_000_000, growths: 1_000 },
    handles: 100_000,
    argumentsTried: 100_000,
    soak: 1_000_000,
    lost: 20_000,
    reentrancy: 5_000,
    edge: { from: 512 },
    mutantOps: 5_000,
  },
};
