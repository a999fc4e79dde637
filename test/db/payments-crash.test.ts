import { describe, expect, it } from 'vitest';
import { runPaymentCrashCycles } from '../support/payment-crash-cycles.ts';

describe('crashes while payments are group-committed (short run; npm run test:reliability runs 50 cycles)', () => {
  it('SIGKILL during a burst of batched payments loses no acknowledged payment, and pressing Pay again after the restart pays each order once', async () => {
    const figures = await runPaymentCrashCycles({ cycles: 3, seed: Date.now() });
    expect(figures.failures).toEqual([]);
    expect(figures.cycles).toBe(3);
    expect(figures.acknowledged).toBeGreaterThanOrEqual(3 * 60);
    // The kills landed while payments were in flight, and those were sent again.
    expect(figures.inDoubtAtKill).toBeGreaterThan(0);
    expect(figures.resubmitted).toBeGreaterThan(0);
  }, 120_000);
});
