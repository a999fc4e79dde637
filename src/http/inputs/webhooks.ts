import { z } from 'zod';
import { DELIVERY_STATUSES } from '../../db/webhooks.ts';
import { EVENT_TYPES, isEventPattern } from '../../domain/webhooks.ts';
import { closedObject, instant } from './common.ts';

/** Every pattern isEventPattern accepts: an event type, a group of them (integration.*), or *. */
const EVENT_PATTERNS = ['*', ...new Set(EVENT_TYPES.map((type) => `${type.split('.')[0]}.*`)), ...EVENT_TYPES];

const url = z.string().trim().min(1, 'the URL to POST events to').max(2000, 'at most 2000 characters').meta({
  pattern: '^\\s*https?://',
  description:
    'http(s) URL; its host, and every address its name resolves to, must be allowed by HUTONG_WEBHOOK_ALLOW (loopback only by default)',
});

const events = z
  .array(
    z
      .string()
      .refine(isEventPattern, { message: `an event type (${EVENT_TYPES.join(', ')}), a group such as integration.*, or *` })
      .meta({ enum: EVENT_PATTERNS }),
  )
  .min(1, 'at least one event type or pattern')
  .max(50)
  .describe('event types, group.* patterns (integration.*, payment.*) or *');

/** Faults played on purpose, in a sandbox only (refused with 400 on faults in the default world). */
export const FaultsBody = closedObject(
  {
    duplicate: z.boolean().optional().describe('send each message’s first attempt twice, under the same webhook-id'),
    delaySeconds: z.number().int().min(0).max(30).optional().describe('wait this many real seconds before each attempt'),
    shuffleWindow: z
      .number()
      .int()
      .min(0)
      .max(20)
      .optional()
      .describe('hold up to this many due messages and send them shuffled (2 or more)'),
    seed: z.number().int().min(0).max(2_147_483_647).optional().describe('the shuffle’s seed (default 1), to play a run again'),
  },
  'faults',
).describe('faults a sandbox endpoint asks for, to prove a receiver idempotent and order-independent; refused in the default world');

export const WebhookBody = closedObject({ url, events, faults: FaultsBody.optional() });

export const WebhookPatchBody = closedObject({
  url: url.optional(),
  events: events.optional(),
  faults: FaultsBody.nullable().optional().describe('the faults (null: none); sandboxes only'),
  expectedVersion: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('The version you are looking at (GET /webhooks/{id} `version`). Required here unless sent as If-Match.'),
});

export const ResendFailedBody = closedObject({
  since: instant.describe('every failed message written at or after this time (the world’s clock) is sent again'),
});

export const WebhookParams = z.object({ id: z.string().regex(/^wh_[A-Za-z0-9_-]{6,32}$/, 'a webhook id such as wh_AbC123') });
export const DeliveryParams = WebhookParams.extend({
  deliveryId: z.string().regex(/^msg_[A-Za-z0-9_-]{6,32}$/, 'a message id (webhook-id) such as msg_AbC123'),
});

export const DeliveriesQuery = z.object({
  type: z.string().max(100).optional().describe('only messages of this event type'),
  status: z.enum(DELIVERY_STATUSES).optional().describe('only messages in this status'),
});

/** The body of a write whose whole input is its path: nothing, or {}. */
export const NoBody = closedObject({}, 'this body (it takes none)').optional();
