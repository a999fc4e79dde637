import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** One folder per run for the test worlds' database files (./world.ts), removed when the run ends. */
    scratchDir: string;
  }
}

/**
 * globalSetup: the run's scratch folder. Workers end without running their exit handlers, so what a
 * worker writes (template databases, the files of a world a failing test did not close) is removed
 * here, once, after the run.
 */
export default function scratchDir(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'hutong-run-'));
  project.provide('scratchDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
