/** What people do, through the console and the API. */
export const ACTION_VERBS = ['request', 'withdraw', 'approve', 'reject', 'launch', 'adjust', 'suspend', 'resume', 'revoke'] as const;
export type ActionVerb = (typeof ACTION_VERBS)[number];
/**
 * The record's own verbs: an article reports a state ("now include WeChat Pay") but not the
 * steps to it, so the record holds the state as reported and invents no request or approval.
 * `reported_not_offered` is a report that a wallet is not offered (000: Alibaba "has long barred"
 * WeChat Pay on Taobao and Tmall): no request either way, so the state stays `not_requested`, but
 * it is a fact with a date and sources, not the walled-garden default.
 * Nobody may use them; only a scenario file writes them.
 */
export const RECORD_VERBS = ['reported', 'reported_not_offered'] as const;
export const VERBS = [...ACTION_VERBS, ...RECORD_VERBS] as const;
export type Verb = (typeof VERBS)[number];
