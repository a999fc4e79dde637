import { beforeEach, describe, expect, it } from 'vitest';
import { payOrder, placeOrderForItems, retryOrder } from '../../src/actions/orders.ts';
import { groupCommit } from '../../src/db/group-commit.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld();
  return () => world.close();
});

let keys = 0;
function pay(orderId: string, shopperId: string) {
  return payOrder(world.repos, world.clock, groupCommit(world.db), {
    orderId,
    shopperId,
    walletSlug: 'alipay',
    outcome: 'succeeded',
    reason: null,
    magicAmounts: true,
    scanWith: null,
    idempotencyKey: `magic-first-${++keys}-xxxxxxxx`,
    sentBy: { shopper: shopperId },
  });
}

describe('a magic amount chooses the first attempt only', () => {
  it('a total ending in .01 is declined BALANCE_NOT_ENOUGH on its first attempt, and paid as asked when tried again', async () => {
    const product = world.repos.catalog.products('eleme')[0];
    if (!product) throw new Error('eleme sells nothing');
    const { order } = placeOrderForItems(world.repos, world.clock, {
      storefrontSlug: 'eleme',
      shopperId: 'magic-1',
      channel: 'app',
      walletSlug: 'alipay',
      items: [{ productId: product.id, quantity: 1 }],
      addFen: 1,
      magicAmounts: true,
    });
    const first = await pay(order.id, 'magic-1');
    expect(first.payment).toMatchObject({ outcome: 'declined', reasonCode: 'BALANCE_NOT_ENOUGH' });
    retryOrder(world.repos, world.clock, { orderId: order.id, shopperId: 'magic-1', walletSlug: 'alipay' });
    const second = await pay(order.id, 'magic-1');
    expect(second.payment).toMatchObject({ outcome: 'succeeded', reasonCode: null });
    expect(world.repos.orders.get(order.id).status).toBe('paid');
  });
});
