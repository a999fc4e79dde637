import { loadavg } from 'node:os';
import { join } from 'node:path';
import { atMost, printAims } from './aims.ts';
import { buildServer, serve } from './processes.ts';

const RUNS = 20;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed(send: () => Promise<Response>, expected: number): Promise<number> {
  const started = performance.now();
  const res = await send();
  await res.arrayBuffer();
  if (res.status !== expected) throw new Error(`answered ${res.status}, expected ${expected}`);
  return performance.now() - started;
}

/**
 * Creating a sandbox over HTTP, one after another (median of 20, after one that builds the
 * scenario's template), against the same server answering GET /api/storefronts in the same run.
 */
export async function sandboxCreation(dir: string): Promise<void> {
  const server = await serve(buildServer(), {
    DATABASE_PATH: join(dir, 'sandboxes.sqlite'),
    HUTONG_SCENARIO: 'record',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    HUTONG_MAX_SANDBOXES: String(RUNS + 5),
  });
  try {
    const create = () =>
      fetch(`${server.baseUrl}/api/sandboxes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scenario: 'record' }),
      });
    const first = await timed(create, 201);
    const creations: number[] = [];
    const reads: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      creations.push(await timed(create, 201));
      reads.push(await timed(() => fetch(`${server.baseUrl}/api/storefronts`), 200));
    }
    const created = median(creations);
    const read = median(reads);
    console.log(
      `sandbox creation: first (builds the template) ${first.toFixed(0)} ms; then median ${created.toFixed(1)} ms ` +
        `(min ${Math.min(...creations).toFixed(1)}, max ${Math.max(...creations).toFixed(1)}) over ${RUNS}; ` +
        `GET /api/storefronts in the same run ${read.toFixed(1)} ms → ${(created / read).toFixed(1)}× a plain read`,
    );
    printAims(`aims, sandboxes (load average ${loadavg()[0]?.toFixed(1)}):`, [
      atMost('sandbox creation, median of 20', Math.round(created), 300, ' ms'),
    ]);
  } finally {
    await server.stop();
  }
}
