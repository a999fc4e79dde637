import { describe, expect, it } from 'vitest';
import { runCrashCycles } from '../support/crash-cycles.ts';
import { recordFigure } from '../support/figures.ts';
import { testSeed } from '../support/test-seed.ts';

const CYCLES = Number(process.env.HUTONG_KILL_CYCLES ?? 200);

describe('crashes', () => {
  it(`${CYCLES} SIGKILL cycles lose no acknowledged write and leave a database that passes db:check`, async () => {
    const seed = testSeed();
    const figures = await runCrashCycles({ cycles: CYCLES, seed });
    recordFigure({
      test: `crash (seed ${seed})`,
      killCycles: figures.cycles,
      acknowledgedWrites: figures.acknowledgedWrites,
      acknowledgedChecks: figures.acknowledgedChecks,
      failures: figures.failures.length,
    });
    expect(figures.failures).toEqual([]);
    expect(figures.cycles).toBe(CYCLES);
    expect(figures.acknowledgedWrites).toBeGreaterThanOrEqual(CYCLES);
  });
});
