import { beforeEach, describe, expect, it } from 'vitest';
import { count, newWorld, type TestWorld } from '../support/world.ts';
import { shopperWithCart } from '../support/shopping.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld();
  return () => world.close();
});

async function orderAt(storefront: string, wallet: string) {
  const shopper = await shopperWithCart(world, storefront);
  const placed = await shopper.form(`/shop/${storefront}/orders`, { channel: 'app', wallet }).expect(303);
  const orderId = /\/orders\/([\w-]+)\/pay/.exec(placed.headers.location!)![1]!;
  return { shopper, orderId };
}

async function pay(shopper: Awaited<ReturnType<typeof orderAt>>['shopper'], orderId: string, wallet: string, outcome: string) {
  const cashier = await shopper.page(`/orders/${orderId}/pay`);
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(cashier.text)![1]!;
  return shopper.form(`/orders/${orderId}/payments`, { wallet, outcome, idempotencyKey: key }).expect(303);
}

const statusOf = (orderId: string) => world.db.prepare('SELECT status FROM orders WHERE id = ?').pluck().get(orderId);
const cartLines = (storefront: string) => ({
  get: () =>
    world.db
      .prepare('SELECT count(*) FROM cart_items ci JOIN carts c ON c.id = ci.cart_id WHERE c.storefront_slug = ?')
      .pluck()
      .get(storefront),
});

describe('when a payment fails, the shopper can try again', () => {
  it('a declined order offers "Try again" with the wallets shown, and the same order is then paid', async () => {
    const { shopper, orderId } = await orderAt('eleme', 'alipay');
    await pay(shopper, orderId, 'alipay', 'declined');
    const receipt = await shopper.page(`/orders/${orderId}`);
    expect(receipt.text).toContain('Try again');
    expect(receipt.text).toContain('value="wechat-pay"');
    await shopper.form(`/orders/${orderId}/retry`, { wallet: 'alipay' }).expect(303).expect('location', `/orders/${orderId}/pay`);
    expect(statusOf(orderId)).toBe('awaiting_payment');
    await pay(shopper, orderId, 'alipay', 'succeeded');
    expect(statusOf(orderId)).toBe('paid');
    expect(count(world.db, 'payments', 'order_id = ?', orderId)).toBe(2);
    const paid = await shopper.page(`/orders/${orderId}`);
    expect(paid.text).toContain('Payment received');
    expect(paid.text).not.toContain('Try again');
  });

  it('another shown wallet may pay the same order', async () => {
    const { shopper, orderId } = await orderAt('youku', 'alipay');
    await pay(shopper, orderId, 'alipay', 'expired');
    await shopper.form(`/orders/${orderId}/retry`, { wallet: 'wechat-pay' }).expect(303);
    expect(world.db.prepare('SELECT wallet_slug FROM orders WHERE id = ?').pluck().get(orderId)).toBe('wechat-pay');
    await pay(shopper, orderId, 'wechat-pay', 'succeeded');
    const receipt = await shopper.page(`/orders/${orderId}`);
    expect(receipt.text).toMatch(/Alipay, expired/);
    expect(receipt.text).toMatch(/WeChat Pay, succeeded/);
  });

  it('a wallet the checkout does not show is refused beside the field, and the order stays failed', async () => {
    const { shopper, orderId } = await orderAt('eleme', 'alipay');
    await pay(shopper, orderId, 'alipay', 'declined');
    const res = await shopper.form(`/orders/${orderId}/retry`, { wallet: 'unionpay-qr' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('id="wallet-error"');
    expect(res.text).toContain('Try again');
    expect(statusOf(orderId)).toBe('failed');
  });

  it('a paid order cannot be retried (409) and nothing changes', async () => {
    const { shopper, orderId } = await orderAt('damai', 'alipay');
    await pay(shopper, orderId, 'alipay', 'succeeded');
    const res = await shopper.form(`/orders/${orderId}/retry`, { wallet: 'alipay' });
    expect(res.status).toBe(409);
    expect(statusOf(orderId)).toBe('paid');
  });
});

describe('a given-up order puts its items back in the cart', () => {
  it('cancelling at the cashier refills the cart', async () => {
    const { shopper, orderId } = await orderAt('kaola', 'alipay');
    expect(cartLines('kaola').get()).toBe(0);
    await pay(shopper, orderId, 'alipay', 'cancelled');
    expect(statusOf(orderId)).toBe('cancelled');
    expect(cartLines('kaola').get()).toBe(1);
    expect((await shopper.page(`/orders/${orderId}`)).text).toContain('back in');
  });

  it('giving up a declined order cancels it and refills the cart', async () => {
    const { shopper, orderId } = await orderAt('shuqi', 'alipay');
    await pay(shopper, orderId, 'alipay', 'declined');
    await shopper.form(`/orders/${orderId}/give-up`, {}).expect(303).expect('location', `/shop/shuqi/cart?restored=${orderId}`);
    expect(statusOf(orderId)).toBe('cancelled');
    expect(cartLines('shuqi').get()).toBe(1);
    const cart = await shopper.page(`/shop/shuqi/cart?restored=${orderId}`);
    expect(cart.text).toContain('back in your cart');
  });
});

describe('an order address', () => {
  it('that is not an order is not found, not a bad request', async () => {
    const { shopper } = await orderAt('eleme', 'alipay');
    const res = await shopper.agent.get('/orders/999999');
    expect(res.status).toBe(404);
    expect(res.text).toContain('There is no such order');
  });
});

describe('bad cart input goes back to the page it came from', () => {
  const productOf = (storefront: string) =>
    world.db.prepare('SELECT id FROM products WHERE storefront_slug = ? ORDER BY id LIMIT 1').pluck().get(storefront) as number;

  it('an empty quantity re-renders the storefront with the message beside the field', async () => {
    const shopper = await shopperWithCart(world, 'youku');
    const product = productOf('youku');
    const res = await shopper.form('/shop/youku/cart', { productId: product, quantity: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain(`id="qty-${product}-error"`);
    expect(res.text).toContain('a whole number from 1 to 99');
    expect(res.text).toContain('Youku');
    expect(res.text).not.toContain('Please fix');
  });

  it('adding past 99 says so and leaves the cart as it was', async () => {
    const shopper = await shopperWithCart(world, 'damai');
    const product = productOf('damai');
    const res = await shopper.form('/shop/damai/cart', { productId: product, quantity: 99 });
    expect(res.status).toBe(422);
    expect(res.text).toContain('you can add at most 98 more');
    expect(
      world.db
        .prepare(`SELECT ci.quantity FROM cart_items ci JOIN carts c ON c.id = ci.cart_id
      WHERE c.storefront_slug = 'damai' AND ci.product_id = ?`)
        .pluck()
        .all(product),
    ).not.toContain(99);
  });

  it('an empty quantity in the cart re-renders the cart, and the line is kept', async () => {
    const shopper = await shopperWithCart(world, 'freshippo');
    const product = productOf('freshippo');
    const before = cartLines('freshippo').get();
    const res = await shopper.form(`/shop/freshippo/cart/${product}`, { quantity: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain(`id="line-${product}-error"`);
    expect(res.text).toContain('Your cart at Freshippo');
    expect(cartLines('freshippo').get()).toBe(before);
  });
});
