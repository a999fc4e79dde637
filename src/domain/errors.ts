/**
 * Refusals the domain can give. Routes map `kind` to an HTTP status; the message
 * is written for the person who has to fix it.
 */
export type RefusalKind =
  | 'not_found'
  | 'forbidden'
  | 'conflict'
  | 'stale_version'
  | 'invalid_transition'
  | 'idempotency_mismatch'
  | 'unprocessable'
  | 'bad_request'
  | 'unauthorized'
  | 'too_many';

export class Refusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

export const STATUS_FOR_REFUSAL: Record<RefusalKind, number> = {
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  stale_version: 409,
  invalid_transition: 409,
  idempotency_mismatch: 422,
  unprocessable: 422,
  bad_request: 400,
  unauthorized: 401,
  too_many: 429,
};
