import { CASHIER_EXPIRY } from '../domain/due-order-expiry.ts';
import { reasonGuide } from '../domain/reason-guide.ts';
import { DECLINE_REASONS } from '../domain/decline-reasons.ts';
import { MAGIC_AMOUNTS } from '../domain/magic-amounts.ts';
import { REFUND_WINDOW_DAYS } from '../domain/refunds.ts';
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
    handler: ({ res, world }) =>
      renderPage(res, 'pages/reasons', {
        title: 'Why a wallet is or is not shown, and why a payment fails',
        reasons: reasonGuide(),
        declineReasons: DECLINE_REASONS,
        walletNames: Object.fromEntries(world.repos.catalog.wallets().map((w) => [w.slug, w.name])),
        magicAmounts: MAGIC_AMOUNTS,
        magicOn: world.magicAmounts,
        refundWindowDays: REFUND_WINDOW_DAYS,
        description:
          'Every reason code Hutong gives for showing or hiding a wallet at checkout and for a payment that did not succeed, with the wallets’ own codes where documented, and the magic amounts.',
        expiries: Object.entries(CASHIER_EXPIRY).map(([wallet, expiry]) => ({ wallet, ...expiry })),
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
