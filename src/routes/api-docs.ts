import { Router } from 'express';
import { openApiDocument } from '../http/openapi.ts';

/** GET /api/openapi.json: the contract, built from the zod schemas the routes parse and answer with. */
export function apiDocsRoutes(): Router {
  const router = Router();
  const document = openApiDocument();
  router.get('/openapi.json', (_req, res) => res.json(document));
  return router;
}
