import type { Response } from 'express';
import type { z } from 'zod';
import type { FieldError, RefusalKind } from '../domain/errors.ts';

export type { FieldError };

/**
 * Every problem the HTTP edge answers with: a stable `code` (what clients and tests match on),
 * its status and a title. The domain's refusal kinds are a subset; the rest come from HTTP itself.
 */
export const PROBLEMS = {
  bad_request: {
    status: 400,
    title: 'Bad request',
    about: 'A parameter or body field is missing, wrong or unknown; `errors` lists each field path.',
  },
  unauthorized: { status: 401, title: 'Sign-in required', about: 'No valid API token (or session), or a wrong username or password.' },
  forbidden: {
    status: 403,
    title: 'Not allowed',
    about: 'Signed in, but this person may not do this (role, group, provider, four-eyes), or a cross-site request.',
  },
  not_found: { status: 404, title: 'Not found', about: 'No such storefront, wallet, integration, order or route.' },
  method_not_allowed: { status: 405, title: 'Method not allowed', about: 'The route exists, but not with this method.' },
  conflict: {
    status: 409,
    title: 'Conflict',
    about: 'The resource is not in a state that allows this (an empty cart, an order already paid).',
  },
  invalid_transition: {
    status: 409,
    title: 'Not allowed from this state',
    about: 'The verb is not allowed from the integration’s state; the message names the verbs that are.',
  },
  stale_version: {
    status: 409,
    title: 'Changed since you read it',
    about: 'expectedVersion (or If-Match) is not the current version; read it again and retry.',
  },
  wallet_not_shown: {
    status: 409,
    title: 'Wallet not offered',
    about: 'The checkout decision does not show this wallet for this order; `reason` gives its reason code.',
  },
  clock_backwards: { status: 409, title: 'Clock cannot go back', about: 'A sandbox clock moves forward only; `now` is where it stands.' },
  future_not_reached: {
    status: 409,
    title: 'Not yet happened',
    about:
      'The order’s `asOf` is later than the world’s clock (`now`): the future may be previewed, but orders are placed and paid only once the clock reaches it (move a sandbox’s clock there first).',
  },
  order_expired: {
    status: 409,
    title: 'Order expired',
    about:
      'The order’s cashier expired (`expiresAt` is at or before the world’s clock): it is not paid or scanned, even before the sweep has marked it `expired`; try again to open it for another attempt.',
  },
  order_not_paid: { status: 409, title: 'Order not paid', about: 'Only a paid (or partly refunded) order can be refunded.' },
  refund_exceeds_paid: {
    status: 409,
    title: 'More than is left to refund',
    about: 'The refund is larger than the paid amount less what earlier refunds gave back.',
  },
  refund_window_passed: {
    status: 409,
    title: 'Refund window passed',
    about: 'The payment is older than the refund window (180 days, Hutong’s choice).',
  },
  payload_too_large: { status: 413, title: 'Too large', about: 'The request body is larger than 32 KB.' },
  unsupported_media_type: {
    status: 415,
    title: 'Unsupported media type',
    about: 'The API takes JSON bodies only (Content-Type: application/json, UTF-8).',
  },
  idempotency_in_flight: {
    status: 409,
    title: 'Key in use',
    about:
      'The first request with this Idempotency-Key is still being answered; retry with the same key in a moment (it is then replayed).',
  },
  idempotency_mismatch: {
    status: 422,
    title: 'Key reused for another request',
    about: 'The idempotency key was already used with a different request.',
  },
  unprocessable: {
    status: 422,
    title: 'Unprocessable request',
    about: 'The request is well formed but names something that cannot be used here.',
  },
  rate_limited: {
    status: 429,
    title: 'Too many attempts',
    about: 'Too many failed sign-ins for this user from this address; wait for the lock-out to end.',
  },
  sandbox_limit: {
    status: 429,
    title: 'Too many sandboxes',
    about: 'HUTONG_MAX_SANDBOXES sandboxes exist already; delete one (DELETE /api/sandboxes/{id}) or wait for an idle one to expire.',
  },
  internal_error: { status: 500, title: 'Something went wrong', about: 'A bug on our side; it has been logged.' },
} as const satisfies Record<RefusalKind | string, { status: number; title: string; about: string }>;

export type ProblemCode = keyof typeof PROBLEMS;

/** The `type` URI of a problem code: its entry on the API page. */
export function problemType(code: string): string {
  return `/api/docs#problem-${code}`;
}

/** An error as the edge answers it, whatever produced it. */
export interface Problem {
  code: ProblemCode;
  detail: string;
  errors: FieldError[];
  /** Extra members a client may use (`reason`, `currentVersion`, `state`, …). */
  extra: Record<string, unknown>;
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) =>
    // A closed object names each member it does not know, each at its own path.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: [...issue.path, key].join('.'), message: issue.message }))
      : [{ path: issue.path.join('.') || '(body)', message: issue.message }],
  );
}

/** Field errors keyed by path, for re-rendering a form next to its inputs. */
export function errorsByField(errors: readonly FieldError[]): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const e of errors) byField[e.path] ??= e.message;
  return byField;
}

/** RFC 9457 problem details with a stable `code`. */
export function sendProblem(res: Response, problem: Problem): void {
  const { title, status } = PROBLEMS[problem.code];
  // The request log names the problem each answer was.
  res.locals.problemCode = problem.code;
  res
    .status(status)
    .type('application/problem+json')
    .json({
      // The extra members come first: they may add to the problem, never replace its own members.
      ...problem.extra,
      type: problemType(problem.code),
      title,
      status,
      code: problem.code,
      detail: problem.detail,
      ...(problem.errors.length > 0 && { errors: problem.errors }),
      ...(res.req.id !== undefined && { requestId: res.req.id }),
    });
}

/** An error only HTTP can give (a wrong content type, say), with its code. */
export class HttpProblem extends Error {
  constructor(
    readonly code: ProblemCode,
    message: string,
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}
