import type { Db } from '../db/open.ts';

/** Per database, the senders to wake when its outbox is written (kept with the connection, gone with it). */
const listeners = new WeakMap<Db, Set<() => void>>();

/**
 * Tells the sender running on `db` (if one runs) that a message became due: a new message, a
 * resend, an endpoint enabled again. The writer may still be inside its transaction: the sender
 * looks at the outbox on a later turn of the event loop, after the commit.
 */
export function outboxWritten(db: Db): void {
  const woken = listeners.get(db);
  if (woken) for (const wake of woken) wake();
}

/** Calls `wake` whenever `db`'s outbox is written; returns the way to stop. */
export function onOutboxWritten(db: Db, wake: () => void): () => void {
  const woken = listeners.get(db) ?? new Set<() => void>();
  listeners.set(db, woken);
  woken.add(wake);
  return () => {
    woken.delete(wake);
    if (woken.size === 0) listeners.delete(db);
  };
}
