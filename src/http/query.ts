import type { Request, Response } from 'express';
import type { z } from 'zod';
import { errorsByField, fieldErrors } from './problem.ts';

/** A page's query: the parsed values, or empty values plus field errors (the page then answers 400). */
export function readPageQuery<T extends z.ZodType>(
  schema: T,
  query: unknown,
): { query: Partial<z.infer<T>>; errors: Record<string, string> } {
  const parsed = schema.safeParse(query);
  if (parsed.success) return { query: parsed.data, errors: {} };
  return { query: {}, errors: errorsByField(fieldErrors(parsed.error)) };
}

/** The status a page with these query errors answers with. */
export const statusFor = (errors: Record<string, string>): number => (Object.keys(errors).length > 0 ? 400 : 200);

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

/** Points the client at the next page of a long list (`Link: <…>; rel="next"`). */
export function linkNext(req: Request, res: Response, nextCursor: string | null): void {
  if (nextCursor) res.links({ next: `${req.baseUrl}${req.path}${withParams(req.query, { cursor: nextCursor })}` });
}
