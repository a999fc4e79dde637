import { bucketFor, isInRollout } from '../bucket.ts';
import {
  BEHAVIOUR_LABELS,
  SURFACE_LABELS,
  type Behaviour,
  type LinkPolicyKey,
  type LinkPolicyState,
  type Preview,
  type Share,
} from './model.ts';

/** Why a link opens as it does for one person: the behaviour in SCREAMING_CASE, or why not that. */
export const LINK_REASONS = [
  'DIRECT',
  'CONFIRM_TWICE',
  'RISK_WARNING',
  'COPY_TOKEN',
  'BLOCKED',
  'OUT_OF_ROLLOUT',
  'NOT_SHAREABLE',
] as const;
export type LinkReason = (typeof LINK_REASONS)[number];

/** Where a person lands: inside the host (its in-app browser), in a separate browser, in the link platform's own app, or nowhere. */
export type Arrival = 'in_app_browser' | 'browser' | 'source_app' | null;

export interface LinkOpenDecision {
  behaviour: Behaviour;
  preview: Preview;
  share: Share;
  /** Whether the surface takes this platform's links at all (Moments may not). */
  shareable: boolean;
  reason: LinkReason;
  message: string;
  /** Extra taps between tapping the link and arriving (0 = straight through); null: it cannot be reached from here. */
  steps: number | null;
  arrival: Arrival;
  /** The person's sticky bucket (0–99) for this policy. */
  bucket: number;
}

export interface LinkNames {
  hostName: string;
  platformName: string;
}

/** Extra taps per behaviour: a warning's Continue, a second confirmation, copy and paste. */
export const STEPS: Record<Behaviour, number> = { direct: 0, confirm_twice: 1, risk_warning: 1, copy_token: 2, blocked: 2 };

const ARRIVAL: Record<Behaviour, Arrival> = {
  direct: 'in_app_browser',
  confirm_twice: 'in_app_browser',
  risk_warning: 'in_app_browser',
  copy_token: 'source_app',
  blocked: 'browser',
};

function sentence(behaviour: Behaviour, { hostName, platformName }: LinkNames): string {
  switch (behaviour) {
    case 'direct':
      return `${hostName} opens ${platformName} links directly, inside ${hostName}.`;
    case 'confirm_twice':
      return `${hostName} asks for a second confirmation before it opens the ${platformName} link.`;
    case 'risk_warning':
      return `${hostName} shows a risk-warning page first; tap Continue to open ${platformName}.`;
    case 'copy_token':
      return `The share is a ${platformName} token: copy it and paste it in the ${platformName} app.`;
    case 'blocked':
      return `${hostName} does not open ${platformName} links: copy the link and open it in a browser.`;
  }
}

/** The bucket of one person for one policy: the wallet rollout's hash, keyed by host/surface and platform. */
export function linkBucket(shopperId: string, key: LinkPolicyKey): number {
  return bucketFor(shopperId, `${key.host}/${key.surface}`, key.platform);
}

/**
 * What one person meets when they tap a link on a surface, under the policy in force.
 * Pure: the same policy, key and person always give the same answer.
 */
export function decideLinkOpen(state: LinkPolicyState, key: LinkPolicyKey, names: LinkNames, shopperId: string): LinkOpenDecision {
  const bucket = linkBucket(shopperId, key);
  const base = { preview: state.preview, share: state.share, bucket };
  if (state.share === 'none') {
    return {
      ...base,
      behaviour: state.behaviour,
      shareable: false,
      reason: 'NOT_SHAREABLE',
      steps: null,
      arrival: null,
      message: `${names.hostName} does not take ${names.platformName} links in ${SURFACE_LABELS[key.surface]}: there is nothing there to tap.`,
    };
  }
  const inRollout = isInRollout(bucket, state.rolloutPercent);
  const behaviour = inRollout ? state.behaviour : state.fallbackBehaviour;
  const message = inRollout
    ? sentence(behaviour, names)
    : `${names.hostName} is rolling out "${BEHAVIOUR_LABELS[state.behaviour]}" to ${state.rolloutPercent}% of users; this person (bucket ${bucket}) is not included yet. ${sentence(behaviour, names)}`;
  return {
    ...base,
    behaviour,
    shareable: true,
    reason: inRollout ? reasonOf(behaviour) : 'OUT_OF_ROLLOUT',
    message,
    steps: STEPS[behaviour],
    arrival: ARRIVAL[behaviour],
  };
}

function reasonOf(behaviour: Behaviour): LinkReason {
  const reasons: Record<Behaviour, LinkReason> = {
    direct: 'DIRECT',
    confirm_twice: 'CONFIRM_TWICE',
    risk_warning: 'RISK_WARNING',
    copy_token: 'COPY_TOKEN',
    blocked: 'BLOCKED',
  };
  return reasons[behaviour];
}
