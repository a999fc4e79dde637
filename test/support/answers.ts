import { z } from 'zod';

/**
 * The fields of API answers that tests read from a body parsed off the wire: a test reads a body
 * through one of these, so an answer without the field fails with zod's message, not a TypeError.
 */

export const WebhookAnswer = z.object({ secret: z.string() });
export const TokenAnswer = z.object({ token: z.string() });
export const ProblemAnswer = z.object({ code: z.string(), detail: z.string() });
export const OrderAnswer = z.object({ id: z.string() });
export const TransitionAnswer = z.object({ event: z.object({ version: z.number() }) });
export const PaymentAnswer = z.object({ order: z.object({ id: z.string(), status: z.string() }), payment: z.object({ id: z.number() }) });
