import type { RunResult, Statement } from 'better-sqlite3';
import { isOneOf } from '../domain/one-of.ts';
import type { Db } from './open.ts';

/**
 * Rows from SQL, typed by a mapper rather than a cast: a statement is prepared once with the
 * function that turns each row into its type, and the readers below check each column as the
 * mapper reads it (a `typeof`, nanoseconds a column — cheap enough for the per-request paths).
 *
 *   const find = query(db, 'SELECT slug, version FROM things WHERE slug = ?',
 *     (row) => ({ slug: text(row, 'slug'), version: int(row, 'version') }));
 *   find.get('eleme'); // { slug: string; version: number } | undefined
 */

/** A row by column name, as better-sqlite3 returns it; nothing is known of its values yet. */
export type Row = Readonly<Record<string, unknown>>;
/** A row by position, from a statement read `raw` (no object a row: for the few large reads). */
export type RawRow = readonly unknown[];
export type Mapper<T> = (row: Row) => T;
export type RawMapper<T> = (row: RawRow) => T;

/** A column held what its reader does not accept: a corrupt row or a query out of step with its mapper, never input. */
export class RowError extends Error {
  constructor(column: string | number, expected: string, value: unknown) {
    super(`Column ${JSON.stringify(column)}: expected ${expected}, found ${value === null ? 'null' : `${typeof value} ${String(value)}`}.`);
    this.name = 'RowError';
  }
}

const isRow = (value: unknown): value is Row => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A row's value by name, or by position in a raw row (Reflect.get: as fast as `row[column]`, for both kinds). */
function cell(row: Row | RawRow, column: string | number): unknown {
  return Reflect.get(row, column);
}

/** A TEXT column that is never NULL. */
export function text(row: Row | RawRow, column: string | number): string {
  const value = cell(row, column);
  if (typeof value === 'string') return value;
  throw new RowError(column, 'text', value);
}

export function maybeText(row: Row | RawRow, column: string | number): string | null {
  const value = cell(row, column);
  if (value === null || typeof value === 'string') return value;
  throw new RowError(column, 'text or null', value);
}

/** An INTEGER column (ids, versions, fen, counts) that is never NULL. */
export function int(row: Row | RawRow, column: string | number): number {
  const value = cell(row, column);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  throw new RowError(column, 'an integer', value);
}

export function maybeInt(row: Row | RawRow, column: string | number): number | null {
  const value = cell(row, column);
  if (value === null || (typeof value === 'number' && Number.isSafeInteger(value))) return value;
  throw new RowError(column, 'an integer or null', value);
}

/** A TEXT column holding one of `values` (a status, a state): anything else is a corrupt row, not a guess. */
export function oneOf<T extends string>(row: Row | RawRow, column: string | number, values: readonly T[]): T {
  const value = cell(row, column);
  if (isOneOf(values, value)) return value;
  throw new RowError(column, `one of ${values.join(', ')}`, value);
}

export function maybeOneOf<T extends string>(row: Row | RawRow, column: string | number, values: readonly T[]): T | null {
  return cell(row, column) === null ? null : oneOf(row, column, values);
}

type Args<P> = P extends unknown[] ? P : [P];

/** A prepared statement whose rows come back through its mapper. `P`: the bound parameters (a tuple, or one object of named ones). */
export interface Query<T, P = unknown[]> {
  /** The first row, or undefined if there is none. */
  get(...params: Args<P>): T | undefined;
  /** The first row, which must be there (one just written, a RETURNING, an aggregate). */
  one(...params: Args<P>): T;
  all(...params: Args<P>): T[];
  /** Runs a write, mapping nothing. */
  run(...params: Args<P>): RunResult;
}

function queryOver<T, P, R>(statement: Statement, sql: string, read: (value: unknown) => R, map: (row: R) => T): Query<T, P> {
  const get = (...params: Args<P>): T | undefined => {
    const row = statement.get(...params);
    return row === undefined ? undefined : map(read(row));
  };
  return {
    get,
    one(...params) {
      const row = get(...params);
      if (row === undefined) throw new Error(`Expected a row from: ${sql.slice(0, 80)}`);
      return row;
    },
    all: (...params) => statement.all(...params).map((row) => map(read(row))),
    run: (...params) => statement.run(...params),
  };
}

function readRow(value: unknown): Row {
  if (isRow(value)) return value;
  throw new RowError('*', 'a row', value);
}

function readRaw(value: unknown): RawRow {
  if (Array.isArray(value)) return value;
  throw new RowError('*', 'a raw row', value);
}

/** Prepares `sql` once; each row it returns is `map(row)`. */
export function query<T, P = unknown[]>(db: Db, sql: string, map: Mapper<T>): Query<T, P> {
  return queryOver(db.prepare(sql), sql, readRow, map);
}

/** The same, reading rows by position: no object a row, for reads of thousands of rows. */
export function rawQuery<T, P = unknown[]>(db: Db, sql: string, map: RawMapper<T>): Query<T, P> {
  return queryOver(db.prepare(sql).raw(true), sql, readRaw, map);
}

/** A statement's rows, each read through one mapper (what `mappedRows` gives). */
export interface MappedRows<P extends unknown[], T> {
  get(...params: P): T | undefined;
  all(...params: P): T[];
}

/**
 * Maps the rows of a statement prepared elsewhere, whose row type its `prepare<P, Raw>` declares
 * (and SQL does not check): prefer `query`, whose readers check each column.
 */
export function mappedRows<P extends unknown[], Raw, T>(statement: Statement<P, Raw>, map: (raw: Raw) => T): MappedRows<P, T> {
  return {
    get: (...params) => {
      const raw = statement.get(...params);
      return raw === undefined ? undefined : map(raw);
    },
    all: (...params) => statement.all(...params).map(map),
  };
}
