import { z } from 'zod';
import { instantJson } from './formats.ts';
import { linkGroundsShape } from './link-json.ts';
import { CHANNELS, PRECISIONS, STATES } from '../domain/model.ts';
import { BEHAVIOURS, HOSTS, LINK_PLATFORMS, PREVIEWS, SHARES, SURFACES } from '../domain/links/model.ts';

/** The JSON the review downloads send (/api/matrix, /api/events, /api/diff, /api/metrics), for /api/openapi.json. */

const precision = z.enum(PRECISIONS).describe('how precisely the date is known: exact (a click), or as the article gives it');
const fen = z.number().int().nullable().describe('fen (1 yuan = 100 fen)');

export const MatrixJson = z.object({
  asOf: instantJson,
  cells: z.array(
    z.object({
      storefront: z.string(),
      storefrontName: z.string(),
      group: z.string(),
      wallet: z.string(),
      walletName: z.string(),
      state: z.enum(STATES),
      rolloutPercent: z.number().int(),
      channels: z.string().describe('space-separated channels'),
      minAmountFen: fen,
      maxAmountFen: fen,
      since: instantJson.nullable(),
      sinceLabel: z.string().describe('the date at its precision, e.g. ≈ Sept 2021'),
      sincePrecision: precision.nullable(),
      datePrecision: precision.nullable().describe('the same as sincePrecision (kept for older clients)'),
      sinceVerb: z.string().nullable(),
      sinceActor: z.string().nullable(),
      source: z.string().nullable(),
      reason: z
        .string()
        .describe(
          'what the fact in force says, in its words (why a wallet is reported not offered), or the person’s reason; empty for an assumption',
        ),
      scheduled: z.string().nullable().describe('"<verb> <instant>" for a change recorded for later'),
      basis: z
        .enum(['reported', 'assumed'])
        .describe('assumed: nothing recorded (no report yet: the walled-garden default), with no date and no source'),
    }),
  ),
});

export const TimelineJson = z.object({
  events: z.array(
    z.object({
      id: z.number().int(),
      effectiveAt: instantJson,
      date: z.string(),
      datePrecision: precision,
      recordedAt: instantJson,
      storefront: z.string(),
      wallet: z.string(),
      verb: z.string(),
      fromState: z.enum(STATES),
      toState: z.enum(STATES),
      actor: z.string(),
      actorRole: z.string(),
      reason: z.string(),
      status: z.enum(['active', 'cancelled']),
      rolloutPercent: z.number().int(),
      source: z.string().nullable(),
      dateNote: z.string().nullable(),
    }),
  ),
  milestones: z
    .array(
      z.object({
        slug: z.string(),
        title: z.string(),
        effectiveAt: instantJson,
        date: z.string().describe('the date at its precision'),
        datePrecision: precision,
        source: z.string().nullable(),
        dateNote: z.string().nullable(),
      }),
    )
    .describe("the record's milestones that concern these events, over the same span"),
  links: z
    .array(
      z.object({
        id: z.number().int(),
        effectiveAt: instantJson,
        date: z.string().describe('the date at its precision'),
        datePrecision: precision,
        recordedAt: instantJson,
        host: z.enum(HOSTS),
        surface: z.enum(SURFACES),
        platform: z.enum(LINK_PLATFORMS),
        verb: z.string(),
        fromBehaviour: z.enum(BEHAVIOURS),
        behaviour: z.enum(BEHAVIOURS).describe('after the event (an announcement changes nothing)'),
        asked: z
          .string()
          .nullable()
          .describe(
            'what a request or an announcement asks for, in words (announced = announced or expected, not done); for a report, what it reports (the other fields it sets are assumed)',
          ),
        actor: z.string(),
        actorRole: z.string(),
        reason: z.string(),
        status: z.enum(['active', 'cancelled']),
        rolloutPercent: z.number().int(),
        source: z.string().nullable(),
        dateNote: z.string(),
        title: z.string(),
      }),
    )
    .describe('link policy events over the same span (none with a storefront or wallet filter)'),
  nextCursor: z.string().nullable().describe('send as cursor= for the next page (also in the Link header, rel="next")'),
});

const sideOfDiff = z.object({
  state: z.enum(STATES),
  rules: z.object({
    rolloutPercent: z.number().int(),
    channels: z.array(z.enum(CHANNELS)),
    minAmountFen: fen,
    maxAmountFen: fen,
    displayOrder: z.number().int(),
  }),
});

const sideOfLinkDiff = z.object({
  behaviour: z.enum(BEHAVIOURS),
  preview: z.enum(PREVIEWS),
  share: z.enum(SHARES),
  rolloutPercent: z.number().int(),
});

export const DiffJson = z.object({
  from: instantJson,
  to: instantJson,
  changes: z.array(
    z.object({
      storefront: z.string(),
      storefrontName: z.string(),
      wallet: z.string(),
      walletName: z.string(),
      changed: z.array(z.string()).describe('state and/or the rule fields that differ'),
      from: sideOfDiff,
      to: sideOfDiff,
    }),
  ),
  links: z
    .array(
      z.object({
        host: z.enum(HOSTS),
        surface: z.enum(SURFACES),
        platform: z.enum(LINK_PLATFORMS),
        hostName: z.string(),
        surfaceName: z.string(),
        platformName: z.string(),
        changed: z.array(z.enum(['behaviour', 'preview', 'share', 'rolloutPercent'])).describe('the fields that differ'),
        from: sideOfLinkDiff,
        to: sideOfLinkDiff,
        since: instantJson.nullable().describe('when the policy at `to` became as it is'),
        sincePrecision: precision.nullable(),
        sinceLabel: z.string().nullable().describe('`since` at its precision'),
        source: z.string().nullable().describe('the article(s) it comes from'),
        ...linkGroundsShape,
      }),
    )
    .describe('the link policies whose behaviour, preview, share or rollout differ (announced or expected changes are not changes)'),
});

export const MetricsJson = z.object({
  metrics: z.array(
    z.object({
      storefront: z.string(),
      storefrontName: z.string(),
      wallet: z.string(),
      started: z.number().int(),
      paid: z.number().int(),
      conversion: z.number().nullable().describe('paid / started, null before the first checkout'),
    }),
  ),
  attempts: z
    .object({
      wallets: z.array(
        z.object({
          wallet: z.string(),
          tried: z.number().int(),
          succeeded: z.number().int(),
          declined: z.number().int(),
          declinedByReason: z.array(z.object({ reason: z.string(), attempts: z.number().int() })),
          abandoned: z.number().int().describe('attempts the shopper cancelled'),
          expired: z.number().int(),
          firstChosen: z.number().int().describe('orders whose first attempt was with this wallet'),
          paidWithFirstChoice: z.number().int(),
          paidWithAnother: z.number().int(),
          firstChoiceConversion: z.number().nullable(),
          refunds: z.number().int(),
          refundedFen: z.number().int(),
        }),
      ),
      switches: z.array(z.object({ from: z.string(), to: z.string(), switches: z.number().int() })),
    })
    .describe('per payment attempt: an order declined by one wallet and paid with another counts an attempt for each, and a switch'),
});
