import type { Storefront } from '../db/catalog.ts';
import type { Wallet } from '../domain/model.ts';
import { paginate, type Page } from '../domain/review/matrix.ts';
import { conversionByStorefront, conversionByWallet, conversionOfWallets, type Conversion } from '../domain/review/metrics.ts';
import type { ReviewSources } from './review.ts';
import { attemptsPerWallet } from '../domain/review/attempts.ts';

/** Storefronts first in the catalog's order (one not in it first of all), then wallets in theirs; ties keep their order. */
function catalogOrder(storefronts: readonly Storefront[], wallets: readonly Wallet[]) {
  const storefront = new Map(storefronts.map((s, i) => [s.slug, i]));
  const wallet = new Map(wallets.map((w, i) => [w.slug, i]));
  return {
    storefronts: (slugs: readonly string[]) => [...slugs].sort((a, b) => (storefront.get(a) ?? 0) - (storefront.get(b) ?? 0)),
    rows: <T extends Pick<Conversion, 'storefrontSlug' | 'walletSlug'>>(rows: T[]) =>
      rows.sort(
        (a, b) =>
          (storefront.get(a.storefrontSlug) ?? 0) - (storefront.get(b.storefrontSlug) ?? 0) ||
          (wallet.get(a.walletSlug) ?? 0) - (wallet.get(b.walletSlug) ?? 0),
      ),
  };
}

function withNames(rows: readonly Conversion[], storefronts: readonly Storefront[]) {
  const names = new Map(storefronts.map((s) => [s.slug, s.name]));
  return rows.map((r) => ({ ...r, storefrontName: names.get(r.storefrontSlug) ?? r.storefrontSlug }));
}

/** Checkouts started and paid per storefront x wallet, and per wallet (the exports: every storefront). */
export function loadMetrics(sources: ReviewSources) {
  const wallets = sources.repos.catalog.wallets();
  const storefronts = sources.repos.catalog.storefronts();
  const rows = catalogOrder(storefronts, wallets).rows(conversionByStorefront(sources.review.orderCounts()));
  return {
    wallets,
    byWallet: conversionByWallet(
      rows,
      wallets.map((w) => w.slug),
    ),
    rows: withNames(rows, storefronts),
  };
}

/**
 * The metrics page: every wallet's totals, and the rows of one page of storefronts (those with
 * orders, in the catalog's order) — what `loadMetrics` gives for them, without reading the rest.
 */
export function loadMetricsPage(sources: ReviewSources, page: number, storefrontsPerPage: number) {
  const wallets = sources.repos.catalog.wallets();
  const storefronts = sources.repos.catalog.storefronts();
  const order = catalogOrder(storefronts, wallets);
  const shown: Page<string> = paginate(order.storefronts(sources.review.storefrontsWithOrders()), page, storefrontsPerPage);
  return {
    wallets,
    byWallet: conversionOfWallets(
      sources.review.orderCountsByWallet(),
      wallets.map((w) => w.slug),
    ),
    storefronts: shown,
    rows: withNames(order.rows(conversionByStorefront(sources.review.orderCountsOf(shown.items))), storefronts),
  };
}

/**
 * Per payment attempt: each wallet's attempts and how they ended (declined by reason), the switches
 * from one wallet to another, how the wallet first chosen converted, and what refunds gave back.
 */
export function loadAttemptMetrics(sources: ReviewSources) {
  const wallets = sources.repos.catalog.wallets();
  const refunds = sources.repos.refunds.refundedByWallet();
  return {
    wallets: attemptsPerWallet(
      sources.review.attemptCounts(),
      sources.review.firstChoices(),
      wallets.map((w) => w.slug),
    ).map((w) => {
      const refunded = refunds.find((r) => r.walletSlug === w.walletSlug);
      return { ...w, refunds: refunded?.refunds ?? 0, refundedFen: refunded?.refundedFen ?? 0 };
    }),
    switches: sources.review.walletSwitches(),
  };
}
