import type { components, operations } from './openapi.ts';

/** Every problem+json body Hutong sends (RFC 9457, with a stable `code`). */
export type Problem = components['schemas']['Problem'];
export type OperationId = keyof operations;

type ResponsesOf<Op extends OperationId> = operations[Op]['responses'];
/** The error statuses the document declares for an operation (400, 401, 404, 409, …). */
export type ProblemStatus<Op extends OperationId> =
  Extract<keyof ResponsesOf<Op>, number> extends infer S
    ? S extends number
      ? `${S}` extends `4${string}` | `5${string}`
        ? S
        : never
      : never
    : never;
/** The problem body the document declares for an operation at one status (its `code` narrowed to that status's codes). */
export type ProblemAt<Op extends OperationId, S extends ProblemStatus<Op>> = ResponsesOf<Op>[S] extends {
  content: { 'application/problem+json': infer Body };
}
  ? Body
  : Problem;

/**
 * A refusal or failure from Hutong, thrown by every helper of `hutong/client`: the status, the stable `code`
 * to match on, the `detail` for people, the `requestId` to quote, and the whole body as `problem`.
 */
export class HutongProblem extends Error {
  readonly status: number;
  readonly code: Problem['code'];
  readonly detail: string;
  readonly requestId: string | undefined;
  constructor(
    readonly operation: OperationId,
    readonly problem: Problem,
    response: Response,
  ) {
    super(`${operation}: ${problem.status} ${problem.code}: ${problem.detail}`);
    this.name = 'HutongProblem';
    this.status = problem.status;
    this.code = problem.code;
    this.detail = problem.detail;
    this.requestId = problem.requestId ?? response.headers.get('x-request-id') ?? undefined;
  }
}

/**
 * True when `error` is Hutong's answer to `operation` with `status`; its `problem` is then typed as the document
 * declares for that status: `if (isProblem(e, 'placeOrder', 409)) e.problem.reason`.
 */
export function isProblem<Op extends OperationId, S extends ProblemStatus<Op>>(
  error: unknown,
  operation: Op,
  status: S,
): error is HutongProblem & { status: S; problem: ProblemAt<Op, S> } {
  return error instanceof HutongProblem && error.operation === operation && error.status === status;
}

/** problem+json as the server sends it: an object with its code and status. */
const isProblemBody = (body: unknown): body is Problem =>
  typeof body === 'object' &&
  body !== null &&
  'code' in body &&
  typeof body.code === 'string' &&
  'status' in body &&
  typeof body.status === 'number';

/** A body that is not problem+json (a proxy's HTML page, an empty 502) as a Problem, so callers see one shape. */
export function problemFrom(status: number, body: unknown): Problem {
  if (isProblemBody(body)) return body;
  return {
    type: 'about:blank',
    title: 'Unexpected answer',
    status,
    code: status >= 500 ? 'internal_error' : 'bad_request',
    detail: `The server answered ${status} without a problem+json body${typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : '.'}`,
  };
}
