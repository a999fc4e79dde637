import { z } from 'zod';
import { CHANNELS } from '../domain/model.ts';
import { parseYuan } from '../domain/money.ts';
import { endOfDayIso } from '../domain/time.ts';

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
export const asOf = z
  .string()
  .trim()
  .refine((text) => /^\d{4}-\d{2}-\d{2}$/.test(text) || (/^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text))), {
    message: 'a date such as 2021-10-15 or an instant such as 2021-10-15T08:00:00Z',
  })
  .refine((text) => !Number.isNaN(Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text)), { message: 'not a real date' })
  .transform((text) => (text.length === 10 ? endOfDayIso(text) : new Date(text).toISOString()));

export const quantity = z.coerce
  .number({ message: 'a whole number from 0 to 99' })
  .int('a whole number from 0 to 99')
  .min(0, 'a whole number from 0 to 99')
  .max(99, 'a whole number from 0 to 99');

export const productId = z.coerce.number({ message: 'a product id' }).int('a product id').positive('a product id').max(2 ** 31);

export const orderId = z.string().regex(/^ord_[A-Za-z0-9_-]{6,32}$/, 'an order id such as ord_AbC123');
