import type { Db } from './open.ts';

/**
 * Every write to the integrations or their events (a transition, a cancelled scheduled change, a
 * link policy's) goes through a query module that calls `integrationsWritten` first; what is kept
 * in memory over that database is read again on next use. Writes by another connection are seen
 * through `PRAGMA data_version`.
 */
const generations = new WeakMap<Db, number>();

export function integrationsWritten(db: Db): void {
  generations.set(db, (generations.get(db) ?? 0) + 1);
}

/** How many times this connection has written the integrations (0: never). */
export function integrationsGeneration(db: Db): number {
  return generations.get(db) ?? 0;
}

/**
 * `load(...args)`, kept per arguments until the integrations of `db` are written, by this
 * connection or another; at most `capacity` argument lists, the least recently used dropped. For
 * answers that depend only on the rows (never on the clock), such as a diff between two given dates.
 */
export function keptUntilIntegrationsWritten<A extends string[], T>(db: Db, capacity: number, load: (...args: A) => T): (...args: A) => T {
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  let written = '';
  const answers = new Map<string, T>();
  return (...args) => {
    const now = `${integrationsGeneration(db)}/${dataVersion.get() ?? 0}`;
    if (now !== written) {
      answers.clear();
      written = now;
    }
    const key = JSON.stringify(args);
    const kept = answers.get(key);
    answers.delete(key);
    const answer = kept ?? load(...args);
    answers.set(key, answer);
    const oldest = answers.keys().next();
    if (answers.size > capacity && !oldest.done) answers.delete(oldest.value);
    return answer;
  };
}
