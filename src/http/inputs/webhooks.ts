import { z } from 'zod';
import { EVENT_TYPES, isEventPattern } from '../../domain/webhooks.ts';
import { closedObject } from './common.ts';

/** Every pattern isEventPattern accepts: an event type, a group of them (integration.*), or *. */
const EVENT_PATTERNS = ['*', ...new Set(EVENT_TYPES.map((type) => `${type.split('.')[0]}.*`)), ...EVENT_TYPES];

export const WebhookBody = closedObject({
  url: z.string().trim().min(1, 'the URL to POST events to').max(2000, 'at most 2000 characters').meta({
    pattern: '^\\s*https?://',
    description:
      'http(s) URL; its host, and every address its name resolves to, must be allowed by HUTONG_WEBHOOK_ALLOW (loopback only by default)',
  }),
  events: z
    .array(
      z
        .string()
        .refine(isEventPattern, { message: `an event type (${EVENT_TYPES.join(', ')}), a group such as integration.*, or *` })
        .meta({ enum: EVENT_PATTERNS }),
    )
    .min(1, 'at least one event type or pattern')
    .max(50)
    .describe('event types, group.* patterns (integration.*, payment.*) or *'),
});

export const WebhookParams = z.object({ id: z.string().regex(/^wh_[A-Za-z0-9_-]{6,32}$/, 'a webhook id such as wh_AbC123') });
