import { randomBytes } from 'node:crypto';

/** A shopper as a browser would be: its cookie and the CSRF token from its pages. */
export interface Shopper {
  id: string;
  cookie: string;
  csrf: string;
}

export interface PendingOrder {
  id: string;
  shopper: Shopper;
  wallet: string;
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

function csrfFrom(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token in the page');
  return token;
}

/**
 * A new shopper: a made-up shopper id in the cookie (as the app would set) and the token its pages
 * carry; `otherCookies` (a sandbox's owner key) ride along in every request it makes.
 */
export async function newShopper(baseUrl: string, slug: string, otherCookies = ''): Promise<Shopper> {
  const id = randomBytes(16).toString('base64url');
  const cookie = `hutong_shopper=${id}${otherCookies ? `; ${otherCookies}` : ''}`;
  const page = await fetch(`${baseUrl}/shop/${slug}`, { headers: { cookie } });
  if (!page.ok) throw new Error(`GET /shop/${slug} answered ${page.status}`);
  return { id, cookie, csrf: csrfFrom(await page.text()) };
}

async function post(baseUrl: string, path: string, shopper: Shopper, fields: Record<string, string>): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: shopper.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ _csrf: shopper.csrf, ...fields }),
  });
}

export async function addToCart(baseUrl: string, slug: string, shopper: Shopper, productId: string): Promise<void> {
  const res = await post(baseUrl, `/shop/${slug}/cart`, shopper, { productId, quantity: '1' });
  if (res.status !== 303) throw new Error(`adding to the cart answered ${res.status}`);
}

/** The first product id on the storefront page. */
export async function firstProductId(baseUrl: string, slug: string, shopper: Shopper): Promise<string> {
  const html = await (await fetch(`${baseUrl}/shop/${slug}`, { headers: { cookie: shopper.cookie } })).text();
  const id = /name="productId" value="(\d+)"/.exec(html)?.[1];
  if (!id) throw new Error(`no product on /shop/${slug}`);
  return id;
}

/** The wallet the decision shows first for this shopper (what the checkout would preselect). */
export async function shownWallet(baseUrl: string, slug: string, shopperId: string): Promise<string | undefined> {
  const res = await fetch(`${baseUrl}/api/storefronts/${slug}/wallets?shopper=${encodeURIComponent(shopperId)}`);
  const body = (await res.json()) as { wallets: Array<{ wallet: string; shown: boolean }> };
  return body.wallets.find((w) => w.shown)?.wallet;
}

/** A storefront with a wallet shown: `preferred` if it has one, else the first such storefront in the list. */
export async function chooseStorefront(baseUrl: string, preferred: string): Promise<string> {
  const probe = await fetch(`${baseUrl}/api/storefronts/${preferred}/wallets`);
  if (probe.ok && ((await probe.json()) as { wallets: Array<{ shown: boolean }> }).wallets.some((w) => w.shown)) return preferred;
  const list = (await (await fetch(`${baseUrl}/api/storefronts`)).json()) as {
    storefronts: Array<{ slug: string; wallets: Array<{ state: string }> }>;
  };
  for (const s of list.storefronts.filter((s) => s.wallets.some((w) => w.state === 'live'))) {
    const decision = await fetch(`${baseUrl}/api/storefronts/${s.slug}/wallets`);
    if (((await decision.json()) as { wallets: Array<{ shown: boolean }> }).wallets.some((w) => w.shown)) return s.slug;
  }
  throw new Error('no storefront shows any wallet');
}

/**
 * Places `count` orders through the real routes (add to cart, place order), from `workers` shoppers in
 * parallel, each shopper paying with a wallet its checkout shows. Returns the orders awaiting payment.
 */
export async function placeOrders(baseUrl: string, slug: string, count: number, workers = 32): Promise<PendingOrder[]> {
  const orders: PendingOrder[] = [];
  let started = 0;
  const worker = async () => {
    const shopper = await newShopper(baseUrl, slug);
    const productId = await firstProductId(baseUrl, slug, shopper);
    const wallet = await shownWallet(baseUrl, slug, shopper.id);
    if (!wallet) throw new Error(`${slug} shows no wallet to shopper ${shopper.id}`);
    while (started < count) {
      started += 1;
      await addToCart(baseUrl, slug, shopper, productId);
      const res = await post(baseUrl, `/shop/${slug}/orders`, shopper, { channel: 'app', wallet });
      const id = /\/orders\/([^/]+)\/pay$/.exec(res.headers.get('location') ?? '')?.[1];
      if (res.status !== 303 || !id) throw new Error(`placing an order answered ${res.status}`);
      orders.push({ id, shopper, wallet });
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return orders;
}
