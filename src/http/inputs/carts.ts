import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { HOSTS } from '../../domain/links/model.ts';
import { asOf, channel, closedObject, storefrontSlug, walletSlug } from './common.ts';
import { shopperId } from './orders.ts';

/** The cart API's inputs: a cart is named by its id and the shopper it was opened for. */

const productRef = z
  .number({ message: 'a product id' })
  .int('a product id')
  .positive('a product id')
  .max(2 ** 31);
const lineQuantity = z
  .number({ message: 'a whole number from 1 to 99' })
  .int('a whole number from 1 to 99')
  .min(1, 'a whole number from 1 to 99')
  .max(99, 'a whole number from 1 to 99');

export const NewCartBody = closedObject({
  storefront: storefrontSlug,
  shopper: shopperId
    .optional()
    .transform((id) => id ?? `shp_${randomBytes(12).toString('base64url')}`)
    .describe('the shopper the cart is for (default: a new one, returned in the cart); a shopper has one cart per storefront'),
});
export const CartParams = z.object({
  id: z.coerce
    .number({ message: 'a cart id' })
    .int('a cart id')
    .positive('a cart id')
    .max(2 ** 53),
});
export const CartLineParams = CartParams.extend({
  product: z.coerce
    .number({ message: 'a product id' })
    .int('a product id')
    .positive('a product id')
    .max(2 ** 31),
});
export const CartShopperQuery = z.object({ shopper: shopperId });
export const AddLineBody = closedObject({ shopper: shopperId, product: productRef, quantity: lineQuantity.default(1) });
export const SetLineBody = closedObject({
  shopper: shopperId,
  quantity: z
    .number({ message: 'a whole number from 0 to 99' })
    .int('a whole number from 0 to 99')
    .min(0, 'a whole number from 0 to 99')
    .max(99, 'a whole number from 0 to 99')
    .describe('the line’s new quantity; 0 removes it'),
});
export const CartOrderBody = closedObject({
  shopper: shopperId,
  channel,
  wallet: walletSlug,
  host: z
    .enum(HOSTS, { message: `one of: ${HOSTS.join(', ')}` })
    .optional()
    .describe('the host app the shop was opened in: its walls apply to the decision, and the order keeps it'),
  asOf: asOf.optional().describe('place the order as the checkout stood then; not later than the clock (409 future_not_reached)'),
});
