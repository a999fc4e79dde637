import { describe, expect, it, onTestFinished } from 'vitest';
import { appendEvent, type EventLog } from '../../src/db/event-kernel.ts';
import { integrationsGeneration } from '../../src/db/integration-writes.ts';
import { openDatabase, type Db } from '../../src/db/open.ts';
import { Refusal } from '../../src/domain/errors.ts';

/** A lamp: the smallest versioned, event-logged aggregate, on tables of its own, to see the kernel alone. */
interface LampWrite {
  on: boolean;
  effectiveAt: string;
  failInsert?: boolean;
}
interface LampEvent {
  version: number;
  on: boolean;
  effectiveAt: string;
  status: string;
}

function lampWorld(): {
  db: Db;
  log: EventLog<LampWrite, LampEvent>;
  lamp: () => { version: number; on: number };
  events: () => LampEvent[];
} {
  const db = openDatabase(':memory:');
  onTestFinished(() => {
    db.close();
  });
  db.exec(`CREATE TABLE lamps (id INTEGER PRIMARY KEY, on_ INTEGER NOT NULL DEFAULT 0, version INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE lamp_events (id INTEGER PRIMARY KEY, lamp_id INTEGER NOT NULL, version INTEGER NOT NULL, on_ INTEGER NOT NULL,
      effective_at TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'active', UNIQUE (lamp_id, version));
    INSERT INTO lamps (id) VALUES (1);`);
  const advance = db.prepare('UPDATE lamps SET on_ = ?, version = version + 1 WHERE id = ? AND version = ?');
  const insert = db.prepare<[number, number, number, string], { version: number; on_: number; effective_at: string; status: string }>(
    'INSERT INTO lamp_events (lamp_id, version, on_, effective_at) VALUES (?, ?, ?, ?) RETURNING version, on_, effective_at, status',
  );
  const cancel = db.prepare("UPDATE lamp_events SET status = 'cancelled' WHERE lamp_id = ? AND status = 'active' AND effective_at > ?");
  const eventOf = (row: { version: number; on_: number; effective_at: string; status: string }): LampEvent => ({
    version: row.version,
    on: row.on_ === 1,
    effectiveAt: row.effective_at,
    status: row.status,
  });
  const log: EventLog<LampWrite, LampEvent> = {
    noun: 'lamp',
    advance: (id, expectedVersion, _at, write) => advance.run(write.on ? 1 : 0, id, expectedVersion).changes,
    insert(id, version, _at, write) {
      if (write.failInsert) throw new Error('disk full');
      const row = insert.get(id, version, write.on ? 1 : 0, write.effectiveAt);
      if (!row) throw new Error('not written');
      return eventOf(row);
    },
    cancelScheduled: (id, at) => cancel.run(id, at).changes,
  };
  const lampRow = db.prepare<[], { version: number; on: number }>('SELECT version, on_ AS "on" FROM lamps WHERE id = 1');
  const events = db.prepare<[], { version: number; on_: number; effective_at: string; status: string }>(
    'SELECT version, on_, effective_at, status FROM lamp_events ORDER BY id',
  );
  return { db, log, lamp: () => lampRow.get() ?? { version: -1, on: -1 }, events: () => events.all().map(eventOf) };
}

const NOW = '2026-12-01T08:00:00.000Z';
const LATER = '2026-12-05T08:00:00.000Z';

describe('appendEvent, the one writer of versioned aggregates', () => {
  it('bumps the version and appends the event at the next version', () => {
    const { db, log, lamp, events } = lampWorld();
    const event = appendEvent(db, log, { id: 1, expectedVersion: 0, recordedAt: NOW, write: { on: true, effectiveAt: NOW } });
    expect(event).toEqual({ version: 1, on: true, effectiveAt: NOW, status: 'active' });
    expect(lamp()).toEqual({ version: 1, on: 1 });
    expect(events()).toHaveLength(1);
  });

  it('refuses stale_version when someone wrote first, and writes nothing', () => {
    const { db, log, lamp, events } = lampWorld();
    appendEvent(db, log, { id: 1, expectedVersion: 0, recordedAt: NOW, write: { on: true, effectiveAt: NOW } });
    const stale = () =>
      appendEvent(db, log, {
        id: 1,
        expectedVersion: 0,
        recordedAt: NOW,
        supersedesScheduled: true,
        write: { on: false, effectiveAt: NOW },
      });
    expect(stale).toThrow(Refusal);
    expect(stale).toThrow(/This lamp changed while you were editing/);
    try {
      stale();
    } catch (error) {
      expect(error instanceof Refusal && error.kind).toBe('stale_version');
    }
    expect(lamp()).toEqual({ version: 1, on: 1 });
    expect(events()).toHaveLength(1);
  });

  it('cancels the changes scheduled after now that the event supersedes, but never the event itself', () => {
    const { db, log, events } = lampWorld();
    appendEvent(db, log, { id: 1, expectedVersion: 0, recordedAt: NOW, write: { on: true, effectiveAt: LATER } });
    // A new scheduled change supersedes the first one; it is scheduled too, and stays active.
    appendEvent(db, log, {
      id: 1,
      expectedVersion: 1,
      recordedAt: NOW,
      supersedesScheduled: true,
      write: { on: false, effectiveAt: LATER },
    });
    expect(events().map((e) => e.status)).toEqual(['cancelled', 'active']);
  });

  it('leaves the scheduled changes alone when the event does not supersede them', () => {
    const { db, log, events } = lampWorld();
    appendEvent(db, log, { id: 1, expectedVersion: 0, recordedAt: NOW, write: { on: true, effectiveAt: LATER } });
    appendEvent(db, log, { id: 1, expectedVersion: 1, recordedAt: NOW, write: { on: true, effectiveAt: NOW } });
    expect(events().map((e) => e.status)).toEqual(['active', 'active']);
  });

  it('writes nothing when the event cannot be inserted: no version bump, no cancelled change', () => {
    const { db, log, lamp, events } = lampWorld();
    appendEvent(db, log, { id: 1, expectedVersion: 0, recordedAt: NOW, write: { on: true, effectiveAt: LATER } });
    expect(() =>
      appendEvent(db, log, {
        id: 1,
        expectedVersion: 1,
        recordedAt: NOW,
        supersedesScheduled: true,
        write: { on: false, effectiveAt: NOW, failInsert: true },
      }),
    ).toThrow('disk full');
    expect(lamp()).toEqual({ version: 1, on: 1 });
    expect(events().map((e) => e.status)).toEqual(['active']);
  });

  it('tells what is kept in memory over the aggregates that they changed', () => {
    const { db, log } = lampWorld();
    const before = integrationsGeneration(db);
    appendEvent(db, log, { id: 1, expectedVersion: 0, recordedAt: NOW, write: { on: true, effectiveAt: NOW } });
    expect(integrationsGeneration(db)).toBeGreaterThan(before);
  });
});
