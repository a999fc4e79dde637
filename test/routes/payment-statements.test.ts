import { beforeEach, describe, expect, it } from 'vitest';
import { shopperWithCart } from '../support/shopping.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

// What one payment at the cashier costs the database: every statement the app's connection runs
// for the form POST is seen. Each statement not run is CPU every payment saves.
let world: TestWorld;
let seen: string[] | null = null;
beforeEach(() => {
  world = newWorld({ onStatement: (sql) => seen?.push(sql.replace(/\s+/g, ' ')) });
  return () => world.close();
});

async function orderAt(storefront: string, wallet: string) {
  const shopper = await shopperWithCart(world, storefront);
  const placed = await shopper.form(`/shop/${storefront}/orders`, { channel: 'app', wallet }).expect(303);
  const orderId = /\/orders\/([\w-]+)\/pay/.exec(placed.headers.location ?? '')?.[1] ?? '';
  const cashier = await shopper.page(`/orders/${orderId}/pay`);
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(cashier.text)?.[1] ?? '';
  return { shopper, orderId, key };
}

/** Pays at the cashier; answers the statements the payment ran. */
async function payAtCashier(storefront: string, wallet: string): Promise<{ orderId: string; statements: string[] }> {
  const { shopper, orderId, key } = await orderAt(storefront, wallet);
  seen = [];
  await shopper
    .form(`/orders/${orderId}/payments`, { wallet, outcome: 'succeeded', idempotencyKey: key })
    .expect(303)
    .expect('location', `/orders/${orderId}`);
  const statements = seen;
  seen = null;
  return { orderId, statements };
}

const readsOfTheOrder = (statements: string[]) => statements.filter((s) => /^SELECT o\.id, .* FROM orders o JOIN/.test(s)).length;
const readsOfItems = (statements: string[]) => statements.filter((s) => s.includes('FROM order_items')).length;

describe('the statements one payment at the cashier runs', () => {
  it('reads its order once, in the payment’s transaction, and neither its earlier payments nor its items', async () => {
    const { orderId, statements } = await payAtCashier('eleme', 'alipay');
    expect(readsOfTheOrder(statements)).toBe(1);
    expect(statements.indexOf('BEGIN IMMEDIATE')).toBeLessThan(statements.findIndex((s) => s.includes('FROM orders o JOIN')));
    expect(statements.filter((s) => /FROM payments WHERE order_id = /.test(s))).toEqual([]);
    expect(readsOfItems(statements)).toBe(0);
    expect(statements.length).toBeLessThanOrEqual(11);
    // And it is paid.
    expect(world.db.prepare('SELECT status FROM orders WHERE id = ?').pluck().get(orderId)).toBe('paid');
    expect(count(world.db, 'payments', "order_id = ? AND outcome = 'succeeded'", orderId)).toBe(1);
  });
});
