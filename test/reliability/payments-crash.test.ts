import { describe, expect, it } from 'vitest';
import { runPaymentCrashCycles } from '../support/payment-crash-cycles.ts';
import { recordFigure } from '../support/figures.ts';
import { testSeed } from '../support/test-seed.ts';

const CYCLES = Number(process.env.HUTONG_PAYMENT_KILL_CYCLES ?? 50);

describe('crashes while payments are group-committed', () => {
  it(`${CYCLES} SIGKILLs during bursts of batched payments lose no acknowledged payment and make none twice`, async () => {
    const seed = testSeed();
    const figures = await runPaymentCrashCycles({ cycles: CYCLES, seed });
    recordFigure({
      test: `batched payments crash (seed ${seed})`,
      killCycles: figures.cycles,
      acknowledgedWrites: figures.acknowledged,
      acknowledgedChecks: figures.acknowledgedChecks,
      inDoubtAtKill: figures.inDoubtAtKill,
      killsMidBurst: figures.killsMidBurst,
      resubmitted: figures.resubmitted,
      failures: figures.failures.length,
    });
    expect(figures.failures).toEqual([]);
    expect(figures.cycles).toBe(CYCLES);
    expect(figures.acknowledged).toBeGreaterThanOrEqual(CYCLES * 60);
    expect(figures.killsMidBurst).toBeGreaterThan(CYCLES / 2);
    // The kills landed while payments were in flight, and those were sent again.
    expect(figures.inDoubtAtKill).toBeGreaterThan(0);
    expect(figures.resubmitted).toBeGreaterThan(0);
  });
});
