import { z } from 'zod';
import { BEHAVIOURS, HOSTS, LINK_PLATFORMS, PREVIEWS, SHARES, SURFACES } from '../../domain/links/model.ts';
import { LINK_ACTION_VERBS } from '../../domain/links/verbs.ts';
import { asOf, closedObject, instant } from './common.ts';

/** The inputs of the links API: one schema each, shared with /api/openapi.json. */

const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);
const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { message: `one of: ${values.join(', ')}` });

export const host = oneOf(HOSTS);
export const surface = oneOf(SURFACES);
export const platform = oneOf(LINK_PLATFORMS);

export const LinksQuery = z.object({
  asOf: asOf.optional().describe('a day (its end, UTC) or an instant; default now'),
  host: z.preprocess(blankToUndefined, host.optional()),
  surface: z.preprocess(blankToUndefined, surface.optional()),
  platform: z.preprocess(blankToUndefined, platform.optional()),
});

export const LinkOpenQuery = z.object({
  host,
  surface,
  platform,
  shopper: z
    .string()
    .min(1, 'a shopper id')
    .max(128, 'at most 128 characters')
    .default('anonymous')
    .describe('the person tapping the link (any opaque id): a partial rollout is sticky per person'),
  asOf: asOf.optional().describe('a day (its end, UTC) or an instant; default now'),
});

export const LinkParams = z.object({ host, surface, platform });
export const LinkVerbParams = LinkParams.extend({ verb: oneOf(LINK_ACTION_VERBS) });

const percent = z
  .number({ message: 'a whole number from 0 to 100' })
  .int('a whole number from 0 to 100')
  .min(0, 'a whole number from 0 to 100')
  .max(100, 'a whole number from 0 to 100');

export const LinkVerbBody = closedObject({
  expectedVersion: z
    .number({ message: 'the version you are looking at' })
    .int('the version you are looking at')
    .min(0, 'the version you are looking at'),
  reason: z.string().trim().max(500, 'at most 500 characters').default(''),
  effectiveAt: instant.optional().describe('set only: when it takes effect (later: scheduled); default now'),
  behaviour: oneOf(BEHAVIOURS).optional().describe('set: the new behaviour; request: the behaviour asked for'),
  preview: oneOf(PREVIEWS).optional(),
  share: oneOf(SHARES).optional(),
  rolloutPercent: percent
    .optional()
    .describe('set only: the share of people who get the new behaviour (sticky buckets); the rest keep the old one'),
});
export type LinkVerbBody = z.infer<typeof LinkVerbBody>;

const blankIsAbsent = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/** The link matrix page and its downloads (/review/links, .csv, .json): an empty form field means "not given". */
export const LinkMatrixQuery = z.object({
  asOf: blankIsAbsent(asOf),
  host: blankIsAbsent(host),
  surface: blankIsAbsent(surface),
  platform: blankIsAbsent(platform),
});

const formPercent = z.coerce
  .number({ message: 'a whole number from 0 to 100' })
  .int('a whole number from 0 to 100')
  .min(0, 'a whole number from 0 to 100')
  .max(100, 'a whole number from 0 to 100');

/** The console's link forms (POST /console/links/:host/:surface/:platform/:verb): text fields, an empty one means "not given". */
export const LinkVerbForm = z.object({
  expectedVersion: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ message: 'the version you are looking at' })
      .int('the version you are looking at')
      .min(0, 'the version you are looking at'),
  ),
  reason: z.string({ message: 'a reason as text' }).trim().max(500, 'at most 500 characters').default(''),
  effectiveAt: blankIsAbsent(instant),
  behaviour: blankIsAbsent(oneOf(BEHAVIOURS)),
  preview: blankIsAbsent(oneOf(PREVIEWS)),
  share: blankIsAbsent(oneOf(SHARES)),
  rolloutPercent: blankIsAbsent(formPercent),
});
