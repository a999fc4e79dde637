import { z } from 'zod';
import { instantJson } from './formats.ts';
import { CHANGE_REQUEST_STATUSES } from '../db/change-requests.ts';
import { CHANNELS } from '../domain/model.ts';
import { EventJson } from './api-json.ts';

/** A launch or adjustment held for a second operator, as the API sends it. */
export const ChangeRequestJson = z.object({
  changeRequest: z.object({
    id: z
      .number()
      .int()
      .describe('approve it with POST /api/change-requests/{id}/approve, reject it with …/reject, withdraw it with …/withdraw'),
    integrationId: z.number().int(),
    storefrontSlug: z.string(),
    walletSlug: z.string(),
    verb: z.enum(['launch', 'adjust']),
    expectedVersion: z.number().int(),
    reason: z.string(),
    effectiveAt: instantJson.nullable(),
    rules: z
      .object({
        rolloutPercent: z.number().int().min(0).max(100).optional(),
        channels: z.array(z.enum(CHANNELS)).optional(),
        minAmountFen: z.number().int().nullable().optional(),
        maxAmountFen: z.number().int().nullable().optional(),
        displayOrder: z.number().int().optional(),
      })
      .describe('the rule changes asked for (amounts in fen)'),
    requestedBy: z.string(),
    requestedAt: instantJson,
    status: z
      .enum(CHANGE_REQUEST_STATUSES)
      .describe('pending until another operator applies or rejects it, or its author withdraws it; the request is kept either way'),
    decidedBy: z.string().nullable().describe('who applied, rejected or withdrew it'),
    decidedAt: instantJson.nullable(),
    decisionReason: z.string().nullable().describe('why it was rejected or withdrawn'),
  }),
});
export const ChangeRequestListJson = z.object({ changeRequests: z.array(ChangeRequestJson.shape.changeRequest) });
export const AppliedChangeJson = ChangeRequestJson.extend({ event: EventJson });
export const PolicyJson = z.object({
  group: z.string(),
  secondOperator: z.boolean().describe('whether launch and adjust need a second operator'),
});
