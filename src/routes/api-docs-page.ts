import { ACTION_VERBS } from '../domain/transitions.ts';
import { page } from '../http/page-table.ts';
import { openApiDocument } from '../http/route-table-api.ts';
import { PROBLEMS, problemType } from '../http/problem.ts';
import { renderPage } from '../http/render.ts';
import type { AnyPageRoute } from '../http/route-table.ts';

/** Every problem code with its type URI: static, so listed once. */
const PROBLEM_LIST = Object.entries(PROBLEMS).map(([code, p]) => ({ code, ...p, type: problemType(code) }));

/** GET /api/docs: the same contract as a page for people (a page row: it has the layout's session). */
export const apiDocsPages: AnyPageRoute[] = [
  page({
    method: 'get',
    path: '/api/docs',
    view: 'api/docs',
    handler: ({ req, res }) => {
      renderPage(res, 'api/docs', {
        title: 'API',
        // Built on the first ask and kept (openApiDocument): the document does not change while the server runs.
        document: openApiDocument(),
        verbs: ACTION_VERBS,
        problems: PROBLEM_LIST,
        // The examples name the address the page was asked on, not a guess (behind a proxy: its Host).
        origin: `${req.protocol}://${req.get('host') ?? 'localhost:3000'}`,
      });
    },
  }),
];
