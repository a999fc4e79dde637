import type { Response } from 'express';
import type { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import { reviewQueries } from '../db/review.ts';
import type { ReviewSources } from '../actions/review.ts';
import { toCsv } from '../domain/review/csv.ts';
import { errorsByField, fieldErrors } from '../http/problem.ts';

export function reviewSources(deps: RouteDeps): ReviewSources {
  return { repos: deps.repos, review: reviewQueries(deps.repos.db) };
}

/** A page's query: the parsed values, or empty values plus field errors (the page then answers 400). */
export function readPageQuery<T extends z.ZodType>(schema: T, query: unknown): { query: Partial<z.infer<T>>; errors: Record<string, string> } {
  const parsed = schema.safeParse(query);
  if (parsed.success) return { query: parsed.data as z.infer<T>, errors: {} };
  return { query: {}, errors: errorsByField(fieldErrors(parsed.error)) };
}

/** The same query string with some parameters replaced (undefined removes one). */
export function withParams(current: Record<string, unknown>, changes: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...current, ...changes })) {
    if (typeof value === 'string' && value !== '') params.set(key, value);
    if (typeof value === 'number') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Sends records (all with the same keys) as a CSV download. */
export function sendCsv(res: Response, filename: string, header: readonly string[], records: ReadonlyArray<Record<string, unknown>>): void {
  res.type('text/csv; charset=utf-8');
  res.attachment(filename);
  res.send(toCsv(header, records.map((record) => header.map((key) => record[key]))));
}
