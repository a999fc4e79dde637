import { z } from 'zod';
import { parseDay, parseInstant } from '../domain/dates.ts';
import type { EventRole } from '../domain/actors.ts';
import { CHANNELS, RECORD_PRECISIONS } from '../domain/model.ts';
import { VERBS } from '../domain/transitions.ts';
import { UNDATED_AT } from '../domain/time.ts';
import { BEHAVIOURS, HOSTS, LINK_FACT_FIELDS, LINK_PLATFORMS, PREVIEWS, SHARES, SURFACES } from '../domain/links/model.ts';
import { LINK_VERBS } from '../domain/links/verbs.ts';

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a lowercase slug');
/**
 * A date such as 2021-09-20, an instant (a range's latest instant: 2021-12-05T23:59:59.999Z), or
 * "undated": a fact no article dates, in force from the start of the simulated year. A date or
 * instant is real and from 1970 to 9999 (src/domain/dates.ts): stored as written, so it must compare as an instant.
 */
const day = z
  .string()
  .regex(/^(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{3})?)?Z)?|undated)$/, 'a date such as 2021-09-20, or "undated"')
  .refine(
    (at) => at === 'undated' || (at.length === 10 ? parseDay(at) : parseInstant(at)) !== null,
    'a real date from 1970 to 9999, such as 2021-09-20',
  );
const precision = z.enum(RECORD_PRECISIONS);
/** The articles a fact comes from, by file name (000_….txt); the record test checks each exists. */
const sources = z.array(z.string().regex(/^\d{3}_[0-9a-f]{16}\.txt$/, 'a seed file name such as 002_c38cf0f4a4e7f84b.txt'));
const yuan = z.string().regex(/^\d{1,7}\.\d{2}$/, 'a price in yuan such as 28.00');

export const WorldFile = z.object({
  providers: z.array(z.object({ slug, name: z.string().min(1) })).min(1),
  groups: z.array(z.object({ slug, name: z.string().min(1), ownWallet: slug.optional() })).min(1),
  wallets: z.array(z.object({ slug, name: z.string().min(1), provider: slug, displayOrder: z.number().int() })).min(1),
  storefronts: z
    .array(
      z.object({
        slug,
        name: z.string().min(1),
        localName: z.string().default(''),
        group: slug,
        category: z.string().min(1),
        tagline: z.string().default(''),
        products: z
          .array(z.object({ sku: slug, name: z.string().min(1), description: z.string().default(''), price: yuan }))
          .min(4)
          .max(8),
      }),
    )
    .min(1),
  links: z
    .object({
      hosts: z.array(
        z.object({
          slug: z.enum(HOSTS),
          name: z.string().min(1),
          owner: z.string().min(1),
          operatorGroup: slug,
          reviewerProvider: slug.optional(),
          surfaces: z.array(z.object({ slug: z.enum(SURFACES), name: z.string().min(1) })).min(1),
        }),
      ),
      platforms: z.array(
        z.object({
          slug: z.enum(LINK_PLATFORMS),
          name: z.string().min(1),
          owner: z.string().min(1),
          requesterGroup: slug.optional(),
          storefront: slug.optional(),
        }),
      ),
      walls: z
        .array(
          z.object({
            host: z.enum(HOSTS),
            wallet: slug,
            group: slug,
            reason: z.string().min(1),
            note: z.string().default(''),
            sources,
          }),
        )
        .default([]),
    })
    .optional(),
});
export type WorldFile = z.infer<typeof WorldFile>;

/** What every dated fact of a scenario carries: when, how precisely, who, why, and the articles. */
const RecordedFact = z.strictObject({
  at: day,
  precision: precision.default('day'),
  actor: z.string().min(1),
  actorRole: z.enum(['operator', 'reviewer', 'admin', 'record'] satisfies EventRole[]).default('record'),
  reason: z.string().default(''),
  note: z.string().default(''),
  sources: sources.default([]),
});

const ScenarioEvent = RecordedFact.extend({
  verb: z.enum(VERBS),
  rules: z
    .strictObject({
      rolloutPercent: z.number().int().min(0).max(100).optional(),
      channels: z.array(z.enum(CHANNELS)).optional(),
      minAmount: yuan.nullable().optional(),
      maxAmount: yuan.nullable().optional(),
    })
    .optional(),
});
export type ScenarioEvent = z.infer<typeof ScenarioEvent>;

/** A link policy event: the integrations' dated fact with a link verb and what it sets, asks for or announces. */
const LinkScenarioEvent = RecordedFact.extend({
  verb: z.enum(LINK_VERBS),
  behaviour: z.enum(BEHAVIOURS).optional(),
  preview: z.enum(PREVIEWS).optional(),
  share: z.enum(SHARES).optional(),
  rolloutPercent: z.number().int().min(0).max(100).optional(),
  /** Fields a report sets that no article reports: shown as the simulator's assumption, with no source. */
  assumed: z.array(z.enum(LINK_FACT_FIELDS)).optional(),
});
export type LinkScenarioEvent = z.infer<typeof LinkScenarioEvent>;

/** The same events for every host x surface x platform named (as integrations name several storefronts). */
const LinkEntry = z.strictObject({
  host: z.enum(HOSTS),
  surfaces: z.array(z.enum(SURFACES)).min(1),
  platforms: z.array(z.enum(LINK_PLATFORMS)).min(1),
  events: z.array(LinkScenarioEvent).min(1),
});

export const ScenarioFile = z.strictObject({
  title: z.string().min(1),
  description: z.string().min(1),
  integrations: z.array(z.strictObject({ wallet: slug, storefronts: z.array(slug).min(1), events: z.array(ScenarioEvent).min(1) })),
  links: z.array(LinkEntry).default([]),
  milestones: z.array(z.strictObject({ slug, title: z.string().min(1), at: day, precision, note: z.string().default(''), sources })),
});
export type ScenarioFile = z.infer<typeof ScenarioFile>;

/** A scenario's date as the instant the simulation places it at ("undated": the start of the simulated year). */
export function toIso(at: string): string {
  if (at === 'undated') return UNDATED_AT;
  return at.length === 10 ? `${at}T00:00:00.000Z` : new Date(at).toISOString();
}
