import type { Statement } from 'better-sqlite3';

/** A statement's rows, each read through one mapper: the row's shape is stated once, where it is prepared. */
export interface MappedRows<P extends unknown[], T> {
  get(...params: P): T | undefined;
  all(...params: P): T[];
}

/**
 * Types the rows of `statement` by `map` (a row of the declared columns in, a domain value out), so
 * no caller casts what SQL returns.
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
