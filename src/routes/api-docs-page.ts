import { ACTION_VERBS } from '../domain/transitions.ts';
import { page } from '../http/page-table.ts';
import { openApiDocument } from '../http/route-table-api.ts';
import { PROBLEMS, problemType } from '../http/problem.ts';
import { renderPage } from '../http/render.ts';
import type { AnyPageRoute } from '../http/route-table.ts';

function contractOf() {
  return {
    document: openApiDocument(),
    problems: Object.entries(PROBLEMS).map(([code, p]) => ({ code, ...p, type: problemType(code) })),
  };
}
/** Worked out on the page's first request, then kept: the document does not change while the server runs. */
let contract: ReturnType<typeof contractOf> | undefined;
function theContract() {
  contract ??= contractOf();
  return contract;
}

/** GET /api/docs: the same contract as a page for people (a page row: it has the layout's session). */
export const apiDocsPages: AnyPageRoute[] = [
  page({
    method: 'get',
    path: '/api/docs',
    view: 'api/docs',
    handler: ({ req, res }) => {
      const { document, problems } = theContract();
      // The examples name the address the page was asked on, not a guess (behind a proxy: its Host).
      renderPage(res, 'api/docs', {
        title: 'API',
        document,
        verbs: ACTION_VERBS,
        problems,
        origin: `${req.protocol}://${req.get('host') ?? 'localhost:3000'}`,
      });
    },
  }),
];
