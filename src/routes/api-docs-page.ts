import { Router } from 'express';
import { ACTION_VERBS } from '../domain/transitions.ts';
import { openApiDocument } from '../http/route-table-api.ts';
import { PROBLEMS, problemType } from '../http/problem.ts';
import { renderPage } from '../http/render.ts';

/** GET /api/docs: the same contract as a page for people (served by the pages app: it has the layout's session). */
export function apiDocsPageRoutes(): Router {
  const router = Router();
  const document = openApiDocument();
  const problems = Object.entries(PROBLEMS).map(([code, p]) => ({ code, ...p, type: problemType(code) }));
  // The examples name the address the page was asked on, not a guess (behind a proxy: its Host).
  router.get('/api/docs', (req, res) =>
    renderPage(res, 'api/docs', {
      title: 'API',
      document,
      verbs: ACTION_VERBS,
      problems,
      origin: `${req.protocol}://${req.get('host') ?? 'localhost:3000'}`,
    }),
  );
  return router;
}
