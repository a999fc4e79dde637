/**
 * Webhooks beside dead endpoints: 100 endpoints of which 90 never answer (a loopback listener that
 * accepts each request and never replies) and 10 answer at once. Prints the healthy endpoints'
 * delivery latency (p50, p99: from the message's writing to its arrival) beside the load average,
 * then how many messages a second reach one healthy receiver when 10,000 are waiting.
 * Run: npx tsx bench/webhooks-dead.ts   (bench/run.ts may call webhooksDeadBench()).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { webhookDispatcher } from '../src/actions/webhook-dispatcher.ts';
import { writeMessage } from '../src/actions/webhook-outbox.ts';
import { migrate } from '../src/db/migrate.ts';
import { closeDatabase, openDatabase } from '../src/db/open.ts';
import { createRepositories, type Repositories } from '../src/db/repositories.ts';
import { systemClock } from '../src/domain/time.ts';

export interface WebhooksDeadResult {
  healthyP50Ms: number;
  healthyP99Ms: number;
  samples: number;
  loadAverage: number;
  messagesPerSecond: number;
  throughputMessages: number;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Records each message's arrival (real ms) by its webhook-id and the sequence in its body. */
function healthyReceiver(onMessage: (id: string, body: string) => void): Server {
  return createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      onMessage(String(req.headers['webhook-id']), body);
      res.writeHead(204).end();
    });
  });
}

function world(dir: string, name: string): { repos: Repositories; close: () => void } {
  // Durable as in production: each attempt's record is synced to disk.
  const db = openDatabase(join(dir, `${name}.sqlite`));
  migrate(db);
  return { repos: createRepositories(db), close: () => closeDatabase(db) };
}

function addEndpoints(repos: Repositories, urls: string[]): { id: string }[] {
  return urls.map((url, i) => {
    const id = `wh_bench${String(i).padStart(4, '0')}`;
    repos.webhooks.createEndpoint({
      id,
      url,
      events: ['*'],
      secret: `whsec_${Buffer.alloc(32, i).toString('base64')}`,
      createdBy: 'bench',
      createdAt: systemClock.now().toISOString(),
      owner: { kind: 'all' },
    });
    return { id };
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

/** Healthy latency beside 90 dead endpoints: `rounds` messages to all 100, one every `everyMs`. */
async function latencyBesideDead(dir: string, rounds: number, everyMs: number) {
  const dead = createServer(() => undefined); // accepts, reads, never answers
  const arrived = new Map<string, number>();
  const healthy = healthyReceiver((_id, body) => {
    const { sequence } = JSON.parse(body) as { sequence: number };
    arrived.set(`${sequence}:${_id}`, Date.now());
  });
  const deadUrl = await listen(dead);
  const healthyUrl = await listen(healthy);
  const { repos, close } = world(dir, 'dead');
  const endpoints = addEndpoints(repos, [
    ...Array.from({ length: 90 }, (_, i) => `${deadUrl}/dead/${i}`),
    ...Array.from({ length: 10 }, (_, i) => `${healthyUrl}/ok/${i}`),
  ]);
  const healthyIds = new Set(endpoints.slice(90).map((e) => e.id));
  const sender = webhookDispatcher({ repos, clock: systemClock, logger: pino({ level: 'silent' }), allow: ['loopback'] });
  sender.start();
  const written: { id: string; at: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    const at = Date.now();
    const ids = repos.webhooks.transaction(() => writeMessage(repos, endpoints, 'webhook.test', new Date(at).toISOString(), { round }));
    ids.forEach((id, i) => {
      if (healthyIds.has(endpoints[i]?.id ?? '')) written.push({ id, at });
    });
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  const deadline = Date.now() + 10_000;
  while ([...arrived.keys()].length < written.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const byId = new Map([...arrived].map(([key, t]) => [key.split(':')[1] ?? '', t]));
  const latencies = written.map((w) => (byId.get(w.id) ?? Number.POSITIVE_INFINITY) - w.at).sort((a, b) => a - b);
  const load = loadavg()[0] ?? 0;
  dead.closeAllConnections();
  dead.close();
  await sender.stop();
  healthy.close();
  close();
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), samples: latencies.length, load };
}

/** 10,000 messages waiting for one healthy receiver: how many a second arrive. */
async function throughput(dir: string, messages: number) {
  let received = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  const healthy = healthyReceiver(() => {
    received += 1;
    if (received === messages) done();
  });
  const url = await listen(healthy);
  const { repos, close } = world(dir, 'throughput');
  const [endpoint] = addEndpoints(repos, [`${url}/ok`]);
  if (!endpoint) throw new Error('no endpoint');
  repos.webhooks.transaction(() => {
    for (let i = 0; i < messages; i++) writeMessage(repos, [endpoint], 'webhook.test', systemClock.now().toISOString(), { i });
  });
  const sender = webhookDispatcher({ repos, clock: systemClock, logger: pino({ level: 'silent' }), allow: ['loopback'] });
  const started = performance.now();
  sender.start();
  await all;
  const seconds = (performance.now() - started) / 1000;
  await sender.stop();
  healthy.close();
  close();
  return messages / seconds;
}

export async function webhooksDeadBench(
  options: { rounds?: number; everyMs?: number; messages?: number } = {},
): Promise<WebhooksDeadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'hutong-webhooks-bench-'));
  try {
    const latency = await latencyBesideDead(dir, options.rounds ?? 100, options.everyMs ?? 100);
    const messages = options.messages ?? 10_000;
    const perSecond = await throughput(dir, messages);
    return {
      healthyP50Ms: latency.p50,
      healthyP99Ms: latency.p99,
      samples: latency.samples,
      loadAverage: latency.load,
      messagesPerSecond: perSecond,
      throughputMessages: messages,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await webhooksDeadBench();
  console.log(
    `webhooks beside 90 dead endpoints: healthy delivery p50 ${result.healthyP50Ms} ms, p99 ${result.healthyP99Ms} ms over ${result.samples} messages (aim p99 ≤ 1000 ms); load average ${result.loadAverage.toFixed(2)}`,
  );
  console.log(`one healthy receiver, ${result.throughputMessages} messages waiting: ${Math.round(result.messagesPerSecond)} messages/s`);
}
