import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../test/support/server-process.ts';

export const ROOT = join(import.meta.dirname, '..');

export interface Served {
  baseUrl: string;
  pid: number;
  /** From spawning the process to its first 200 on `probePath`, in ms. */
  firstAnswerMs: number;
  /** Peak resident memory while starting, in MB (VmHWM before the reset). */
  startupPeakRssMb: number;
  /** Peak resident memory since the server was ready, in MB (VmHWM). */
  peakRssMb(): number;
  stop(): Promise<void>;
}

function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? /VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}

/** The server as `npm start` runs it: bundled into dist/server.js (`npm run build`), run by plain node. */
export function buildServer(): string {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  return 'dist/server.js';
}

/** The node flags `npm start` passes before dist/server.js (package.json's start script). */
export function startFlags(): string[] {
  const pkg: unknown = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const start =
    typeof pkg === 'object' &&
    pkg !== null &&
    'scripts' in pkg &&
    typeof pkg.scripts === 'object' &&
    pkg.scripts !== null &&
    'start' in pkg.scripts &&
    typeof pkg.scripts.start === 'string'
      ? pkg.scripts.start
      : '';
  // Environment assignments before `node` (NODE_ENV=production) are the benchmark's own to set.
  const flags = /^(?:[A-Z_]+=\S+ )*node((?: --[\w-]+(?:=\S+)?)*) dist\/server\.js$/.exec(start);
  if (!flags) throw new Error(`package.json's start script is not "node <flags> dist/server.js": ${start}`);
  return flags[1]?.trim().split(' ').filter(Boolean) ?? [];
}

/** Every server this process started and has not stopped yet: killed, with their process groups, if it exits first. */
const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // Its own process group (spawned detached): whatever it started goes too.
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

process.on('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});
// Ctrl-C or a kill of the benchmark: stop the servers, then exit as the signal would (the 'exit' handler runs).
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    console.error(`
bench: stopped by ${signal}; no results written`);
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
  });
}

/** Stops a server: SIGTERM (its graceful shutdown), then SIGKILL if it has not exited within `graceMs`. */
async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  running.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), graceMs);
  });
  if ((await Promise.race([exited, late])) === 'late') {
    killGroup(child, 'SIGKILL');
    await exited;
  }
  clearTimeout(timer);
}

/**
 * Runs `script` under node (a .ts file through tsx; one process, so its pid is the server's) and
 * waits until `probePath` answers.
 */
export async function serve(
  script: string,
  env: Record<string, string>,
  options: { probePath?: string; nodeArgs?: string[] } = {},
): Promise<Served> {
  const port = await freePort();
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : script === 'dist/server.js' ? startFlags() : [];
  const spawned = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), ...loader, script], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
    // Its own process group, so that stopping it stops everything it started.
    detached: true,
  });
  running.add(child);
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode} before answering`);
      if (Date.now() > deadline) throw new Error(`${script} did not answer within 60 s`);
      const ok = await fetch(`${baseUrl}${options.probePath ?? '/'}`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 20));
    }
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  const firstAnswerMs = Math.round(performance.now() - spawned);
  const pid = child.pid as number;
  const startupPeakRssMb = peakRss(pid);
  // Start counting the peak afresh ("5" resets VmHWM): a one-off scrypt hash of the demo
  // password at start-up (128 MiB) would otherwise hide what serving costs.
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    console.warn('could not reset the peak RSS counter; the figure includes start-up');
  }
  return {
    baseUrl,
    pid,
    firstAnswerMs,
    startupPeakRssMb,
    peakRssMb: () => peakRss(pid),
    stop: () => stopChild(child),
  };
}
