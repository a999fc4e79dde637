import type { Actor } from './actors.ts';
import type { IntegrationState } from './model.ts';
import { allowedVerbs, isRecordVerb, type Verb } from './transitions.ts';

/** What the permission rules need to know about one integration, as of now. */
export interface IntegrationScope {
  state: IntegrationState;
  storefrontName: string;
  /** The storefront's owner (operators act for a group). */
  groupSlug: string;
  walletName: string;
  /** The wallet's provider (reviewers act for a provider). */
  providerSlug: string;
  providerName: string;
  /** Username of whoever made the request now under review (four-eyes). */
  requestedBy: string | null;
  /** True when the current suspension was made by the wallet's reviewer. */
  suspendedByProvider: boolean;
}

export type Permission = { ok: true } | { ok: false; message: string };

const OPERATOR_VERBS: readonly Verb[] = ['request', 'withdraw', 'launch', 'adjust', 'suspend', 'resume'];
const REVIEWER_VERBS: readonly Verb[] = ['approve', 'reject', 'suspend', 'resume', 'revoke'];

/** Verbs that are refused without a reason. */
export const REASON_REQUIRED: readonly Verb[] = ['reject', 'suspend', 'revoke', 'withdraw'];

const allow: Permission = { ok: true };
const deny = (message: string): Permission => ({ ok: false, message });

/** Four-eyes: nobody decides a request they made (integrations and link policies alike). */
export function notTheRequester(actor: Pick<Actor, 'username'>, requestedBy: string | null): Permission {
  if (requestedBy !== null && requestedBy === actor.username) {
    return deny(`Four-eyes rule: ${actor.username} made this request, so someone else must approve it.`);
  }
  return allow;
}

const fourEyes = (actor: Actor, scope: IntegrationScope): Permission => notTheRequester(actor, scope.requestedBy);

function asOperator(actor: Actor, verb: Verb, scope: IntegrationScope): Permission {
  if (!OPERATOR_VERBS.includes(verb)) return deny(`Only ${scope.providerName}'s reviewer may ${verb} ${scope.walletName} integrations.`);
  if (actor.groupSlug !== scope.groupSlug)
    return deny(`${actor.username} acts for another storefront group, not ${scope.storefrontName}'s.`);
  if (verb === 'resume' && scope.suspendedByProvider) {
    return deny(`${scope.providerName} suspended this integration, so only ${scope.providerName}'s reviewer may resume it.`);
  }
  return allow;
}

function asReviewer(actor: Actor, verb: Verb, scope: IntegrationScope): Permission {
  if (!REVIEWER_VERBS.includes(verb)) return deny(`Only the operator of ${scope.storefrontName} may ${verb} an integration.`);
  if (actor.providerSlug !== scope.providerSlug)
    return deny(`${actor.username} reviews for another provider, not ${scope.providerName} (${scope.walletName}).`);
  if (verb === 'resume' && !scope.suspendedByProvider) return deny(`The operator suspended this integration, so the operator resumes it.`);
  if (verb === 'approve') return fourEyes(actor, scope);
  return allow;
}

/**
 * May `actor` use `verb` on this integration? Role, group or provider, and
 * four-eyes (nobody approves their own request, not even an admin).
 * The state machine is checked separately (transitions.ts).
 */
export function mayPerform(actor: Actor, verb: Verb, scope: IntegrationScope): Permission {
  if (isRecordVerb(verb)) return deny(`"${verb}" is the record's verb for a state an article reports; nobody may use it.`);
  switch (actor.role) {
    case 'viewer':
      return deny('Viewers can read the console but not change anything.');
    case 'admin':
      return verb === 'approve' ? fourEyes(actor, scope) : allow;
    case 'operator':
      return asOperator(actor, verb, scope);
    case 'reviewer':
      return asReviewer(actor, verb, scope);
  }
}

/** The verbs this actor may use from the current state: the action forms to show. */
export function usableVerbs(actor: Actor, scope: IntegrationScope): Verb[] {
  return allowedVerbs(scope.state).filter((verb) => mayPerform(actor, verb, scope).ok);
}
