import type { TestProject } from 'vitest/node';

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

/** globalSetup: repeats the shuffle seed after the run, next to the failures, with the command that replays the order. */
export default function printSeed(project: TestProject): () => void {
  return () => {
    const { seed, shuffle } = project.config.sequence;
    if (shuffle) console.log(`\nshuffle seed ${seed} — replay this order with HUTONG_TEST_SEED=${seed} (or --sequence.seed=${seed})\n`);
  };
}
