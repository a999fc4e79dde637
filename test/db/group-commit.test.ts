import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { groupCommit, type GroupCommit } from '../../src/db/group-commit.ts';
import { openDatabase, type Db } from '../../src/db/open.ts';

let db: Db;
let batches: number[];
let commits: number;
let batch: GroupCommit;

beforeEach(() => {
  const dir = mkdtempSync(join(tmpdir(), 'hutong-group-commit-'));
  commits = 0;
  db = openDatabase(join(dir, 'batch.sqlite'), { onStatement: (sql) => sql === 'COMMIT' && commits++ });
  db.exec(`CREATE TABLE receipts (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
    CREATE TABLE orders (id TEXT PRIMARY KEY);
    CREATE TABLE lines (order_id TEXT NOT NULL REFERENCES orders(id) DEFERRABLE INITIALLY DEFERRED)`);
  batches = [];
  batch = groupCommit(db, { onCommit: (size) => batches.push(size) });
  commits = 0;
  return () => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  };
});

const insertReceipt = (key: string) => () =>
  db.prepare<[string], { id: number }>('INSERT INTO receipts (key) VALUES (?) RETURNING id').get(key)!.id;
const receiptKeys = () =>
  db
    .prepare<[], { key: string }>('SELECT key FROM receipts ORDER BY id')
    .all()
    .map((r) => r.key);

describe('group commit', () => {
  it('submissions made together are committed by one COMMIT, in the order they were made, each answered with its own result', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `key-${i}`);
    const ids = await Promise.all(keys.map((key) => batch.run(insertReceipt(key))));
    expect(commits).toBe(1);
    expect(batches).toEqual([20]);
    expect(receiptKeys()).toEqual(keys);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(20);
  });

  it('an answer is given only once its batch is committed: the row is already on disk for another connection', async () => {
    const other = openDatabase(db.name);
    try {
      const seen = await batch
        .run(insertReceipt('durable'))
        .then(() => other.prepare<[string], { n: number }>('SELECT count(*) AS n FROM receipts WHERE key = ?').get('durable')!.n);
      expect(seen).toBe(1);
    } finally {
      other.close();
    }
  });

  it('a submission that fails is rolled back alone: the others in its batch are committed and answered', async () => {
    const answers = await Promise.allSettled([
      batch.run(insertReceipt('first')),
      batch.run(() => {
        insertReceipt('refused')();
        throw new Error('this payment is refused');
      }),
      batch.run(insertReceipt('first')),
      batch.run(insertReceipt('last')),
    ]);
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(answers[1]).toMatchObject({ reason: { message: 'this payment is refused' } });
    expect(answers[2]).toMatchObject({ reason: { code: 'SQLITE_CONSTRAINT_UNIQUE' } });
    expect(receiptKeys()).toEqual(['first', 'last']);
    expect(batches).toEqual([4]);
  });

  it('a failed COMMIT rejects every submission of that batch and keeps none of its rows; the next batch commits', async () => {
    const answers = await Promise.allSettled([
      batch.run(insertReceipt('lost-1')),
      // The foreign key is deferred: the statement succeeds and the COMMIT fails.
      batch.run(() => db.prepare<[string]>('INSERT INTO lines (order_id) VALUES (?)').run('no-such-order')),
      batch.run(insertReceipt('lost-2')),
    ]);
    expect(answers.map((a) => a.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const answer of answers) expect(answer).toMatchObject({ reason: { code: 'SQLITE_CONSTRAINT_FOREIGNKEY' } });
    expect(receiptKeys()).toEqual([]);
    expect(db.inTransaction).toBe(false);
    expect(batches).toEqual([]);

    await expect(batch.run(insertReceipt('after'))).resolves.toBeGreaterThan(0);
    expect(receiptKeys()).toEqual(['after']);
  });

  it('a submission made while a batch commits waits for the next batch, and a batch holds at most maxBatch', async () => {
    const small = groupCommit(db, { maxBatch: 3, onCommit: (size) => batches.push(size) });
    const first = Array.from({ length: 7 }, (_, i) => small.run(insertReceipt(`a${i}`)));
    const later = first[0]!.then(() => small.run(insertReceipt('later')));
    await Promise.all([...first, later]);
    expect(batches).toEqual([3, 3, 2]);
    expect(receiptKeys()).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'later']);
  });
});
