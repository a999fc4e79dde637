import type { z } from 'zod';
import { tokenHolders } from '../http/route-table-guards.ts';
import { apiRoute } from '../http/route-table.ts';
import { loggedRequestJson, RequestLogJson } from '../presenters/request-log-json.ts';
import { requestLogQuery } from '../http/inputs/request-log.ts';

/** The world's request log: the latest API requests, an admin's all, anyone else's their own. */
export const requestLogRoutes = [
  apiRoute({
    method: 'get',
    path: '/requests',
    operationId: 'listRequests',
    tags: ['requests'],
    summary: 'The latest API requests in this world, latest first',
    description:
      'Each request this world answered under /api (this one excepted): method, path without the query, status, duration, Idempotency-Key and whether it was replayed, the problem’s code, its Request-Id. The latest 1,000 of each world are kept. An admin sees everyone’s; anyone else the requests made with their own token.',
    guard: tokenHolders,
    query: requestLogQuery,
    responses: { 200: { description: 'the requests', schema: RequestLogJson } },
    problems: [],
    handler: ({ req, world, query }) => {
      const everyone = req.user?.role === 'admin';
      const requests = world.repos.requestLog.latest({
        person: everyone ? null : (req.user?.username ?? ''),
        method: query.method ?? null,
        status: query.status ?? null,
        limit: query.limit,
      });
      return { scope: everyone ? 'everyone' : 'yours', requests: requests.map(loggedRequestJson) } satisfies z.infer<typeof RequestLogJson>;
    },
  }),
];
