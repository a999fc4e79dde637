import type { Db } from './open.ts';

/**
 * Group commit: pieces of work submitted in the same turn of the event loop run in one
 * `BEGIN IMMEDIATE` transaction, so at `synchronous=FULL` one fsync commits them all.
 */
export interface GroupCommit {
  /**
   * Runs `work` in the next batch's transaction, in its own savepoint: if it throws, only its
   * writes are rolled back and its promise rejects with that error. The promise settles once
   * the batch's COMMIT has returned; if the COMMIT fails, every promise of the batch rejects.
   */
  run<T>(work: () => T): Promise<T>;
}

export interface GroupCommitOptions {
  /** At most this many pieces per transaction; the rest go in the next batch (default 500). */
  maxBatch?: number;
  /** Told each batch's size once it has committed (tests, figures). */
  onCommit?: (size: number) => void;
}

interface Pending {
  /** Runs the work in its savepoint and keeps its value or its error. */
  apply(): void;
  /** Settles the promise: with the kept outcome after COMMIT, or with the batch's error. */
  settle(batchFailure: { error: unknown } | null): void;
}

/** One per database connection: created with the app's dependencies, never shared between databases. */
export function groupCommit(db: Db, options: GroupCommitOptions = {}): GroupCommit {
  const maxBatch = options.maxBatch ?? 500;
  // Made once: nested inside the batch, better-sqlite3 runs it as SAVEPOINT … RELEASE (ROLLBACK TO on a throw).
  const inSavepoint = db.transaction((apply: () => void) => apply());
  let queue: Pending[] = [];
  let scheduled = false;

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    // setImmediate runs after the poll phase: every request read in this turn joins the batch.
    setImmediate(flush);
  }

  function flush(): void {
    scheduled = false;
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(batch.length);
    if (queue.length > 0) schedule();
    try {
      db.transaction(() => {
        for (const pending of batch) {
          // Some SQLite errors (a full disk, I/O) end the whole transaction: the rest must not autocommit.
          if (!db.inTransaction) throw new Error('The batch transaction was rolled back by SQLite.');
          pending.apply();
        }
      }).immediate();
    } catch (error) {
      // Nothing of this batch was committed, and a refusal may have depended on a piece rolled back with it.
      for (const pending of batch) pending.settle({ error });
      return;
    }
    options.onCommit?.(batch.length);
    for (const pending of batch) pending.settle(null);
  }

  return {
    run<T>(work: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        let outcome: { ok: true; value: T } | { ok: false; error: unknown } = { ok: false, error: new Error('The work never ran.') };
        queue.push({
          apply() {
            try {
              inSavepoint(() => {
                outcome = { ok: true, value: work() };
              });
            } catch (error) {
              outcome = { ok: false, error };
            }
          },
          settle(batchFailure) {
            if (batchFailure) reject(batchFailure.error);
            else if (outcome.ok) resolve(outcome.value);
            else reject(outcome.error);
          },
        });
        schedule();
      });
    },
  };
}
