import { describe, expect, it } from 'vitest';
import { runModel } from '../support/integration-model.ts';
import { testSeed } from '../support/test-seed.ts';

describe('the log is the truth (model-based; npm run test:reliability runs 1,000+ sequences)', () => {
  it('random sequences of verbs by random personas match the domain doc, never leave its table, and the log replays to the state', () => {
    const figures = runModel({ numRuns: 150, seed: testSeed() });
    expect(figures.sequences).toBe(150);
    expect(figures.commands).toBeGreaterThan(150);
    expect(figures.outcomes.ok).toBeGreaterThan(50);
    expect(figures.outcomes.forbidden).toBeGreaterThan(0);
  });
});
