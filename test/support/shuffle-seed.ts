import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's shuffle seed (sequence.seed), for the tests that draw random inputs: see ./test-seed.ts. */
    shuffleSeed: number;
  }
}

/**
 * The seed for `sequence.seed`: HUTONG_TEST_SEED (or VITEST_SEED) when set, so a shuffled order can be
 * replayed; otherwise undefined, and vitest picks one (the time) and prints it at the start of the run.
 */
export function seedFromEnv(): number | undefined {
  const text = process.env.HUTONG_TEST_SEED ?? process.env.VITEST_SEED;
  if (text === undefined || text === '') return undefined;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new Error(`HUTONG_TEST_SEED must be a whole number, not "${text}"`);
  return seed;
}

/**
 * globalSetup: hands the shuffle seed to the test files (fuzz and model-based tests draw from it, so
 * one seed replays both the order and the inputs), and repeats it after the run, next to the failures,
 * with the command that replays it.
 */
export default function printSeed(project: TestProject): () => void {
  project.provide('shuffleSeed', project.config.sequence.seed);
  return () => {
    const { seed, shuffle } = project.config.sequence;
    if (shuffle)
      console.log(
        `\nshuffle seed ${seed} — replay this order and these inputs with HUTONG_TEST_SEED=${seed} (or --sequence.seed=${seed})\n`,
      );
  };
}
