import type { IntegrationEvent, IntegrationHistory, IntegrationState, Rules } from '../model.ts';
import { integrationAt } from '../timeline.ts';

/** One storefront x wallet as it stood at an instant. */
export interface MatrixCell {
  integrationId: number;
  storefrontSlug: string;
  walletSlug: string;
  state: IntegrationState;
  rules: Rules;
  /** The event that put it in this state (null: nothing had happened yet). */
  since: IntegrationEvent | null;
  /** A change recorded by then that takes effect later (a scheduled launch). */
  pending: IntegrationEvent | null;
}

/** Every integration's snapshot at `at`, in the order the histories were given. */
export function matrixAt(histories: readonly IntegrationHistory[], at: string): MatrixCell[] {
  return histories.map((history) => {
    const snapshot = integrationAt(history.events, at);
    return {
      integrationId: history.integrationId,
      storefrontSlug: history.storefrontSlug,
      walletSlug: history.walletSlug,
      state: snapshot.state,
      rules: snapshot.rules,
      since: snapshot.since,
      pending: snapshot.pending,
    };
  });
}

export interface MatrixRow {
  storefrontSlug: string;
  cells: Map<string, MatrixCell>;
}

/** Cells grouped by storefront, keeping the first-seen storefront order. */
export function matrixRows(cells: readonly MatrixCell[]): MatrixRow[] {
  const rows = new Map<string, MatrixRow>();
  for (const cell of cells) {
    let row = rows.get(cell.storefrontSlug);
    if (!row) {
      row = { storefrontSlug: cell.storefrontSlug, cells: new Map() };
      rows.set(cell.storefrontSlug, row);
    }
    row.cells.set(cell.walletSlug, cell);
  }
  return [...rows.values()];
}

export interface Page<T> {
  items: T[];
  page: number;
  pageCount: number;
  total: number;
}

export function paginate<T>(items: readonly T[], page: number, pageSize: number): Page<T> {
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const current = Math.min(Math.max(1, page), pageCount);
  return { items: items.slice((current - 1) * pageSize, current * pageSize), page: current, pageCount, total: items.length };
}
