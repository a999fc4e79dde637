import type { Actor } from '../actors.ts';
import { notTheRequester, type Permission } from '../permissions.ts';
import { isLinkRecordVerb, type LinkVerb } from './verbs.ts';

/** Who stands behind one link policy: the host's owner decides, the link platform's owner asks. */
export interface LinkScope {
  hostName: string;
  /** Operators of this storefront group set the host's policies (tencent: WeChat). */
  hostOperatorGroup: string;
  /** Reviewers of this provider decide requests to the host; null: only an admin does. */
  hostReviewerProvider: string | null;
  platformName: string;
  /** Operators of this group may request a behaviour for the platform's links; null: nobody but an admin. */
  platformRequesterGroup: string | null;
  /** Who made the request now under review (four-eyes). */
  askedBy: string | null;
}

const PLATFORM_VERBS: readonly LinkVerb[] = ['request', 'withdraw'];
const REVIEWER_VERBS: readonly LinkVerb[] = ['approve', 'reject'];

const allow: Permission = { ok: true };
const deny = (message: string): Permission => ({ ok: false, message });

function asOperator(actor: Actor, verb: LinkVerb, scope: LinkScope): Permission {
  if (PLATFORM_VERBS.includes(verb)) {
    return actor.groupSlug !== null && actor.groupSlug === scope.platformRequesterGroup
      ? allow
      : deny(`Only an operator for ${scope.platformName} may ${verb} a behaviour for its links.`);
  }
  if (verb === 'set') {
    return actor.groupSlug === scope.hostOperatorGroup
      ? allow
      : deny(`Only ${scope.hostName}'s operator may set how ${scope.hostName} opens links.`);
  }
  return deny(`Only ${scope.hostName}'s reviewer may ${verb} a request for ${scope.hostName}'s links.`);
}

function asReviewer(actor: Actor, verb: LinkVerb, scope: LinkScope): Permission {
  if (!REVIEWER_VERBS.includes(verb)) return deny(`A reviewer decides requests; ${verb} is for an operator.`);
  if (scope.hostReviewerProvider === null || actor.providerSlug !== scope.hostReviewerProvider) {
    return deny(`${actor.username} does not review for ${scope.hostName}.`);
  }
  return fourEyes(actor, verb, scope);
}

/** The requester may not decide their own request; one who wants it gone withdraws it. */
function fourEyes(actor: Actor, verb: LinkVerb, scope: LinkScope): Permission {
  const permission = notTheRequester(actor, scope.askedBy);
  if (permission.ok || verb === 'approve') return permission;
  return deny(`Four-eyes rule: ${actor.username} made this request, so someone else must ${verb} it; to take it back, withdraw it.`);
}

/**
 * May `actor` use `verb` on this link policy? The link platform's operator requests, the host's
 * reviewer decides (never the requester, not even an admin), the host's operator sets.
 * The request lifecycle is checked separately (verbs.ts).
 */
export function mayPerformLinkVerb(actor: Actor, verb: LinkVerb, scope: LinkScope): Permission {
  if (isLinkRecordVerb(verb)) return deny(`"${verb}" is the record's verb for what an article reports; nobody may use it.`);
  switch (actor.role) {
    case 'viewer':
      return deny('Viewers can read link policies but not change them.');
    case 'admin':
      return REVIEWER_VERBS.includes(verb) ? fourEyes(actor, verb, scope) : allow;
    case 'operator':
      return asOperator(actor, verb, scope);
    case 'reviewer':
      return asReviewer(actor, verb, scope);
  }
}
