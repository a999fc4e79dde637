import { z } from 'zod';

/** GET /api/requests: how many, and optional filters. */
export const requestLogQuery = z.object({
  limit: z.coerce
    .number({ message: 'a whole number from 1 to 1000' })
    .int('a whole number from 1 to 1000')
    .min(1, 'a whole number from 1 to 1000')
    .max(1000, 'a whole number from 1 to 1000')
    .default(100)
    .describe('how many, latest first (default 100)'),
  method: z
    .enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], { message: 'GET, POST, PUT, PATCH or DELETE' })
    .optional()
    .describe('only requests with this method'),
  status: z.coerce
    .number({ message: 'an HTTP status such as 409' })
    .int('an HTTP status such as 409')
    .min(100, 'an HTTP status such as 409')
    .max(599, 'an HTTP status such as 409')
    .optional()
    .describe('only answers with this status'),
});
