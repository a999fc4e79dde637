/** Orders per storefront x wallet x status, as counted by the database. */
export interface OrderCount {
  storefrontSlug: string;
  walletSlug: string;
  status: string;
  orders: number;
}

/** Orders per wallet x status, over every storefront. */
export type WalletOrderCount = Omit<OrderCount, 'storefrontSlug'>;

export interface Conversion {
  storefrontSlug: string;
  walletSlug: string;
  /** Checkouts that became an order with this wallet chosen. */
  started: number;
  paid: number;
  /** paid / started, 0..1; null when nothing started. */
  rate: number | null;
}

function rate(paid: number, started: number): number | null {
  return started === 0 ? null : paid / started;
}

/** Started and paid checkouts per storefront x wallet, in the order first seen. */
export function conversionByStorefront(counts: readonly OrderCount[]): Conversion[] {
  const byKey = new Map<string, Conversion>();
  for (const count of counts) {
    const key = `${count.storefrontSlug}\u0000${count.walletSlug}`;
    let row = byKey.get(key);
    if (!row) {
      row = { storefrontSlug: count.storefrontSlug, walletSlug: count.walletSlug, started: 0, paid: 0, rate: null };
      byKey.set(key, row);
    }
    row.started += count.orders;
    if (count.status === 'paid') row.paid += count.orders;
  }
  return [...byKey.values()].map((row) => ({ ...row, rate: rate(row.paid, row.started) }));
}

/** The same, summed per wallet (every wallet in `walletSlugs` appears, even with no orders). */
export function conversionByWallet(rows: readonly Conversion[], walletSlugs: readonly string[]): Array<Omit<Conversion, 'storefrontSlug'>> {
  return walletSlugs.map((walletSlug) => {
    const mine = rows.filter((r) => r.walletSlug === walletSlug);
    const started = mine.reduce((sum, r) => sum + r.started, 0);
    const paid = mine.reduce((sum, r) => sum + r.paid, 0);
    return { walletSlug, started, paid, rate: rate(paid, started) };
  });
}

/** Started and paid checkouts per wallet from counts already summed over the storefronts (every wallet in `walletSlugs` appears). */
export function conversionOfWallets(
  counts: readonly WalletOrderCount[],
  walletSlugs: readonly string[],
): Array<Omit<Conversion, 'storefrontSlug'>> {
  return conversionByWallet(conversionByStorefront(counts.map((count) => ({ ...count, storefrontSlug: '' }))), walletSlugs);
}

/** 0.4567 -> "45.7 %"; null -> "—". */
export function formatRate(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)} %`;
}
