import supertest from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { count, newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
afterEach(() => world.close());

const api = () => supertest(world.app);
const product = (storefront: string, n = 0) => world.repos.catalog.products(storefront)[n]!;
const cartRows = (shopper: string) =>
  world.db
    .prepare(
      `SELECT c.storefront_slug AS storefront, ci.product_id AS product, ci.quantity FROM carts c JOIN cart_items ci ON ci.cart_id = c.id
      WHERE c.shopper_id = ? ORDER BY ci.product_id`,
    )
    .all(shopper);

async function openCart(shopper: string, storefront = 'eleme'): Promise<number> {
  const res = await api().post('/api/carts').send({ storefront, shopper }).expect(201);
  expect(res.headers.location).toBe(`/api/carts/${res.body.id}`);
  return res.body.id;
}

describe('the cart API', () => {
  it('opens a cart, adds, changes and removes lines: the answers and the rows agree', async () => {
    world = newWorld();
    const id = await openCart('kai');
    const [a, b] = [product('eleme', 0), product('eleme', 1)];
    await api().post(`/api/carts/${id}/lines`).send({ shopper: 'kai', product: a.id, quantity: 2 }).expect(200);
    const added = await api().post(`/api/carts/${id}/lines`).send({ shopper: 'kai', product: b.id }).expect(200);
    expect(added.body).toMatchObject({ id, storefront: 'eleme', shopper: 'kai', items: 3 });
    expect(added.body.lines.map((l: { product: number; quantity: number }) => [l.product, l.quantity])).toEqual([
      [a.id, 2],
      [b.id, 1],
    ]);
    expect(added.body.total).toBe(((a.priceFen * 2 + b.priceFen) / 100).toFixed(2));
    await api().patch(`/api/carts/${id}/lines/${a.id}`).send({ shopper: 'kai', quantity: 5 }).expect(200);
    const removed = await api().delete(`/api/carts/${id}/lines/${b.id}?shopper=kai`).expect(200);
    expect(removed.body.items).toBe(5);
    expect(cartRows('kai')).toEqual([{ storefront: 'eleme', product: a.id, quantity: 5 }]);
    const read = await api().get(`/api/carts/${id}?shopper=kai`).expect(200);
    expect(read.body).toEqual(removed.body);
  });

  it('is the pages’ cart: one per shopper and storefront, so opening it again gives the same one', async () => {
    world = newWorld();
    const id = await openCart('lou');
    expect(await openCart('lou')).toBe(id);
    expect(count(world.db, 'carts', 'shopper_id = ?', 'lou')).toBe(1);
    const anonymous = await api().post('/api/carts').send({ storefront: 'eleme' }).expect(201);
    expect(anonymous.body.shopper).toMatch(/^shp_/);
  });

  it('another shopper’s cart is 404, to read or to change, and nothing changes', async () => {
    world = newWorld();
    const id = await openCart('max');
    const mine = await api().get(`/api/carts/${id}?shopper=ned`);
    expect([mine.status, mine.body.code]).toEqual([404, 'not_found']);
    await api()
      .post(`/api/carts/${id}/lines`)
      .send({ shopper: 'ned', product: product('eleme').id })
      .expect(404);
    expect(cartRows('max')).toEqual([]);
    expect(cartRows('ned')).toEqual([]);
  });

  it('refuses bad lines with codes and field paths, and writes nothing', async () => {
    world = newWorld();
    const id = await openCart('oli');
    const zero = await api()
      .post(`/api/carts/${id}/lines`)
      .send({ shopper: 'oli', product: product('eleme').id, quantity: 0 });
    expect([zero.status, zero.body.code, zero.body.errors[0].path]).toEqual([400, 'bad_request', 'quantity']);
    const unknown = await api().post(`/api/carts/${id}/lines`).send({ shopper: 'oli', product: 999999 });
    expect([unknown.status, unknown.body.code, unknown.body.errors[0].path]).toEqual([422, 'unprocessable', 'product']);
    const foreign = await api()
      .post(`/api/carts/${id}/lines`)
      .send({ shopper: 'oli', product: product('kaola').id });
    expect([foreign.status, foreign.body.code, foreign.body.errors[0].path]).toEqual([422, 'unprocessable', 'product']);
    await api()
      .post(`/api/carts/${id}/lines`)
      .send({ shopper: 'oli', product: product('eleme').id, quantity: 99 })
      .expect(200);
    const tooMany = await api()
      .post(`/api/carts/${id}/lines`)
      .send({ shopper: 'oli', product: product('eleme').id, quantity: 1 });
    expect([tooMany.status, tooMany.body.code, tooMany.body.errors[0].path]).toEqual([422, 'unprocessable', 'quantity']);
    const notInCart = await api()
      .patch(`/api/carts/${id}/lines/${product('eleme', 1).id}`)
      .send({ shopper: 'oli', quantity: 2 });
    expect(notInCart.status).toBe(404);
    expect(cartRows('oli')).toEqual([{ storefront: 'eleme', product: product('eleme').id, quantity: 99 }]);
  });

  it('turns into an order as the checkout does: empty is 409, a hidden wallet 409 with its reason, then one order and an empty cart', async () => {
    world = newWorld();
    const id = await openCart('pat');
    const order = { shopper: 'pat', channel: 'app', wallet: 'alipay' };
    const empty = await api().post(`/api/carts/${id}/order`).send(order);
    expect([empty.status, empty.body.code]).toEqual([409, 'conflict']);
    await api()
      .post(`/api/carts/${id}/lines`)
      .send({ shopper: 'pat', product: product('eleme').id, quantity: 2 })
      .expect(200);
    const hidden = await api()
      .post(`/api/carts/${id}/order`)
      .send({ ...order, wallet: 'unionpay-qr' });
    expect([hidden.status, hidden.body.code]).toEqual([409, 'wallet_not_shown']);
    expect(hidden.body.reason).toEqual(expect.any(String));
    const placeOnce = () => api().post(`/api/carts/${id}/order`).set('Idempotency-Key', 'cart-order-0001').send(order);
    const placed = await placeOnce().expect(201);
    const again = await placeOnce().expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(placed.body.id);
    expect(placed.body).toMatchObject({ status: 'awaiting_payment', shopper: 'pat', wallet: 'alipay', items: [{ quantity: 2 }] });
    expect(placed.headers.location).toBe(`/api/orders/${placed.body.id}`);
    expect(count(world.db, 'orders', 'shopper_id = ?', 'pat')).toBe(1);
    expect(cartRows('pat')).toEqual([]);
  });

  it('adding a line again with one Idempotency-Key adds it once', async () => {
    world = newWorld();
    const id = await openCart('quin');
    const add = () =>
      api()
        .post(`/api/carts/${id}/lines`)
        .set('Idempotency-Key', 'cart-line-0001')
        .send({ shopper: 'quin', product: product('eleme').id, quantity: 3 });
    await add().expect(200);
    const again = await add().expect(200);
    expect([again.headers['idempotent-replayed'], again.body.items]).toEqual(['true', 3]);
    expect(cartRows('quin')).toEqual([{ storefront: 'eleme', product: product('eleme').id, quantity: 3 }]);
  });
});
