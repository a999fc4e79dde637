import { join } from 'node:path';
import { atMost, type Aim } from './aims.ts';
import { measure, type Measured } from './measure.ts';
import { addToCart, chooseStorefront, firstProductId, newShopper } from './prepare.ts';
import { serve } from './processes.ts';

export interface ThousandSandboxes {
  count: number;
  /** Creating one over HTTP, one after another: the median and the slowest, in ms. */
  creationMs: { median: number; max: number };
  /** Peak RSS of the server (since it was ready) once every sandbox was made and visited, in MB. */
  peakRssMb: number;
  /** The same checkout (a shopper with one item in the cart) in the main world and in the last sandbox made. */
  checkout: { main: Measured; last: Measured };
  /** Server CPU per answer of the last sandbox's checkout ÷ the main world's. */
  checkoutRatio: number;
  /** The whole run (creating and visiting), in s. */
  seconds: number;
}

/** Two runs of one target as one: rate, median latency and CPU averaged, the worse p99, answers added. */
function meanOf(a: Measured, b: Measured): Measured {
  const mean = (x: number | undefined, y: number | undefined) => (x === undefined || y === undefined ? undefined : Math.round((x + y) / 2));
  const statuses: Record<string, number> = { ...a.statuses };
  for (const [code, n] of Object.entries(b.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
  const serverCpuUs = mean(a.serverCpuUs, b.serverCpuUs);
  return {
    rps: Math.round((a.rps + b.rps) / 2),
    p50: Math.round((a.p50 + b.p50) / 2),
    p99: Math.max(a.p99, b.p99),
    statuses,
    ...(serverCpuUs === undefined ? {} : { serverCpuUs }),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function expect(res: Response, status: number, what: string): Promise<Response> {
  if (res.status !== status) throw new Error(`${what} answered ${res.status}, expected ${status}: ${(await res.text()).slice(0, 200)}`);
  return res;
}

function csrfFrom(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token in the page');
  return token;
}

/**
 * One sandbox visited as a shopper would: the home page, a storefront, an item into the cart,
 * the checkout, and the decision API. The shopper's cookie rides along with the owner's.
 */
async function visit(base: string, slug: string, owner: string): Promise<void> {
  await expect(await fetch(`${base}/`, { headers: { cookie: owner } }), 200, `GET ${base}/`);
  const shopperId = `bench${String(Math.random()).slice(2, 14).padEnd(12, '0')}`;
  const cookie = `${owner}; hutong_shopper=${shopperId}`;
  const page = await (await expect(await fetch(`${base}/shop/${slug}`, { headers: { cookie } }), 200, 'the storefront')).text();
  const productId = /name="productId" value="(\d+)"/.exec(page)?.[1];
  if (!productId) throw new Error(`no product on ${base}/shop/${slug}`);
  await expect(
    await fetch(`${base}/shop/${slug}/cart`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrfFrom(page), productId, quantity: '1' }).toString(),
    }),
    303,
    'adding to the cart',
  );
  await (await expect(await fetch(`${base}/shop/${slug}/checkout`, { headers: { cookie } }), 200, 'the checkout')).arrayBuffer();
  await (
    await expect(
      await fetch(`${base}/api/storefronts/${slug}/wallets?shopper=${shopperId}`, { headers: { cookie: owner } }),
      200,
      'the decision API',
    )
  ).arrayBuffer();
}

/**
 * Creates `count` sandboxes of the record scenario one after another and visits each (home,
 * storefront, cart, checkout, decision API), then measures the server's peak RSS and the same
 * checkout in the last sandbox against the main world's, on one server (`node dist/server.js`).
 */
export async function thousandSandboxes(
  dir: string,
  server: string,
  count: number,
  env: Record<string, string> = {},
  /** Node's flags for the server (`--profile`: a CPU profile of the whole run). */
  nodeArgs: string[] = [],
): Promise<ThousandSandboxes> {
  const started = performance.now();
  const app = await serve(
    server,
    {
      DATABASE_PATH: join(dir, 'sandboxes.sqlite'),
      HUTONG_SCENARIO: 'record',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      HUTONG_MAX_SANDBOXES: String(count + 5),
      ...env,
    },
    { nodeArgs },
  );
  try {
    const slug = await chooseStorefront(app.baseUrl, 'eleme');
    const create = (cookie: string) =>
      fetch(`${app.baseUrl}/api/sandboxes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify({ scenario: 'record' }),
      });
    // The first builds the scenario's template (once per process): not counted. Its answer gives the owner key.
    const first = await expect(await create(''), 201, 'creating a sandbox');
    const owner = /hutong_sandbox_owner=[^;]+/.exec(first.headers.get('set-cookie') ?? '')?.[0];
    if (!owner) throw new Error('creating a sandbox set no owner cookie (is HUTONG_DEMO on?)');
    const ids: string[] = [((await first.json()) as { id: string }).id];
    const creations: number[] = [];
    for (let i = 1; i < count; i++) {
      const t = performance.now();
      const res = await expect(await create(owner), 201, 'creating a sandbox');
      const { id } = (await res.json()) as { id: string };
      creations.push(performance.now() - t);
      ids.push(id);
      await visit(`${app.baseUrl}/sandboxes/${id}`, slug, owner);
      if ((i + 1) % 100 === 0) console.log(`  ${i + 1} sandboxes made and visited, server peak RSS ${app.peakRssMb()} MB`);
    }
    await visit(`${app.baseUrl}/sandboxes/${ids[0]}`, slug, owner);
    const peakRssMb = app.peakRssMb();

    const mainShopper = await newShopper(app.baseUrl, slug);
    await addToCart(app.baseUrl, slug, mainShopper, await firstProductId(app.baseUrl, slug, mainShopper));
    const lastBase = `${app.baseUrl}/sandboxes/${ids.at(-1)}`;
    const lastShopper = await newShopper(lastBase, slug, owner);
    await addToCart(lastBase, slug, lastShopper, await firstProductId(lastBase, slug, lastShopper));
    const mainTarget = { url: `${app.baseUrl}/shop/${slug}/checkout`, headers: { cookie: mainShopper.cookie } };
    const lastTarget = { url: `${lastBase}/shop/${slug}/checkout`, headers: { cookie: lastShopper.cookie } };
    // In turns (main, sandbox, sandbox, main), so that a load that rises or falls meanwhile bills both alike.
    const main1 = await measure(mainTarget, { serverPid: app.pid });
    const last1 = await measure(lastTarget, { serverPid: app.pid });
    const last2 = await measure(lastTarget, { serverPid: app.pid });
    const main2 = await measure(mainTarget, { serverPid: app.pid });
    const main = meanOf(main1, main2);
    const last = meanOf(last1, last2);
    return {
      count,
      creationMs: { median: Math.round(median(creations) * 10) / 10, max: Math.round(Math.max(...creations)) },
      peakRssMb,
      checkout: { main, last },
      checkoutRatio: Math.round(((last.serverCpuUs ?? Number.NaN) / (main.serverCpuUs ?? Number.NaN)) * 100) / 100,
      seconds: Math.round((performance.now() - started) / 1000),
    };
  } finally {
    await app.stop();
  }
}

export function sandboxAims(s: ThousandSandboxes): Aim[] {
  return [
    atMost(`${s.count.toLocaleString('en-US')} visited sandboxes: server peak RSS`, s.peakRssMb, 400, ' MB'),
    atMost(`checkout in sandbox #${s.count.toLocaleString('en-US')} ÷ main world (server CPU)`, s.checkoutRatio, 1.2, '×'),
    atMost('sandbox creation, median', s.creationMs.median, 20, ' ms'),
  ];
}
