import type { Repositories } from '../db/repositories.ts';
import type { Actor } from '../domain/actors.ts';
import { mayPerformLinkVerb } from '../domain/links/permissions.ts';
import { allowedLinkVerbs, LINK_REASON_REQUIRED, type LinkActionVerb } from '../domain/links/verbs.ts';
import { linkPolicyAsOf, type LinkPolicyView } from './links.ts';

/** The console's link policies: the forms one person may use on one policy, and the requests awaiting them. */

const PRESENTATION: Record<
  LinkActionVerb,
  { label: string; takesChanges: boolean; takesRollout: boolean; tone: 'primary' | 'destructive' }
> = {
  set: { label: 'Change how links open', takesChanges: true, takesRollout: true, tone: 'primary' },
  request: { label: 'Ask the host for a behaviour', takesChanges: true, takesRollout: false, tone: 'primary' },
  withdraw: { label: 'Withdraw the request', takesChanges: false, takesRollout: false, tone: 'destructive' },
  approve: { label: 'Approve the request', takesChanges: false, takesRollout: false, tone: 'primary' },
  reject: { label: 'Reject the request', takesChanges: false, takesRollout: false, tone: 'destructive' },
};

export interface LinkFormValues {
  reason: string;
  effectiveAt: string;
  behaviour: string;
  preview: string;
  share: string;
  rolloutPercent: string;
}

export interface LinkActionForm {
  verb: LinkActionVerb;
  label: string;
  takesChanges: boolean;
  takesRollout: boolean;
  tone: 'primary' | 'destructive';
  reasonRequired: boolean;
  /** Where the form posts (under base). */
  action: string;
  expectedVersion: number;
  values: LinkFormValues;
  /** Field → message, only on the form that was sent and refused. */
  errors: Record<string, string>;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The verbs this person may use on this policy now: the request lifecycle, then the permission (four-eyes included). */
export function usableLinkVerbs(actor: Actor, view: LinkPolicyView): LinkActionVerb[] {
  return allowedLinkVerbs(view.state.review).filter((verb) => mayPerformLinkVerb(actor, verb, view.scope).ok);
}

/** Why there is no form: the permission's own sentences. */
export function noLinkActionsNote(actor: Actor, view: LinkPolicyView): string {
  const why = [
    ...new Set(
      allowedLinkVerbs(view.state.review)
        .map((verb) => mayPerformLinkVerb(actor, verb, view.scope))
        .flatMap((permission) => (permission.ok ? [] : [permission.message])),
    ),
  ];
  return why.length === 0 ? 'Nothing can be done to this policy now.' : `Nothing you may do here: ${why.join(' ')}`;
}

/** The forms for `verbs`; a `set` starts from the policy as it is, a request from nothing; the refused one keeps what was typed. */
export function linkActionForms(input: {
  view: LinkPolicyView;
  verbs: readonly LinkActionVerb[];
  failedVerb?: string | undefined;
  values?: Record<string, unknown> | undefined;
  errors?: Record<string, string> | undefined;
}): LinkActionForm[] {
  const { view } = input;
  const current = {
    behaviour: view.state.behaviour,
    preview: view.state.preview,
    share: view.state.share,
    rolloutPercent: String(view.state.rolloutPercent),
  };
  return input.verbs.map((verb) => {
    const refused = input.failedVerb === verb;
    const source: Record<string, unknown> = refused ? (input.values ?? {}) : verb === 'set' ? current : {};
    return {
      verb,
      ...PRESENTATION[verb],
      reasonRequired: LINK_REASON_REQUIRED.includes(verb),
      action: `/console/links/${view.host}/${view.surface}/${view.platform}/${verb}`,
      expectedVersion: view.version,
      values: {
        reason: text(source.reason),
        effectiveAt: text(source.effectiveAt),
        behaviour: text(source.behaviour),
        preview: text(source.preview),
        share: text(source.share),
        rolloutPercent: text(source.rolloutPercent),
      },
      errors: refused ? (input.errors ?? {}) : {},
    };
  });
}

/**
 * The link platforms' requests this person may decide now (a host's reviewer; an admin for hosts
 * without one), never their own. Only policies whose latest row is under review are read in full.
 */
export function linkRequestsAwaiting(repos: Repositories, actor: Actor, at: string): LinkPolicyView[] {
  if (actor.role !== 'reviewer' && actor.role !== 'admin') return [];
  return repos.links
    .list()
    .filter((row) => row.state.review === 'requested')
    .map((row) => linkPolicyAsOf(repos, at, row))
    .filter((view) => view.state.review === 'requested' && mayPerformLinkVerb(actor, 'approve', view.scope).ok);
}
