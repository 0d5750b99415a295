// Runs finalization.gc.mjs in a child Node with --expose-gc (the net needs a real GC).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('JS-owned buffers dropped without free() are released by the FinalizationRegistry net', () => {
  const script = fileURLToPath(new URL('./finalization.gc.mjs', import.meta.url));
  const result = spawnSync(process.execPath, ['--expose-gc', script], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/released \d+ dropped buffers/);
});
