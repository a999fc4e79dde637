/** The nouns of links across the walls (shared/docs/domain.md beside the checkout, "Links across the walls"). */

import type { EventRole } from '../actors.ts';
import type { Precision } from '../model.ts';
import { isOneOf } from '../one-of.ts';

/** Apps a link is shared and opened in. */
export const HOSTS = ['wechat', 'taobao', 'douyin'] as const;
export type Host = (typeof HOSTS)[number];

/** Where in a host a link is shared: WeChat's chats and Moments feed, Douyin's and Taobao's chats. */
export const SURFACES = ['one_to_one', 'group_chat', 'moments'] as const;
export type Surface = (typeof SURFACES)[number];

/** What a link points to. */
export const LINK_PLATFORMS = ['taobao', 'tmall', 'douyin', 'jd', 'pinduoduo', 'vipshop', 'wechat'] as const;
export type LinkPlatform = (typeof LINK_PLATFORMS)[number];

/** What happens when the link is tapped, from most to least friction. */
export const BEHAVIOURS = ['blocked', 'copy_token', 'risk_warning', 'confirm_twice', 'direct'] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

/** `rich`: title, picture and price (API access); `bare`: a plain hyperlink, log in to see anything. */
export const PREVIEWS = ['rich', 'bare'] as const;
export type Preview = (typeof PREVIEWS)[number];

/**
 * How a link gets onto the surface: `one_click` (a share button posts it), `copy_paste` (copy the
 * link or token in the source app and paste it), `none` (the surface does not take it: Moments).
 */
export const SHARES = ['one_click', 'copy_paste', 'none'] as const;
export type Share = (typeof SHARES)[number];

/** The fields of a policy that a fact may report (or leave to the walled-garden default). */
export const LINK_FACT_FIELDS = ['behaviour', 'preview', 'share'] as const;
export type LinkFactField = (typeof LINK_FACT_FIELDS)[number];

/**
 * What a field stands on: `reported` (an article reports it, or someone set it in this world) or
 * `assumed` (no article says: the walled-garden default, or the simulator's reading). An assumed
 * field is shown as an assumption, never with a source or a date.
 */
export const BASES = ['reported', 'assumed'] as const;
export type Basis = (typeof BASES)[number];

/** A link platform's request under review by the host: none, waiting, or declined. */
export const REVIEWS = ['none', 'requested', 'rejected'] as const;
export type Review = (typeof REVIEWS)[number];

const oneOf =
  <T extends string>(values: readonly T[]) =>
  (value: string): value is T =>
    isOneOf(values, value);
export const isHost = oneOf(HOSTS);
export const isSurface = oneOf(SURFACES);
export const isLinkPlatform = oneOf(LINK_PLATFORMS);
export const isBehaviour = oneOf(BEHAVIOURS);
export const isPreview = oneOf(PREVIEWS);
export const isShare = oneOf(SHARES);
export const isReview = oneOf(REVIEWS);

export const BEHAVIOUR_LABELS: Record<Behaviour, string> = {
  blocked: 'Blocked',
  copy_token: 'Copy a token',
  risk_warning: 'Risk warning, then open',
  confirm_twice: 'Second confirmation',
  direct: 'Opens directly',
};

export const SURFACE_LABELS: Record<Surface, string> = { one_to_one: 'One-to-one chat', group_chat: 'Group chat', moments: 'Moments' };

/** What a request or an announcement asks a host for; `undefined` leaves a field as it is. */
export interface LinkChanges {
  behaviour?: Behaviour | undefined;
  preview?: Preview | undefined;
  share?: Share | undefined;
}

/** A policy's full state: what its latest event left. */
export interface LinkPolicyState {
  behaviour: Behaviour;
  preview: Preview;
  share: Share;
  /** Shoppers whose sticky bucket (0–99) is below this get `behaviour`; the rest get `fallbackBehaviour`. */
  rolloutPercent: number;
  /** What the shoppers outside the rollout still meet: the behaviour before the change being rolled out. */
  fallbackBehaviour: Behaviour;
  review: Review;
}

/** One change to a link policy, as recorded: the full state after it. */
export interface LinkPolicyEvent {
  id: number;
  policyId: number;
  version: number;
  verb: string;
  fromBehaviour: Behaviour;
  state: LinkPolicyState;
  /** What a request or an announcement asks for (null for other verbs). */
  asked: LinkChanges | null;
  /** Who made the request now under review (four-eyes); null when none is. */
  askedBy: string | null;
  actor: string;
  actorRole: EventRole;
  reason: string;
  recordedAt: string;
  effectiveAt: string;
  status: 'active' | 'cancelled';
  cancelledAt: string | null;
  sourceFile: string | null;
  datePrecision: Precision;
  dateNote: string;
}

export interface LinkPolicyKey {
  host: Host;
  surface: Surface;
  platform: LinkPlatform;
}

/**
 * A policy nothing has been recorded for: the walled-garden default. The link cannot be
 * opened; in a chat its text can still be pasted, and Moments does not take it at all.
 * It is an assumption, not a fact: no article says so, and every answer marks it `assumed`.
 */
export function defaultLinkState(surface: Surface): LinkPolicyState {
  return {
    behaviour: 'blocked',
    preview: 'bare',
    share: surface === 'moments' ? 'none' : 'copy_paste',
    rolloutPercent: 100,
    fallbackBehaviour: 'blocked',
    review: 'none',
  };
}

const ASKED_BEHAVIOUR: Record<Behaviour, string> = {
  blocked: 'blocking the link',
  copy_token: 'sharing by token',
  risk_warning: 'opening after a risk warning',
  confirm_twice: 'opening after a second confirmation',
  direct: 'opening directly',
};
const ASKED_SHARE: Record<Share, string> = { one_click: 'one-click sharing', copy_paste: 'sharing by copy and paste', none: 'no sharing' };

/** What a request or an announcement asks for, in words: "opening directly, one-click sharing". */
export function askedWords(asked: LinkChanges | null): string {
  if (!asked) return '';
  return [
    asked.behaviour && ASKED_BEHAVIOUR[asked.behaviour],
    asked.share && ASKED_SHARE[asked.share],
    asked.preview && `${asked.preview} previews`,
  ]
    .filter(Boolean)
    .join(', ');
}
