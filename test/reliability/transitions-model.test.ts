import { describe, expect, it } from 'vitest';
import { recordFigure } from '../support/figures.ts';
import { testSeed } from '../support/test-seed.ts';
import { runModel } from '../support/integration-model.ts';

const RUNS = Number(process.env.HUTONG_MODEL_RUNS ?? 2000);

describe('the log is the truth', () => {
  it(`${RUNS} random sequences of verbs by random personas agree with the model and replay from the log`, () => {
    const seed = testSeed();
    let figures;
    try {
      figures = runModel({ numRuns: RUNS, seed });
    } catch (error) {
      recordFigure({ test: `model-based transitions (seed ${seed})`, failures: 1 });
      throw error;
    }
    recordFigure({
      test: `model-based transitions (seed ${seed}; outcomes ${JSON.stringify(figures.outcomes)})`,
      sequences: figures.sequences,
      commands: figures.commands,
      failures: 0,
    });
    expect(figures.sequences).toBe(RUNS);
  });
});
