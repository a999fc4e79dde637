import { z } from 'zod';
import type { OwnedCart } from '../actions/cart.ts';
import { fenToYuanString } from '../domain/money.ts';
import { OrderJson } from './api-json.ts';

const yuan = z.string().describe('yuan, e.g. "120.50"');

/** A cart as the API sends it: the shopper's cart at one storefront, as the cart page shows it. */
export const CartJson = z.object({
  id: z.number().int().positive().describe('the cart’s id: /api/carts/{id}, with the shopper it was opened for'),
  storefront: z.string(),
  shopper: z.string().describe('the shopper it belongs to: send it with every call on this cart'),
  lines: z.array(
    z.object({
      product: z.number().int(),
      sku: z.string(),
      name: z.string(),
      unitPrice: yuan,
      quantity: z.number().int().min(1).max(99),
      lineTotal: yuan,
    }),
  ),
  items: z.number().int().min(0).describe('how many things, all lines together'),
  total: yuan,
});

/** The order a cart became (the cart is then empty). */
export const CartOrderJson = OrderJson.extend({ host: z.string().nullable() });

export function cartJson(cart: OwnedCart): z.infer<typeof CartJson> {
  return {
    id: cart.id,
    storefront: cart.storefront.slug,
    shopper: cart.shopperId,
    lines: cart.lines.map((l) => ({
      product: l.productId,
      sku: l.sku,
      name: l.name,
      unitPrice: fenToYuanString(l.unitPriceFen),
      quantity: l.quantity,
      lineTotal: fenToYuanString(l.lineTotalFen),
    })),
    items: cart.items,
    total: fenToYuanString(cart.totalFen),
  };
}
