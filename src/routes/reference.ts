import { Router } from 'express';
import { reasonGuide } from '../domain/reason-guide.ts';
import { RECORD_SOURCES } from '../domain/record-sources.ts';
import { renderPage } from '../http/render.ts';

/** Reference pages: what each reason code means, and the articles the record cites. */
export function referenceRoutes(): Router {
  const router = Router();
  router.get('/reasons', (_req, res) => {
    renderPage(res, 'pages/reasons', {
      title: 'Why a wallet is or is not shown', reasons: reasonGuide(),
      description: 'Every reason code Hutong gives for showing or hiding a wallet at checkout, its sentence, and how to reach it.',
    });
  });
  router.get('/sources', (_req, res) => {
    renderPage(res, 'pages/sources', {
      title: 'Sources', sources: RECORD_SOURCES,
      description: 'The five articles the 2021 record is built from: title, publication and date, as each file gives them.',
    });
  });
  return router;
}
