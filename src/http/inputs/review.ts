import { z } from 'zod';
import { decodeCursor } from '../../db/review.ts';
import { STATES } from '../../domain/model.ts';
import { endOfDayIso } from '../../domain/time.ts';
import { VERBS } from '../../domain/transitions.ts';
import { asOf, channel, day, NOT_BLANK, storefrontSlug, walletSlug, yuanAmount } from './common.ts';

/** The review's query strings. Empty form fields mean "not given". */

const blankIsAbsent = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const groupSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a group slug such as alibaba');
const page = z.coerce.number({ message: 'a page number' }).int('a page number').min(1, 'a page number').max(100_000, 'a page number');

export const MatrixQuery = z.object({
  asOf: blankIsAbsent(asOf),
  group: blankIsAbsent(groupSlug),
  state: blankIsAbsent(z.enum(STATES, { message: `one of: ${STATES.join(', ')}` })),
  page: blankIsAbsent(page),
});
export type MatrixQuery = z.infer<typeof MatrixQuery>;

export const TimelineQuery = z.object({
  storefront: blankIsAbsent(storefrontSlug),
  wallet: blankIsAbsent(walletSlug),
  verb: blankIsAbsent(z.enum(VERBS, { message: `one of: ${VERBS.join(', ')}` })),
  actor: blankIsAbsent(z.string().trim().min(1).max(100, 'at most 100 characters').meta(NOT_BLANK)),
  from: blankIsAbsent(day.transform((d) => `${d}T00:00:00.000Z`)),
  to: blankIsAbsent(day.transform((d) => `${d}T23:59:59.999Z`)),
  cursor: blankIsAbsent(
    z
      .string()
      .max(200)
      .transform((text, ctx) => {
        const cursor = decodeCursor(text);
        if (!cursor) ctx.addIssue({ code: 'custom', message: 'not a cursor this server gave out; start from the first page' });
        return cursor ?? z.NEVER;
      }),
  ),
  limit: blankIsAbsent(
    z.coerce.number({ message: 'a number from 1 to 200' }).int().min(1, 'a number from 1 to 200').max(200, 'a number from 1 to 200'),
  ),
});
export type TimelineQuery = z.infer<typeof TimelineQuery>;

/** The timeline export: the same filters, larger pages. */
export const TimelineExportQuery = TimelineQuery.extend({
  limit: blankIsAbsent(
    z.coerce
      .number({ message: 'a number from 1 to 10000' })
      .int()
      .min(1, 'a number from 1 to 10000')
      .max(10_000, 'a number from 1 to 10000'),
  ),
});

/** The range the diff page and GET /api/diff compare when not told: before and after the September 2021 opening. */
export const DEFAULT_DIFF = { from: endOfDayIso('2021-08-01'), to: endOfDayIso('2021-10-15') };
export const DiffQuery = z.object({ from: asOf.default(DEFAULT_DIFF.from), to: asOf.default(DEFAULT_DIFF.to) });
export const DiffPageQuery = z.object({ from: blankIsAbsent(asOf), to: blankIsAbsent(asOf), page: blankIsAbsent(page) });

export const PreviewQuery = z.object({
  storefront: blankIsAbsent(storefrontSlug),
  channel: blankIsAbsent(channel),
  amount: blankIsAbsent(yuanAmount),
  shopper: blankIsAbsent(z.string().trim().min(1).max(128, 'at most 128 characters')),
  date: blankIsAbsent(asOf),
});

export const CoverageQuery = z
  .object({
    from: blankIsAbsent(day.transform((d) => `${d}T00:00:00.000Z`)),
    to: blankIsAbsent(day.transform((d) => `${d}T23:59:59.999Z`)),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'the start must be before the end', path: ['to'] });

export const MetricsQuery = z.object({ page: blankIsAbsent(page) });
