import fc from 'fast-check';
import { testSeed } from './test-seed.ts';

/** setupFiles: every fast-check property without a seed of its own draws from the run's shuffle seed. */
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: testSeed() });
