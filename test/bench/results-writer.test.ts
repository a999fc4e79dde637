import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { conditionsAtStart, loadMark, resultFiles } from '../../bench/results-writer.ts';

const previous = `${JSON.stringify({ run: { date: '2026-11-23T03:25:00.000Z' }, targets: { home: { rps: 981 } } })}\n`;

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function resultsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-results-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'latest.json'), previous);
  return dir;
}

describe("the benchmark's result files", () => {
  it('leaves the previous latest.json exactly as it was when the run does not complete', () => {
    const dir = resultsDir();
    const files = resultFiles(dir);
    files.stage('latest.json', { targets: { home: { rps: 1234 } } });
    // The run stops here (an error, Ctrl-C): commit is never called.
    expect(readFileSync(join(dir, 'latest.json'), 'utf8')).toBe(previous);
    expect(readdirSync(dir)).toEqual(['latest.json']);
  });

  it('writes every file of a complete run at its end, with the date, the machine and the load averages at start and end', () => {
    const dir = resultsDir();
    const conditions = conditionsAtStart('npm run bench -- --scale', [0.42, 0.8, 1.1]);
    const files = resultFiles(dir);
    files.stage('latest.json', { targets: { home: { rps: 1234 } } });
    files.stage('latest-scale.json', { targets: { home: { rps: 1100 } } });
    expect(files.commit(conditions, [1.93, 1.2, 1.0])).toEqual(['latest.json', 'latest-scale.json']);

    const written = JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8'));
    expect(written.targets.home.rps).toBe(1234);
    expect(written.run).toMatchObject({
      date: conditions.date,
      command: 'npm run bench -- --scale',
      loadAverage: { start: [0.42, 0.8, 1.1], end: [1.93, 1.2, 1] },
      loaded: false,
    });
    expect(written.run.machine.cpus).toBeGreaterThan(0);
    expect(written.run.machine.node).toBe(process.version);
    // No temporary file is left beside them.
    expect(readdirSync(dir).sort()).toEqual(['latest-scale.json', 'latest.json']);
  });

  it('marks every figure of a run that began with a load average above 1.0, and none of a quiet one', () => {
    expect(loadMark(conditionsAtStart('npm run bench', [2.5, 1, 1]))).toBe('  [loaded: load average 2.5 at start]');
    expect(loadMark(conditionsAtStart('npm run bench', [0.9, 3, 3]))).toBe('');
  });
});
