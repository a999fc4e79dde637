import { HttpShopper } from './server-process.ts';

export interface OrderToPay {
  shopper: HttpShopper;
  orderId: string;
  /** The idempotency key the cashier page handed out. */
  key: string;
}

/** A new shopper (own cookies) who puts the first product of `storefront` in the cart, orders, and opens the cashier. */
export async function orderReadyToPay(baseUrl: string, storefront = 'eleme', wallet = 'alipay'): Promise<OrderToPay> {
  const shopper = new HttpShopper(baseUrl);
  const shop = await shopper.get(`/shop/${storefront}`);
  const productId = /name="productId" value="(\d+)"/.exec(shop.text)?.[1];
  if (!productId) throw new Error(`no product on /shop/${storefront} (status ${shop.status})`);
  const added = await shopper.form(`/shop/${storefront}/cart`, { productId, quantity: 1 });
  if (added.status !== 303) throw new Error(`adding to the cart answered ${added.status}`);
  const placed = await shopper.form(`/shop/${storefront}/orders`, { channel: 'app', wallet });
  const orderId = /\/orders\/([\w-]+)\/pay/.exec(placed.location ?? '')?.[1];
  if (!orderId) throw new Error(`placing the order answered ${placed.status}: ${placed.text.slice(0, 300)}`);
  const cashier = await shopper.get(`/orders/${orderId}/pay`);
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(cashier.text)?.[1];
  if (!key) throw new Error(`the cashier page answered ${cashier.status} without a payment key`);
  return { shopper, orderId, key };
}
