import { CASHIER_EXPIRY } from '../domain/due-order-expiry.ts';
import { reasonGuide } from '../domain/reason-guide.ts';
import { RECORD_SOURCES } from '../domain/record-sources.ts';
import { page } from '../http/page-table.ts';
import { renderPage } from '../http/render.ts';
import type { AnyPageRoute } from '../http/route-table.ts';

/** Reference pages: what each reason code means, and the articles the record cites. */
export const referencePages: AnyPageRoute[] = [
  page({
    method: 'get',
    path: '/reasons',
    view: 'pages/reasons',
    handler: ({ res }) =>
      renderPage(res, 'pages/reasons', {
        title: 'Why a wallet is or is not shown',
        reasons: reasonGuide(),
        expiries: Object.entries(CASHIER_EXPIRY).map(([wallet, expiry]) => ({ wallet, ...expiry })),
        description: 'Every reason code Hutong gives for showing or hiding a wallet at checkout, its sentence, and how to reach it.',
      }),
  }),
  page({
    method: 'get',
    path: '/sources',
    view: 'pages/sources',
    handler: ({ res }) =>
      renderPage(res, 'pages/sources', {
        title: 'Sources',
        sources: RECORD_SOURCES,
        description: 'The five articles the 2021 record is built from: title, publication and date, as each file gives them.',
      }),
  }),
];
