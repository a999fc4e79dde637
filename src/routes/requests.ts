import { page, signedInPages } from '../http/page-table.ts';
import { renderPage } from '../http/render.ts';
import type { AnyPageRoute } from '../http/route-table.ts';

/** How many of the latest requests the page lists (the API's ?limit= goes up to 1,000). */
const SHOWN = 100;

/** /requests, in each world: the latest API requests it answered — an admin's all, anyone else's their own. */
export const requestLogPages: AnyPageRoute[] = [
  page({
    method: 'get',
    path: '/requests',
    guard: signedInPages,
    view: 'requests/list',
    handler: ({ req, res, world }) => {
      const seesAll = req.user?.role === 'admin';
      const requests = world.repos.requestLog.latest({
        person: seesAll ? null : (req.user?.username ?? ''),
        method: null,
        status: null,
        limit: SHOWN,
      });
      renderPage(res, 'requests/list', { title: 'API requests', requests, seesAll });
    },
  }),
];
