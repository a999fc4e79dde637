/** The nouns of Hutong's domain, as plain types shared by every layer. */

import type { EventRole } from './actors.ts';
import type { Verb } from './verbs.ts';
import { isOneOf } from './one-of.ts';

/** The channels an integration's rules offer a wallet on. */
export const CHANNELS = ['app', 'mini_program', 'mobile_web', 'desktop_web'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * The channels a checkout is decided for: the rules' four, and `in_app_browser` — a shop opened
 * from a shared link inside a host app (WeChat, Douyin), a mobile web page there; rules that
 * offer mobile web offer it (decide.ts).
 */
export const CONTEXT_CHANNELS = [...CHANNELS, 'in_app_browser'] as const;
export type ContextChannel = (typeof CONTEXT_CHANNELS)[number];

export function isChannel(value: string): value is Channel {
  return isOneOf(CHANNELS, value);
}

export const CHANNEL_LABELS: Record<ContextChannel, string> = {
  app: 'App',
  mini_program: 'Mini-program',
  mobile_web: 'Mobile web',
  desktop_web: 'Desktop web',
  in_app_browser: 'In-app browser',
};

export const STATES = ['not_requested', 'requested', 'approved', 'live', 'rejected', 'suspended'] as const;
export type IntegrationState = (typeof STATES)[number];

export function isState(value: string): value is IntegrationState {
  return isOneOf(STATES, value);
}

export const STATE_LABELS: Record<IntegrationState, string> = {
  not_requested: 'Not requested',
  requested: 'Requested',
  approved: 'Approved',
  live: 'Live',
  rejected: 'Rejected',
  suspended: 'Suspended',
};

/**
 * How precisely a date is known: `exact` (an instant, e.g. a click in the console), or as an
 * article gives it: `day`, `month`, `approximate` ("≈ late Nov 2021"), `before` (an open
 * "by then" bound) or `expected` (announced for a day, not reported done).
 */
export const PRECISIONS = ['exact', 'day', 'month', 'approximate', 'before', 'expected'] as const;
export type Precision = (typeof PRECISIONS)[number];
/** The precisions a fact of the record may have (an article never gives an instant). */
export const RECORD_PRECISIONS = ['day', 'month', 'approximate', 'before', 'expected'] as const satisfies readonly Precision[];

export function isPrecision(value: string): value is Precision {
  return isOneOf(PRECISIONS, value);
}

export interface Rules {
  rolloutPercent: number;
  channels: Channel[];
  minAmountFen: number | null;
  maxAmountFen: number | null;
  displayOrder: number;
}

export interface Wallet {
  slug: string;
  name: string;
  providerSlug: string;
  providerName: string;
  displayOrder: number;
}

/** One transition as recorded: the full state and rules after it. */
export interface IntegrationEvent {
  id: number;
  integrationId: number;
  version: number;
  verb: Verb;
  fromState: IntegrationState;
  toState: IntegrationState;
  actor: string;
  actorRole: EventRole;
  reason: string;
  recordedAt: string;
  effectiveAt: string;
  status: 'active' | 'cancelled';
  cancelledAt: string | null;
  rules: Rules;
  sourceFile: string | null;
  datePrecision: Precision;
  dateNote: string;
}

export interface IntegrationHistory {
  integrationId: number;
  storefrontSlug: string;
  walletSlug: string;
  /** Events of this integration in any order; the domain sorts what it needs. */
  events: IntegrationEvent[];
}

export const DEFAULT_RULES: Rules = {
  rolloutPercent: 100,
  channels: [...CHANNELS],
  minAmountFen: null,
  maxAmountFen: null,
  displayOrder: 0,
};
