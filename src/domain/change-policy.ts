import type { Actor } from './actors.ts';
import type { Permission } from './permissions.ts';
import type { Verb } from './transitions.ts';

/** The verbs a group's "changes need a second operator" policy holds back: what shoppers meet. */
export const HELD_VERBS: readonly Verb[] = ['launch', 'adjust'];

/** Under the policy, a launch or adjust becomes a change request instead of applying. */
export function isHeldBack(policyOn: boolean, verb: Verb): boolean {
  return policyOn && HELD_VERBS.includes(verb);
}

/** Who may apply a held-back change: another operator of the storefront's group, or an admin — never who asked. */
export function mayApplyChange(actor: Actor, change: { requestedBy: string; groupSlug: string; groupName: string }): Permission {
  if (actor.username === change.requestedBy) {
    return { ok: false, message: `Second-operator rule: ${actor.username} asked for this change, so another operator must approve it.` };
  }
  if (actor.role === 'admin') return { ok: true };
  if (actor.role === 'operator' && actor.groupSlug === change.groupSlug) return { ok: true };
  return { ok: false, message: `Only another operator of ${change.groupName} (or an admin) may approve this change.` };
}

/** Who may turn the policy on or off for a group: an admin. */
export function maySetPolicy(actor: Actor): Permission {
  return actor.role === 'admin' ? { ok: true } : { ok: false, message: 'Only an admin may change a group’s second-operator policy.' };
}

/** Who may withdraw a held change: the operator who asked for it, and nobody else. */
export function mayWithdrawChange(actor: Actor, change: { requestedBy: string }): Permission {
  if (actor.username === change.requestedBy) return { ok: true };
  return {
    ok: false,
    message: `Only ${change.requestedBy}, who asked for this change, may withdraw it; another operator may reject it instead.`,
  };
}
