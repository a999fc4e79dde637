import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../../src/db/open.ts';
import { int, maybeInt, maybeOneOf, maybeText, oneOf, query, rawQuery, RowError, text } from '../../src/db/rows.ts';

const STATUSES = ['active', 'deleted'] as const;
let db: Db;

beforeEach(() => {
  db = openDatabase(':memory:');
  db.exec(`CREATE TABLE things (slug TEXT PRIMARY KEY, version INTEGER NOT NULL, note TEXT, status TEXT NOT NULL, score REAL);
    INSERT INTO things VALUES ('eleme', 3, NULL, 'active', 1.5), ('taobao', 1, 'first', 'deleted', NULL);`);
});
afterEach(() => closeDatabase(db));

const thingFrom = (row: Parameters<typeof text>[0]) => ({
  slug: text(row, 'slug'),
  version: int(row, 'version'),
  note: maybeText(row, 'note'),
  status: oneOf(row, 'status', STATUSES),
});

describe('query: rows typed by their mapper', () => {
  it('maps each row, and says when there is none', () => {
    const find = query<ReturnType<typeof thingFrom>, [string]>(db, 'SELECT * FROM things WHERE slug = ?', thingFrom);
    expect(find.get('eleme')).toEqual({ slug: 'eleme', version: 3, note: null, status: 'active' });
    expect(find.get('jd')).toBeUndefined();
    expect(() => find.one('jd')).toThrow(/Expected a row/);
    expect(find.one('taobao')).toEqual({ slug: 'taobao', version: 1, note: 'first', status: 'deleted' });
  });

  it('lists every row in order, with named parameters', () => {
    const since = query<string, { min: number }>(db, 'SELECT slug FROM things WHERE version >= @min ORDER BY slug', (row) =>
      text(row, 'slug'),
    );
    expect(since.all({ min: 1 })).toEqual(['eleme', 'taobao']);
    expect(since.all({ min: 2 })).toEqual(['eleme']);
  });

  it('reads a write RETURNING its row, and runs a write', () => {
    const insert = query(db, "INSERT INTO things (slug, version, status) VALUES (?, 1, 'active') RETURNING slug, version", (row) =>
      int(row, 'version'),
    );
    expect(insert.one('jd')).toBe(1);
    expect(insert.run('meituan').changes).toBe(1);
    expect(db.prepare('SELECT count(*) FROM things').pluck().get()).toBe(4);
  });

  it('reads raw rows by position', () => {
    const pairs = rawQuery(
      db,
      'SELECT slug, version, note FROM things ORDER BY slug',
      (row) => [text(row, 0), int(row, 1), maybeText(row, 2)] as const,
    );
    expect(pairs.all()).toEqual([
      ['eleme', 3, null],
      ['taobao', 1, 'first'],
    ]);
  });
});

describe('readers refuse a value of the wrong type, naming the column', () => {
  const row = { slug: 'eleme', version: 3, note: null, status: 'paused', score: 1.5, big: 2 ** 60 };

  it('text and maybeText', () => {
    expect(() => text(row, 'note')).toThrow(RowError);
    expect(() => text(row, 'version')).toThrow(/Column "version": expected text, found number 3/);
    expect(() => text(row, 'missing')).toThrow(/"missing"/);
    expect(maybeText(row, 'note')).toBeNull();
    expect(() => maybeText(row, 'version')).toThrow(RowError);
  });

  it('int and maybeInt take only safe integers', () => {
    expect(int(row, 'version')).toBe(3);
    expect(() => int(row, 'score')).toThrow(/expected an integer/);
    expect(() => int(row, 'big')).toThrow(RowError);
    expect(() => int(row, 'slug')).toThrow(RowError);
    expect(() => int(row, 'note')).toThrow(/found null/);
    expect(maybeInt(row, 'note')).toBeNull();
    expect(maybeInt(row, 'version')).toBe(3);
    expect(() => maybeInt(row, 'score')).toThrow(RowError);
  });

  it('oneOf and maybeOneOf take only the listed values', () => {
    expect(() => oneOf(row, 'status', STATUSES)).toThrow(/one of active, deleted, found string paused/);
    expect(oneOf({ status: 'deleted' }, 'status', STATUSES)).toBe('deleted');
    expect(maybeOneOf(row, 'note', STATUSES)).toBeNull();
    expect(maybeOneOf({ s: 'active' }, 's', STATUSES)).toBe('active');
    expect(() => maybeOneOf(row, 'status', STATUSES)).toThrow(RowError);
  });

  it('a mapper over a query whose columns drifted fails loudly instead of returning a wrong type', () => {
    const renamed = query(db, 'SELECT slug AS name, version FROM things', thingFrom);
    expect(() => renamed.all()).toThrow(/Column "slug"/);
  });
});
