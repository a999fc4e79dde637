import { z } from 'zod';
import { DELIVERY_STATUSES } from '../../db/webhooks.ts';
import { EVENT_TYPES, isEventPattern } from '../../domain/webhooks.ts';
import { instant } from './common.ts';

/** The pages' webhook forms (open objects: they carry _csrf and buttons' names). */

const blankIsNone = (v: unknown) => (v === '' ? undefined : v);

const url = z.string().trim().min(1, 'the URL to POST events to, such as http://127.0.0.1:4000/hooks').max(2000, 'at most 2000 characters');

/** Event types as typed in one field: separated by commas or spaces. */
const events = z
  .string()
  .trim()
  .min(1, 'at least one event type, a group such as order.*, or *')
  .transform((text) => text.split(/[\s,]+/).filter(Boolean))
  .refine((list) => list.length <= 50 && list.every(isEventPattern), {
    message: `event types (${EVENT_TYPES.slice(0, 3).join(', ')}, …), groups such as order.*, or *, separated by commas`,
  });

const faultFields = {
  duplicate: z.preprocess((v) => v === 'on' || v === 'true', z.boolean()).optional(),
  delaySeconds: z.preprocess(blankIsNone, z.coerce.number({ message: 'seconds, from 0 to 30' }).int().min(0).max(30).optional()),
  shuffleWindow: z.preprocess(blankIsNone, z.coerce.number({ message: 'from 0 to 20' }).int().min(0).max(20).optional()),
};

export const WebhookForm = z.object({ url, events, ...faultFields });

const version = z.coerce.number({ message: 'the version you are looking at' }).int().min(1);

export const WebhookEditForm = z.object({ url, events, version, ...faultFields });

/** Rotate: the version the page showed, so a form sent twice rotates once (the secret it replaces keeps signing). */
export const RotateForm = z.object({ version });

export const ResendFailedForm = z.object({ since: instant });

export const DeliveryFilterQuery = z.object({
  type: z.preprocess(blankIsNone, z.string().max(100).optional()),
  status: z.preprocess(blankIsNone, z.enum(DELIVERY_STATUSES).optional()),
});
