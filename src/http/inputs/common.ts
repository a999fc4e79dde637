import { z } from 'zod';
import { CHANNELS } from '../../domain/model.ts';
import { parseYuan } from '../../domain/money.ts';
import { endOfDayIso } from '../../domain/time.ts';

/** Field schemas shared by several inputs; each route still declares one schema per input. */

export const storefrontSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a storefront slug such as eleme');
export const walletSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a wallet slug such as wechat-pay');
export const channel = z.enum(CHANNELS, { message: `one of: ${CHANNELS.join(', ')}` });

/** Yuan as text ("120.50") -> integer fen. */
export const yuanAmount = z
  .string()
  .trim()
  .regex(/^\d{1,9}(\.\d{1,2})?$/, 'an amount in yuan such as 120.50')
  .transform((text) => parseYuan(text) as number);

/** A day (2021-10-15, meaning the end of that day, UTC) or an ISO-8601 instant. */
function instantOf(text: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const ms = Date.parse(`${text}T00:00:00Z`);
    // Date.parse rolls 2021-02-31 over to March; a real day round-trips.
    return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(text) ? ms : Number.NaN;
  }
  return /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(text) ? Date.parse(text) : Number.NaN;
}

/** A day (2021-10-15, meaning the end of that day, UTC) or an ISO-8601 instant. */
export const asOf = z
  .string()
  .trim()
  .refine((text) => !Number.isNaN(instantOf(text)), {
    message: 'a date such as 2021-10-15 or an instant such as 2021-10-15T08:00:00Z',
  })
  .transform((text) => (text.length === 10 ? endOfDayIso(text) : new Date(instantOf(text)).toISOString()));

export const quantity = z.coerce
  .number({ message: 'a whole number from 0 to 99' })
  .int('a whole number from 0 to 99')
  .min(0, 'a whole number from 0 to 99')
  .max(99, 'a whole number from 0 to 99');

export const productId = z.coerce.number({ message: 'a product id' }).int('a product id').positive('a product id').max(2 ** 31);

export const orderId = z.string().regex(/^ord_[A-Za-z0-9_-]{6,32}$/, 'an order id such as ord_AbC123');
