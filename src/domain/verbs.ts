/** What people do, through the console and the API. */
export const ACTION_VERBS = ['request', 'withdraw', 'approve', 'reject', 'launch', 'adjust', 'suspend', 'resume', 'revoke'] as const;
export type ActionVerb = (typeof ACTION_VERBS)[number];
/**
 * The record's own verb: an article reports a state ("now include WeChat Pay") but not the
 * steps to it, so the record holds the state as reported and invents no request or approval.
 * Nobody may use it; only a scenario file writes it.
 */
export const RECORD_VERBS = ['reported'] as const;
export const VERBS = [...ACTION_VERBS, ...RECORD_VERBS] as const;
export type Verb = (typeof VERBS)[number];
