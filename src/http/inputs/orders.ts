import { z } from 'zod';
import { PAYMENT_OUTCOMES } from '../../db/orders.ts';
import { DECLINE_REASON_CODES } from '../../domain/decline-reasons.ts';
import { HOSTS } from '../../domain/links/model.ts';
import { asOf, channel, closedObject, NOT_BLANK, orderId, storefrontSlug, walletSlug } from './common.ts';

/** The purchase API's inputs: cart-less orders (items in the body) and payments with an Idempotency-Key. */

export const shopperId = z.string().trim().min(1, 'a shopper id').max(128, 'at most 128 characters').meta(NOT_BLANK);

export const OrderBody = closedObject({
  storefront: storefrontSlug,
  shopper: shopperId,
  channel,
  host: z
    .enum(HOSTS, { message: `one of: ${HOSTS.join(', ')}` })
    .optional()
    .describe(
      'the host app the shop was opened in (from a shared link, channel in_app_browser): its walls apply to the decision, and the order keeps it',
    ),
  items: z
    .array(
      closedObject(
        {
          product: z
            .number({ message: 'a product id' })
            .int('a product id')
            .positive('a product id')
            .max(2 ** 31),
          quantity: z
            .number({ message: 'a whole number from 1 to 99' })
            .int('a whole number from 1 to 99')
            .min(1, 'a whole number from 1 to 99')
            .max(99, 'a whole number from 1 to 99'),
        },
        'an item',
      ),
    )
    .min(1, 'at least one item')
    .max(50, 'at most 50 items')
    .refine((items) => new Set(items.map((i) => i.product)).size === items.length, { message: 'each product once (add up the quantity)' }),
  wallet: walletSlug,
  addFen: z
    .number({ message: 'a whole number of fen from 1 to 99' })
    .int('a whole number of fen from 1 to 99')
    .min(1, 'a whole number of fen from 1 to 99')
    .max(99, 'a whole number of fen from 1 to 99')
    .optional()
    .describe(
      'fen added to the total so that it ends in a magic amount (see /reasons#magic-amounts); only where magic amounts are on: a sandbox, or HUTONG_MAGIC_AMOUNTS=1 (422 otherwise)',
    ),
  asOf: asOf
    .optional()
    .describe(
      'time travel: place the order as the checkout stood at this day (its end, UTC) or instant, which the order keeps; not later than the clock (409 future_not_reached)',
    ),
});
export type OrderBody = z.infer<typeof OrderBody>;

export const OrderParams = z.object({ id: orderId });
export const ShopperQuery = z.object({ shopper: shopperId });

export const PaymentBody = closedObject({
  shopper: shopperId,
  outcome: z.enum(PAYMENT_OUTCOMES, { message: `one of: ${PAYMENT_OUTCOMES.join(', ')}` }),
  reason: z
    .enum(DECLINE_REASON_CODES, { message: `one of: ${DECLINE_REASON_CODES.join(', ')}` })
    .optional()
    .describe(
      'why a declined, cancelled or expired attempt did not succeed (see /reasons; a reason of another outcome is 422); without it the outcome’s default (GENERIC_DECLINE, SHOPPER_CANCELLED, QR_CODE_EXPIRED)',
    ),
  scannedWith: z
    .enum(['unionpay-app', 'alipay'], { message: 'unionpay-app or alipay' })
    .optional()
    .describe('UnionPay QR only: the app that scanned the code (alipay needs QR mutual recognition)'),
});

export const ScanBody = closedObject({ shopper: shopperId });

export const RefundBody = closedObject({
  amount: z
    .number({ message: 'a whole number of fen, at least 1' })
    .int('a whole number of fen, at least 1')
    .min(1, 'a whole number of fen, at least 1')
    .max(2 ** 31, 'at most 2147483648 fen')
    .describe('fen to give back (1 yuan = 100 fen); all of it or part, up to what is left'),
  note: z.string().trim().max(200, 'at most 200 characters').optional().describe('why, for the record'),
});

/** The IETF httpapi Idempotency-Key: a structured-field string (quotes optional here). */
export const IdempotencyKeyHeader = z.object({
  'idempotency-key': z
    .string({ message: 'send an Idempotency-Key header (a new random value for each payment you mean to make)' })
    .trim()
    .transform((key) => key.replace(/^"(.*)"$/, '$1'))
    .pipe(z.string().regex(/^[A-Za-z0-9_.:~-]{8,128}$/, '8 to 128 letters, digits or _.:~- (a UUID will do)'))
    // What the document says: the same rule, with the optional quotes balanced.
    .meta({ pattern: '^(?:"[A-Za-z0-9_.:~-]{8,128}"|[A-Za-z0-9_.:~-]{8,128})$', example: '"8e03978e-40d5-43e8-bc93-6894a57f9324"' }),
});
