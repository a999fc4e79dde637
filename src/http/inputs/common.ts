import { z } from 'zod';
import { CONTEXT_CHANNELS } from '../../domain/model.ts';
import { parseYuan } from '../../domain/money.ts';
import { parseDay, parseInstant } from '../../domain/dates.ts';
import { endOfDayIso } from '../../domain/time.ts';

/** Field schemas shared by several inputs; each route still declares one schema per input. */

/**
 * An API body's object: a member it does not know is refused by name (400 naming its path, as an unknown
 * query parameter is), and the document says so (additionalProperties: false). Pages' forms stay open:
 * they carry _csrf and buttons' names.
 */
export function closedObject<T extends z.ZodRawShape>(shape: T, what = 'this body') {
  const takes = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `not a field of ${what} (it takes: ${takes})` : undefined),
  });
}

/** For the document: text the server trims must hold more than spaces (minLength alone would allow "  "). */
export const NOT_BLANK = { pattern: '\\S' } as const;

export const storefrontSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a storefront slug such as eleme');
export const walletSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a wallet slug such as wechat-pay');
/** The channel a checkout is decided for (the rules' four, or in_app_browser inside a host app). */
export const channel = z.enum(CONTEXT_CHANNELS, { message: `one of: ${CONTEXT_CHANNELS.join(', ')}` });

/** Yuan as text ("120.50") -> integer fen. */
export const yuanAmount = z
  .string()
  .trim()
  .regex(/^\d{1,9}(\.\d{1,2})?$/, 'an amount in yuan such as 120.50')
  .transform((text) => parseYuan(text) ?? 0);

const DAY_RULE = 'a real date such as 2021-10-15 (from 1970-01-01 to 9999-12-31)';
const INSTANT_RULE = 'a real time such as 2026-12-01T08:00 (UTC) or 2026-12-01T08:00:00Z (from 1970 to 9999)';

/** A calendar day that exists ("2021-10-15"); 2021-02-30 and 2021-04-31 are refused, not rolled over. */
export const day = z
  .string()
  .trim()
  .refine((text) => parseDay(text) !== null, { message: DAY_RULE })
  .meta({
    format: 'date',
    pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
    description: 'a calendar day that exists, from 1970-01-01 to 9999-12-31 (2021-02-30 is refused)',
    example: '2021-10-15',
  });

/** A time that exists, read as UTC unless it names a zone -> ISO-8601 UTC; hour 24 and minute 60 are refused. */
export const instant = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const iso = parseInstant(text);
    if (iso === null) ctx.addIssue({ code: 'custom', message: INSTANT_RULE });
    return iso ?? z.NEVER;
  })
  .meta({
    format: 'date-time',
    // What parseInstant reads: seconds and milliseconds optional, the zone too (none: UTC).
    pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,3})?)?(Z|[+-][0-9]{2}:[0-9]{2})?$',
    description:
      'an instant that exists, from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, read as UTC unless it names a zone (hour 24 and minute 60 are refused)',
    example: '2021-10-15T08:00:00Z',
  });

/** A day (2021-10-15, meaning the end of that day, UTC) or an instant. */
export const asOf = z
  .union([day.transform(endOfDayIso), instant], { message: `${DAY_RULE}, or a real time such as 2021-10-15T08:00:00Z` })
  .describe('a day (its end, UTC) or an instant; leave the parameter out for now (an empty value is refused)');

// An empty field is a missing number, not 0 (which would remove the line).
export const quantity = z
  .preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce.number({ message: 'a whole number from 0 to 99' }),
  )
  .pipe(z.number().int('a whole number from 0 to 99').min(0, 'a whole number from 0 to 99').max(99, 'a whole number from 0 to 99'));

export const productId = z.coerce
  .number({ message: 'a product id' })
  .int('a product id')
  .positive('a product id')
  .max(2 ** 31);

export const orderId = z.string().regex(/^ord_[A-Za-z0-9_-]{6,32}$/, 'an order id such as ord_AbC123');
