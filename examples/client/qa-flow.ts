/**
 * A QA flow against a running Hutong, written as a team's own test would be, with `hutong/client`:
 * node --import tsx examples/client/qa-flow.ts [http://127.0.0.1:3000]
 */
import assert from 'node:assert/strict';
import { createHutong, type HutongSandbox } from 'hutong/client';

const shownAt = async (world: HutongSandbox, storefront: string) =>
  (await world.wallets(storefront, { channel: 'app' })).wallets.filter((w) => w.shown).map((w) => w.wallet);

/** Runs the flow; returns what it saw, step by step. Throws (assert or HutongProblem) at the first surprise. */
export async function qaFlow(baseUrl: string): Promise<string[]> {
  const seen: string[] = [];
  const token = await createHutong({ baseUrl }).token('admin', { days: 1 });
  const hutong = createHutong({ baseUrl, token });

  const sandbox = await hutong.sandboxes.create({ scenario: 'record', clock: '2021-09-01T08:00:00Z' });
  seen.push(`sandbox ${sandbox.id} at ${sandbox.now}`);
  try {
    const world = hutong.sandbox(sandbox.id);
    assert.deepEqual(await shownAt(world, 'kaola'), ['alipay']);
    seen.push('1 Sept 2021: Kaola offers alipay');

    const moved = await world.clock.to('2021-10-15T08:00:00Z');
    assert.equal(moved.now, '2021-10-15T08:00:00.000Z');
    assert.deepEqual(await shownAt(world, 'kaola'), ['alipay', 'wechat-pay']);
    seen.push('15 Oct 2021: Kaola offers alipay, wechat-pay');

    const { data: kaola } = await world.api.GET('/api/storefronts/{slug}', { params: { path: { slug: 'kaola' } } });
    const product = kaola?.products[0];
    assert.ok(product, 'Kaola sells something');
    const shopper = 'qa-flow-shopper';
    const cart = await world.carts.add((await world.carts.open('kaola', shopper)).id, shopper, product.id, 2);
    assert.equal(cart.items, 2);
    seen.push(`cart ${cart.id}: ${cart.items} things, ${cart.total} yuan`);

    // The same key twice (a retry after a lost answer): one order, the second answer replayed.
    const key = crypto.randomUUID();
    const order = await world.carts.order(cart.id, { shopper, channel: 'app', wallet: 'wechat-pay' }, { idempotencyKey: key });
    assert.equal(order.status, 'awaiting_payment');
    seen.push(`order ${order.id}: ${order.amount} yuan, ${order.status}`);
    const replayed = await world.carts.order(cart.id, { shopper, channel: 'app', wallet: 'wechat-pay' }, { idempotencyKey: key });
    assert.equal(replayed.id, order.id, 'the same key places one order');
    seen.push('ordered again with the same key: the same order');

    const payment = await world.orders.pay(order.id, { shopper, outcome: 'succeeded' });
    assert.equal(payment.order.status, 'paid');
    const after = await world.orders.get(order.id, shopper);
    assert.equal(after.status, 'paid');
    seen.push(`paid with ${after.wallet}: ${after.status}`);
  } finally {
    await hutong.sandboxes.delete(sandbox.id);
  }
  return seen;
}

if (import.meta.filename === process.argv[1]) {
  for (const step of await qaFlow(process.argv[2] ?? 'http://127.0.0.1:3000')) console.log(step);
}
