/**
 * Refusals the domain can give. The kind is the stable code clients see (`src/http/problem.ts`
 * maps it to an HTTP status); the message is written for the person who has to fix it.
 */
export const REFUSAL_KINDS = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'stale_version',
  'invalid_transition',
  'wallet_not_shown',
  'idempotency_mismatch',
  'unprocessable',
  'rate_limited',
  'clock_backwards',
  'future_not_reached',
  'order_expired',
  'sandbox_limit',
  'order_not_paid',
  'refund_exceeds_paid',
  'refund_window_passed',
] as const;
export type RefusalKind = (typeof REFUSAL_KINDS)[number];

export interface FieldError {
  path: string;
  message: string;
}

export class Refusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
    readonly details: Record<string, unknown> & { errors?: FieldError[] } = {},
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

/** A refusal naming the fields to fix. */
export function invalidFields(errors: FieldError[]): Refusal {
  return new Refusal('bad_request', `Please fix: ${errors.map((e) => `${e.path} — ${e.message}`).join('; ')}`, { errors });
}
