import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { openDatabase } from '../../src/db/open.ts';
import { requestLogQueries, type LoggedRequest } from '../../src/db/request-log.ts';

const dir = mkdtempSync(join(tmpdir(), 'hutong-request-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const request = (requestId: string): LoggedRequest => ({
  requestId,
  method: 'GET',
  path: '/api/storefronts',
  status: 200,
  durationMs: 1,
  person: null,
  idempotencyKey: null,
  replayed: false,
  problemCode: null,
  worldAt: '2021-10-01T00:00:00.000Z',
  realAt: '2026-12-06T00:00:00.000Z',
});

describe('the request log writes its batches without waiting for the disk, and leaves the connection as it was', () => {
  for (const [durable, level] of [
    [true, 2],
    [false, 0],
  ] as const) {
    it(`${durable ? 'a durable database (FULL)' : 'a throwaway one (OFF)'}: every request is listed, and synchronous is ${level} again after`, () => {
      const seen: string[] = [];
      const db = openDatabase(join(dir, `log-${durable}.sqlite`), { durable, onStatement: (sql) => seen.push(sql) });
      migrate(db);
      const log = requestLogQueries(db);
      log.record(request('r1'));
      log.record(request('r2'));
      seen.length = 0;
      expect(log.latest({ person: null, method: null, status: null, limit: 10 }).map((r) => r.requestId)).toEqual(['r2', 'r1']);
      expect(db.pragma('synchronous', { simple: true })).toBe(level);
      // The batch of a durable database commits at NORMAL (no sync of its own); a throwaway one is left at OFF.
      const commitLevel = seen.slice(0, seen.indexOf('COMMIT')).filter((sql) => sql.startsWith('PRAGMA synchronous ='));
      expect(commitLevel).toEqual(durable ? ['PRAGMA synchronous = NORMAL'] : []);
      db.close();
    });
  }
});
