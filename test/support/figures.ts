import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the long reliability tests leave their figures for the summary printed at the end of the run. */
const FIGURES_FILE = join(tmpdir(), 'hutong-reliability-figures.jsonl');

export interface Figure {
  test: string;
  killCycles?: number;
  acknowledgedWrites?: number;
  acknowledgedChecks?: number;
  inputsTried?: number;
  sequences?: number;
  commands?: number;
  /** Batched payments: sent but unanswered at the kills, kills with part of a burst answered, sent again after restart. */
  inDoubtAtKill?: number;
  killsMidBurst?: number;
  resubmitted?: number;
  failures: number;
}

export function recordFigure(figure: Figure): void {
  appendFileSync(FIGURES_FILE, `${JSON.stringify(figure)}\n`);
}

export function clearFigures(): void {
  rmSync(FIGURES_FILE, { force: true });
}

export function readFigures(): Figure[] {
  if (!existsSync(FIGURES_FILE)) return [];
  return readFileSync(FIGURES_FILE, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Figure);
}
