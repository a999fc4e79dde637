import { describe, expect, it } from 'vitest';
import { runCrashCycles } from '../support/crash-cycles.ts';

describe('crashes (short run; npm run test:reliability runs 200+ cycles)', () => {
  it('after SIGKILL at random moments, every acknowledged payment, order and transition is there and db:check passes', async () => {
    const figures = await runCrashCycles({ cycles: 5, seed: Date.now() });
    expect(figures.failures).toEqual([]);
    expect(figures.cycles).toBe(5);
    expect(figures.acknowledgedWrites).toBeGreaterThanOrEqual(5);
  }, 90_000);
});
