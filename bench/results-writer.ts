import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

/** Where and on what a run ran: read at its start, and the load average read again at its end. */
export interface RunMachine {
  cpus: number;
  model: string;
  memoryGb: number;
  node: string;
  platform: string;
}

export interface RunConditions {
  date: string;
  machine: RunMachine;
  /** The 1, 5 and 15 minute load averages when the run started and when it ended. */
  loadAverage: { start: number[]; end?: number[] };
  /** Something else shared the cores at the start (1-minute load average above 1.0): every figure says so. */
  loaded: boolean;
  /** The command line's options (e.g. --scale). */
  command: string;
}

/** Above this the machine was busy before the run began (the benchmark's own load is about 2 on two cores). */
export const LOADED_ABOVE = 1.0;

export function machineNow(): RunMachine {
  const cpu = cpus();
  return {
    cpus: cpu.length,
    model: cpu[0]?.model.trim() ?? 'unknown CPU',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: process.platform,
  };
}

const rounded = (values: number[]) => values.map((v) => Math.round(v * 100) / 100);

export function conditionsAtStart(command: string, load: number[] = loadavg()): RunConditions {
  return {
    date: new Date().toISOString(),
    machine: machineNow(),
    loadAverage: { start: rounded(load) },
    loaded: (load[0] ?? 0) > LOADED_ABOVE,
    command,
  };
}

/** The mark printed beside every figure of a run that began on a busy machine. */
export function loadMark(conditions: Pick<RunConditions, 'loaded' | 'loadAverage'>): string {
  return conditions.loaded ? `  [loaded: load average ${conditions.loadAverage.start[0]} at start]` : '';
}

/**
 * The result files of one run, kept in memory as it goes and written only when it completes:
 * each to a temporary file beside its final name, then renamed over it, so a run that stops
 * half-way (an error, Ctrl-C, a crash) leaves the previous results exactly as they were.
 */
export function resultFiles(dir: string) {
  const staged = new Map<string, Record<string, unknown>>();
  return {
    /** Keeps `data` to be written as `name` (e.g. latest.json) when the run completes. */
    stage(name: string, data: Record<string, unknown>): void {
      staged.set(name, data);
    },
    /** Writes every staged file, each with the run's conditions and its end load average; returns the names. */
    commit(conditions: RunConditions, load: number[] = loadavg()): string[] {
      const run = { ...conditions, loadAverage: { ...conditions.loadAverage, end: rounded(load) } };
      const temps: Array<[string, string]> = [];
      try {
        for (const [name, data] of staged) {
          const temp = join(dir, `.${name}.${process.pid}.tmp`);
          writeFileSync(temp, `${JSON.stringify({ run, ...data }, null, 2)}\n`);
          temps.push([temp, join(dir, name)]);
        }
      } catch (error) {
        for (const [temp] of temps) rmSync(temp, { force: true });
        throw error;
      }
      for (const [temp, final] of temps) renameSync(temp, final);
      return [...staged.keys()];
    },
  };
}
