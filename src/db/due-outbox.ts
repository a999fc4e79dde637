import type { Db } from './open.ts';
import { int, query } from './rows.ts';

function counterOver(db: Db) {
  const last = query<number, []>(db, 'SELECT coalesce(max(rowid), 0) AS last FROM webhook_deliveries', (row) => int(row, 'last'));
  const since = query<number, [number]>(db, 'SELECT count(*) AS n FROM webhook_deliveries WHERE rowid > ?', (row) => int(row, 'n'));
  return {
    mark: () => last.one(),
    writtenSince: (mark: number) => since.one(mark),
  };
}

/** Prepared once per database (a sweep may run every second). */
const counters = new WeakMap<Db, ReturnType<typeof counterOver>>();

/**
 * Counting the webhook messages one sweep writes, without reaching into the outbox's writer: the
 * outbox's last row before, then the rows after it (rowids only grow while nothing is deleted).
 */
export function outboxCounter(db: Db): ReturnType<typeof counterOver> {
  const known = counters.get(db);
  if (known) return known;
  const counter = counterOver(db);
  counters.set(db, counter);
  return counter;
}
