import type { Request, Response } from 'express';
import type { z } from 'zod';

export interface FieldError {
  path: string;
  message: string;
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }));
}

/** Field errors keyed by path, for re-rendering a form next to its inputs. */
export function errorsByField(errors: FieldError[]): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const e of errors) byField[e.path] ??= e.message;
  return byField;
}

export function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.path === '/api';
}

const TITLES: Record<number, string> = {
  400: 'Bad request', 401: 'Sign-in required', 403: 'Not allowed', 404: 'Not found', 405: 'Method not allowed',
  409: 'Conflict', 413: 'Too large', 415: 'Unsupported media type', 422: 'Unprocessable request', 429: 'Too many attempts',
  500: 'Something went wrong',
};

/** RFC 9457 problem details. */
export function sendProblem(res: Response, status: number, detail: string, extra: Record<string, unknown> = {}): void {
  res.status(status).type('application/problem+json').json({
    type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail, ...extra,
  });
}

export function titleFor(status: number): string {
  return TITLES[status] ?? 'Error';
}
