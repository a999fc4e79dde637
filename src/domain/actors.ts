/** People who act on integrations, and the roles the domain doc gives them. */

import { isOneOf } from './one-of.ts';

export const ROLES = ['operator', 'reviewer', 'admin', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Who an event is attributed to: a role, or `record` for what the articles report. */
export const EVENT_ROLES = [...ROLES, 'record'] as const;
export type EventRole = (typeof EVENT_ROLES)[number];

export function isEventRole(value: string): value is EventRole {
  return isOneOf(EVENT_ROLES, value);
}

export interface Actor {
  username: string;
  displayName: string;
  role: Role;
  /** For operators: the storefront group they act for (e.g. alibaba). */
  groupSlug: string | null;
  /** For reviewers: the wallet provider they review for (e.g. tencent). */
  providerSlug: string | null;
}
