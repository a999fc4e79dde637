import { browserAgent, type TestWorld } from './world.ts';

/** A shopper with one item (the first, or `sku`) in their cart at `storefront`. */
export async function shopperWithCart(w: TestWorld, storefront: string, sku?: string) {
  const shopper = await browserAgent(w);
  const product = w.db
    .prepare(`SELECT id FROM products WHERE storefront_slug = ? ${sku ? 'AND sku = ?' : ''} ORDER BY id LIMIT 1`)
    .pluck()
    .get(...(sku ? [storefront, sku] : [storefront])) as number;
  await shopper.form(`/shop/${storefront}/cart`, { productId: product, quantity: 1 }).expect(303);
  return shopper;
}
