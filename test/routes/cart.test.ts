import { beforeEach, describe, expect, it } from 'vitest';
import { browserAgent, count, newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld();
  return () => world.close();
});

function productId(sku: string): number {
  return world.db.prepare("SELECT id FROM products WHERE storefront_slug = 'eleme' AND sku = ?").pluck().get(sku) as number;
}

describe('browsing and the cart', () => {
  it('the home page lists every storefront with its wallets as badges', async () => {
    const shopper = await browserAgent(world);
    const res = await shopper.page('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Ele.me');
    expect(res.text).toContain('Taobao Deals');
    expect(res.text).toMatch(/wallet-wechat-pay state-requested">WeChat Pay · requested/);
  });

  it('a storefront shows its catalogue; an unknown one is a 404 page', async () => {
    const shopper = await browserAgent(world);
    const res = await shopper.page('/shop/eleme');
    expect(res.text).toContain('Lanzhou beef noodles');
    expect(res.text).toContain('¥28.00');
    const missing = await shopper.page('/shop/no-such-shop');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('There is no storefront');
  });

  it('adds to the cart, changes a quantity and removes a line', async () => {
    const shopper = await browserAgent(world);
    const noodles = productId('beef-noodles');
    const tea = productId('milk-tea');
    await shopper
      .form('/shop/eleme/cart', { productId: noodles, quantity: 2 })
      .expect(303)
      .expect('location', `/shop/eleme?added=${noodles}`);
    await shopper.form('/shop/eleme/cart', { productId: tea, quantity: 1 }).expect(303);
    await shopper.form('/shop/eleme/cart', { productId: noodles, quantity: 1 }).expect(303);
    let cart = await shopper.page('/shop/eleme/cart');
    expect(cart.text).toMatch(/Total<\/th><td class="num"[^>]*><strong>¥100.00/);
    expect(count(world.db, 'cart_items ci JOIN carts c ON c.id = ci.cart_id', 'c.storefront_slug = ? AND ci.quantity = 3', 'eleme')).toBe(
      1,
    );

    await shopper.form(`/shop/eleme/cart/${noodles}`, { quantity: 5 }).expect(303);
    await shopper.form(`/shop/eleme/cart/${tea}`, { quantity: 0 }).expect(303);
    cart = await shopper.page('/shop/eleme/cart');
    expect(cart.text).toContain('¥140.00');
    expect(cart.text).not.toContain('Brown sugar milk tea');
  });

  it('refuses a bad quantity or a product from another storefront, writing nothing', async () => {
    const shopper = await browserAgent(world);
    const before = count(world.db, 'cart_items');
    const bad = await shopper.form('/shop/eleme/cart', { productId: productId('jianbing'), quantity: 1000 });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('a whole number from 1 to 99');
    const foreign = world.db.prepare("SELECT id FROM products WHERE storefront_slug = 'tmall'").pluck().get() as number;
    await shopper.form('/shop/eleme/cart', { productId: foreign, quantity: 1 }).expect(404);
    await shopper.form('/shop/eleme/cart', { productId: 'DROP TABLE', quantity: 1 }).expect(400);
    expect(count(world.db, 'cart_items')).toBe(before);
  });

  it('refuses a form without its CSRF token, writing nothing', async () => {
    const shopper = await browserAgent(world);
    const before = count(world.db, 'cart_items');
    const res = await shopper.agent
      .post('/shop/eleme/cart')
      .type('form')
      .send({ productId: productId('jianbing'), quantity: 1 });
    expect(res.status).toBe(403);
    expect(res.text).toContain('CSRF');
    const crossSite = await shopper.form('/shop/eleme/cart', { productId: productId('jianbing') }).set('Sec-Fetch-Site', 'cross-site');
    expect(crossSite.status).toBe(403);
    const foreignOrigin = await shopper
      .form('/shop/eleme/cart', { productId: productId('jianbing') })
      .set('Origin', 'https://evil.example');
    expect(foreignOrigin.status).toBe(403);
    const opaque = await shopper
      .form('/shop/eleme/cart', { productId: productId('jianbing') })
      .set('Origin', 'null')
      .set('Sec-Fetch-Site', 'cross-site');
    expect(opaque.status).toBe(403);
    expect(count(world.db, 'cart_items')).toBe(before);
  });

  it('accepts a same-origin form post from a real browser (Origin and Sec-Fetch-Site set)', async () => {
    const shopper = await browserAgent(world);
    await shopper
      .form('/shop/eleme/cart', { productId: productId('jianbing') })
      .set('Origin', 'null')
      .set('Sec-Fetch-Site', 'same-origin')
      .expect(303);
    const res = await shopper.page('/shop/eleme');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['content-security-policy']).toContain("base-uri 'none'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
  });

  it("keeps each shopper's cart to themselves", async () => {
    const a = await browserAgent(world);
    const b = await browserAgent(world);
    await a.form('/shop/eleme/cart', { productId: productId('xiaolongbao'), quantity: 1 }).expect(303);
    expect((await b.page('/shop/eleme/cart')).text).toContain('Your cart is empty');
  });
});

describe('the home page', () => {
  it('refuses a nonsense page number with a 400', async () => {
    const shopper = await browserAgent(world);
    const res = await shopper.page('/?page=abc');
    expect(res.status).toBe(400);
    expect(res.text).toContain('a page number');
  });
});
