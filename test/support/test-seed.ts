import { inject } from 'vitest';

/**
 * The seed of every random input a test draws (fast-check properties, the fuzzer, the model): the run's
 * shuffle seed, so `HUTONG_TEST_SEED=<seed printed by the run>` replays a failure's order and inputs
 * together. Folded into 31 bits, the range fast-check's generators take. `salt` gives one test its own
 * stream (two fuzzers seeded alike would try the same inputs).
 */
export function testSeed(salt = 0): number {
  const seed = inject('shuffleSeed');
  if (seed === undefined) throw new Error('no shuffle seed: run through a vitest config whose globalSetup is test/support/shuffle-seed.ts');
  return (seed + salt) % 2_147_483_647;
}
