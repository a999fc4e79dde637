import { z } from 'zod';
import type { IntegrationView } from '../actions/integration-views.ts';
import { CHANNELS, PRECISIONS, STATES, type IntegrationEvent, type Rules } from '../domain/model.ts';
import { fenToYuanString } from '../domain/money.ts';
import { formatRecordedDate } from '../domain/time.ts';

/** The JSON the API sends; the types below come from these schemas, which /api/openapi.json also describes. */

const yuan = z.string().describe('yuan, e.g. "120.50"');

export const RulesJson = z.object({
  rolloutPercent: z.number().int().min(0).max(100),
  channels: z.array(z.enum(CHANNELS)),
  minAmount: yuan.nullable(),
  maxAmount: yuan.nullable(),
  displayOrder: z.number().int(),
});

export const EventJson = z.object({
  version: z.number().int(),
  verb: z.string(),
  fromState: z.enum(STATES),
  toState: z.enum(STATES),
  actor: z.string(),
  actorRole: z.string(),
  reason: z.string(),
  recordedAt: z.string(),
  effectiveAt: z.string(),
  status: z.enum(['active', 'cancelled']),
  cancelledAt: z.string().nullable(),
  rules: RulesJson,
  sourceFile: z.string().nullable(),
  datePrecision: z.enum(PRECISIONS),
  date: z.string().describe('effectiveAt at its precision: "14 Sept 2021", "≈ Sept 2021", "before 2021", "27 Oct 2021 (expected)"'),
});

export const IntegrationJson = z.object({
  storefront: z.string(),
  wallet: z.string(),
  state: z.enum(STATES).describe('the state now, derived from the events'),
  scheduledLaunchAt: z.string().nullable().describe('a launch recorded for later: SCHEDULED at checkout until then'),
  rules: RulesJson,
  version: z.number().int().describe('send it back as expectedVersion (or If-Match) to change the integration'),
  updatedAt: z.string(),
});

export const IntegrationListJson = z.object({ asOf: z.string(), integrations: z.array(IntegrationJson) });
export const EventListJson = z.object({ storefront: z.string(), wallet: z.string(), events: z.array(EventJson) });
export const TransitionJson = z.object({ integration: IntegrationJson, event: EventJson });
export const TokenJson = z.object({ token: z.string(), tokenId: z.number().int(), expiresAt: z.string().describe('ISO-8601 UTC; refused with 401 after this') });

function rulesJson(rules: Rules): z.infer<typeof RulesJson> {
  const yuanOrNull = (fen: number | null) => (fen === null ? null : fenToYuanString(fen));
  return {
    rolloutPercent: rules.rolloutPercent, channels: rules.channels, minAmount: yuanOrNull(rules.minAmountFen),
    maxAmount: yuanOrNull(rules.maxAmountFen), displayOrder: rules.displayOrder,
  };
}

export function integrationJson(view: IntegrationView): z.infer<typeof IntegrationJson> {
  return {
    storefront: view.storefront.slug, wallet: view.wallet.slug, state: view.state,
    scheduledLaunchAt: view.scheduled?.effectiveAt ?? null, rules: rulesJson(view.rules), version: view.version,
    updatedAt: view.row.updatedAt,
  };
}

export function eventJson(event: IntegrationEvent): z.infer<typeof EventJson> {
  return {
    version: event.version, verb: event.verb, fromState: event.fromState, toState: event.toState, actor: event.actor,
    actorRole: event.actorRole, reason: event.reason, recordedAt: event.recordedAt, effectiveAt: event.effectiveAt,
    status: event.status, cancelledAt: event.cancelledAt, rules: rulesJson(event.rules), sourceFile: event.sourceFile,
    datePrecision: event.datePrecision, date: formatRecordedDate(event.effectiveAt, event.datePrecision),
  };
}
