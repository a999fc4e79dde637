import { z } from 'zod';
import type { LoggedRequest } from '../db/request-log.ts';
import { instantJson } from './formats.ts';

/** One API request of a world's request log, as the API sends it. */
export const LoggedRequestJson = z.object({
  requestId: z.string().describe('the Request-Id it was answered with (also in its problem, if it was one)'),
  method: z.string(),
  path: z.string().describe('the path, without the query string'),
  status: z.number().int(),
  durationMs: z.number().min(0).describe('from the request’s arrival to its answer, in milliseconds'),
  person: z.string().nullable().describe('the token’s person; null: anonymous'),
  idempotencyKey: z.string().nullable(),
  replayed: z.boolean().describe('answered as a replay of an earlier request with the same Idempotency-Key'),
  problemCode: z.string().nullable().describe('the problem’s code when the answer was one'),
  at: instantJson.describe('on this world’s clock (a sandbox’s stands still until moved)'),
  realAt: instantJson.describe('in real time'),
});
export const RequestLogJson = z.object({
  scope: z.enum(['everyone', 'yours']).describe('everyone: an admin’s view; yours: the requests made with your token'),
  requests: z.array(LoggedRequestJson).describe('latest first'),
});

export function loggedRequestJson(r: LoggedRequest): z.infer<typeof LoggedRequestJson> {
  const { worldAt, ...rest } = r;
  return { ...rest, at: worldAt };
}
