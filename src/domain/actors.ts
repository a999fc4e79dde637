/** People who act on integrations, and the roles the domain doc gives them. */

export const ROLES = ['operator', 'reviewer', 'admin', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  username: string;
  displayName: string;
  role: Role;
  /** For operators: the storefront group they act for (e.g. alibaba). */
  groupSlug: string | null;
  /** For reviewers: the wallet provider they review for (e.g. tencent). */
  providerSlug: string | null;
}
