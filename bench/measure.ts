import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';

export const CONNECTIONS = 50;
/** Seconds of warm-up and of measurement per target; `--quick` (development only, never written) shortens them. */
export const timing = { warmUpSeconds: 2, measureSeconds: 10 };

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
}

export interface Measured extends Figures {
  /** Responses by status code during the measured 10 s, plus errors and timeouts. */
  statuses: Record<string, number>;
  /** The server's CPU time (user + system, all its threads) over the measured run ÷ the answers, in µs. */
  serverCpuUs?: number;
  /** Bare Express's, measured just before this target in the same run (the ratio's denominator). */
  bareCpuUs?: number;
}

/** Linux reports a process's CPU time in clock ticks of 10 ms (`getconf CLK_TCK` = 100). */
const TICK_US = 10_000;

/** User + system CPU time of a process so far, in µs (fields 14 and 15 of /proc/<pid>/stat). */
function cpuTimeUs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  // After the command name, field 3 is the state: utime and stime are fields 14 and 15 of the whole line.
  return (Number(fields[11]) + Number(fields[12])) * TICK_US;
}

type Target = Omit<autocannon.Options, 'connections' | 'duration' | 'amount'>;

function statusesOf(result: autocannon.Result): Record<string, number> {
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = stat.count ?? 0;
  if (result.errors) statuses.errors = result.errors;
  if (result.timeouts) statuses.timeouts = result.timeouts;
  return statuses;
}

function completedOf(result: autocannon.Result): number {
  return Object.values(result.statusCodeStats ?? {}).reduce((n, s) => n + (s.count ?? 0), 0);
}

async function run(target: Target, seconds: number): Promise<autocannon.Result> {
  return autocannon({ ...target, connections: CONNECTIONS, duration: seconds });
}

/**
 * Waits until the server answers a cheap request quickly again, so that requests still queued from
 * one target (a slow page can leave seconds of work behind) are not billed to the next.
 */
export async function settle(baseUrl: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quick = 0;
  while (quick < 3 && Date.now() < deadline) {
    const started = performance.now();
    await fetch(`${baseUrl}/assets/favicon.svg`).then(
      (r) => r.arrayBuffer(),
      () => undefined,
    );
    quick = performance.now() - started < 20 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A warm-up, then (10 s) at 50 connections; requests/s over the whole run, latency percentiles in ms,
 * and, given the server's pid, its CPU time per answer over the measured run.
 */
export async function measure(
  target: Target,
  options: { afterWarmUp?: (warmUpRps: number) => Promise<void>; serverPid?: number; seconds?: { warmUp: number; measure: number } } = {},
): Promise<Measured & { warmUp: Record<string, number> }> {
  const seconds = options.seconds ?? { warmUp: timing.warmUpSeconds, measure: timing.measureSeconds };
  const warmUp = await run(target, seconds.warmUp);
  await settle(new URL(target.url as string).origin);
  await options.afterWarmUp?.(completedOf(warmUp) / warmUp.duration);
  const cpuBefore = options.serverPid === undefined ? 0 : cpuTimeUs(options.serverPid);
  const result = await run(target, seconds.measure);
  const cpu = options.serverPid === undefined ? undefined : cpuTimeUs(options.serverPid) - cpuBefore;
  await settle(new URL(target.url as string).origin);
  return {
    ...(cpu === undefined ? {} : { serverCpuUs: Math.round(cpu / Math.max(1, completedOf(result))) }),
    rps: Math.round(completedOf(result) / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses: statusesOf(result),
    warmUp: statusesOf(warmUp),
  };
}
